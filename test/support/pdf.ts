// Read a produced PDF with pdfjs-dist: text items per page (with size and position) and the glyphs drawn.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  sizePt: number;
  width: number;
}

export interface PdfPage {
  items: PdfTextItem[];
  /** Glyph ids (CIDs) drawn on the page, for the .notdef check. */
  glyphIds: number[];
  view: number[];
}

export interface PdfInfo {
  pages: PdfPage[];
  outline: { title: string; items: unknown[] }[] | null;
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Buffer): Promise<PdfInfo> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const it of content.items) {
      if (!('str' in it)) continue;
      const [a, b, , , e, f] = it.transform as number[];
      items.push({ str: it.str, x: e!, y: f!, sizePt: Math.hypot(a!, b!), width: it.width });
    }
    const ops = await page.getOperatorList();
    const glyphIds: number[] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.showText) return;
      for (const g of ops.argsArray[i][0] as ({ originalCharCode?: number } | number)[]) {
        if (typeof g === 'object' && g && typeof g.originalCharCode === 'number') glyphIds.push(g.originalCharCode);
      }
    });
    pages.push({ items, glyphIds, view: page.view });
  }
  const outline = (await doc.getOutline()) as PdfInfo['outline'];
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, outline, info: meta.info as Record<string, unknown> };
}

/** All text of the document with whitespace removed, optionally leaving out items of one size (running heads). */
export function squashedText(pdf: PdfInfo, skipSizePt?: number): string {
  return pdf.pages
    .map((p) =>
      p.items
        .filter((i) => skipSizePt === undefined || Math.abs(i.sizePt - skipSizePt) > 0.01)
        .map((i) => i.str)
        .join(''),
    )
    .join('')
    .replace(/\s+/g, '');
}
