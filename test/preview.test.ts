// silkpress preview as a reviewer uses it: thumbnails that exist, have their page's shape, show something,
// and draw the Chinese glyphs of the embedded fonts rather than boxes; plus the page-list syntax.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, loadImage } from '@napi-rs/canvas';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePageList, selectPages } from '../src/preview/pages.js';
import { renderPdfPages } from '../src/preview/render.js';

const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');
const FONT = join(process.cwd(), 'fonts', 'NotoSansHK-Regular.ttf');
const A4 = 297 / 210;
const WIDE = 9 / 16;

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

async function pixels(png: Buffer): Promise<Pixels> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

const luminance = (p: Pixels, i: number): number => 0.2126 * p.data[i * 4]! + 0.7152 * p.data[i * 4 + 1]! + 0.0722 * p.data[i * 4 + 2]!;

/** Standard deviation of luminance (0–255): a blank page is near 0. */
function spread(p: Pixels): number {
  const n = p.width * p.height;
  let sum = 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const l = luminance(p, i);
    sum += l;
    sq += l * l;
  }
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
}

async function expectThumbnail(file: string, heightOverWidth: number): Promise<void> {
  expect(existsSync(file), file).toBe(true);
  const p = await pixels(readFileSync(file));
  // One pixel of rounding on a small thumbnail moves the ratio by well under 2%.
  expect(Math.abs(p.height / p.width - heightOverWidth) / heightOverWidth, `${file}: ${p.width}×${p.height}`).toBeLessThan(0.02);
  expect(spread(p), `${file} looks blank`).toBeGreaterThan(8);
}

let dir: string;
let out: string;
let first: ReturnType<typeof run>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'silkpress-preview-'));
  out = join(dir, 'out');
  first = run('preview', '--data', 'test/fixtures/mini/dataset.yaml', '--out', out, '--pages', '1-3', '--scale', '0.25');
}, 60_000);

describe('silkpress preview (the real bin)', () => {
  it('builds, then writes the chosen brochure pages as A4-shaped, non-blank PNGs and a contact sheet', async () => {
    expect(first.code, first.stderr).toBe(0);
    const preview = join(out, 'preview');
    for (const p of ['01', '02', '03']) await expectThumbnail(join(preview, `brochure-p${p}.png`), A4);
    expect(existsSync(join(preview, 'brochure-p04.png'))).toBe(false);
    const sheet = await pixels(readFileSync(join(preview, 'contact-sheet.png')));
    expect(sheet.width).toBe(1200);
    expect(spread(sheet)).toBeGreaterThan(8);
    expect(first.stdout).toMatch(/^wrote 3 page thumbnails (?:and 3 slide thumbnails )?to .*preview\/\nwrote .*contact-sheet\.png {2}1200×\d+ px\n$/);
    // Slides come from briefing.pdf, which the build writes once the deck is drawn as PDF too.
    if (existsSync(join(out, 'briefing.pdf'))) {
      for (const s of ['01', '02', '03']) await expectThumbnail(join(preview, `slides-s${s}.png`), WIDE);
    } else {
      expect(first.stderr).toContain('warning[E104]: no briefing.pdf in');
    }
  }, 30_000);

  it('thumbnails slides from briefing.pdf beside the brochure, 16:9 and non-blank', async () => {
    const out2 = join(dir, 'with-slides');
    mkdirSync(out2);
    copyFileSync(join(out, 'brochure.pdf'), join(out2, 'brochure.pdf'));
    writeFileSync(join(out2, 'briefing.pdf'), await makePdf([960, 540], ['香港與「一帶一路」', '八項行動']));
    const r = run('preview', '--no-build', '--out', out2, '--pages', '2-', '--scale', '0.2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    await expectThumbnail(join(out2, 'preview', 'slides-s02.png'), WIDE);
    expect(readdirSync(join(out2, 'preview')).filter((f) => f.startsWith('slides-'))).toEqual(['slides-s02.png']);
  }, 60_000);

  it('replaces the thumbnails of an earlier selection, and draws the same bytes each time', () => {
    const preview = join(out, 'preview');
    const before = readFileSync(join(preview, 'brochure-p02.png'));
    const r = run('preview', '--no-build', '--out', out, '--pages', '2', '--scale', '0.25');
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(preview).filter((f) => f.startsWith('brochure-'))).toEqual(['brochure-p02.png']);
    expect(readFileSync(join(preview, 'brochure-p02.png')).equals(before)).toBe(true);
  }, 60_000);

  it('gives usage errors exit status 2 and a missing brochure exit status 1', () => {
    const backwards = run('preview', '--no-build', '--out', out, '--pages', '5-3');
    expect(backwards.code).toBe(2);
    expect(backwards.stderr.split('\n')[0]).toBe('silkpress: --pages: the range 5-3 runs backwards; write 3-5');
    const scale = run('preview', '--no-build', '--out', out, '--scale', '0');
    expect(scale.code).toBe(2);
    const empty = join(dir, 'empty');
    const missing = run('preview', '--no-build', '--out', empty);
    expect(missing.code).toBe(1);
    expect(missing.stderr.split('\n')[0]).toBe(`${join(empty, 'brochure.pdf')}: error[E104]: no brochure.pdf in ${empty} to preview`);
  }, 30_000);
});

