// The data file's UTF-8 check (src/data/limits.ts): node's native answer first, a scan only to find where it
// fails. Both must agree with the WHATWG decoder on any bytes, and the place found must be where the text breaks.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../src/data/limits.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const valid = (bytes: Uint8Array): boolean => {
  try {
    strict.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

// Well-formed text (CJK, astral, ASCII) with some bytes replaced by arbitrary ones: mostly near-misses.
const damaged = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 60 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }))
  .map(([text, flips]) => {
    const bytes = Buffer.from(text, 'utf8');
    for (const [at, b] of flips) if (bytes.length > 0) bytes[at % bytes.length] = b;
    return bytes;
  });

describe('firstInvalidUtf8', () => {
  it('finds nothing exactly when the WHATWG decoder accepts the bytes, and the first bad byte otherwise', () => {
    fc.assert(
      fc.property(fc.oneof(damaged, fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a))), (bytes) => {
        const bad = firstInvalidUtf8(bytes);
        expect(bad === -1).toBe(valid(bytes));
        if (bad >= 0) {
          expect(valid(bytes.subarray(0, bad))).toBe(true);
          expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(bad)).startsWith('\ufffd')).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses surrogates, overlong forms and code points past U+10FFFF', () => {
    for (const bytes of [[0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80], [0xe6, 0x96]])
      expect(firstInvalidUtf8(Buffer.from([0x61, ...bytes]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from('香港 Hong Kong 𠀀', 'utf8'))).toBe(-1);
  });
});
