// pdfkit's output, written with the same bytes and fewer copies. pdfkit turns every string it writes (each
// content-stream operator, each object's head and dictionary) into bytes with a JavaScript loop, one small array
// per string; concatenates a stream's pieces before writing it, even a picture of one piece; and hands every piece
// of the file to a Node stream, whose pieces are concatenated once more at the end. For a batch edition's three
// PDFs that was ~40 ms of ~250, and as much garbage to collect.
//
// Here strings are kept as strings until bytes must follow them, then encoded at once (latin1, the low byte of each
// code unit, as pdfkit's own conversion does); a stream of one piece is written as that piece; streams pdfkit
// would deflate go through the memo (deflate-memo.ts); and the file's pieces are collected here, not by the Node
// stream. Every dictionary gets its keys and values as pdfkit's own writes give them, in the same order.
import type { Readable } from 'node:stream';
import { deflated } from './deflate-memo.js';

/** pdfkit's PDFReference (not exported by pdfkit), as far as this touches it. */
interface ReferenceInternals {
  compress: boolean;
  buffer: Uint8Array[];
  uncompressedLength: number;
  data: Record<string, unknown>;
  write(chunk: unknown): void;
  finalize(): void;
}

/** pdfkit's PDFDocument (not exported by pdfkit), as far as this touches it. */
interface DocumentInternals {
  ref(data?: object): ReferenceInternals;
  _write(data: unknown): void;
  _offset: number;
  _security?: unknown;
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/**
 * Make every stream object of `doc` keep its written strings as text until finalised, write a one-piece stream
 * without copying it, and take deflated bytes from the memo. Encrypted documents are left to pdfkit.
 */
export function writeStreams(doc: PDFKit.PDFDocument): void {
  const internals = doc as unknown as DocumentInternals;
  const ref = internals.ref.bind(doc);
  internals.ref = (data?: object) => {
    const made = ref(data);
    const write = made.write.bind(made);
    let text = '';
    const flush = (): void => {
      if (text === '') return;
      made.buffer.push(Buffer.from(text, 'latin1'));
      text = '';
    };
    made.write = (chunk: unknown): void => {
      if (chunk instanceof Uint8Array) {
        flush();
        write(chunk);
        return;
      }
      const s = `${chunk as string}\n`;
      text += s;
      // What pdfkit's write does besides keeping the bytes, in its order (a dictionary's keys are written in the
      // order they were added).
      made.uncompressedLength += s.length;
      if (made.data.Length == null) made.data.Length = 0;
      (made.data as { Length: number }).Length += s.length;
      if (made.compress) made.data.Filter = 'FlateDecode';
    };
    const finalize = made.finalize.bind(made);
    made.finalize = (): void => {
      flush();
      if (made.buffer.length === 0 || internals._security) {
        finalize();
        return;
      }
      let body = made.buffer.length === 1 ? asBuffer(made.buffer[0]!) : Buffer.concat(made.buffer);
      if (made.compress) {
        body = deflated(body);
        made.compress = false;
      }
      made.data.Length = body.length;
      // pdfkit's finalize, given no pieces, writes the object's head, its dictionary and `endobj`: the stream is
      // written just before `endobj`, as pdfkit writes it, without concatenating it again.
      made.buffer = [];
      const writeOut = internals._write;
      internals._write = (d: unknown): void => {
        if (d === 'endobj') {
          writeOut.call(doc, 'stream');
          writeOut.call(doc, body);
          writeOut.call(doc, '\nendstream');
        }
        writeOut.call(doc, d);
      };
      try {
        finalize();
      } finally {
        internals._write = writeOut;
      }
    };
    return made;
  };
}

/** What `doc` writes, collected as it is written. */
export interface CollectedOutput {
  /** From here on, what is written is the file's tail (pdfkit's ending of the document: XMP, catalog, trailer). */
  markTail(): void;
  /**
   * The file once the document has ended: the pieces written before the mark (some of them shared with the
   * memos: never to be changed) and the tail, one buffer of its own.
   */
  done: Promise<{ head: Buffer[]; tail: Buffer }>;
}

/**
 * Collect what `doc` writes, its pieces kept here rather than passed through the Node stream, strings kept as
 * text until bytes follow them. Call before anything else is written (pdfkit's header, written as the document
 * was made, is taken from the stream).
 */
export function collectOutput(doc: PDFKit.PDFDocument): CollectedOutput {
  const internals = doc as unknown as DocumentInternals;
  const stream = doc as unknown as Readable;
  const parts: Buffer[] = [];
  const header = stream.read() as Buffer | null;
  if (header) parts.push(header);
  let text = '';
  const flush = (): void => {
    if (text === '') return;
    parts.push(Buffer.from(text, 'latin1'));
    text = '';
  };
  internals._write = (data: unknown): void => {
    if (data instanceof Uint8Array) {
      flush();
      parts.push(asBuffer(data));
      internals._offset += data.length;
      return;
    }
    const s = `${data as string}\n`;
    text += s;
    internals._offset += s.length;
  };
  let tailFrom: number | undefined;
  const done = new Promise<{ head: Buffer[]; tail: Buffer }>((resolve, reject) => {
    stream.on('end', () => {
      flush();
      const at = tailFrom ?? parts.length;
      // Buffer.concat always makes a new buffer: the tail is stamped in place.
      resolve({ head: parts.slice(0, at), tail: Buffer.concat(parts.slice(at)) });
    });
    stream.on('error', reject);
    // Nothing more reaches the stream but its end.
    stream.on('data', () => undefined);
  });
  return {
    markTail: () => {
      flush();
      tailFrom = parts.length;
    },
    done,
  };
}
