// An edited YAML text parsed by splicing the edited list item into the earlier parse (src/data/yaml-edit.ts)
// gives what parsing the whole text gives: the value, every node's offset, the line starts and the items a next
// edit can splice into. Where the whole text does not parse, the splice gives nothing.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CST, Lexer, LineCounter, parseDocument, stringify } from 'yaml';
import { z } from 'zod';
import { resetCacheRoot } from '../src/cache/disk.js';
import { schemas } from '../src/data/schema.js';
import { nodeOffsets, parseYaml } from '../src/data/yaml.js';
import { spliceParse, unitsOf, type SplicedParse } from '../src/data/yaml-edit.js';
import { PARSE_OPTIONS } from '../src/data/yaml-parse.js';
import { scalarsIn } from '../src/data/limits.js';

const { DatasetSchema } = schemas();

/** The scalars the YAML lexer finds in a text, as the limit on them counts (src/data/limits.ts). */
const lexedScalars = (text: string): number => [...new Lexer().lex(text)].filter((t) => t === CST.SCALAR).length;

/** What parsing the whole text gives, in the splice's terms; undefined where it has errors or is not spliceable. */
function whole(text: string): { errors: boolean; parsed?: SplicedParse } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...PARSE_OPTIONS, lineCounter });
  if (doc.errors.length > 0) return { errors: true };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return { errors: true };
  }
  const units = unitsOf(doc, text);
  return { errors: false, ...(units ? { parsed: { raw, offsets: { ...nodeOffsets(doc) }, lineStarts: [...lineCounter.lineStarts], units } } : {}) };
}

const sortedUnits = (p: SplicedParse) => [...p.units].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));

/** Apply `edit` to `text` and check the splice against the whole parse; returns the new base for a next edit. */
function check(text: string, base: SplicedParse, next: string): { spliced: boolean; parsed?: SplicedParse } {
  const spliced = spliceParse(text, base, next, nodeOffsets);
  const fresh = whole(next);
  if (!spliced) return { spliced: false, ...(fresh.parsed ? { parsed: fresh.parsed } : {}) };
  expect(fresh.errors, `the splice answered for a text that does not parse:\n${JSON.stringify(next)}`).toBe(false);
  // A text the splice answers for is one whose whole parse is spliceable too (no alias, no anchor, ...).
  expect(fresh.parsed).toBeDefined();
  expect(spliced.raw).toEqual(fresh.parsed!.raw);
  expect({ ...spliced.offsets }).toEqual(fresh.parsed!.offsets);
  expect(spliced.lineStarts).toEqual(fresh.parsed!.lineStarts);
  expect(sortedUnits(spliced)).toEqual(sortedUnits(fresh.parsed!));
  // The bound yaml.ts puts on a spliced text's scalars, so that a save is not lexed whole again: the rest of the
  // text lexes as before, and the item parsed anew holds at most what its characters can.
  expect(spliced.itemChars).toBeDefined();
  expect(lexedScalars(next)).toBeLessThanOrEqual(lexedScalars(text) + scalarsIn(spliced.itemChars!));
  return { spliced: true, parsed: spliced };
}

const PIECES = ['', '\n', '\r\n', ' ', '  ', '- ', '-', '"', "'", ':', ': ', '#', ' #x', '|', '>', '[', ']', '{', '}', ',', '&a ', '*a', '!!str ', '香港', 'x', '1 400', '---', '...', '%YAML 1.1\n', '\r', '\t', '? ', 'k: v\n', '\n- ', '\n  - y\n'];

const edit = fc.record({ at: fc.nat(), cut: fc.nat({ max: 4 }), insert: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 4 })) });
const applyEdit = (text: string, e: { at: number; cut: number; insert: string }): string => {
  const at = text.length === 0 ? 0 : e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(at + e.cut);
};

