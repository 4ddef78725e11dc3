// Take a PDF's bytes and draw chosen pages as PNG images with pdfjs-dist, the glyphs painted as outlines of
// the fonts embedded in the PDF, so no system font or tool is involved.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageImage {
  /** 1-based page number. */
  page: number;
  widthPt: number;
  heightPt: number;
  widthPx: number;
  heightPx: number;
  png: Buffer;
}

export interface RenderedPdf {
  pageCount: number;
  images: PageImage[];
}

/**
 * The canvas pdfjs-dist creates in Node (`@napi-rs/canvas`, the version pdfjs-dist itself depends on). Drawing
 * on pdfjs's own canvas keeps the canvas, its context and the Path2D objects pdfjs builds glyphs with from one
 * native module: the project's newer @napi-rs/canvas would be a second copy whose objects the first does not accept.
 */
interface NodeCanvas {
  width: number;
  height: number;
  toBuffer(mime: 'image/png'): Buffer;
}
interface CanvasAndContext {
  canvas: NodeCanvas;
  context: unknown;
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

type RenderCanvas = Parameters<PDFPageProxy['render']>[0]['canvas'];

/**
 * pdf.js is an ES module. The installed bin runs the command line as CommonJS compiled through V8's code cache
 * (cli/bin.ts), where import() cannot load an ES module by itself, and hands over an import of its own.
 */
declare const __silkpressImport: ((specifier: string) => Promise<unknown>) | undefined;
type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
const loadPdfjs = async (): Promise<Pdfjs> =>
  typeof __silkpressImport === 'function'
    ? ((await __silkpressImport('pdfjs-dist/legacy/build/pdf.mjs')) as Pdfjs)
    : await import('pdfjs-dist/legacy/build/pdf.mjs');

const pdfjsDir = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export interface RenderOptions {
  pdf: Uint8Array;
  /** Which pages to draw, given the page count. */
  pages: (pageCount: number) => number[];
  /** Pixels per PDF point: 1 draws at 72 dpi, 2 at 144 dpi. */
  scale: number;
}

export async function renderPdfPages(options: RenderOptions): Promise<RenderedPdf> {
  const { getDocument } = await loadPdfjs();
  const doc = await getDocument({
    // pdfjs may take ownership of the buffer; give it a copy.
    data: new Uint8Array(options.pdf),
    // Draw every glyph as a path from the embedded font program. With font faces instead (disableFontFace:
    // false), pdfjs in Node has no FontFace to load the embedded CID subsets into and falls back to a
    // standard font by character code, which paints dingbats where the Chinese should be.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    cMapUrl: join(pdfjsDir, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(pdfjsDir, 'standard_fonts') + '/',
    verbosity: 0,
  }).promise;
  try {
    const factory = doc.canvasFactory as CanvasFactory;
    const images: PageImage[] = [];
    for (const n of options.pages(doc.numPages)) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: options.scale });
      const widthPx = Math.max(1, Math.round(viewport.width));
      const heightPx = Math.max(1, Math.round(viewport.height));
      const target = factory.create(widthPx, heightPx);
      try {
        await page.render({ canvas: target.canvas as unknown as RenderCanvas, viewport }).promise;
        // The page as shown (rotation applied), in points.
        const natural = page.getViewport({ scale: 1 });
        images.push({ page: n, widthPt: natural.width, heightPt: natural.height, widthPx, heightPx, png: target.canvas.toBuffer('image/png') });
      } finally {
        factory.destroy(target);
        page.cleanup();
      }
    }
    return { pageCount: doc.numPages, images };
  } finally {
    await doc.destroy();
  }
}
