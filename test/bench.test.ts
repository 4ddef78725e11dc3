// The benchmark's Typst comparison reads the dataset itself: it must take every block kind the schema has,
// or `npm run bench` stops at its first part (it did, once tables and pictures arrived).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { benchBatch, independentBatches } from '../src/bench/batch.js';
import { benchWarm } from '../src/bench/warm.js';
import { scaledDataset } from '../src/bench/scale.js';
import { factSheetTypst } from '../src/bench/typst.js';
import { BIN, silkpress, tempDir } from './support/cli.js';

type Section = { title: string; body?: Record<string, unknown>[]; sections?: Section[] };
const all = (sections: Section[]): Section[] => sections.flatMap((s) => [s, ...all(s.sections ?? [])]);
/** The Typst strings a text becomes: its plain and bold pieces. */
const pieces = (text: string): string[] => text.split('**').filter((p) => p !== '').map((p) => JSON.stringify(p));

describe('the bench’s Typst fact sheet', () => {
  for (const file of ['data/belt-and-road.yaml', 'test/fixtures/blocks/trade.yaml']) {
    it(`is written for ${file}: every heading and paragraph, whatever other blocks (tables, lists, pictures) it holds`, () => {
      const typ = factSheetTypst(file, 'Noto Sans HK');
      const sections = all((parse(readFileSync(file, 'utf8')) as { sections: Section[] }).sections);
      const others = sections.flatMap((s) => s.body ?? []).filter((b) => !('paragraph' in b) && !('facts' in b));
      expect(others.length).toBeGreaterThan(0);
      for (const s of sections) {
        for (const p of pieces(s.title)) expect(typ).toContain(p);
        for (const b of s.body ?? []) if (typeof b.paragraph === 'string') for (const p of pieces(b.paragraph)) expect(typ).toContain(p);
      }
    });
  }
});

describe('the bench’s scaled dataset', () => {
  it('passes check from its scratch folder, pictures and all, so the scaling figures measure a real build', async () => {
    const file = scaledDataset('data/belt-and-road.yaml', 2, tempDir('bench-scale-'));
    const r = await silkpress(['check', '--data', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('the bench’s batch', () => {
  it('builds every profile copy through the command line users run, and reads each edition’s time from its JSON', async () => {
    const batch = await benchBatch(BIN, '.', 'data/belt-and-road.yaml', [
      { editions: 5, workers: 2 },
      { editions: 8, workers: 1, steady: true },
    ]);
    expect(batch.runs).toHaveLength(1);
    expect(batch.runs[0]!.built).toBe(5);
    // The shipped profiles repeated: two English ones, so English alone has editions past its first three.
    expect(Object.keys(batch.steadyMs)).toEqual(['en']);
    for (const v of Object.values(batch.steadyMs)) expect(v).toBeGreaterThan(0);
  }, 120_000);
});

describe('the bench’s ceiling for two workers', () => {
  it('runs two one-worker batches at once through the command line, each building every edition of its own', async () => {
    const apart = await independentBatches(BIN, '.', 'data/belt-and-road.yaml', 3, 2);
    expect(apart.built).toEqual([3, 3]);
    expect(apart.seconds).toBeGreaterThan(0);
  }, 120_000);
});

describe('the bench’s warm rebuilds', () => {
  it('time `silkpress watch --json` as a user runs it, all outputs and the screen PDF alone, one edit after another', async () => {
    const warm = await benchWarm(BIN, '.', 'data/belt-and-road.yaml', 2);
    expect(warm.allMs).toHaveLength(2);
    expect(warm.screenMs).toHaveLength(2);
    for (const ms of [...warm.allMs, ...warm.screenMs, ...warm.allCpuMs, ...warm.screenCpuMs]) expect(ms).toBeGreaterThan(0);
    expect(warm.edit).toContain('重要發展策略');
  }, 120_000);
});
