// Placed pictures (ImageItem) → image XObjects and SVG vectors on a pdfkit page. Raster pictures are prepared
// before painting (src/images: cropped, resampled, RGB for screen, FOGRA39 CMYK for print), once per distinct
// picture, crop and size; each is written into the file once however many pages show it. SVG is drawn as
// vectors with svg-to-pdfkit, its text as text in the document's fonts; in print its colours go through the
// same FOGRA39 transform as the pictures.
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { dependencyVersion } from '../cache/versions.js';
import { codes, DiagnosticError, error } from '../diag/diagnostic.js';
import { svgForLanguage, svgTextFonts } from '../images/svg-text.js';
import type { FontRegistry } from '../fonts/registry.js';
import { pixelsFor } from '../images/crop.js';
import { prepareImage, requestKey, rgbToCmyk } from '../images/convert.js';
import { probeImage } from '../images/probe.js';
import type { ImageRequest, PreparedImage } from '../images/types.js';
import type { ImageItem, Page } from '../layout/types.js';
import { endDeflated, type PdfRef } from './streams.js';
import { drawSvgOnce } from './svg-replay.js';

/**
 * Pixels per inch written for each edition. Print keeps up to 300 ppi at the printed size (what the press
 * resolves; more only makes the file larger); the screen edition 200 ppi, sharp on a high-density display.
 */
export const OUTPUT_PPI = { screen: 200, print: 300 } as const;

type PdfEdition = 'screen' | 'print';

/** What painting needs, made before it: prepared pixels by request key, SVG sources and their colours. */
export interface PreparedPictures {
  raster: Map<string, PreparedImage>;
  svg: Map<string, PreparedSvg>;
}

function requestFor(item: ImageItem, edition: PdfEdition): ImageRequest {
  const probe = probeImage(item.path);
  if (!probe.ok) throw new DiagnosticError([error(codes.imageMissing, `picture '${item.file}': ${probe.problem.message}`, item.span)]);
  const ppi = OUTPUT_PPI[edition];
  return {
    info: probe.info,
    crop: item.crop,
    outWidthPx: pixelsFor(item.wPt, ppi, item.crop.width),
    outHeightPx: pixelsFor(item.hPt, ppi, item.crop.height),
    target: edition,
  };
}

/** Prepare every picture the pages place, each distinct one once (converted in parallel by libvips' threads). */
export async function preparePictures(pages: Page[], edition: PdfEdition, fonts: FontRegistry, lang?: string): Promise<PreparedPictures> {
  const raster = new Map<string, PreparedImage>();
  const svg: PreparedPictures['svg'] = new Map();
  const jobs = new Map<string, Promise<void>>();
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'image') continue;
      if (item.format === 'svg') {
        if (!svg.has(item.path)) {
          const text = svgForLanguage(readFileSync(item.path, 'utf8'), lang);
          const { regular, bold } = svgTextFonts(fonts, text);
          svg.set(item.path, {
            text,
            sha256: createHash('sha256').update(text).digest('hex'),
            cmyk: edition === 'print' ? await svgColoursToCmyk(text) : new Map(),
            fonts: { regular: regular?.id, bold: bold?.id },
            fontFiles: [regular, bold].map((f) => (f ? `${f.id} ${f.stamp}` : '')).join('|'),
          });
        }
        continue;
      }
      const request = requestFor(item, edition);
      const key = requestKey(request);
      if (jobs.has(key)) continue;
      jobs.set(
        key,
        prepareImage(request).then(
          (prepared) => void raster.set(key, prepared),
          (e: Error) => {
            throw new DiagnosticError([error(codes.imageFormat, `picture '${item.file}' cannot be converted: ${e.message.split('\n')[0]}`, item.span)]);
          },
        ),
      );
    }
  }
  await Promise.all(jobs.values());
  return { raster, svg };
}


const colourKey = (rgb: number[]): string => rgb.map((v) => Math.round(Number(v))).join(',');

/**
 * An SVG's colours in CMYK, by its text: they depend on nothing else, and finding them (drawing the SVG once into a
 * scratch document, then the FOGRA39 transform) cost ~15 ms a print edition, again on every `watch` rebuild.
 */