describe('parsing an edit by splicing the edited list item', () => {
  it('gives what parsing the whole text gives, for random documents and chains of random edits', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    const scalar = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('香港', '一帶一路', 'a: b', '- x', 'line one\nline two\n'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { minLength: 2, maxLength: 5 }),
      map: fc.dictionary(key, tie('node'), { minKeys: 1, maxKeys: 4 }),
    }));
    let spliced = 0;
    fc.assert(
      fc.property(value.list, fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (v, edits, crlf) => {
        let text = stringify({ items: v });
        if (crlf) text = text.replaceAll('\n', '\r\n');
        let base = whole(text).parsed;
        for (const e of edits) {
          if (!base) return;
          const next = applyEdit(text, e);
          const r = check(text, base, next);
          if (r.spliced) spliced++;
          base = r.parsed;
          text = next;
        }
      }),
      { numRuns: 600 },
    );
    // The property is about the splice: most runs must have taken it.
    expect(spliced).toBeGreaterThan(100);
  }, 60_000);

  it('gives what parsing the whole shipped dataset gives, for edits anywhere in it', () => {
    const text = readFileSync('data/belt-and-road.yaml', 'utf8');
    const base = whole(text).parsed!;
    expect(base.units.length).toBeGreaterThan(100);
    let spliced = 0;
    fc.assert(
      fc.property(edit, (e) => {
        if (check(text, base, applyEdit(text, e)).spliced) spliced++;
      }),
      { numRuns: 100 },
    );
    expect(spliced).toBeGreaterThan(30);
    // A word changed in a paragraph, as in `watch`: spliced.
    expect(check(text, base, text.replace('重要發展策略', '重大發展策略')).spliced).toBe(true);
  }, 60_000);

  it('parses a dataset through the splice to the same value and places as from nothing, and still reports what is wrong', () => {
    process.env.SILKPRESS_CACHE_DIR = 'off';
    resetCacheRoot();
    const file = 'data/belt-and-road.yaml';
    const text = readFileSync(file, 'utf8');
    parseYaml(file, text, DatasetSchema);
    const edited = text.replace('重要發展策略', '重大發展策略');
    const viaSplice = parseYaml(file, edited, DatasetSchema);
    const fresh = whole(edited).parsed!;
    expect(viaSplice.value).toEqual(DatasetSchema.parse(fresh.raw));
    // An edit that breaks the schema inside one item: the same diagnostics as a parse from nothing gives. Two
    // other texts parsed first leave nothing near to splice into.
    const bad = text.replace(/(\n\s+- paragraph:)/, '\n      - paragraf:');
    const diagnostics = (t: string): unknown => {
      try {
        parseYaml(file, t, DatasetSchema);
      } catch (e) {
        return (e as { diagnostics: unknown }).diagnostics;
      }
      throw new Error('expected diagnostics');
    };
    parseYaml('a.yaml', 'a: 1\n', z.any());
    parseYaml('b.yaml', 'b: 2\n', z.any());
    const fromNothing = diagnostics(bad);
    parseYaml(file, text, DatasetSchema);
    expect(diagnostics(bad)).toEqual(fromNothing);
    expect(JSON.stringify(fromNothing)).toContain('/sections/0/body/0');
    expect(() => parseYaml('x.yaml', 'a:\n  - 1\n  - [2\n  - 3\n', z.any())).toThrow();
  });

  it('refuses a save that takes the text over the scalar limit as a whole parse does, though the splice bounds what it lexes', () => {
    process.env.SILKPRESS_CACHE_DIR = 'off';
    resetCacheRoot();
    // Within every limit: 117 items of 50 keys, 5 967 values and 11 701 scalars over 88 000 characters.
    const item = (keys: number): string => `  - {${Array.from({ length: keys }, (_, k) => `keyname${String(k).padStart(3, '0')}: 1`).join(', ')}}\n`;
    const text = `items:\n${item(50).repeat(117)}`;
    expect(lexedScalars(text)).toBe(11_701);
    const first = parseYaml('limit.yaml', text, z.any());
    expect(first.value.items).toHaveLength(117);
    // A save that widens one item by 160 keys: 12 021 scalars (and more values than a dataset may hold, which the
    // parse checks after the scalars).
    const over = text.replace(item(50), item(210));
    const refusal = (t: string): string => {
      try {
        parseYaml('limit.yaml', t, z.any());
      } catch (e) {
        return JSON.stringify((e as { diagnostics: unknown }).diagnostics);
      }
      throw new Error('expected a refusal');
    };
    const spliced = refusal(over);
    parseYaml('other.yaml', 'a: 1\n', z.any());
    parseYaml('other.yaml', 'b: 1\n', z.any());
    expect(spliced).toBe(refusal(over));
    expect(spliced).toContain('more than 12000 YAML keys and values');
  });
});
