// Tables, nested and numbered lists and links in the deck (issue 10), from test/fixtures/blocks/trade.yaml: the
// slide XML of briefing.pptx (a:tbl with every cell, CJK face and lang on every run, a:hlinkClick with its external
// relationship per link, indent levels), LibreOffice's rendering of the table slides (nothing off the slide, every
// cell inside its table and row), and briefing.pdf drawing the same.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, loadDataset, renderDocuments } from '../src/build.js';
import { cellText } from '../src/data/blocks.js';
import { findLinks, linkWords } from '../src/data/inline.js';
import type { Dataset, Table } from '../src/data/schema.js';
import { loadProject } from '../src/project.js';
import { documentToDeck, type Deck, type TableItem } from '../src/pptx/deck.js';
import { createTextEngine } from '../src/text/engine.js';
import { tempDir } from './support/cli.js';
import { readPdf, type PdfInfo } from './support/pdf.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(root, 'test', 'fixtures', 'blocks', 'trade.yaml');
const data = parseYaml(readFileSync(FIXTURE, 'utf8')) as Dataset;
const bodies = data.sections.flatMap((s) => s.body);
const tables = bodies.flatMap((b) => ('table' in b ? [b.table] : [])) as Table[];
const longTable = tables[0]!;
const squash = (s: string): string => linkWords(s).replace(/\*\*/g, '').replace(/\s+/g, '');

let deck: Deck;
let zip: JSZip;
let slides: string[];
let rels: string[];
let rendered: PdfInfo;
let briefing: PdfInfo;

beforeAll(async () => {
  const dir = tempDir('deck-blocks');
  const out = join(dir, 'out');
  await build({ root, dataFile: FIXTURE, outDir: out });
  const project = loadProject(root);
  deck = documentToDeck(renderDocuments(project, loadDataset(FIXTURE)).briefing, project.theme, createTextEngine(project.fonts));
  zip = await JSZip.loadAsync(readFileSync(join(out, 'briefing.pptx')));
  slides = await Promise.all(deck.slides.map((_, i) => zip.file(`ppt/slides/slide${i + 1}.xml`)!.async('string')));
  rels = await Promise.all(deck.slides.map((_, i) => zip.file(`ppt/slides/_rels/slide${i + 1}.xml.rels`)!.async('string')));
  briefing = await readPdf(readFileSync(join(out, 'briefing.pdf')));

  // LibreOffice Impress, with the repository's fonts and a throwaway profile (as test/deck-render.test.ts does).
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      `  <dir>${join(root, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fontcache')}</cachedir>\n</fontconfig>\n`,
  );
  mkdirSync(join(dir, 'home'));
  const env = { ...process.env, HOME: join(dir, 'home'), FONTCONFIG_FILE: conf };
  const profile = pathToFileURL(join(dir, 'profile')).href;
  execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), join(out, 'briefing.pptx')], { env, stdio: 'pipe', timeout: 120_000 });
  rendered = await readPdf(readFileSync(join(dir, 'lo', 'briefing.pdf')));
}, 180_000);

