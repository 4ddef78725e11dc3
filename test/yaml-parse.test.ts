// The bounded YAML parse (src/data/yaml-parse.ts): the same Document as yaml's parseDocument up to the depth it
// reads, and past it a NestingError at a place that depends only on the text before it — never a RangeError.
import fc from 'fast-check';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MAX_PARSE_DEPTH, NestingError, PARSE_OPTIONS, parseDataDocument } from '../src/data/yaml-parse.js';

/** `depth` levels of one kind of nesting around a scalar, under a `meta:` key. */
const KINDS = {
  flowSeq: (depth: number) => `meta: ${'['.repeat(depth)}x${']'.repeat(depth)}\n`,
  flowMap: (depth: number) => `meta: ${'{a: '.repeat(depth)}x${'}'.repeat(depth)}\n`,
  blockMap: (depth: number) => `meta:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`,
  blockSeq: (depth: number) => `meta:\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}-`).join('\n')} x\n`,
  compactSeq: (depth: number) => `meta:\n  ${'- '.repeat(depth)}x\n`,
};
const kind = fc.constantFrom(...(Object.keys(KINDS) as (keyof typeof KINDS)[]));

const offsetOf = (text: string): number | 'parsed' => {
  try {
    parseDataDocument(text, new LineCounter());
    return 'parsed';
  } catch (e) {
    if (e instanceof NestingError) return e.offset;
    throw e;
  }
};

describe('parseDataDocument', () => {
  it('gives what parseDocument gives for nesting it reads', () => {
    fc.assert(
      fc.property(kind, fc.integer({ min: 0, max: MAX_PARSE_DEPTH - 1 }), (k, depth) => {
        const text = KINDS[k](depth);
        const mine = parseDataDocument(text, new LineCounter());
        const theirs = parseDocument(text, PARSE_OPTIONS);
        expect(mine.errors.map((e) => e.message)).toEqual(theirs.errors.map((e) => e.message));
        expect(mine.toJS()).toEqual(theirs.toJS());
      }),
      { numRuns: 60 },
    );
  });

  it('refuses nesting past its depth at the same token however much deeper the text goes', () => {
    fc.assert(
      fc.property(kind, fc.integer({ min: MAX_PARSE_DEPTH + 2, max: 3000 }), (k, depth) => {
        const at = offsetOf(KINDS[k](depth));
        expect(at).toBe(offsetOf(KINDS[k](MAX_PARSE_DEPTH + 2)));
        expect(typeof at).toBe('number');
      }),
      { numRuns: 40 },
    );
  });

  it('reports the first document and refuses a second, as parseDocument does', () => {
    const text = 'a: 1\n---\nb: 2\n';
    expect(parseDataDocument(text, new LineCounter()).errors.map((e) => e.code)).toEqual(parseDocument(text, PARSE_OPTIONS).errors.map((e) => e.code));
    expect(parseDataDocument(text, new LineCounter()).errors.map((e) => e.code)).toEqual(['MULTIPLE_DOCS']);
  });

  it('counts the lines it has read into the line counter', () => {
    const lines = new LineCounter();
    parseDataDocument('a: 1\nb: 2\nc: 3\n', lines);
    expect(lines.lineStarts).toEqual([0, 5, 10, 15]);
  });
});
