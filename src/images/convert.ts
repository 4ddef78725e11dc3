// An image request (file, crop, output size, target) → pixels ready to embed (PreparedImage), through sharp
// (libvips): decoded, cropped, resampled, and for print converted to CMYK through the FOGRA39 profile with
// lcms (a colour-managed transform, relative colorimetric by default). Each distinct request is converted
// once per process and reused: a picture on ten pages of ten editions is one conversion per size and target;
// and once per machine: a conversion is kept on disk (disk-cache.ts) for the next process that asks for it.
import type { Sharp } from 'sharp';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { dependencyVersion } from '../cache/versions.js';
import { readCachedImage, writeCachedImage } from './disk-cache.js';
import { loadSharp } from './sharp.js';
import type { CropPx, ImageRequest, PreparedImage } from './types.js';
import { MAX_IMAGE_PIXELS } from './probe.js';

/** The print condition's profile, the one the print edition's output intent embeds (assets/icc). */
export const FOGRA39_PROFILE = fileURLToPath(new URL('../../assets/icc/FOGRA39L_coated.icc', import.meta.url));

/**
 * Fixed encoder settings: the same pixels give the same bytes. Metadata (EXIF, XMP, ICC, timestamps) is
 * never written: sharp drops it unless asked to keep it. Baseline Huffman-optimised JPEG, 4:2:0.
 */
const JPEG = { quality: 88, chromaSubsampling: '4:2:0', optimiseCoding: true, progressive: false, mozjpeg: false } as const;
const DECK_JPEG = { ...JPEG, quality: 82 } as const;
const PNG = { compressionLevel: 9, adaptiveFiltering: false, palette: false, progressive: false } as const;

/**
 * How much work images cost in this process: conversions done, requests answered from memory and from the
 * disk cache, time spent.
 */
export interface ImageStats {
  conversions: number;
  cacheHits: number;
  diskHits: number;
  ms: number;
}
const stats: ImageStats = { conversions: 0, cacheHits: 0, diskHits: 0, ms: 0 };
export function imageStats(): ImageStats {
  return { ...stats };
}

// Bounded, so that a long `watch` session does not keep every version of every picture.
const CACHE_LIMIT = 96;
const cache = new Map<string, Promise<PreparedImage>>();

export function requestKey(r: ImageRequest): string {
  const c = r.crop;
  return `${r.info.sha256}|${c.left},${c.top},${c.width},${c.height}|${r.outWidthPx}x${r.outHeightPx}|${r.target}`;
}

let converterMemo: string | undefined;
/** Everything besides the request that decides a conversion's bytes: the disk cache's key includes it. */
function converterId(): string {
  converterMemo ??= createHash('sha256')
    // sharp's release fixes the libvips it is built with: its version stands for both, without loading them.
    .update(JSON.stringify({ sharp: dependencyVersion('sharp'), JPEG, DECK_JPEG, PNG, zlib: process.versions.zlib }))
    .update(readFileSync(FOGRA39_PROFILE))
    .digest('hex')
    .slice(0, 16);
  return converterMemo;
}

/** The pixels for `request`, converted once per process for each distinct request. */
export function prepareImage(request: ImageRequest): Promise<PreparedImage> {
  const key = requestKey(request);
  const hit = cache.get(key);
  if (hit) {
    stats.cacheHits += 1;
    // Most recently used last: the oldest entry is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const started = performance.now();
  const job = fromDiskOrConvert(request).finally(() => {
    stats.ms += performance.now() - started;
  });
  // A failed conversion is not kept: the next build tries again (the file may have been fixed).
  job.catch(() => cache.delete(key));
  cache.set(key, job);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  return job;
}

async function fromDiskOrConvert(request: ImageRequest): Promise<PreparedImage> {
  const diskKey = `${converterId()}|${requestKey(request)}`;
  const cached = readCachedImage(diskKey);
  if (cached) {
    stats.diskHits += 1;
    return cached;
  }
  const image = await convert(request, await loadSharp());
  stats.conversions += 1;
  writeCachedImage(diskKey, image);
  return image;
}

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

async function convert(request: ImageRequest, sharp: typeof import('sharp').default): Promise<PreparedImage> {
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
    const data = await cmyk.jpeg(JPEG).toBuffer();
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

/**
 * Flat sRGB colours (an SVG's fills and strokes) → CMYK percentages through the same FOGRA39 transform as
 * the pictures, in one pass: the colours are the pixels of a one-row image.
 */
export async function rgbToCmyk(colours: [number, number, number][]): Promise<[number, number, number, number][]> {
  if (colours.length === 0) return [];
  // Kept in the disk cache like the pictures (same transform, same key parts), so a print edition whose SVGs'
  // colours were converted before does not load sharp for them.
  const key = `cmyk ${converterId()}|${JSON.stringify(colours)}`;
  const kept = readCacheEntry('images', key);
  if (kept) {
    try {
      const cmyk = JSON.parse(kept.toString('utf8')) as [number, number, number, number][];
      if (Array.isArray(cmyk) && cmyk.length === colours.length) return cmyk;
    } catch {
      /* convert afresh */
    }
  }
  const cmyk = await transformToCmyk(colours);
  writeCacheEntry('images', key, Buffer.from(JSON.stringify(cmyk), 'utf8'));
  return cmyk;
}

async function transformToCmyk(colours: [number, number, number][]): Promise<[number, number, number, number][]> {
  const pixels = Buffer.from(colours.flatMap((c) => c.map((v) => Math.max(0, Math.min(255, Math.round(v))))));
  const sharp = await loadSharp();
  const out = await sharp(pixels, { raw: { width: colours.length, height: 1, channels: 3 } })
    .withIccProfile(FOGRA39_PROFILE, { attach: false })
    .raw()
    .toBuffer();
  const round = (v: number): number => Math.round((v / 255) * 1000) / 10;
  return colours.map((_, i) => [round(out[i * 4]!), round(out[i * 4 + 1]!), round(out[i * 4 + 2]!), round(out[i * 4 + 3]!)]);
}
