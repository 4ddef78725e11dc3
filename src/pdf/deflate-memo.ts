// Streams deflated once per process: a `watch` rebuild or a batch edition writes most pages, ToUnicode maps and
// drawings with the very bytes the last PDF had, and pdfkit deflated each again (~5 ms of a warm screen rebuild,
// most of it pages an edit did not touch). A stream's deflated bytes are kept by the SHA-256 of its bytes.
// src/pdf/output.ts deflates pdfkit's streams with it.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

// Bounded by bytes kept: a long `watch` session or a large batch sees many pages.
const BYTES_LIMIT = 32 * 1024 * 1024;
const memory = new Map<string, Buffer>();
let kept = 0;

/** `raw` deflated with zlib's defaults, as pdfkit deflates a stream: from the memo when these bytes were seen. */
export function deflated(raw: Buffer): Buffer {
  const key = createHash('sha256').update(raw).digest('base64');
  const known = memory.get(key);
  if (known) {
    memory.delete(key);
    memory.set(key, known);
    return known;
  }
  const out = deflateSync(raw);
  memory.set(key, out);
  kept += out.length;
  while (kept > BYTES_LIMIT) {
    const [oldest, bytes] = memory.entries().next().value!;
    memory.delete(oldest);
    kept -= bytes.length;
  }
  return out;
}
