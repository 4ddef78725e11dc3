// Batch builds: delegation editions over worker threads, a failure kept to its edition, shards that
// split the batch exactly, results the same as building each edition alone.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, shardFiles, takeFor, BATCH_MANIFEST } from '../src/batch/run.js';
// Worker threads run compiled JavaScript: the batch driver is taken from dist/, which `npm test` compiles first.
// @ts-ignore -- dist/ has no declarations; the shape is src/batch/run.ts's.
import * as compiled from '../dist/batch/run.js';

const runBatch = (compiled as typeof import('../src/batch/run.js')).runBatch;
import { build } from '../src/build.js';
import { loadDelegation } from '../src/data/delegation.js';

describe('shards', () => {
  it('split any batch into disjoint slices that together hold every profile once', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z]{1,8}\.yaml$/), { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), (files, n) => {
        const slices = Array.from({ length: n }, (_, i) => shardFiles(files, { index: i + 1, count: n }));
        expect(slices.flat().sort()).toEqual([...files].sort());
        expect(new Set(slices.flat()).size).toBe(files.length);
        // Deterministic: the order the files were listed in does not matter.
        expect(shardFiles([...files].reverse(), { index: 1, count: n })).toEqual(slices[0]);
      }),
    );
  });

  it('reads I/N and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '2', 'a/b', '2/0', '']) expect(parseShard(bad), bad).toBeUndefined();
  });
});

describe('runBatch over worker threads', () => {
  it('builds each edition as a lone build would, keeps a broken profile to itself, and writes one manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'silkpress-batch-'));
    const profiles = join(dir, 'profiles');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(profiles);
    copyFileSync('data/delegations/saudi-arabia-investment-2026-05.yaml', join(profiles, 'a-saudi.yaml'));
    copyFileSync('data/delegations/guangdong-commerce-2026-06.yaml', join(profiles, 'b-guangdong.yaml'));
    writeFileSync(
      join(profiles, 'c-broken.yaml'),
      readFileSync('data/delegations/saudi-arabia-investment-2026-05.yaml', 'utf8').replace('country: SA', 'country: XX').replace(/^id: .*$/m, 'id: broken-profile'),
    );
    const files = ['c-broken.yaml', 'a-saudi.yaml', 'b-guangdong.yaml'].map((f) => join(profiles, f));
    const seen: string[] = [];
    const outcomes = await runBatch({ root: '.', dataFile: 'data/belt-and-road.yaml', outDir: join(dir, 'out'), selection: {}, files, workers: 2, onDone: (o) => seen.push(o.id) });

    expect(outcomes.map((o) => [o.id, o.ok])).toEqual([
      ['saudi-arabia-investment-2026-05', true],
      ['guangdong-commerce-2026-06', true],
      ['broken-profile', false],
    ]);
    expect(seen.sort()).toEqual(outcomes.map((o) => o.id).sort());
    const broken = outcomes[2]!.diagnostics[0]!;
    expect(broken.code).toBe('E103');
    expect(broken.span?.file).toBe(join(profiles, 'c-broken.yaml'));
    expect(broken.span?.line).toBeGreaterThan(1);

    // The same bytes as building the edition alone, in this process.
    const alone = join(dir, 'alone');
    await build({ root: '.', dataFile: 'data/belt-and-road.yaml', outDir: alone, delegation: loadDelegation(join(profiles, 'a-saudi.yaml')) });
    for (const f of ['brochure.pdf', 'briefing.pptx']) {
      expect(readFileSync(join(dir, 'out', 'saudi-arabia-investment-2026-05', f)).equals(readFileSync(join(alone, f))), f).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'out', BATCH_MANIFEST), 'utf8')) as { editions: { id: string; ok: boolean; outputs: { file: string }[] }[] };
    expect(manifest.editions.map((e) => [e.id, e.ok])).toEqual(outcomes.map((o) => [o.id, o.ok]));
    expect(manifest.editions[0]!.outputs.map((o) => o.file)).toContain('saudi-arabia-investment-2026-05/brochure.pdf');
  }, 180_000);

  it('writes the same bytes from child processes as from worker threads, the same profile built twice in a worker included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'silkpress-batch-isolation-'));
    // Twice the Guangdong profile and an English one: the second build of a profile in a worker meets its caches
    // (fonts, shaped words, set paragraphs, the checked dataset) warm.
    const files = ['guangdong-commerce-2026-06.yaml', 'kazakhstan-academic-2026-10.yaml', 'guangdong-commerce-2026-06.yaml'].map((f) => join('data/delegations', f));
    const bytes = async (isolation: 'process' | 'thread'): Promise<Map<string, Buffer>> => {
      const out = join(dir, isolation);
      const outcomes = await runBatch({ root: '.', dataFile: 'data/belt-and-road.yaml', outDir: out, selection: {}, files, workers: 1, isolation });
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const read = new Map<string, Buffer>();
      for (const o of outcomes) for (const x of o.outputs) read.set(`${o.id}/${x.file}`, readFileSync(join(out, o.id, x.file)));
      // Both builds of the repeated profile (a batch runs its profiles sorted) recorded the same checksums.
      const [first, second] = outcomes;
      expect(second!.id).toBe(first!.id);
      expect(second!.outputs).toEqual(first!.outputs);
      return read;
    };
    const processes = await bytes('process');
    const threads = await bytes('thread');
    expect([...processes.keys()].sort()).toEqual([...threads.keys()].sort());
    expect(processes.size).toBeGreaterThanOrEqual(8);
    for (const [f, b] of processes) expect(b.equals(threads.get(f)!), f).toBe(true);
  }, 240_000);
});

describe('handing editions to workers', () => {
  it('gives a worker an edition in a language it has open while there is one, else a language no worker has, and every edition once', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('zh-Hant-HK', 'zh-Hans', 'en'), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), (langs, workers) => {
        const pending = langs.map((language, index) => ({ index, language }));
        const claimed = new Set<string | undefined>();
        const loaded = Array.from({ length: workers }, () => new Set<string | undefined>());
        const taken: number[] = [];
        // Workers ask in turn, as they would finishing one edition each.
        for (let w = 0; pending.length > 0; w = (w + 1) % workers) {
          const own = pending.some((t) => loaded[w]!.has(t.language));
          const fresh = pending.some((t) => !claimed.has(t.language));
          const task = takeFor(pending, loaded[w]!, claimed);
          if (own) expect(loaded[w]!.has(task.language)).toBe(true);
          else if (fresh) expect(claimed.has(task.language)).toBe(false);
          loaded[w]!.add(task.language);
          claimed.add(task.language);
          taken.push(task.index);
        }
        expect([...taken].sort((a, b) => a - b)).toEqual(langs.map((_, i) => i));
      }),
    );
  });

  it('with two workers and the shipped profiles repeated, no worker opens all three languages', () => {
    const langs = Array.from({ length: 16 }, (_, i) => ['zh-Hans', 'en', 'zh-Hant-HK', 'en'][i % 4]!);
    const pending = langs.map((language, index) => ({ index, language }));
    const claimed = new Set<string | undefined>();
    const loaded = [new Set<string | undefined>(), new Set<string | undefined>()];
    for (let w = 0; pending.length > 0; w ^= 1) {
      const task = takeFor(pending, loaded[w]!, claimed);
      loaded[w]!.add(task.language);
      claimed.add(task.language);
    }
    expect(loaded.map((l) => l.size).sort()).toEqual([1, 2]);
  });
});
