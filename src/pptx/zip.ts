// Zip archives ↔ named parts with node's zlib, in one pass each way: what pptxgenjs hands over (stored, not
// deflated) is read without a JavaScript inflater, and the package is deflated once by zlib. The bytes written
// depend only on the parts and the date given: entries in the order given, every one with that date, no
// folder entries, no extra fields, no comment.
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const UTF8_NAME = 0x0800;

/** The files of a zip archive (folder entries dropped), by name, in the central directory's order. */
export function readZip(bytes: Uint8Array): Map<string, Uint8Array> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record is in the last 64 KiB + 22 bytes (its comment is at most 65 535 bytes).
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('readZip: no end of central directory (not a zip archive)');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const out = new Map<string, Uint8Array>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(at) !== CENTRAL) throw new Error('readZip: damaged central directory');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue;
    if (buf.readUInt32LE(local) !== LOCAL) throw new Error(`readZip: damaged entry ${name}`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, inflateRawSync(data));
    else throw new Error(`readZip: ${name} uses compression method ${method}`);
  }
  return out;
}

/** MS-DOS date and time fields (local time is what zip means; the date's UTC fields are used, as JSZip did). */
function dosDateTime(date: Date): { time: number; day: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    day: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

/**
 * The fields a local header and its central directory entry share, in the same order in both: version needed
 * (2.0 for deflate, 1.0 for stored), flags, method, DOS time and date, CRC-32, sizes, name length.
 */
function writeEntryFields(
  buf: Buffer,
  at: number,
  f: { flags: number; method: 0 | 8; time: number; day: number; crc: number; packed: number; raw: number; name: number },
): void {
  buf.writeUInt16LE(f.method === 8 ? 20 : 10, at);
  buf.writeUInt16LE(f.flags, at + 2);
  buf.writeUInt16LE(f.method, at + 4);
  buf.writeUInt16LE(f.time, at + 6);
  buf.writeUInt16LE(f.day, at + 8);
  buf.writeUInt32LE(f.crc, at + 10);
  buf.writeUInt32LE(f.packed, at + 14);
  buf.writeUInt32LE(f.raw, at + 18);
  buf.writeUInt16LE(f.name, at + 22);
}

/**
 * Pictures and other files in formats that are compressed already: deflate shrinks them by a few per cent for
 * most of the zip's writing time, so they are stored, as LibreOffice stores them.
 */
export const COMPRESSED_ALREADY = /\.(?:jpe?g|png|gif|webp|tiff?|mp[34]|m4[av]|zip|xlsx|docx|pptx)$/i;

interface Packed {
  crc: number;
  /** Size before packing. */
  raw: number;
  packed: Uint8Array;
}

function packBytes(content: string | Uint8Array, method: 0 | 8, level: number): Packed {
  const raw = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return { crc: crc32(raw), raw: raw.length, packed: method === 8 ? deflateRawSync(raw, { level }) : raw };
}

/**
 * Deflated texts of the parts written lately, by level and text: most parts of a deck (the masters, layouts and
 * theme, the slides an edit did not touch) are the same text from one build to the next in `watch` and a batch,
 * and deflating its ~180 parts again cost ~12 ms a deck. At most DEFLATED_KEPT_CHARS of text are kept, the
 * least recently used dropped first.
 */
const deflated = new Map<number, Map<string, Packed>>();
const DEFLATED_KEPT_CHARS = 8_000_000;
let deflatedChars = 0;

function deflatedText(text: string, level: number): Packed {
  // By level, then by the text itself (a key made by joining the two would copy every text to look it up).
  let atLevel = deflated.get(level);
  if (!atLevel) deflated.set(level, (atLevel = new Map()));
  const had = atLevel.get(text);
  if (had) {
    atLevel.delete(text);
    atLevel.set(text, had);
    return had;
  }
  const made = packBytes(text, 8, level);
  atLevel.set(text, made);
  deflatedChars += text.length;
  // The least recently used first, level by level (a process uses one level or two).
  for (const texts of deflated.values()) {
    for (const [t] of texts) {
      if (deflatedChars <= DEFLATED_KEPT_CHARS) return made;
      texts.delete(t);
      deflatedChars -= t.length;
    }
  }
  return made;
}

/** A zip of `parts`, in the order given: deflated, but for those COMPRESSED_ALREADY, which are stored. */
export function writeZip(parts: [string, string | Uint8Array][], date: Date, level = 6): Buffer {
  const { time, day } = dosDateTime(date);
  const chunks: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of parts) {
    const method = COMPRESSED_ALREADY.test(name) ? 0 : 8;
    const { crc, raw, packed } = method === 8 && typeof content === 'string' ? deflatedText(content, level) : packBytes(content, method, level);
    const nameBytes = Buffer.from(name, 'utf8');
    const flags = nameBytes.length === name.length ? 0 : UTF8_NAME;
    const entryFields = { flags, method, time, day, crc, packed: packed.length, raw, name: nameBytes.length } as const;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(LOCAL, 0);
    writeEntryFields(header, 4, entryFields); // extra field length (28): 0
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(CENTRAL, 0);
    entry.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    writeEntryFields(entry, 6, entryFields);
    // extra, comment, disk, internal and external attributes: 0
    entry.writeUInt32LE(offset, 42);
    chunks.push(header, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
