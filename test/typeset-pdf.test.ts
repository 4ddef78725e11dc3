// Typesetting as a reader meets it: lines read back from the built brochure PDF (pdfjs-dist text
// items), checked against clreq's line-start and line-end rules and the justified measure.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { loadTheme } from '../src/theme/theme.js';
import { FULLWIDTH_PUNCTUATION, NO_LINE_END, NO_LINE_START } from '../src/text/chars.js';
import { readPdf, type PdfInfo } from './support/pdf.js';

const theme = loadTheme('templates/theme.yaml');
const BODY_PT = theme.type.body.sizePt;
const LEADING = theme.type.body.leadingPt;

interface PdfLine {
  page: number;
  y: number;
  left: number;
  right: number;
  text: string;
}

let lines: PdfLine[];

/** The measure's right edge on a page: recto pages (odd folios) have the inside margin on the left. */
function measureRight(pageIndex: number): number {
  const mm = (v: number): number => (v * 72) / 25.4;
  const m = theme.page.marginsMm;
  const verso = (pageIndex + 1) % 2 === 0;
  return mm((verso ? m.outside : m.inside) + theme.page.widthMm - m.inside - m.outside);
}

/** Body-size text items grouped by baseline, left to right. */
function bodyLines(pdf: PdfInfo): PdfLine[] {
  const out: PdfLine[] = [];
  pdf.pages.forEach((page, p) => {
    const byY = new Map<number, { x: number; w: number; str: string }[]>();
    for (const it of page.items) {
      if (Math.abs(it.sizePt - BODY_PT) > 0.01 || it.str === '') continue;
      const y = Math.round(it.y * 100) / 100;
      byY.set(y, [...(byY.get(y) ?? []), { x: it.x, w: it.width, str: it.str }]);
    }
    for (const [y, items] of [...byY].sort((a, b) => b[0] - a[0])) {
      items.sort((a, b) => a.x - b.x);
      out.push({ page: p, y, left: items[0]!.x, right: Math.max(...items.map((i) => i.x + i.w)), text: items.map((i) => i.str).join('') });
    }
  });
  return out;
}

beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), 'silkpress-typeset-'));
  await build({ root: '.', dataFile: 'data/belt-and-road.yaml', outDir: out });
  lines = bodyLines(await readPdf(readFileSync(join(out, 'brochure.pdf'))));
}, 120_000);

describe('the built brochure, read back line by line', () => {
  it('has body lines to check', () => {
    expect(lines.length).toBeGreaterThan(150);
  });

  it('starts no line with closing punctuation and ends none with opening punctuation', () => {
    const starts = lines.filter((l) => NO_LINE_START.has([...l.text.trim()][0] ?? ''));
    const ends = lines.filter((l) => NO_LINE_END.has([...l.text.trim()].pop() ?? ''));
    expect(starts.map((l) => l.text)).toEqual([]);
    expect(ends.map((l) => l.text)).toEqual([]);
  });

  it('sets every line that does not end a paragraph flush with the measure, within 0.1 pt', () => {
    const badly: string[] = [];
    lines.forEach((l, i) => {
      const right = measureRight(l.page);
      const next = lines[i + 1];
      // A paragraph's last line is followed by the paragraph gap (or ends the page's text).
      const endsParagraph = !next || next.page !== l.page || l.y - next.y > LEADING + 0.5;
      // A pulled-in closing mark is drawn with its full advance; the part cut from its blank
      // reaches past the measure, its ink does not.
      const lastChar = [...l.text.trim()].pop() ?? '';
      const hang = NO_LINE_START.has(lastChar) && FULLWIDTH_PUNCTUATION.has(lastChar) ? BODY_PT / 2 : 0;
      if (endsParagraph) {
        if (l.right > right + 0.1 + hang) badly.push(`p${l.page + 1} last line overfull ${l.right.toFixed(2)}>${right.toFixed(2)} ${l.text}`);
        return;
      }
      if (l.right < right - 0.1 || l.right > right + 0.1 + hang) badly.push(`p${l.page + 1} ${l.right.toFixed(2)}≠${right.toFixed(2)} ${l.text}`);
    });
    expect(badly).toEqual([]);
  });

  it('ends no paragraph on a line holding a single ideograph', () => {
    const lonely = lines.filter((l, i) => {
      const prev = lines[i - 1];
      const continues = prev && prev.page === l.page && Math.abs(prev.y - l.y - LEADING) < 0.5;
      return continues && [...l.text.replace(/[\s，。、；：？！」』）》]/gu, '')].length === 1;
    });
    expect(lonely.map((l) => l.text)).toEqual([]);
  });

  it('never splits a digit group such as 1 400 across lines', () => {
    const splits = lines.filter((l, i) => /(^|[^\d])\d{1,3}$/.test(l.text.trim()) && /^\d{3}(?!\d)/.test(lines[i + 1]?.text.trim() ?? ''));
    expect(splits.map((l) => l.text)).toEqual([]);
  });
});
