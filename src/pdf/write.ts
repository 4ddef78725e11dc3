// Paint a laid-out brochure (pages of positioned items) onto a pdfkit document; the only module
// that imports pdfkit. Two editions from the same pages: `screen` (RGB, trim size, bookmarks,
// links) and `print` (CMYK, trim + bleed, crop marks, TrimBox/BleedBox).
import PDFDocument from 'pdfkit';
import type { FontRegistry } from '../fonts/registry.js';
import type { LaidOutDocument, OutlineEntry } from '../layout/types.js';
import type { DocMeta } from '../markup/types.js';
import type { Colour, Theme } from '../theme/theme.js';

export type Edition = 'screen' | 'print';

export interface PdfInput {
  laid: LaidOutDocument;
  theme: Theme;
  fonts: FontRegistry;
  meta: DocMeta;
  edition: Edition;
  /** Creation date written into the file; fixed so that builds are reproducible. */
  date: Date;
}

/** Crop marks: 5 mm long, starting just outside the bleed so they never touch the printed area. */
const CROP_MARK_PT = 14.17;

export function writePdf(input: PdfInput): Promise<Buffer> {
  const { laid, theme, fonts, meta, edition, date } = input;
  const print = edition === 'print';
  const first = laid.pages[0];
  if (!first) throw new Error('writePdf: no pages');
  // The print sheet holds trim, bleed and room for crop marks outside the bleed.
  const slug = print ? first.bleedPt + CROP_MARK_PT + 6 : 0;
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    pdfVersion: '1.7',
    lang: meta.lang,
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subtitle ?? meta.title,
      Author: meta.publisher,
      Creator: 'silkpress',
      Producer: 'silkpress (pdfkit)',
      CreationDate: date,
      ModDate: date,
    },
  });
  for (const font of fonts.fonts.values()) doc.registerFont(font.id, font.bytes);
  const colour = (name: string): string | [number, number, number, number] => {
    const c: Colour | undefined = theme.colours[name];
    if (!c) throw new Error(`theme has no colour '${name}'`); // layout only names theme colours
    return print ? c.cmyk : c.rgb;
  };

  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  laid.pages.forEach((page, index) => {
    doc.addPage({ size: [page.widthPt + 2 * slug, page.heightPt + 2 * slug], margin: 0 });
    doc.addNamedDestination(`page-${index + 1}`, 'XYZ', slug, slug, null);
    if (print) setPrintBoxes(doc, page.widthPt, page.heightPt, page.bleedPt, slug);
    doc.save();
    doc.translate(slug, slug);
    for (const item of page.items) {
      switch (item.kind) {
        case 'rect':
          doc.rect(item.xPt, item.yPt, item.wPt, item.hPt).fill(colour(item.fill));
          break;
        case 'rule':
          doc.moveTo(item.x1Pt, item.y1Pt).lineTo(item.x2Pt, item.y2Pt).lineWidth(item.widthPt).stroke(colour(item.stroke));
          break;
        case 'text':
          doc
            .font(item.fontId)
            .fontSize(item.sizePt)
            .fillColor(colour(item.colour))
            .text(item.text, item.xPt, item.yPt, { lineBreak: false, baseline: 'alphabetic', characterSpacing: item.spacingPt });
          break;
        case 'link':
          // Annotation rectangles are not affected by the translation: offset by hand.
          doc.goTo(item.xPt + slug, item.yPt + slug, item.wPt, item.hPt, `page-${item.targetPage + 1}`);
          break;
      }
    }
    doc.restore();
    if (print) drawCropMarks(doc, page.widthPt, page.heightPt, page.bleedPt, slug);
  });
  addOutline(doc, laid.outline);
  doc.end();
  return done;
}

function setPrintBoxes(doc: PDFKit.PDFDocument, w: number, h: number, bleed: number, slug: number): void {
  // pdfkit has no API for page boxes; they go on the page dictionary (PDF 32000 §14.11.2).
  const dict = (doc as unknown as { page: { dictionary: { data: Record<string, unknown> } } }).page.dictionary.data;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  dict.TrimBox = [slug, slug, slug + w, slug + h].map(round);
  dict.BleedBox = [slug - bleed, slug - bleed, slug + w + bleed, slug + h + bleed].map(round);
}

function drawCropMarks(doc: PDFKit.PDFDocument, w: number, h: number, bleed: number, slug: number): void {
  // Registration colour: all four inks, so the marks show on every plate.
  doc.save().lineWidth(0.25).strokeColor([100, 100, 100, 100]);
  const x0 = slug;
  const y0 = slug;
  const x1 = slug + w;
  const y1 = slug + h;
  const off = bleed + 3;
  for (const [x, y, dx, dy] of [
    [x0, y0, -1, -1],
    [x1, y0, 1, -1],
    [x0, y1, -1, 1],
    [x1, y1, 1, 1],
  ] as const) {
    doc.moveTo(x + dx * off, y).lineTo(x + dx * (off + CROP_MARK_PT), y).stroke();
    doc.moveTo(x, y + dy * off).lineTo(x, y + dy * (off + CROP_MARK_PT)).stroke();
  }
  doc.restore();
}

function addOutline(doc: PDFKit.PDFDocument, entries: OutlineEntry[]): void {
  const stack: { level: number; node: PDFKit.PDFOutline }[] = [{ level: 0, node: doc.outline }];
  for (const e of entries) {
    while (stack.length > 1 && stack[stack.length - 1]!.level >= e.level) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    // pdfkit accepts a target page (its types do not say so); the default is the current page.
    const node = parent.addItem(e.title, { pageNumber: e.pageIndex } as { expanded?: boolean });
    stack.push({ level: e.level, node });
  }
}