/** The text of each a:tc of an a:tbl, row by row. */
function tableCells(xml: string): string[][] {
  return [...xml.matchAll(/<a:tr\b[^>]*>([\s\S]*?)<\/a:tr>/g)].map((tr) =>
    [...tr[1]!.matchAll(/<a:tc\b[^>]*>([\s\S]*?)<\/a:tc>/g)].map((tc) => [...tc[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => t[1]).join('')),
  );
}

const tableSlides = (): number[] => slides.flatMap((xml, i) => (xml.includes('<a:tbl>') ? [i] : []));
/** The slides of the long table: those whose table's first row is its header. */
const longSlides = (): number[] => tableSlides().filter((i) => tableCells(slides[i]!)[0]!.map(squash).join('|') === longTable.header.map(squash).join('|'));
const xmlText = (s: string): string => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

describe('a table in the deck', () => {
  it('is a native a:tbl holding every cell, split over slides with the header row first on each', () => {
    const long = longSlides();
    expect(long.length).toBeGreaterThanOrEqual(2);
    const body = long.flatMap((i) => tableCells(slides[i]!).slice(1).map((r) => r.map((c) => squash(xmlText(c)))));
    expect(body).toEqual(longTable.rows.map((r) => r.map((c) => squash(cellText(c)))));
  });

  it('titles the slides it continues onto with 「（續）」 and repeats the caption with it', () => {
    const long = longSlides();
    expect(long.length).toBeGreaterThanOrEqual(2);
    for (const i of long.slice(1)) {
      const texts = [...slides[i]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('');
      expect(texts).toContain('主要貿易夥伴（續）');
      expect(texts).toContain(`${longTable.caption}（續）`);
    }
  });

  it('gives every cell run the CJK face and the deck language', () => {
    for (const i of tableSlides()) {
      const tbl = slides[i]!.slice(slides[i]!.indexOf('<a:tbl>'), slides[i]!.indexOf('</a:tbl>'));
      const runs = [...tbl.matchAll(/<a:r>(<a:rPr\b[\s\S]*?<\/a:rPr>|<a:rPr\b[^>]*\/>)/g)].map((m) => m[1]!);
      expect(runs.length).toBeGreaterThan(0);
      for (const r of runs) {
        expect(r).toMatch(/lang="zh-HK"/);
        expect(r).toMatch(/<a:ea typeface="Noto Sans HK"/);
      }
    }
  });

  it('measures rows with the shared engine so LibreOffice draws every cell inside its table, on the slide', () => {
    const H = deck.heightIn * 72;
    const W = deck.widthIn * 72;
    const problems: string[] = [];
    for (const i of tableSlides()) {
      const t = deck.slides[i]!.items.find((x): x is TableItem => x.kind === 'table')!;
      const box = { x: t.box.xIn * 72, y: t.box.yIn * 72, w: t.box.wIn * 72, h: t.box.hIn * 72 };
      const page = rendered.pages[i]!;
      const text = squash(page.items.map((it) => it.str).join(''));
      for (const row of [t.header, ...t.rows]) for (const c of row) if (!text.includes(squash(c.runs.map((r) => r.text).join('')))) problems.push(`slide ${i + 1}: cell ${c.runs.map((r) => r.text).join('')} not drawn`);
      for (const it of page.items.filter((x) => x.str.trim() !== '')) {
        const top = H - it.y - it.sizePt * 0.88;
        const bottom = H - it.y + it.sizePt * 0.12;
        if (it.x < 0 || it.x + it.width > W || top < 0 || bottom > H) problems.push(`slide ${i + 1}: 「${it.str}」 off the slide`);
      }
      // The cells' text lies inside the table's measured box: no row grew past what the deck measured.
      const cellTexts = new Set([...t.header, ...t.rows.flat()].map((c) => squash(c.runs.map((r) => r.text).join(''))));
      // (The slide number, which may read like a cell, sits in the footer.)
      for (const it of page.items.filter((x) => cellTexts.has(squash(x.str)) && x.str.trim() !== String(i + 1))) {
        const baseline = H - it.y;
        if (baseline < box.y || baseline > box.y + box.h + 1 || it.x < box.x - 1 || it.x + it.width > box.x + box.w + 1) problems.push(`slide ${i + 1}: 「${it.str}」 outside the table's box`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('links and nested lists in the deck', () => {
  it('makes every address of the data an a:hlinkClick with an external relationship, in text and tables', () => {
    const texts = bodies.flatMap((b) => JSON.stringify(b).match(/"[^"]*"/g) ?? []).map((s) => JSON.parse(s) as string);
    const expected = [...new Set(texts.flatMap((t) => findLinks(t).map((l) => l.href)))];
    const found = new Map<string, string[]>();
    slides.forEach((xml, i) => {
      for (const m of xml.matchAll(/<a:hlinkClick r:id="(rId\d+)"/g)) {
        const rel = new RegExp(`<Relationship Id="${m[1]}"[^>]*Target="([^"]+)"[^>]*TargetMode="External"`).exec(rels[i]!);
        expect(rel, `slide ${i + 1} ${m[1]}`).not.toBeNull();
        const target = xmlText(rel![1]!);
        found.set(target, [...(found.get(target) ?? []), xml.includes('<a:tbl>') && xml.indexOf(m[0]) > xml.indexOf('<a:tbl>') ? 'table' : 'text']);
      }
    });
    for (const href of expected) expect([...found.keys()], href).toContain(href);
    expect([...found.values()].flat()).toContain('table');
    expect([...found.values()].flat()).toContain('text');
  });

  it('sets nested items at indent levels 1 and 2, and numbers a numbered list', () => {
    const all = slides.join('');
    expect(all).toMatch(/<a:pPr[^>]*\blvl="1"/);
    expect(all).toMatch(/<a:pPr[^>]*\blvl="2"/);
    expect(all).toMatch(/<a:buAutoNum type="arabicPeriod"/);
    const lo = rendered.pages.map((p) => squash(p.items.map((i) => i.str).join('')));
    expect(lo.some((t) => t.includes('1.金融服務') && t.includes('2.物流及航運服務') && t.includes('1.長期業務'))).toBe(true);
  });

  it('draws the same tables and numbered items in briefing.pdf', () => {
    const pages = briefing.pages.map((p) => squash(p.items.map((i) => i.str).join('')));
    for (const row of longTable.rows) expect(pages.some((t) => t.includes(row.map((c) => squash(cellText(c))).join('')))).toBe(true);
    expect(pages.some((t) => t.includes('1.金融服務') && t.includes('1.長期業務'))).toBe(true);
  });
});
