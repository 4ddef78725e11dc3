// Streams deflated once per process: a `watch` rebuild or a batch edition writes most pages, ToUnicode maps and
// drawings with the very bytes the last PDF had, and pdfkit deflated each again (~5 ms of a warm screen rebuild,
// most of it pages an edit did not touch). A stream's deflated bytes are kept by the SHA-256 of its bytes.
//
// The file is the same bytes as pdfkit's own: the data is deflated with zlib's defaults as pdfkit's
// PDFReference.finalize does, and the dictionary keeps the Length and Filter that pdfkit's write() gave it.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** The parts of pdfkit's PDFReference (not exported by pdfkit) this touches. */
interface ReferenceInternals {
  compress: boolean;
  buffer: Uint8Array[];
  finalize(): void;
}

// Bounded by bytes kept: a long `watch` session or a large batch sees many pages.
const BYTES_LIMIT = 32 * 1024 * 1024;
const memory = new Map<string, Buffer>();
let kept = 0;

/** Make every stream of `doc` that pdfkit would deflate take its deflated bytes from the memo. */
export function memoizeDeflate(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as { ref(data?: object): ReferenceInternals };
  const ref = internals.ref.bind(doc);
  internals.ref = (data?: object) => {
    const made = ref(data);
    const finalize = made.finalize.bind(made);
    made.finalize = () => {
      // Still to be deflated by pdfkit (font programs come deflated already and have `compress` off).
      if (made.compress && made.buffer.length > 0) {
        made.buffer = [deflated(Buffer.concat(made.buffer))];
        made.compress = false;
      }
      finalize();
    };
    return made;
  };
}

function deflated(raw: Buffer): Buffer {
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
