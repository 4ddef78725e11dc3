// tiny-inflate's function (raw DEFLATE into a given buffer) done by node's zlib. fontkit, unicode-properties and
// linebreak inflate their Unicode tables with it as they load; tiny-inflate's JavaScript decoder, run cold, took
// ~14 ms of every start. scripts/bundle.mjs puts this module where they import tiny-inflate.
import { inflateRawSync } from 'node:zlib';

/**
 * Inflate the raw DEFLATE stream `source` into `dest` and return it, or the part of it written when the data is
 * shorter, as tiny-inflate does. Bytes after the stream's last block are ignored; data longer than `dest` is cut
 * at its length. Broken data throws.
 */
export default function inflate(source: Uint8Array, dest: Uint8Array): Uint8Array {
  const out = inflateRawSync(source);
  const n = Math.min(out.length, dest.length);
  dest.set(out.subarray(0, n));
  return n < dest.length ? dest.slice(0, n) : dest;
}
