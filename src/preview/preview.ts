// Take the built PDFs in an output folder (brochure.pdf, and briefing.pdf when the deck is drawn as PDF) and
// write PNG thumbnails of the chosen pages and slides plus one contact sheet into <out>/preview/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codes, DiagnosticError, error, type Diagnostic } from '../diag/diagnostic.js';
import { selectPages, type PageSelection } from './pages.js';
import { renderPdfPages, type PageImage } from './render.js';
import { drawContactSheet, type SheetGroup } from './sheet.js';

export const PREVIEW_DIR = 'preview';
export const CONTACT_SHEET = 'contact-sheet.png';

/** The documents a preview shows, in the order of the contact sheet. */
export interface PreviewSource {
  kind: 'brochure' | 'slides';
  /** The PDF in the output folder. */
  pdf: string;
  /** Thumbnail names: `brochure-p01.png`, `slides-s01.png`. */
  prefix: string;
  /** A missing optional source is reported and skipped; a missing required one stops the preview. */
  required: boolean;
  columns: number;
}

export const PREVIEW_SOURCES: PreviewSource[] = [
  { kind: 'brochure', pdf: 'brochure.pdf', prefix: 'brochure-p', required: true, columns: 7 },
  // The deck drawn as PDF beside briefing.pptx: PPTX itself has no renderer in Node, so slides are previewed
  // from this file when the build writes it.
  { kind: 'slides', pdf: 'briefing.pdf', prefix: 'slides-s', required: false, columns: 4 },
];

export interface PreviewOptions {
  /** The output folder holding the PDFs; thumbnails go to its preview/ folder. */
  outDir: string;
  selection: PageSelection;
  /** Pixels per PDF point (1 = 72 dpi). */
  scale: number;
  /** Font for the contact sheet's labels. */
  fontFile?: string | undefined;
  onProgress?: ((message: string) => void) | undefined;
}

export interface PreviewFile {
  file: string;
  bytes: number;
  widthPx: number;
  heightPx: number;
  kind: PreviewSource['kind'] | 'contact-sheet';
  /** Page or slide number. */
  page?: number;
  widthPt?: number;
  heightPt?: number;
}

export interface PreviewResult {
  dir: string;
  files: PreviewFile[];
  /** Page or slide count of each document previewed. */
  counts: Partial<Record<PreviewSource['kind'], number>>;
  /** Sources skipped or pages not selected: said, not failed. */
  diagnostics: Diagnostic[];
}

const OUR_FILES = /^(?:brochure-p\d+|slides-s\d+|contact-sheet)\.png$/;

export async function writePreview(options: PreviewOptions, sources: PreviewSource[] = PREVIEW_SOURCES): Promise<PreviewResult> {
  const outDir = resolve(options.outDir);
  const dir = join(outDir, PREVIEW_DIR);
  const diagnostics: Diagnostic[] = [];
  const rendered: { source: PreviewSource; images: PageImage[]; count: number }[] = [];

  for (const source of sources) {
    const file = join(outDir, source.pdf);
    if (!existsSync(file)) {
      if (source.required) {
        throw new DiagnosticError([
          error(codes.fileRead, `no ${source.pdf} in ${options.outDir} to preview`, { file }, [`run 'silkpress build --out ${options.outDir}' first, or preview without --no-build`]),
        ]);
      }
      diagnostics.push({ ...error(codes.fileRead, `no ${source.pdf} in ${options.outDir}: the ${source.kind} are not previewed`, { file }, ['the build writes the deck as briefing.pdf beside briefing.pptx once it can; until then only the brochure is previewed']), severity: 'warning' });
      continue;
    }
    options.onProgress?.(`rendering ${source.pdf}`);
    const { pageCount, images } = await renderPdfPages({
      pdf: readFileSync(file),
      pages: (count) => selectPages(options.selection, count),
      scale: options.scale,
    });
    if (images.length === 0) {
      diagnostics.push({ ...error(codes.fileRead, `--pages selects none of the ${pageCount} pages of ${source.pdf}`, { file }, [`pages run from 1 to ${pageCount}`]), severity: 'warning' });
    }
    rendered.push({ source, images, count: pageCount });
  }

  // Thumbnails of an earlier, larger selection would otherwise stay beside the new ones and mislead a reviewer.
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (OUR_FILES.test(name)) rmSync(join(dir, name));

  const files: PreviewFile[] = [];
  const groups: SheetGroup[] = [];
  for (const { source, images, count } of rendered) {
    const width = Math.max(2, String(count).length);
    const letter = source.prefix.at(-1)!;
    for (const im of images) {
      const file = join(dir, `${source.prefix}${String(im.page).padStart(width, '0')}.png`);
      writeFileSync(file, im.png);
      files.push({ file, bytes: im.png.length, widthPx: im.widthPx, heightPx: im.heightPx, kind: source.kind, page: im.page, widthPt: im.widthPt, heightPt: im.heightPt });
    }
    const noun = source.kind === 'brochure' ? 'pages' : 'slides';
    const shown = images.length === count ? `${count} ${noun}` : `${images.length} of ${count} ${noun}`;
    groups.push({
      title: `${source.pdf} · ${shown}`,
      columns: source.columns,
      images: images.map((im) => ({ label: `${letter}${im.page}`, png: im.png, widthPx: im.widthPx, heightPx: im.heightPx })),
    });
  }

  if (files.length > 0) {
    options.onProgress?.('drawing the contact sheet');
    const sheet = await drawContactSheet({ groups, fontFile: options.fontFile });
    const file = join(dir, CONTACT_SHEET);
    writeFileSync(file, sheet);
    const size = pngSize(sheet);
    files.push({ file, bytes: sheet.length, widthPx: size.width, heightPx: size.height, kind: 'contact-sheet' });
  }
  return { dir, files, counts: Object.fromEntries(rendered.map((r) => [r.source.kind, r.count])), diagnostics };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}
