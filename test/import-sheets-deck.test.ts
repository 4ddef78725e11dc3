// The deck of the two imported fact sheets (see import-sheets.test.ts): built through the real command line, read as
// the zip of XML it is, and drawn by LibreOffice Impress. Every table cell is in a native a:tbl, every link of the
// source is an a:hlinkClick with its external relationship, and the table slides hold all their text on the slide.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { silkpress, tempDir } from './support/cli.js';
import { sheetContent, type SheetContent } from './support/markdown-text.js';
import { readPdf, type PdfInfo } from './support/pdf.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SHEETS = ['asean-trade', 'finance-hub'] as const;
const squash = (s: string): string => s.replace(/\s+/gu, '');
const xmlText = (s: string): string =>
  s.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');

interface Deck {
  content: SheetContent;
  slides: { name: string; xml: string; rels: string }[];
  pptx: string;
  dir: string;
}

const decks = new Map<string, Deck>();

beforeAll(async () => {
  for (const name of SHEETS) {
    const dir = tempDir(`sheet-deck-${name}`);
    const file = `test/fixtures/import/${name}.zh-Hant.md`;
    const data = join(dir, `${name}.yaml`);
    expect((await silkpress(['import', file, '--out', data])).code).toBe(0);
    const b = await silkpress(['build', '--data', data, '--out', join(dir, 'out'), '--only', 'pptx']);
    expect(b.code, b.stderr).toBe(0);
    const pptx = join(dir, 'out', 'briefing.pptx');
    const zip = await JSZip.loadAsync(readFileSync(pptx));
    const names = Object.keys(zip.files)
      .filter((n) => /^ppt\/slides\/slide\d+\.xml$/u.test(n))
      .sort((a, b) => Number(/\d+/u.exec(a)![0]) - Number(/\d+/u.exec(b)![0]));
    const slides = await Promise.all(
      names.map(async (n) => ({
        name: n,
        xml: await zip.file(n)!.async('string'),
        rels: (await zip.file(n.replace('slides/', 'slides/_rels/') + '.rels')?.async('string')) ?? '',
      })),
    );
    decks.set(name, { content: sheetContent(readFileSync(file, 'utf8')), slides, pptx, dir });
  }
}, 240_000);

/** The text of each cell of each a:tbl, squashed. */
function tableCells(xml: string): string[] {
  const out: string[] = [];
  for (const tbl of xml.match(/<a:tbl>[\s\S]*?<\/a:tbl>/gu) ?? []) {
    for (const tc of tbl.match(/<a:tc\b[\s\S]*?<\/a:tc>/gu) ?? []) out.push(squash(xmlText([...tc.matchAll(/<a:t>([^<]*)<\/a:t>/gu)].map((m) => m[1]).join(''))));
  }
  return out;
}

describe.each(SHEETS)('the deck of %s', (name) => {
  it('holds every table cell of the source in a native table (a:tbl)', () => {
    const { slides, content } = decks.get(name)!;
    const cells = slides.flatMap((s) => tableCells(s.xml));
    if (content.cells.length === 0) return expect(cells).toEqual([]);
    expect(content.cells.filter((c) => !cells.includes(c))).toEqual([]);
  });

  it('makes every link of the source an a:hlinkClick with an external relationship to its URL', () => {
    const { slides, content } = decks.get(name)!;
    const linked: string[] = [];
    for (const s of slides) {
      for (const m of s.xml.matchAll(/<a:hlinkClick\b[^>]*r:id="([^"]+)"/gu)) {
        const rel = new RegExp(`<Relationship\\b[^>]*Id="${m[1]}"[^>]*>`, 'u').exec(s.rels)?.[0] ?? '';
        if (/TargetMode="External"/u.test(rel)) linked.push(xmlText(/Target="([^"]*)"/u.exec(rel)![1]!));
      }
    }
    expect(content.urls.filter((u) => !linked.includes(u))).toEqual([]);
  });
});

describe('the table slides as LibreOffice Impress draws them', () => {
  let rendered: PdfInfo;
  let tableSlides: number[];

  beforeAll(async () => {
    const { pptx, dir, slides } = decks.get('asean-trade')!;
    tableSlides = slides.flatMap((s, i) => (s.xml.includes('<a:tbl>') ? [i] : []));
    const conf = join(dir, 'fonts.conf');
    writeFileSync(
      conf,
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
        `  <dir>${join(root, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fontcache')}</cachedir>\n</fontconfig>\n`,
    );
    mkdirSync(join(dir, 'home'), { recursive: true });
    const env = { ...process.env, HOME: join(dir, 'home'), FONTCONFIG_FILE: conf };
    const profile = pathToFileURL(join(dir, 'profile')).href;
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), pptx], { env, stdio: 'pipe', timeout: 120_000 });
    rendered = await readPdf(readFileSync(join(dir, 'lo', 'briefing.pdf')));
  }, 150_000);

  it('spreads the long table over more than one slide, and shows every cell with nothing off the slide', () => {
    expect(tableSlides.length).toBeGreaterThan(1);
    const { content } = decks.get('asean-trade')!;
    const shown = tableSlides.map((i) => squash(rendered.pages[i]!.items.map((it) => it.str).join(''))).join('');
    expect(content.cells.filter((c) => !shown.includes(c))).toEqual([]);
    const off: string[] = [];
    for (const i of tableSlides) {
      const page = rendered.pages[i]!;
      const [, , w, h] = page.view as [number, number, number, number];
      for (const it of page.items) {
        if (it.str.trim() === '') continue;
        if (it.x < 0 || it.x + it.width > w + 0.5 || it.y - it.sizePt * 0.12 < 0 || it.y + it.sizePt * 0.88 > h) off.push(`slide ${i + 1}: 「${it.str}」`);
      }
    }
    expect(off).toEqual([]);
  });
});
