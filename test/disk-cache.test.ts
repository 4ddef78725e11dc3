// What the disk cache gives back is what computing afresh gives: a YAML text's value and every node's
// position, a layout's markup, for the shipped files and for random ones; and what it must not keep it does not.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { packEntry, readCacheEntry, resetCacheRoot, unpackEntry, writeCacheEntry } from '../src/cache/disk.js';
import { checkScript, checkScriptConcurrently } from '../src/check/script.js';
import { schemas } from '../src/data/schema.js';
import { parseYaml, readSource } from '../src/data/yaml.js';
import { DiagnosticError } from '../src/diag/diagnostic.js';
import { createTemplateEnvironment } from '../src/template/render.js';
import { tempDir } from './support/cli.js';

const { DatasetSchema } = schemas();

const before = process.env.SILKPRESS_CACHE_DIR;
let cacheDir = '';
beforeEach(() => {
  cacheDir = tempDir('disk-cache');
  process.env.SILKPRESS_CACHE_DIR = cacheDir;
  resetCacheRoot();
});
afterAll(() => {
  if (before === undefined) delete process.env.SILKPRESS_CACHE_DIR;
  else process.env.SILKPRESS_CACHE_DIR = before;
  resetCacheRoot();
});

function withCache<T>(dir: string, f: () => T): T {
  process.env.SILKPRESS_CACHE_DIR = dir;
  resetCacheRoot();
  try {
    return f();
  } finally {
    process.env.SILKPRESS_CACHE_DIR = cacheDir;
    resetCacheRoot();
  }
}

/** Every JSON pointer into a value, with a few that lead nowhere. */
function pointers(value: unknown, at = ''): string[] {
  const here = [at, `${at}/missing`];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pointers(v, `${at}/${i}`)), `${at}/${value.length}`];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([k, v]) => pointers(v, `${at}/${k}`))];
  return here;
}

const entries = (kind: string): string[] => (existsSync(join(cacheDir, `${kind}-v1`)) ? readdirSync(join(cacheDir, `${kind}-v1`)) : []);

describe('YAML from the disk cache', () => {
  it('gives the shipped dataset’s value and the line and column of every node exactly as parsing does', () => {
    const file = 'data/belt-and-road.yaml';
    const text = readSource(file);
    const fresh = withCache('off', () => parseYaml(file, text, DatasetSchema));
    const miss = parseYaml(file, text, DatasetSchema);
    expect(entries('yaml')).toHaveLength(1);
    const hit = parseYaml(file, text, DatasetSchema);
    expect(hit.value).toEqual(fresh.value);
    expect(miss.value).toEqual(fresh.value);
    const all = pointers(fresh.value);
    expect(all.length).toBeGreaterThan(1000);
    for (const p of all) expect(hit.locate(p)).toEqual(fresh.locate(p));
  });

  it('gives any text’s value and positions as parsing does (random documents, block and flow style, CRLF)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/);
    const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('香港', '一帶一路', '1 400', 'a: b', '- x'));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(value, fc.boolean(), fc.boolean(), (v, flow, crlf) => {
        let text = stringify(v, flow ? { collectionStyle: 'flow' } : {});
        if (crlf) text = text.replaceAll('\n', '\r\n');
        const fresh = withCache('off', () => parseYaml('random.yaml', text, z.any()));
        parseYaml('random.yaml', text, z.any());
        const hit = parseYaml('random.yaml', text, z.any());
        expect(hit.value).toEqual(fresh.value);
        for (const p of pointers(fresh.value)) expect(hit.locate(p)).toEqual(fresh.locate(p));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps nothing JSON would change, and nothing that does not parse', () => {
    parseYaml('big.yaml', 'a: 1e309\nb: -0.0\n', z.any());
    parseYaml('proto.yaml', '__proto__: {x: 1}\n', z.any());
    expect(() => parseYaml('broken.yaml', 'a: [1, 2\n', z.any())).toThrow(DiagnosticError);
    expect(entries('yaml')).toEqual([]);
  });

  it('reports an invalid dataset at the same places, from the cache or not', () => {
    const text = 'meta:\n  title: x\n  poin: 3\nsections: 7\n';
    const fresh = withCache('off', () => diagnosticsOf(() => parseYaml('bad.yaml', text, DatasetSchema)));
    // The text parses, so its value is kept; validation still fails, and locates, the second time too.
    expect(diagnosticsOf(() => parseYaml('bad.yaml', text, DatasetSchema))).toEqual(fresh);
    expect(entries('yaml')).toHaveLength(1);
    expect(diagnosticsOf(() => parseYaml('bad.yaml', text, DatasetSchema))).toEqual(fresh);
    expect(fresh.length).toBeGreaterThan(0);
  });
});

