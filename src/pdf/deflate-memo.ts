// Streams deflated once per process: a `watch` rebuild or a batch edition writes most pages, ToUnicode maps and
// drawings with the very bytes the last PDF had, and pdfkit deflated each again (~5 ms of a warm screen rebuild,
// most of it pages an edit did not touch). A stream's deflated bytes are kept by the SHA-256 of its bytes.
// src/pdf/output.ts deflates pdfkit's streams with it.
//
// They are also kept on disk for the next process, as one entry (kind `streams`): a cold build of every output
// deflates some 75 streams, ~17 ms, most of it zlib setting up a compressor per stream (a screen build, ~5 ms). The
// entry is read when a process first deflates, and written, like the paragraphs of src/text/engine.ts, as a
// one-off command exits or after each batch edition, if a stream was deflated anew: the streams used since the
// last write first, then others it holds, up to PACK_BYTES. Its key is zlib's identity (src/cache/zlib-identity.ts),
// so a stream is only ever handed the bytes this zlib makes of it.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { cacheRoot, readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { zlibIdentity } from '../cache/zlib-identity.js';

// Bounded by bytes kept: a long `watch` session or a large batch sees many pages.
const BYTES_LIMIT = 32 * 1024 * 1024;
/** At most this many deflated bytes go to disk (the shipped dataset's outputs use ~100 kB). */
const PACK_BYTES = 4 * 1024 * 1024;
const memory = new Map<string, Buffer>();
let kept = 0;

/** Whether the disk entry was read; the streams used since the last write; how many of them were deflated anew. */
let loaded = false;
const used = new Set<string>();
let fresh = 0;
let persistAtExit = false;

const packKey = (): string => `deflated streams 1|${zlibIdentity()}`;

function remember(key: string, bytes: Buffer): void {
  memory.set(key, bytes);
  kept += bytes.length;
  while (kept > BYTES_LIMIT) {
    const [oldest, out] = memory.entries().next().value!;
    memory.delete(oldest);
    kept -= out.length;
  }
}

/** The disk entry's streams into the memo: [u32 count], then per stream [32-byte digest][u32 length][bytes]. */
function load(): void {
  loaded = true;
  if (!cacheRoot()) return;
  const pack = readCacheEntry('streams', packKey());
  if (!pack) return;
  try {
    let at = 4;
    for (let n = pack.readUInt32BE(0); n > 0; n--) {
      const key = pack.toString('base64', at, at + 32);
      const length = pack.readUInt32BE(at + 32);
      at += 36;
      if (at + length > pack.length) throw new Error('truncated');
      // A copy: a slice would keep the whole entry alive for as long as any one stream stays in the memo.
      if (!memory.has(key)) remember(key, Buffer.from(pack.subarray(at, at + length)));
      at += length;
    }
  } catch {
    /* not ours (its checksum held, its layout did not): deflate afresh */
  }
}

/** `raw` deflated with zlib's defaults, as pdfkit deflates a stream: from the memo when these bytes were seen. */
export function deflated(raw: Buffer): Buffer {
  if (!loaded) load();
  const key = createHash('sha256').update(raw).digest('base64');
  // `watch` never writes the entry: what it uses is not kept past a bound.
  if (used.size >= 10_000) used.clear();
  used.add(key);
  const known = memory.get(key);
  if (known) {
    memory.delete(key);
    memory.set(key, known);
    return known;
  }
  const out = deflateSync(raw);
  remember(key, out);
  fresh += 1;
  if (!persistAtExit) {
    persistAtExit = true;
    process.once('beforeExit', persistDeflated);
  }
  return out;
}

/**
 * Write the streams used since the last write (then others the memo holds, newest first, up to PACK_BYTES) to the
 * disk cache, if any was deflated anew since. A one-off command does so as it exits; a batch worker after each edition.
 */
export function persistDeflated(): void {
  if (fresh === 0 || !cacheRoot()) return;
  fresh = 0;
  const keys = [...used].filter((k) => memory.has(k));
  const chosen = new Set(keys);
  for (const k of [...memory.keys()].reverse()) if (!chosen.has(k)) keys.push(k);
  used.clear();
  const parts: Buffer[] = [Buffer.alloc(4)];
  let bytes = 0;
  let count = 0;
  for (const key of keys) {
    const out = memory.get(key)!;
    if (bytes + out.length > PACK_BYTES) continue;
    const head = Buffer.alloc(36);
    Buffer.from(key, 'base64').copy(head, 0);
    head.writeUInt32BE(out.length, 32);
    parts.push(head, out);
    bytes += out.length;
    count += 1;
  }
  parts[0]!.writeUInt32BE(count);
  writeCacheEntry('streams', packKey(), Buffer.concat(parts));
}
