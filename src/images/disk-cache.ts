// A conversion's key → the prepared pixels a previous process made for it, kept in a folder on disk
// (content-addressed), so a fresh `build` does not decode, resample and colour-convert the same pictures again.
// Converting the shipped pictures costs about 1.5 s of a cold build; reading them back costs milliseconds.
//
// Where: $SILKPRESS_CACHE_DIR, else $XDG_CACHE_HOME/silkpress, else ~/.cache/silkpress (as Typst keeps its
// packages under ~/.cache/typst). SILKPRESS_CACHE_DIR=off turns it off. The key covers everything that decides
// the bytes (the source file's sha256, crop, size, target, the encoder settings, sharp's and libvips' versions,
// the print profile), so an entry is never stale; each entry carries the sha256 of its payload and one that
// does not match (a torn or tampered file) is ignored and replaced. Entries are written to a temporary name
// and renamed, so two builds at once never see half an entry. The folder is kept under a size bound, oldest
// first. A cache that cannot be read or written only costs time: the build converts as if it were empty.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { PreparedImage } from './types.js';

/** Bump when the entry format or the meaning of a key changes. */
const FORMAT = 1;
/** The folder is pruned to this size (oldest entries first) when a write takes it over. */
export const CACHE_MAX_BYTES = 256 * 1024 * 1024;

let dirMemo: string | null | undefined;

/** The cache folder for this process, or null when caching is off. */
export function imageCacheDir(): string | null {
  if (dirMemo !== undefined) return dirMemo;
  const env = process.env.SILKPRESS_CACHE_DIR;
  if (env === 'off' || env === '0') return (dirMemo = null);
  const base = env || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'silkpress');
  return (dirMemo = join(base, `images-v${FORMAT}`));
}

/** Forget the folder chosen (tests change SILKPRESS_CACHE_DIR within one process). */
export function resetImageCacheDir(): void {
  dirMemo = undefined;
}

const entryPath = (dir: string, key: string): string => join(dir, createHash('sha256').update(key).digest('hex') + '.bin');

interface EntryMeta {
  key: string;
  widthPx: number;
  heightPx: number;
  colour: PreparedImage['colour'];
  encoding: PreparedImage['encoding'];
  adobeInverted?: boolean;
  dataBytes: number;
  alphaBytes: number;
  sha256: string;
}

const payloadHash = (data: Buffer, alpha: Buffer | undefined): string => {
  const h = createHash('sha256').update(data);
  if (alpha) h.update(alpha);
  return h.digest('hex');
};

/** The entry for `key`, or undefined when there is none or it does not check out. */
export function readCachedImage(key: string): PreparedImage | undefined {
  const dir = imageCacheDir();
  if (!dir) return undefined;
  const file = entryPath(dir, key);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  try {
    const metaLen = bytes.readUInt32BE(0);
    const meta = JSON.parse(bytes.toString('utf8', 4, 4 + metaLen)) as EntryMeta;
    const start = 4 + metaLen;
    if (meta.key !== key || bytes.length !== start + meta.dataBytes + meta.alphaBytes) throw new Error('size');
    const data = bytes.subarray(start, start + meta.dataBytes);
    const alpha = meta.alphaBytes ? bytes.subarray(start + meta.dataBytes) : undefined;
    if (payloadHash(data, alpha) !== meta.sha256) throw new Error('checksum');
    touch(file);
    return {
      widthPx: meta.widthPx,
      heightPx: meta.heightPx,
      colour: meta.colour,
      encoding: meta.encoding,
      data,
      ...(alpha ? { alpha } : {}),
      ...(meta.adobeInverted !== undefined ? { adobeInverted: meta.adobeInverted } : {}),
    };
  } catch {
    // Torn, truncated or not ours: drop it; the conversion writes a good one.
    try {
      unlinkSync(file);
    } catch {
      /* already gone, or not ours to remove */
    }
    return undefined;
  }
}

/** Keep `image` under `key`. Never throws: a cache that cannot be written is only slower. */
export function writeCachedImage(key: string, image: PreparedImage): void {
  const dir = imageCacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true });
    const meta: EntryMeta = {
      key,
      widthPx: image.widthPx,
      heightPx: image.heightPx,
      colour: image.colour,
      encoding: image.encoding,
      ...(image.adobeInverted !== undefined ? { adobeInverted: image.adobeInverted } : {}),
      dataBytes: image.data.length,
      alphaBytes: image.alpha?.length ?? 0,
      sha256: payloadHash(image.data, image.alpha),
    };
    const head = Buffer.from(JSON.stringify(meta), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(head.length);
    const file = entryPath(dir, key);
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, Buffer.concat([len, head, image.data, ...(image.alpha ? [image.alpha] : [])]));
    renameSync(tmp, file);
    prune(dir);
  } catch {
    /* read-only or full: the build goes on without the cache */
  }
}

function touch(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    /* a read-only cache still serves */
  }
}

/** Oldest entries out until the folder is under three quarters of the bound (so pruning is rare). */
function prune(dir: string): void {
  const entries = readdirSync(dir).flatMap((name) => {
    try {
      const s = statSync(join(dir, name));
      return [{ name, bytes: s.size, mtimeMs: s.mtimeMs }];
    } catch {
      return [];
    }
  });
  let total = entries.reduce((n, e) => n + e.bytes, 0);
  if (total <= CACHE_MAX_BYTES) return;
  entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const e of entries) {
    if (total <= CACHE_MAX_BYTES * 0.75) break;
    try {
      unlinkSync(join(dir, e.name));
      total -= e.bytes;
    } catch {
      /* another process removed it */
    }
  }
}
