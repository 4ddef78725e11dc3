// Prepared pixels ↔ an entry of the disk cache (src/cache/disk.ts): a cold build reads back the pictures an
// earlier process converted (about 1.5 s of converting for the shipped pictures) instead of converting again.
import { packEntry, readCacheEntry, unpackEntry, writeCacheEntry } from '../cache/disk.js';
import type { PreparedImage } from './types.js';

interface EntryMeta {
  widthPx: number;
  heightPx: number;
  colour: PreparedImage['colour'];
  encoding: PreparedImage['encoding'];
  adobeInverted?: boolean;
  dataBytes: number;
  alphaBytes: number;
}

/** The pixels kept for `key`, or undefined. */
export function readCachedImage(key: string): PreparedImage | undefined {
  const payload = readCacheEntry('images', key);
  return payload ? imageFromEntry(payload) : undefined;
}

/** Keep `image` under `key` (never throws). */
export function writeCachedImage(key: string, image: PreparedImage): void {
  writeCacheEntry('images', key, imageToEntry(image));
}

/** Pixels → one buffer (a cache entry, or a message from the picture process). */
export function imageToEntry(image: PreparedImage): Buffer {
  const meta: EntryMeta = {
    widthPx: image.widthPx,
    heightPx: image.heightPx,
    colour: image.colour,
    encoding: image.encoding,
    ...(image.adobeInverted !== undefined ? { adobeInverted: image.adobeInverted } : {}),
    dataBytes: image.data.length,
    alphaBytes: image.alpha?.length ?? 0,
  };
  return packEntry(meta, image.data, ...(image.alpha ? [image.alpha] : []));
}

/** imageToEntry's pixels back, or undefined for bytes that are not such an entry. */
export function imageFromEntry(payload: Buffer): PreparedImage | undefined {
  try {
    const { head: meta, body } = unpackEntry<EntryMeta>(payload);
    if (body.length !== meta.dataBytes + meta.alphaBytes) return undefined;
    const alpha = meta.alphaBytes ? body.subarray(meta.dataBytes) : undefined;
    return {
      widthPx: meta.widthPx,
      heightPx: meta.heightPx,
      colour: meta.colour,
      encoding: meta.encoding,
      data: body.subarray(0, meta.dataBytes),
      ...(alpha ? { alpha } : {}),
      ...(meta.adobeInverted !== undefined ? { adobeInverted: meta.adobeInverted } : {}),
    };
  } catch {
    return undefined;
  }
}
