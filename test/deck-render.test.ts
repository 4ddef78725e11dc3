// The deck in a real client: build the Belt and Road briefing, convert briefing.pptx to PDF with LibreOffice
// Impress (headless, one run), and read what it drew with pdfjs-dist: every slide's text is there, on the slide,
// inside the box the deck measured for it, on no more lines than the deck measured, in Noto Sans HK.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, loadDataset, renderDocuments } from '../src/build.js';
import { loadProject } from '../src/project.js';
import { documentToDeck, type Deck, type TextBox } from '../src/pptx/deck.js';
import { createTextEngine } from '../src/text/engine.js';
import { readPdf, type PdfInfo, type PdfTextItem } from './support/pdf.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(root, 'data', 'belt-and-road.yaml');
/** LibreOffice draws list bullets from its OpenSymbol font, on a baseline of their own. */
const BULLET = /^[\u2022\u25cf]$/;
/** Ascent and descent of the CJK em box, as the deck's boxes allow for them. */
const ASCENT = 0.88;
const DESCENT = 0.12;

let deck: Deck;
let pptxFile: string;
let rendered: PdfInfo;
let fontsUsed: string;

/**
 * A fontconfig setup that adds the repository's fonts to the system's, in a throwaway folder with its own cache,
 * and a throwaway LibreOffice profile: the conversion sees Noto Sans HK without installing anything.
 */
function isolatedLibreOffice(dir: string): NodeJS.ProcessEnv {
  const conf = join(dir, 'fonts.conf');
  writeFileSync(
    conf,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n` +
      `  <dir>${join(root, 'fonts')}</dir>\n  <cachedir>${join(dir, 'fontcache')}</cachedir>\n</fontconfig>\n`,
  );
  mkdirSync(join(dir, 'home'), { recursive: true });
  return { ...process.env, HOME: join(dir, 'home'), FONTCONFIG_FILE: conf };
}

function soffice(): string {
  for (const name of ['soffice', 'libreoffice']) {
    try {
      execFileSync(name, ['--version'], { stdio: 'ignore', timeout: 30_000 });
      return name;
    } catch {
      // try the next name
    }
  }
  throw new Error('LibreOffice is not installed: this test converts the deck with it (Debian: apt-get install libreoffice-impress; .ci/run does)');
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-deck-render-'));
  const out = join(dir, 'out');
  await build({ root, dataFile: DATA, outDir: out });
  pptxFile = join(out, 'briefing.pptx');
  // The Deck behind the file: the build is deterministic, so the same stages give the same boxes.
  const project = loadProject(root);
  deck = documentToDeck(renderDocuments(project, loadDataset(DATA)).briefing, project.theme, createTextEngine(project.fonts));

  const env = isolatedLibreOffice(dir);
  const profile = pathToFileURL(join(dir, 'profile')).href;
  execFileSync(soffice(), [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'lo'), pptxFile], { env, stdio: 'pipe', timeout: 120_000 });
  const pdfFile = join(dir, 'lo', 'briefing.pdf');
  rendered = await readPdf(readFileSync(pdfFile));
  fontsUsed = execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' });
}, 150_000);

const squash = (s: string): string => s.replace(/\s+/g, '');
const textBoxes = (i: number): TextBox[] => deck.slides[i]!.items.filter((x): x is TextBox => x.kind === 'text');
const words = (page: { items: PdfTextItem[] }): PdfTextItem[] => page.items.filter((it) => it.str.trim() !== '' && !BULLET.test(it.str.trim()));

describe('the briefing deck as LibreOffice Impress shows it', () => {
  it('is drawn in Noto Sans HK (with OpenSymbol for the bullets), never a fallback font', () => {
    const names = [...fontsUsed.matchAll(/^[A-Z]{6}\+(\S+)/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !/^NotoSansHK-(Regular|Bold)$|^OpenSymbol$/.test(n))).toEqual([]);
    expect(names).toContain('NotoSansHK-Bold');
  });

  it('has one 16:9 page per slide', () => {
    expect(rendered.pages).toHaveLength(deck.slides.length);
    for (const page of rendered.pages) {
      const [, , w, h] = page.view as [number, number, number, number];
      expect(w).toBeCloseTo(deck.widthIn * 72, 0);
      expect(h).toBeCloseTo(deck.heightIn * 72, 0);
    }
  });

  it('shows every paragraph of every slide, and every chart label', () => {
    const missing: string[] = [];
    deck.slides.forEach((slide, i) => {
      const text = squash(rendered.pages[i]!.items.map((it) => it.str).join(''));
      for (const box of textBoxes(i)) for (const p of box.paragraphs) {
        const want = squash(p.runs.map((r) => r.text).join(''));
        if (!text.includes(want)) missing.push(`slide ${i + 1} ${box.role}: ${want}`);
      }
      for (const item of slide.items) {
        if (item.kind !== 'chart') continue;
        // Series names are in the legend, which a chart of one series does not show.
        const legend = item.series.length > 1 ? item.series.map((s) => s.name) : [];
        for (const label of [...item.categories, ...legend]) if (!text.includes(squash(label))) missing.push(`slide ${i + 1} chart: ${label}`);
      }
    });
    expect(missing).toEqual([]);
  });

  it('keeps every piece of text on its slide and inside a box the deck measured for it', () => {
    const H = deck.heightIn * 72;
    const W = deck.widthIn * 72;
    const outside: string[] = [];
    rendered.pages.forEach((page, i) => {
      const boxes = deck.slides[i]!.items.filter((x) => x.kind !== 'rect').map((x) => ({ what: x.kind === 'text' ? x.role : x.kind, x: x.box.xIn * 72, y: x.box.yIn * 72, w: x.box.wIn * 72, h: x.box.hIn * 72 }));
      for (const it of words(page)) {
        const top = H - it.y - it.sizePt * ASCENT;
        const bottom = H - it.y + it.sizePt * DESCENT;
        const where = `slide ${i + 1}: 「${it.str}」 at x ${it.x.toFixed(1)}, baseline ${(H - it.y).toFixed(1)}`;
        if (it.x < 0 || it.x + it.width > W || top < 0 || bottom > H) outside.push(`${where} is off the slide`);
        // 1pt of slack for rounding in the converter.
        const inBox = boxes.some((b) => it.x >= b.x - 1 && it.x + it.width <= b.x + b.w + 1 && top >= b.y - 1 && bottom <= b.y + b.h + 1);
        if (!inBox) outside.push(`${where} is outside every box`);
      }
    });
    expect(outside).toEqual([]);
  });

  it('breaks no text box into more lines than the deck measured (the box would overflow)', () => {
    const H = deck.heightIn * 72;
    const over: string[] = [];
    let boxes = 0;
    rendered.pages.forEach((page, i) => {
      for (const t of textBoxes(i)) {
        const b = { x: t.box.xIn * 72, y: t.box.yIn * 72, w: t.box.wIn * 72, h: t.box.hIn * 72 };
        const inside = words(page).filter((it) => it.x >= b.x - 1 && it.x < b.x + b.w && H - it.y > b.y && H - it.y < b.y + b.h + 1);
        const baselines = new Set(inside.map((it) => Math.round(H - it.y)));
        const lines = t.paragraphs.reduce((n, p) => n + p.lines, 0);
        boxes++;
        if (baselines.size > lines) over.push(`slide ${i + 1} ${t.role}: ${baselines.size} lines drawn, ${lines} measured`);
      }
    });
    expect(boxes).toBeGreaterThan(150);
    expect(over).toEqual([]);
  });
});