describe('page rendering', () => {
  it('draws the Chinese glyphs of the embedded font, not boxes or stand-in symbols', { timeout: 30_000 }, async () => {
    const chars = ['港', '路', '書'];
    const pdf = await makePdf([300, 300], chars, 150);
    const { images } = await renderPdfPages({ pdf, pages: (n) => Array.from({ length: n }, (_, i) => i + 1), scale: 1 });
    expect(images).toHaveLength(3);
    GlobalFonts.registerFromPath(FONT, 'preview-test-reference');
    const rendered = await Promise.all(images.map(async (im) => signature(await pixels(im.png))));
    const reference = chars.map((c) => signature(drawReference(c)));
    for (let i = 0; i < chars.length; i++) {
      const same = distance(rendered[i]!, reference[i]!);
      // The same character drawn by pdfjs (from the PDF's subset) and by the canvas (from the font file) match …
      expect(same, chars[i]).toBeLessThan(0.06);
      // … and are far from every other character: a .notdef box or a fallback symbol would match none of them.
      for (let j = 0; j < chars.length; j++) if (j !== i) expect(distance(rendered[i]!, reference[j]!), `${chars[i]} vs ${chars[j]}`).toBeGreaterThan(2 * same);
    }
  });
});

describe('page lists', () => {
  it('reads 1,3,5-7 and open ranges', () => {
    expect(selectPages(parsePageList('1,3,5-7'), 10)).toEqual([1, 3, 5, 6, 7]);
    expect(selectPages(parsePageList('8-'), 10)).toEqual([8, 9, 10]);
    expect(selectPages(parsePageList('3, 1-2 ,3'), 10)).toEqual([1, 2, 3]);
    expect(selectPages(parsePageList('12-20'), 10)).toEqual([]);
    expect(() => parsePageList('1,,2')).toThrow(/is not a page or range/);
    expect(() => parsePageList('0')).toThrow(/count from 1/);
  });

  it('selects pages within the document, ascending and once each', () => {
    const range = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined })).map(([a, len]) => (len === undefined ? `${a}` : `${a}-${a + len}`));
    fc.assert(
      fc.property(fc.array(range, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 50 }), (terms, count) => {
        const pages = selectPages(parsePageList(terms.join(',')), count);
        expect(pages).toEqual([...new Set(pages)].sort((a, b) => a - b));
        for (const p of pages) expect(p >= 1 && p <= count).toBe(true);
        for (const t of terms) {
          const [a, b] = t.split('-').map(Number);
          for (let p = a!; p <= Math.min(b ?? a!, count); p++) expect(pages).toContain(p);
        }
      }),
    );
  });
});

/** A PDF with one line of text per page in Noto Sans HK, embedded as pdfkit embeds it for the brochure. */
function makePdf(size: [number, number], texts: string[], fontSize = 48): Promise<Buffer> {
  return new Promise((resolveBytes, reject) => {
    const doc = new PDFDocument({ size, margin: 0, autoFirstPage: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolveBytes(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (const t of texts) {
      doc.addPage({ size, margin: 0 });
      doc.rect(0, 0, size[0], size[1] / 8).fill('#a01c32');
      doc.font(FONT).fontSize(fontSize).fillColor('#000000').text(t, size[0] / 10, size[1] / 4, { lineBreak: false });
    }
    doc.end();
  });
}

function drawReference(char: string): Pixels {
  const canvas = createCanvas(300, 300);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 300, 300);
  ctx.fillStyle = '#000000';
  ctx.font = '150px preview-test-reference';
  ctx.fillText(char, 30, 250);
  return { width: 300, height: 300, data: ctx.getImageData(0, 0, 300, 300).data };
}

const GRID = 12;

/**
 * The ink of the dark pixels (below the page's top band), cropped to their bounding box and averaged over a
 * 12×12 grid: where a glyph is drawn does not matter, only its shape.
 */
function signature(p: Pixels): number[] {
  let [x0, y0, x1, y1] = [p.width, p.height, -1, -1];
  const ink = (x: number, y: number): number => (y < p.height / 8 + 2 ? 0 : 1 - luminance(p, y * p.width + x) / 255);
  for (let y = 0; y < p.height; y++)
    for (let x = 0; x < p.width; x++)
      if (ink(x, y) > 0.5) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
  const cells = new Array<number>(GRID * GRID).fill(0);
  const counts = new Array<number>(GRID * GRID).fill(0);
  if (x1 < 0) return cells;
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const cx = Math.min(GRID - 1, Math.floor(((x - x0) * GRID) / (x1 - x0 + 1)));
      const cy = Math.min(GRID - 1, Math.floor(((y - y0) * GRID) / (y1 - y0 + 1)));
      cells[cy * GRID + cx]! += ink(x, y);
      counts[cy * GRID + cx]! += 1;
    }
  return cells.map((c, i) => c / Math.max(1, counts[i]!));
}

const distance = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
