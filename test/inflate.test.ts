// The bundle inflates fontkit's, unicode-properties' and linebreak's Unicode tables with node's zlib in place of
// tiny-inflate (scripts/bundle.mjs, src/fonts/inflate.ts): it must give what tiny-inflate gives. (test/bundle.test.ts
// compares the bundled bin's files, set with those tables, with the unbundled pipeline's.)
import { createRequire } from 'node:module';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import inflate from '../src/fonts/inflate.js';

// The decoder it replaces, as fontkit's own dependency installed it.
const tinyInflate = createRequire(createRequire(import.meta.url).resolve('fontkit'))('tiny-inflate') as (source: Uint8Array, dest: Uint8Array) => Uint8Array;

describe('inflate with zlib', () => {
  it('gives what tiny-inflate gives: into a buffer of the exact size, a larger one, a smaller one, with bytes after the stream', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.uint8Array({ maxLength: 5000 }), fc.string({ maxLength: 3000 }).map((s) => new TextEncoder().encode(s.repeat(3)))),
        fc.integer({ min: -20, max: 20 }),
        fc.uint8Array({ maxLength: 6 }),
        fc.integer({ min: 0, max: 9 }),
        (data, slack, trailer, level) => {
          const source = Buffer.concat([deflateRawSync(data, { level }), trailer]);
          const size = Math.max(0, data.length + slack);
          const ours = inflate(source, new Uint8Array(size));
          expect(Buffer.from(ours).equals(Buffer.from(tinyInflate(source, new Uint8Array(size))))).toBe(true);
          expect(Buffer.from(ours).equals(Buffer.from(data.subarray(0, size)))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
