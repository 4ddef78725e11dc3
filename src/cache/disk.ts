// A key → bytes that an earlier process computed from the same inputs, kept in a folder on disk
// (content-addressed), so a fresh `build` does not redo work whose inputs have not changed: converting
// pictures (src/images), parsing YAML (src/data/yaml.ts), compiling the layouts (src/template), rendering the
// documents (src/preflight/documents-cache.ts), the script check's findings (src/check/script.ts), subsetting
// fonts (src/pdf/font-programs.ts), deflating the print ICC profile (src/pdf/print.ts), recording SVG drawings
// (src/pdf/svg-replay.ts), packaging the deck (src/pptx/write.ts), setting paragraphs (src/text/engine.ts).
//
// Where: $SILKPRESS_CACHE_DIR, else $XDG_CACHE_HOME/silkpress, else ~/.cache/silkpress (as Typst keeps its
// packages under ~/.cache/typst). SILKPRESS_CACHE_DIR=off turns it off. Callers key an entry by everything
// that decides its bytes (inputs' checksums, library versions, settings), so an entry is never stale. Each
// entry carries its key and a checksum of its payload (CRC-32, 2.5× as fast as the sha256 older entries carry,
// which still checks out): one that does not match (torn, damaged, another key's) is
// ignored and removed. Entries are written under a temporary name and renamed, so two builds at
// once never see half an entry. Each kind of entry has its own folder, kept under a size bound, least
// recently used first out. A cache that cannot be read or written only costs time: never an error.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';

/** Bump when the entry format changes. */
const FORMAT = 1;
/** A kind's folder is pruned to three quarters of this (oldest first) when a write takes it over. */
export const CACHE_MAX_BYTES = 256 * 1024 * 1024;

let rootMemo: string | null | undefined;

/** The cache folder for this process, or null when caching is off. */
export function cacheRoot(): string | null {
  if (rootMemo !== undefined) return rootMemo;
  const env = process.env.SILKPRESS_CACHE_DIR;
  if (env === 'off' || env === '0') return (rootMemo = null);
  return (rootMemo = env || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'silkpress'));
}

/** Forget the folder chosen (tests change SILKPRESS_CACHE_DIR within one process). */
export function resetCacheRoot(): void {
  rootMemo = undefined;
}

/** The kinds of entry, each in a folder of its own: `images-v1/`, `yaml-v1/`, … */
export type CacheKind = 'images' | 'yaml' | 'templates' | 'documents' | 'checks' | 'fonts' | 'streams' | 'drawings' | 'decks' | 'typeset' | 'code';

const kindDir = (root: string, kind: CacheKind): string => join(root, `${kind}-v${FORMAT}`);
const entryName = (key: string): string => createHash('sha256').update(key).digest('hex') + '.bin';

interface EntryHead {
  key: string;
  crc32?: number;
  sha256?: string;
}

/** The head an entry with this payload is written with (zlib.crc32: node 20.15 and later; package.json asks 20.16). */
function entryHead(key: string, payload: Uint8Array): EntryHead {
  return { key, crc32: zlib.crc32(payload) };
}

function checksOut(head: EntryHead, payload: Uint8Array): boolean {
  if (typeof head.crc32 === 'number') return zlib.crc32(payload) === head.crc32;
  return typeof head.sha256 === 'string' && createHash('sha256').update(payload).digest('hex') === head.sha256;
}

/** The payload kept under `key`, or undefined when there is none or it does not check out. */
export function readCacheEntry(kind: CacheKind, key: string): Buffer | undefined {
  const root = cacheRoot();
  if (!root) return undefined;
  const file = join(kindDir(root, kind), entryName(key));
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  // [u32 head length][head JSON: { key, crc32 } or { key, sha256 }][payload]
  try {
    const { head, body: payload } = unpackEntry<EntryHead>(bytes);
    if (head.key !== key || !checksOut(head, payload)) throw new Error('mismatch');
    touch(file);
    return payload;
  } catch {
    // Torn, truncated or not ours: drop it; the caller computes and writes a good one.
    try {
      unlinkSync(file);
    } catch {
      /* already gone, or not ours to remove */
    }
    return undefined;
  }
}

/** Keep `payload` under `key`. Never throws: a cache that cannot be written is only slower. */
export function writeCacheEntry(kind: CacheKind, key: string, payload: Buffer): void {
  const root = cacheRoot();
  if (!root) return;
  try {
    const dir = kindDir(root, kind);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, entryName(key));
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, packEntry(entryHead(key, payload), payload));
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

/** A JSON head and bytes as one payload: [u32 head length][head JSON][body]. */
export function packEntry(head: unknown, ...body: Uint8Array[]): Buffer {
  const json = Buffer.from(JSON.stringify(head), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(json.length);
  return Buffer.concat([len, json, ...body]);
}

/** packEntry's head and body back; throws on a payload that is not one. */
export function unpackEntry<T>(payload: Buffer): { head: T; body: Buffer } {
  const len = payload.readUInt32BE(0);
  return { head: JSON.parse(payload.toString('utf8', 4, 4 + len)) as T, body: payload.subarray(4 + len) };
}
