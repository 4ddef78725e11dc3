// End to end: build the Belt and Road dataset, then read the real PDF (pdfjs-dist) and PPTX (zip of XML).
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/build.js';
import type { Dataset } from '../src/data/schema.js';
import { readPdf, squashedText, type PdfInfo } from './support/pdf.js';
import { datasetTexts, squash } from './support/dataset.js';

const DATA = 'data/belt-and-road.yaml';
const dataset = parseYaml(readFileSync(DATA, 'utf8')) as Dataset;
const texts = datasetTexts(dataset);
const RUNNING_HEAD_PT = 8;

let out: string;
let result: BuildResult;
let screen: PdfInfo;
let zip: JSZip;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'silkpress-e2e-'));
  result = await build({ root: '.', dataFile: DATA, outDir: out });
  screen = await readPdf(readFileSync(join(out, 'brochure.pdf')));
  zip = await JSZip.loadAsync(readFileSync(join(out, 'briefing.pptx')));
}, 120_000);

describe('brochure PDF', () => {
  it('contains every paragraph, fact and heading of the dataset, word for word', () => {
    const pdfText = squashedText(screen, RUNNING_HEAD_PT);
    const missing = [...texts.body, ...texts.headings].filter((t) => !pdfText.includes(squash(t)));
    expect(missing).toEqual([]);
    expect(texts.body.length).toBeGreaterThan(70);
  });

  it('prints every key figure with its unit', () => {
    const pdfText = squashedText(screen);
    const missing = dataset.figures.filter((f) => !pdfText.includes(squash(`${f.value}${f.unit}`)));
    expect(missing.map((f) => f.id)).toEqual([]);
  });

  it('draws no .notdef glyph (no tofu)', () => {
    const glyphs = screen.pages.flatMap((p) => p.glyphIds);
    expect(glyphs.length).toBeGreaterThan(1000);
    expect(glyphs.filter((g) => g === 0)).toEqual([]);
  });

  it('is A4 with a cover, a contents page and bookmarks for the sections', () => {
    const [, , w, h] = screen.pages[0]!.view;
    expect(w).toBeCloseTo((210 * 72) / 25.4, 1);
    expect(h).toBeCloseTo((297 * 72) / 25.4, 1);
    expect(screen.pages.length).toBe(result.pages);
    expect(squash(screen.pages[0]!.items.map((i) => i.str).join(''))).toContain(squash(dataset.meta.title));
    expect(squash(screen.pages[1]!.items.map((i) => i.str).join(''))).toContain('目錄');
    expect(screen.outline?.map((o) => o.title)).toEqual(dataset.sections.map((s) => s.title.replace(/\*\*/g, '')));
  });

  it('writes the dataset date as the creation date, so rebuilds are reproducible', () => {
    expect(String(screen.info.CreationDate)).toContain(dataset.meta.asOf.replace(/-/g, ''));
  });
});

describe('reproducible builds', () => {
  it('gives byte-identical files when built twice from the same inputs', async () => {
    const again = mkdtempSync(join(tmpdir(), 'silkpress-e2e-again-'));
    await build({ root: '.', dataFile: DATA, outDir: again });
    for (const name of ['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx']) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(out, name))), name).toBe(true);
    }
  }, 120_000);
});

describe('briefing PPTX', () => {
  const xmlParts = (prefix: string): string[] => Object.keys(zip.files).filter((n) => n.startsWith(prefix) && n.endsWith('.xml')).sort();

  it('has only well-formed XML parts', async () => {
    const names = Object.keys(zip.files).filter((n) => n.endsWith('.xml') || n.endsWith('.rels'));
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      const xml = await zip.file(name)!.async('string');
      expect(XMLValidator.validate(xml), name).toBe(true);
    }
  });

  it('shows every fact as a point and reads every fact in the speaker notes', async () => {
    const slides = (await Promise.all(xmlParts('ppt/slides/slide').map((n) => zip.file(n)!.async('string')))).join('');
    const notes = (await Promise.all(xmlParts('ppt/notesSlides/notesSlide').map((n) => zip.file(n)!.async('string')))).join('');
    const slideText = squash(textOf(slides));
    const notesText = squash(textOf(notes));
    expect(texts.facts.filter((f) => !slideText.includes(squash(f.point ?? f.text))).map((f) => f.point)).toEqual([]);
    expect(texts.facts.filter((f) => !notesText.includes(squash(f.text))).map((f) => f.text.slice(0, 20))).toEqual([]);
  });

  it('marks every text run as Hong Kong Chinese with the CJK typeface as its East Asian font', async () => {
    for (const name of [...xmlParts('ppt/slides/slide'), ...xmlParts('ppt/notesSlides/')]) {
      const xml = await zip.file(name)!.async('string');
      const runs = xml.match(/<a:rPr\b[^>]*?(\/>|>[\s\S]*?<\/a:rPr>)/g) ?? [];
      for (const r of runs) {
        expect(r, name).toMatch(/lang="zh-HK"/);
        expect(r, name).toMatch(/<a:ea typeface="Noto Sans HK"/);
      }
    }
  });

  it('is reported with its slide count', () => {
    expect(result.slides).toBe(xmlParts('ppt/slides/slide').length);
    expect(statSync(join(out, 'briefing.pptx')).size).toBe(result.outputs.find((o) => o.file.endsWith('briefing.pptx'))!.bytes);
  });
});

/** The text of every <a:t> element, entities decoded. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)]
    .map((m) => m[1]!)
    .join('')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
