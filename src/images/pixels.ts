// The work libvips does for silkpress (through sharp), here and now, with no caching: a picture request → pixels
// ready to embed; whether a file decodes; flat colours → CMYK. Run in a child process of its own
// (pixels-process.ts), or in this one when that cannot be started.
import type { Sharp } from 'sharp';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { MAX_IMAGE_PIXELS } from './probe.js';
import { loadSharp } from './sharp.js';
import type { CropPx, ImageRequest, PreparedImage } from './types.js';

/** The print condition's profile, the one the print edition's output intent embeds (assets/icc). */
export const FOGRA39_PROFILE = fileURLToPath(new URL('../../assets/icc/FOGRA39L_coated.icc', import.meta.url));

/**
 * Fixed encoder settings: the same pixels give the same bytes. Metadata (EXIF, XMP, ICC, timestamps) is
 * never written: sharp drops it unless asked to keep it. Baseline Huffman-optimised JPEG, 4:2:0.
 */
export const JPEG = { quality: 88, chromaSubsampling: '4:2:0', optimiseCoding: true, progressive: false, mozjpeg: false } as const;
export const DECK_JPEG = { ...JPEG, quality: 82 } as const;
/**
 * Print's CMYK JPEGs keep libjpeg's standard Huffman tables: optimising them holds every DCT coefficient of the
 * picture until the end (a full-bleed 2551 × 2210 px picture: ~90 MiB), for files ~8 % smaller.
 */
export const PRINT_JPEG = { ...JPEG, optimiseCoding: false } as const;
export const PNG = { compressionLevel: 9, adaptiveFiltering: false, palette: false, progressive: false } as const;

function source(sharp: typeof import('sharp').default, request: ImageRequest): Sharp {
  const { info, crop } = request;
  // SVG is rasterised only for the deck; render it at the density that gives at least the pixels asked for.
  const density = info.format === 'svg' ? Math.min(2400, Math.max(72, Math.ceil((72 * request.outWidthPx) / crop.width))) : undefined;
  const scale = density ? density / 72 : 1;
  const input = sharp(info.file, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', ...(density ? { density } : {}) });
  const region: CropPx = {
    left: Math.floor(crop.left * scale),
    top: Math.floor(crop.top * scale),
    width: Math.max(1, Math.floor(crop.width * scale)),
    height: Math.max(1, Math.floor(crop.height * scale)),
  };
  const whole = region.left === 0 && region.top === 0 && Math.abs(region.width - info.widthPx * scale) < 1 && Math.abs(region.height - info.heightPx * scale) < 1;
  const cropped = whole ? input : input.extract(region);
  // The crop already has the frame's aspect: `fill` only scales, by the same factor both ways to within a pixel.
  return cropped.resize(request.outWidthPx, request.outHeightPx, { fit: 'fill', kernel: 'lanczos3' });
}

/** `request`'s pixels, converted here and now (no cache). */
export async function convertPixels(request: ImageRequest): Promise<PreparedImage> {
  const sharp = await loadSharp();
  const { info, target } = request;
  const size = { widthPx: request.outWidthPx, heightPx: request.outHeightPx };
  if (target === 'deck') {
    // PNG where there is transparency or line art (PNG and SVG sources), JPEG for photographs.
    if (info.format === 'jpeg') {
      const data = await source(sharp, request).toColourspace('srgb').jpeg(DECK_JPEG).toBuffer();
      return { ...size, colour: 'rgb', encoding: 'jpeg', data };
    }
    const data = await source(sharp, request).toColourspace('srgb').png(PNG).toBuffer();
    return { ...size, colour: 'rgb', encoding: 'png', data };
  }
  if (info.format === 'svg') throw new Error('convert: an SVG is drawn as vectors in a PDF, never rasterised');
  // Raw samples are deflated here, as pdfkit's stream compression would (zlib's defaults, the same bytes),
  // so what the disk cache keeps is what the PDF embeds.
  const alpha = info.hasAlpha ? deflateSync(await source(sharp, request).ensureAlpha().extractChannel(3).raw().toBuffer()) : undefined;
  const withAlpha = alpha ? { alpha } : {};
  if (target === 'screen') {
    // The picture as supplied, in sRGB (an embedded profile is honoured on the way in).
    const rgb = source(sharp, request).removeAlpha().toColourspace('srgb');
    if (info.format === 'jpeg') return { ...size, colour: 'rgb', encoding: 'jpeg', data: await rgb.jpeg(JPEG).toBuffer() };
    return { ...size, colour: 'rgb', encoding: 'flate', data: deflateSync(await rgb.raw().toBuffer()), ...withAlpha };
  }
  // Print: through lcms from the source's profile (sRGB when it has none) to FOGRA39.
  const cmyk = source(sharp, request).removeAlpha().withIccProfile(FOGRA39_PROFILE, { attach: false });
  if (info.format === 'jpeg') {
    const data = await cmyk.jpeg(PRINT_JPEG).toBuffer();
    return { ...size, colour: 'cmyk', encoding: 'jpeg', data, adobeInverted: hasAdobeMarker(data) };
  }
  const raw = await cmyk.raw().toBuffer({ resolveWithObject: true });
  if (raw.info.channels !== 4) throw new Error(`convert: expected 4 CMYK channels from the FOGRA39 transform, got ${raw.info.channels}`);
  return { ...size, colour: 'cmyk', encoding: 'flate', data: deflateSync(raw.data), ...withAlpha };
}

/** Whether a JPEG carries Adobe's APP14 marker, with which CMYK samples are stored inverted. */
export function hasAdobeMarker(jpeg: Buffer): boolean {
  let i = 2;
  while (i + 4 < jpeg.length && jpeg[i] === 0xff) {
    const marker = jpeg[i + 1]!;
    if (marker === 0xda) return false; // start of scan: no more markers
    const len = jpeg.readUInt16BE(i + 2);
    if (marker === 0xee && jpeg.toString('latin1', i + 4, i + 9) === 'Adobe') return true;
    i += 2 + len;
  }
  return false;
}

/** Flat sRGB colours → FOGRA39 CMYK percentages, as the pixels of a one-row image. */
export async function transformToCmyk(colours: [number, number, number][]): Promise<[number, number, number, number][]> {
  const pixels = Buffer.from(colours.flatMap((c) => c.map((v) => Math.max(0, Math.min(255, Math.round(v))))));
  const sharp = await loadSharp();
  const out = await sharp(pixels, { raw: { width: colours.length, height: 1, channels: 3 } })
    .withIccProfile(FOGRA39_PROFILE, { attach: false })
    .raw()
    .toBuffer();
  const round = (v: number): number => Math.round((v / 255) * 1000) / 10;
  return colours.map((_, i) => [round(out[i * 4]!), round(out[i * 4 + 1]!), round(out[i * 4 + 2]!), round(out[i * 4 + 3]!)]);
}

/** Decode every pixel of the file at `path` (throws on damaged data); SVG is parsed by librsvg. */
export async function decodePicture(path: string): Promise<void> {
  const sharp = await loadSharp();
  await sharp(path, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).resize(8, 8, { fit: 'fill' }).raw().toBuffer();
}
