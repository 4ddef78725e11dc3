// A TrueType font wrapped as WOFF2 (https://www.w3.org/TR/WOFF2/) with every table untransformed: the tables
// back to back, brotli-compressed as one stream, behind WOFF2's header and table directory. Enough for a test
// to hand silkpress a WOFF2 font without a WOFF2 encoder installed.
import { brotliCompressSync, constants } from 'node:zlib';

/** WOFF2's variable-length unsigned integer: 7 bits a byte, most significant first. */
function base128(n: number): number[] {
  const bytes = [n & 0x7f];
  for (let v = n >>> 7; v > 0; v >>>= 7) bytes.unshift(0x80 | (v & 0x7f));
  return bytes;
}

export function woff2FromTtf(ttf: Buffer): Buffer {
  const numTables = ttf.readUInt16BE(4);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 12 + i * 16;
    return { tag: ttf.toString('latin1', at, at + 4), offset: ttf.readUInt32BE(at + 8), length: ttf.readUInt32BE(at + 12) };
  });
  const directory: number[] = [];
  for (const t of tables) {
    // Tag index 63: the tag follows. Transform version: 3 is the null transform for glyf and loca, 0 for the rest.
    const version = t.tag === 'glyf' || t.tag === 'loca' ? 3 : 0;
    directory.push(0x3f | (version << 6), ...Buffer.from(t.tag, 'latin1'), ...base128(t.length));
  }
  const data = Buffer.concat(tables.map((t) => ttf.subarray(t.offset, t.offset + t.length)));
  const compressed = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
  const header = Buffer.alloc(48);
  header.write('wOF2', 0, 'latin1');
  header.writeUInt32BE(ttf.readUInt32BE(0), 4); // the font's flavour (TrueType)
  const length = 48 + directory.length + compressed.length;
  const padded = length + ((4 - (length % 4)) % 4);
  header.writeUInt32BE(padded, 8);
  header.writeUInt16BE(numTables, 12);
  header.writeUInt32BE(12 + 16 * numTables + tables.reduce((n, t) => n + t.length + ((4 - (t.length % 4)) % 4), 0), 16);
  header.writeUInt32BE(compressed.length, 20);
  header.writeUInt16BE(1, 24); // font version 1.0
  return Buffer.concat([header, Buffer.from(directory), compressed, Buffer.alloc(padded - length)]);
}
