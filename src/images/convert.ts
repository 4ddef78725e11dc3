// An image request (file, crop, output size, target) → pixels ready to embed (PreparedImage), through sharp
// (libvips): decoded, cropped, resampled, and for print converted to CMYK through the FOGRA39 profile with
// lcms (a colour-managed transform, relative colorimetric by default). Each distinct request is converted
// once per process and reused: a picture on ten pages of ten editions is one conversion per size and target;
// and once per machine: a conversion is kept on disk (disk-cache.ts) for the next process that asks for it.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { dependencyVersion } from '../cache/versions.js';
import { readCachedImage, writeCachedImage } from './disk-cache.js';
import { inPixelProcess } from './pixels-process.js';
import type { ImageRequest, PreparedImage } from './types.js';
import { DECK_JPEG, FOGRA39_PROFILE, JPEG, PNG, PRINT_JPEG } from './pixels.js';



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
    .update(JSON.stringify({ sharp: dependencyVersion('sharp'), JPEG, DECK_JPEG, PRINT_JPEG, PNG, zlib: process.versions.zlib }))
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
  const image = await inPixelProcess({ op: 'convert', request });
  stats.conversions += 1;
  writeCachedImage(diskKey, image);
  return image;
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
  const cmyk = await inPixelProcess({ op: 'cmyk', colours });
  writeCacheEntry('images', key, Buffer.from(JSON.stringify(cmyk), 'utf8'));
  return cmyk;
}