const svgCmyk = new Map<string, Promise<Map<string, [number, number, number, number]>>>();
const SVG_CMYK_KEPT = 32;

function svgColoursToCmyk(text: string): Promise<Map<string, [number, number, number, number]>> {
  let known = svgCmyk.get(text);
  if (!known) {
    known = findSvgColoursInCmyk(text);
    known.catch(() => svgCmyk.delete(text));
    if (svgCmyk.size >= SVG_CMYK_KEPT) svgCmyk.delete(svgCmyk.keys().next().value!);
    svgCmyk.set(text, known);
  }
  return known;
}

/** Every colour an SVG uses, found by drawing it once into a scratch document, → CMYK through FOGRA39. */
async function findSvgColoursInCmyk(text: string): Promise<Map<string, [number, number, number, number]>> {
  const seen = svgColours(text);
  const keys = [...seen.keys()];
  const cmyk = await rgbToCmyk(keys.map((k) => seen.get(k)!));
  return new Map(keys.map((k, i) => [k, cmyk[i]!]));
}

/**
 * The colours svg-to-pdfkit draws an SVG with, by their key. Kept in the disk cache under the SVG's text and
 * svg-to-pdfkit's version (what else decides them), as the scratch drawing cost ~25 ms of a fresh process.
 */
function svgColours(text: string): Map<string, [number, number, number]> {
  const key = `svg colours ${dependencyVersion('svg-to-pdfkit')}|${createHash('sha256').update(text).digest('hex')}`;
  const kept = readCacheEntry('images', key);
  if (kept) {
    try {
      const list = JSON.parse(kept.toString('utf8')) as unknown;
      if (Array.isArray(list) && list.every((c) => Array.isArray(c) && c.length === 3 && c.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
        return new Map((list as [number, number, number][]).map((rgb) => [colourKey(rgb), rgb]));
      }
    } catch {
      /* not ours: draw again */
    }
  }
  const seen = drawForColours(text);
  writeCacheEntry('images', key, Buffer.from(JSON.stringify([...seen.values()]), 'utf8'));
  return seen;
}

function drawForColours(text: string): Map<string, [number, number, number]> {
  const seen = new Map<string, [number, number, number]>();
  const scratch = new PDFDocument({ autoFirstPage: true, compress: false });
  scratch.on('data', () => undefined);
  SVGtoPDF(scratch, text, 0, 0, {
    // svg-to-pdfkit asks about every paint value it parses; one that is not a colour (url(#gradient), none) comes as undefined.
    colorCallback: (colour: [number[], number] | undefined) => {
      if (!colour) return colour;
      const rgb = colour[0].map(Number) as [number, number, number];
      seen.set(colourKey(rgb), rgb);
      return colour;
    },
    warningCallback: () => undefined,
    fontCallback: () => 'Helvetica',
  });
  scratch.end();
  return seen;
}

/** An SVG as an edition draws it: its text converted for the script, its colours for print, the fonts its text is set in. */
interface PreparedSvg {
  text: string;
  sha256: string;
  cmyk: Map<string, [number, number, number, number]>;
  fonts: { regular: string | undefined; bold: string | undefined };
  /** The font files the text is set in, by id and stamp: a recorded drawing is replayed only with the same ones. */
  fontFiles: string;
}

/** Paints pictures into one document: XObjects written once per prepared picture. */
export interface PicturePainter {
  paint(item: ImageItem): void;
  /** Font ids SVG text may use (so their ToUnicode maps are written). */
  fontIds: string[];
}

export function picturePainter(doc: PDFKit.PDFDocument, prepared: PreparedPictures, edition: PdfEdition): PicturePainter {
  const objects = new Map<string, { label: string; ref: unknown }>();
  const internals = doc as unknown as { ref(data: object): PdfRef; page: { xobjects: Record<string, unknown> } };
  const xobject = (key: string, image: PreparedImage): { label: string; ref: unknown } => {
    const had = objects.get(key);
    if (had) return had;
    const dict: Record<string, unknown> = {
      Type: 'XObject',
      Subtype: 'Image',
      Width: image.widthPx,
      Height: image.heightPx,
      BitsPerComponent: 8,
      ColorSpace: image.colour === 'cmyk' ? 'DeviceCMYK' : 'DeviceRGB',
    };
    // A JPEG goes in as it is (DCTDecode); raw samples come deflated (FlateDecode).
    if (image.encoding === 'jpeg') dict.Filter = 'DCTDecode';
    if (image.adobeInverted) dict.Decode = [1, 0, 1, 0, 1, 0, 1, 0];
    if (image.alpha) {
      const mask = internals.ref({ Type: 'XObject', Subtype: 'Image', Width: image.widthPx, Height: image.heightPx, BitsPerComponent: 8, ColorSpace: 'DeviceGray' });
      endDeflated(mask, image.alpha);
      dict.SMask = mask;
    }
    const ref = internals.ref(dict);
    if (image.encoding === 'flate') endDeflated(ref, image.data);
    else ref.end(image.data);
    const made = { label: `SpIm${objects.size + 1}`, ref };
    objects.set(key, made);
    return made;
  };
  return {
    fontIds: [...new Set([...prepared.svg.values()].flatMap((s) => [s.fonts.regular, s.fonts.bold]).filter((f): f is string => f !== undefined))],
    paint(item) {
      if (item.format === 'svg') {
        const svg = prepared.svg.get(item.path);
        if (!svg) throw new Error(`pdf: SVG ${item.file} was not prepared`);
        drawSvg(doc, item, svg, edition);
        return;
      }
      const key = requestKey(requestFor(item, edition));
      const image = prepared.raster.get(key);
      if (!image) throw new Error(`pdf: picture ${item.file} was not prepared`);
      const { label, ref } = xobject(key, image);
      internals.page.xobjects[label] = ref;
      // The unit square, scaled to the frame and flipped (image space has its origin at the top-left).
      doc.save();
      doc.transform(item.wPt, 0, 0, -item.hPt, item.xPt, item.yPt + item.hPt);
      doc.addContent(`/${label} Do`);
      doc.restore();
    },
  };
}

function drawSvg(
  doc: PDFKit.PDFDocument,
  item: ImageItem,
  svg: PreparedSvg,
  edition: PdfEdition,
): void {
  const probe = probeImage(item.path);
  if (!probe.ok) throw new DiagnosticError([error(codes.imageMissing, `picture '${item.file}': ${probe.problem.message}`, item.span)]);
  const { crop } = item;
  // The crop (in the SVG's user units) fills the frame; the rest is clipped away.
  const scale = item.wPt / crop.width;
  doc.save();
  doc.rect(item.xPt, item.yPt, item.wPt, item.hPt).clip();
  const x = item.xPt - crop.left * scale;
  const y = item.yPt - crop.top * scale;
  const width = probe.info.widthPx * scale;
  const height = probe.info.heightPx * scale;
  // Everything the drawing depends on (the colours follow from the text and the edition).
  const key = JSON.stringify([svg.sha256, edition, svg.fonts.regular, svg.fonts.bold, svg.fontFiles, x, y, width, height]);
  drawSvgOnce(doc, key, (target) => drawWithSvgToPdfkit(target, item, svg, edition, { x, y, width, height }));
  doc.restore();
}

function drawWithSvgToPdfkit(
  doc: PDFKit.PDFDocument,
  item: ImageItem,
  svg: PreparedSvg,
  edition: PdfEdition,
  { x, y, width, height }: { x: number; y: number; width: number; height: number },
): void {
  const { fonts } = svg;
  SVGtoPDF(doc, svg.text, x, y, {
    width,
    height,
    preserveAspectRatio: 'xMidYMid meet',
    assumePt: true,
    // Text is set in the edition's fonts (svgTextFonts), whatever family the SVG names: every glyph is embedded and copies back.
    fontCallback: (_family, isBold) => (isBold ? fonts.bold : fonts.regular) ?? 'Helvetica',
    warningCallback: () => undefined,
    ...(edition === 'print'
      ? {
          colorCallback: (colour: [number[], number] | undefined): [number[], number] | undefined => {
            if (!colour) return colour;
            const cmyk = svg.cmyk.get(colourKey(colour[0]));
            if (!cmyk) throw new Error(`pdf: SVG colour ${colourKey(colour[0])} of ${item.file} has no CMYK value`);
            return [cmyk, colour[1]];
          },
        }
      : {}),
  });
}
