// The document's identity derived from its bytes: the trailer /ID (PDF 32000-1 §14.4) and the XMP
// DocumentID/InstanceID. pdfkit's default ID hashes the Info dictionary, so two different documents with
// the same title and date share an ID. The file is written with fixed placeholders, hashed, and the
// placeholders are replaced by the hash; the replacement keeps every byte offset (xref) valid.
import { createHash } from 'node:crypto';

/** 16 bytes that the writer puts where the ID goes ("silkpress-doc-id"). */
export const ID_PLACEHOLDER = Buffer.from('silkpress-doc-id', 'latin1');

/** `uuid:…` of 16 bytes; sets the RFC 9562 version 8 (custom) and variant bits. */
export function uuidOf(bytes: Uint8Array, { setVersion }: { setVersion: boolean }): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  if (setVersion) {
    b[6] = (b[6]! & 0x0f) | 0x80;
    b[8] = (b[8]! & 0x3f) | 0x80;
  }
  const h = b.toString('hex');
  return `uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The XMP placeholder: same length as any uuid the stamp writes. */
export const UUID_PLACEHOLDER = uuidOf(ID_PLACEHOLDER, { setVersion: false });

function replaceAll(buf: Buffer, from: string, to: string, expected: number, what: string): void {
  const needle = Buffer.from(from, 'latin1');
  const value = Buffer.from(to, 'latin1');
  if (needle.length !== value.length) throw new Error(`document id: ${what} changes length`);
  let count = 0;
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + needle.length)) {
    value.copy(buf, at);
    count++;
  }
  if (count !== expected) throw new Error(`document id: expected ${expected} ${what} placeholders, found ${count}`);
}

/**
 * Replace the ID placeholders of a finished PDF by the first 16 bytes of its SHA-256. The file comes as its
 * writer made it: `head`, the pieces before what pdfkit wrote as the document ended, and that `tail`, which holds
 * every placeholder (the trailer's /ID and, `xmpIds` of them, the XMP packet's uuids; 0 when the file has no
 * packet of ours). Only the tail is searched and stamped, in place; the head's pieces are hashed once, and the
 * stamped file's SHA-256 continues that hash. Nothing is copied into one buffer: a 6.5 MB print PDF copied into
 * fresh memory cost ~20 ms on the benchmark's machine.
 */
export function stampDocumentId(head: readonly Buffer[], tail: Buffer, xmpIds: number): { parts: Buffer[]; sha256: string } {
  const hashed = createHash('sha256');
  for (const piece of head) hashed.update(piece);
  const stamped = hashed.copy();
  const hash = hashed.update(tail).digest().subarray(0, 16);
  // The trailer writes the ID twice: the permanent and the changing identifier of a new file are equal.
  replaceAll(tail, `<${ID_PLACEHOLDER.toString('hex')}>`, `<${Buffer.from(hash).toString('hex')}>`, 2, 'trailer /ID');
  replaceAll(tail, UUID_PLACEHOLDER, uuidOf(hash, { setVersion: true }), xmpIds, 'XMP uuid');
  return { parts: [...head, tail], sha256: stamped.update(tail).digest('hex') };
}