function diagnosticsOf(f: () => unknown): unknown[] {
  try {
    f();
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error('expected diagnostics');
}

describe('layouts from the disk cache', () => {
  it('render the same markup as layouts compiled afresh, and a syntax error is never kept', () => {
    const data = parseYaml('data/belt-and-road.yaml', readSource('data/belt-and-road.yaml'), DatasetSchema);
    const fresh = withCache('off', () => ['brochure', 'briefing'].map((l) => createTemplateEnvironment('templates').render(l as 'brochure', data).markup));
    const miss = ['brochure', 'briefing'].map((l) => createTemplateEnvironment('templates').render(l as 'brochure', data).markup);
    const kept = entries('templates').length;
    expect(kept).toBeGreaterThan(5);
    const hit = ['brochure', 'briefing'].map((l) => createTemplateEnvironment('templates').render(l as 'brochure', data).markup);
    expect(miss).toEqual(fresh);
    expect(hit).toEqual(fresh);

    const dir = tempDir('bad-layout');
    writeFileSync(join(dir, 'brochure.hbs'), '{{#each sections}}{{title}}\n');
    expect(() => createTemplateEnvironment(dir).render('brochure', data)).toThrow();
    expect(entries('templates')).toHaveLength(kept);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the script check from the disk cache', () => {
  it('finds the same characters at the same places as OpenCC does afresh, in Traditional and Simplified datasets', async () => {
    for (const file of ['test/fixtures/broken/simplified-character.yaml', 'test/fixtures/broken/traditional-character.yaml', 'data/belt-and-road.yaml']) {
      const data = parseYaml(file, readSource(file), DatasetSchema);
      process.env.SILKPRESS_CACHE_DIR = 'off';
      resetCacheRoot();
      const fresh = await checkScript(data);
      process.env.SILKPRESS_CACHE_DIR = cacheDir;
      resetCacheRoot();
      const miss = await checkScriptConcurrently(data);
      const hit = await checkScriptConcurrently(data);
      expect(miss, file).toEqual(fresh);
      expect(hit, file).toEqual(fresh);
    }
    expect(entries('checks')).toHaveLength(3);
    // The broken ones are found: a cache never hides a finding.
    const simplified = parseYaml('test/fixtures/broken/simplified-character.yaml', readSource('test/fixtures/broken/simplified-character.yaml'), DatasetSchema);
    expect((await checkScriptConcurrently(simplified)).length).toBeGreaterThan(0);
  });

  it('checks anew only the texts an edit changed, and still finds what the edit brought in or took out', async () => {
    process.env.SILKPRESS_CACHE_DIR = 'off';
    resetCacheRoot();
    const file = 'test/fixtures/broken/simplified-character.yaml';
    const text = readSource(file);
    const parse = (t: string) => parseYaml(file, t, DatasetSchema);
    // The same process checks the file, then edits of it as `watch` does: one text fixed, then a new wrong
    // character in another text, then the first again. Each answer is what a check from nothing gives.
    const edits = [text, text.replace('重要发展策略', '重要發展策略'), text.replace('八項行動', '八项行動'), text];
    for (const t of edits) {
      const data = parse(t);
      expect(await checkScriptConcurrently(data)).toEqual(await checkScript(data));
    }
    expect((await checkScriptConcurrently(parse(edits[1]!))).map((d) => d.text)).toEqual([]);
    expect((await checkScriptConcurrently(parse(edits[2]!))).map((d) => d.text)).toEqual(['发', '项']);
    // A text alike in both scripts is checked for each: the Simplified dataset's findings are its own.
    const hans = 'test/fixtures/broken/traditional-character.yaml';
    const hansData = parseYaml(hans, readSource(hans), DatasetSchema);
    expect(await checkScriptConcurrently(hansData)).toEqual(await checkScript(hansData));
  });
});

describe("an entry's checksum", () => {
  const fileOf = (kind: string): string => join(cacheDir, `${kind}-v1`, entries(kind)[0]!);

  it('is a CRC-32; a flipped byte or a torn payload is refused and the entry removed', () => {
    const payload = Buffer.from('香港 paragraphs '.repeat(500), 'utf8');
    writeCacheEntry('typeset', 'k', payload);
    const head = unpackEntry<{ key: string; crc32?: number; sha256?: string }>(readFileSync(fileOf('typeset'))).head;
    expect(head).toEqual({ key: 'k', crc32: zlib.crc32(payload) });
    expect(readCacheEntry('typeset', 'k')).toEqual(payload);
    expect(readCacheEntry('typeset', 'other key')).toBeUndefined();

    const bytes = readFileSync(fileOf('typeset'));
    bytes[bytes.length - 7]! ^= 0x01;
    writeFileSync(fileOf('typeset'), bytes);
    expect(readCacheEntry('typeset', 'k')).toBeUndefined();
    expect(entries('typeset')).toHaveLength(0);

    writeCacheEntry('typeset', 'k', payload);
    writeFileSync(fileOf('typeset'), readFileSync(fileOf('typeset')).subarray(0, 200));
    expect(readCacheEntry('typeset', 'k')).toBeUndefined();
  });

  it('may be the sha256 older entries carry: those still read, and are refused when they do not match', () => {
    const payload = Buffer.from('older entry', 'utf8');
    writeCacheEntry('yaml', 'old', Buffer.alloc(0));
    const file = fileOf('yaml');
    writeFileSync(file, packEntry({ key: 'old', sha256: createHash('sha256').update(payload).digest('hex') }, payload));
    expect(readCacheEntry('yaml', 'old')).toEqual(payload);
    writeFileSync(file, packEntry({ key: 'old', sha256: createHash('sha256').update('something else').digest('hex') }, payload));
    expect(readCacheEntry('yaml', 'old')).toBeUndefined();
  });
});
