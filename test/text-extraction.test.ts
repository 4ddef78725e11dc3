// Text as readers take it out of brochure.pdf: pdftotext -layout and pdfjs-dist (what a viewer copies and a
// screen reader reads) must give every typeset line as one line, in order, and a copied paragraph the data.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, loadDataset, renderDocuments, typesetDocuments } from '../src/build.js';
import { forEdition } from '../src/layout/brochure.js';
import type { GlyphRunItem, LaidOutDocument } from '../src/layout/types.js';
import { loadProject } from '../src/project.js';
import { NO_LINE_END, NO_LINE_START } from '../src/text/chars.js';
import { datasetTexts, squash } from './support/dataset.js';
import { copyPages, run } from './support/pdf.js';

const DATA = 'data/belt-and-road.yaml';
let pdfFile: string;
let laid: LaidOutDocument;
let copied: string[];
let layoutText: string[][];

/** The typeset lines of each page, as the layout set them: consecutive runs of a block on one baseline. */
function typesetLines(doc: LaidOutDocument): string[][] {
  return doc.pages.map((page) => {
    const lines: string[] = [];
    let last: GlyphRunItem | undefined;
    for (const item of page.items) {
      if (item.kind !== 'text') {
        last = undefined;
        continue;
      }
      const same = last && last.blockId === item.blockId && Math.abs(last.yPt - item.yPt) < 0.01 && item.xPt >= last.xPt;
      if (same) lines[lines.length - 1] += item.text;
      else lines.push(item.text);
      last = item;
    }
    return lines.filter((l) => squash(l) !== '');
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-extract-'));
  await build({ root: '.', dataFile: DATA, outDir: dir, only: 'pdf', editions: ['screen'] });
  pdfFile = join(dir, 'brochure.pdf');
  const project = loadProject('.');
  const data = loadDataset(DATA);
  const brochure = renderDocuments(project, data).brochure;
  // The screen edition's pages: the print edition's notes pages (padding to a multiple of four) are not in it.
  laid = forEdition(typesetDocuments(project, { brochure, briefing: { meta: brochure.meta, blocks: [] } }, data).laid, 'screen');
  layoutText = typesetLines(laid);
  copied = await copyPages(readFileSync(pdfFile));
}, 120_000);

/** The paragraph as a pattern: its characters in order, a line end allowed between any two, a space either kept or taken by a line end. */
function copiedAs(para: string): RegExp {
  const esc = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp([...para].map((c) => (c === ' ' ? '(?: |\n)' : esc(c))).join('\n?'), 'u');
}

describe('brochure.pdf read back by pdftotext and pdfjs-dist', () => {
  it('lays out as many pages as the file has, with lines on each', () => {
    expect(copied.length).toBe(laid.pages.length);
    expect(layoutText.flat().length).toBeGreaterThan(200);
  });

  it('gives each typeset line as one line of pdftotext -layout output, on every page', () => {
    const missing: string[] = [];
    layoutText.forEach((lines, p) => {
      const out = run('pdftotext', ['-layout', '-f', String(p + 1), '-l', String(p + 1), pdfFile, '-']).split('\n').map(squash);
      for (const line of lines) if (!out.some((o) => o.includes(squash(line)))) missing.push(`p${p + 1}: ${line}`);
    });
    expect(missing).toEqual([]);
  });

  it('gives each typeset line as one line of pdfjs-dist text content, on every page', () => {
    const missing: string[] = [];
    layoutText.forEach((lines, p) => {
      const out = copied[p]!.split('\n').map(squash);
      for (const line of lines) if (!out.some((o) => o.includes(squash(line)))) missing.push(`p${p + 1}: ${line}`);
    });
    expect(missing).toEqual([]);
  });

  it('never starts an extracted line with closing punctuation, nor ends one with opening punctuation', () => {
    const bad: string[] = [];
    layoutText.forEach((_, p) => {
      const out = run('pdftotext', ['-layout', '-f', String(p + 1), '-l', String(p + 1), pdfFile, '-']);
      const pieces = [...out.split('\n'), ...copied[p]!.split('\n')].flatMap((l) => l.split(/\s{2,}/)).map((l) => l.trim()).filter(Boolean);
      for (const piece of pieces) {
        const chars = [...piece];
        if (NO_LINE_START.has(chars[0]!) || NO_LINE_END.has(chars[chars.length - 1]!)) bad.push(`p${p + 1}: ${piece}`);
      }
    });
    expect(bad).toEqual([]);
  });

  it('copies a paragraph as the dataset writes it, character for character, spaces included', () => {
    const paragraphs = datasetTexts(loadDataset(DATA).value).body;
    // The copy ends each line with pdfjs's end-of-line flag; how a viewer joins lines (nothing between
    // Chinese lines, a space after a Latin word) is the viewer's. So a paragraph is found when its text
    // occurs with any line ends between characters, a line end standing for a space the break took.
    const pages = copied;
    let onOnePage = 0;
    const wrong: string[] = [];
    for (const para of paragraphs) {
      const page = pages.find((c) => squash(c).includes(squash(para)));
      if (!page) continue; // split by a page break: the running head sits between its halves
      onOnePage++;
      if (!copiedAs(para).test(page)) wrong.push(para);
    }
    expect(onOnePage).toBeGreaterThan(paragraphs.length * 0.7);
    expect(wrong).toEqual([]);
  });
});
