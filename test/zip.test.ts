// The deck's zip writer and reader (node:zlib): what it writes, an independent reader (JSZip) reads back part
// for part with the date given; what JSZip writes, it reads; equal parts give equal bytes.
import fc from 'fast-check';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { COMPRESSED_ALREADY, readZip, writeZip } from '../src/pptx/zip.js';

const date = new Date('2026-04-28T00:00:00Z');
const name = fc.stringMatching(/^[A-Za-z0-9_\-[\]]{1,12}(\/[A-Za-z0-9_]{1,12}){0,3}\.(xml|rels|bin|png|jpeg|JPG)$/);
const content = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.uint8Array({ maxLength: 400 }));
const parts = fc.uniqueArray(fc.tuple(name, content), { selector: ([n]) => n, minLength: 1, maxLength: 12 });

const bytes = (c: string | Uint8Array): Uint8Array => (typeof c === 'string' ? new TextEncoder().encode(c) : c);

describe('writeZip', () => {
  it('writes archives JSZip reads back part for part, in order, with the date given', async () => {
    await fc.assert(
      fc.asyncProperty(parts, async (ps) => {
        const zip = await JSZip.loadAsync(writeZip(ps, date), { checkCRC32: true });
        const files = Object.values(zip.files);
        expect(files.map((f) => f.name)).toEqual(ps.map(([n]) => n));
        for (const [n, c] of ps) {
          expect(await zip.file(n)!.async('uint8array')).toEqual(bytes(c));
          expect(zip.file(n)!.date.toISOString()).toBe(date.toISOString());
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives equal bytes for equal parts, and reads its own archives back', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const a = writeZip(ps, date);
        expect(writeZip(ps, date).equals(a)).toBe(true);
        expect([...readZip(a)].map(([n, d]) => [n, [...d]])).toEqual(ps.map(([n, c]) => [n, [...bytes(c)]]));
      }),
      { numRuns: 60 },
    );
  });
});

/** Each local entry's name, compression method and stored bytes, walked from the start of the archive. */
function localEntries(zip: Buffer): { name: string; method: number; data: Buffer }[] {
  const out: { name: string; method: number; data: Buffer }[] = [];
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const packed = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + zip.readUInt16LE(at + 28);
    out.push({ name: zip.toString('utf8', at + 30, at + 30 + nameLength), method: zip.readUInt16LE(at + 8), data: zip.subarray(start, start + packed) });
    at = start + packed;
  }
  return out;
}

describe('writeZip stores what is compressed already', () => {
  it('stores pictures as they are and deflates the rest', () => {
    fc.assert(
      fc.property(parts, (ps) => {
        const entries = localEntries(writeZip(ps, date));
        expect(entries.map((e) => e.name)).toEqual(ps.map(([n]) => n));
        for (const [i, [n, c]] of ps.entries()) {
          const e = entries[i]!;
          if (/\.(png|jpeg|JPG)$/.test(n)) {
            expect(e.method).toBe(0);
            expect([...e.data]).toEqual([...bytes(c)]);
          } else expect(e.method).toBe(8);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('knows the formats a deck and a workbook carry compressed', () => {
    for (const n of ['ppt/media/image-1-1.jpeg', 'ppt/media/a.JPG', 'ppt/media/b.png', 'ppt/media/c.gif', 'ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx']) expect(COMPRESSED_ALREADY.test(n)).toBe(true);
    for (const n of ['ppt/slides/slide1.xml', '_rels/.rels', 'ppt/media/map.svg', 'ppt/media/png.xml']) expect(COMPRESSED_ALREADY.test(n)).toBe(false);
  });
});

describe('readZip', () => {
  it('reads what JSZip writes, stored or deflated, and leaves out folder entries', async () => {
    for (const compression of ['STORE', 'DEFLATE'] as const) {
      const zip = new JSZip();
      zip.file('ppt/slides/slide1.xml', '<p:sld>香港</p:sld>');
      zip.file('ppt/media/image1.bin', new Uint8Array([0, 1, 2, 255]));
      const read = readZip(await zip.generateAsync({ type: 'uint8array', compression }));
      expect([...read.keys()]).toEqual(['ppt/slides/slide1.xml', 'ppt/media/image1.bin']);
      expect(Buffer.from(read.get('ppt/slides/slide1.xml')!).toString('utf8')).toBe('<p:sld>香港</p:sld>');
      expect([...read.get('ppt/media/image1.bin')!]).toEqual([0, 1, 2, 255]);
    }
  });

  it('refuses what is not a zip archive', () => {
    expect(() => readZip(new TextEncoder().encode('not a zip at all, just some text'))).toThrow(/not a zip/);
  });
});
