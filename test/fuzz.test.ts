// Fuzzing the inputs: the shipped dataset, the clean fixture and the seed Markdown, mutated (byte flips, deletions,
// duplications, splices of hostile strings). Most cases run the checks in this process, through the same
// preflight `check` and `build` use; a sample runs the real command. Every run must end in a located finding or
// none — never a stray exception (exit 3) — and a build that succeeds without a finding must be the clean build
// whenever the mutation left the data's meaning unchanged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DiagnosticError, formatDiagnostic, type Diagnostic } from '../src/diag/diagnostic.js';
import { importFactSheet } from '../src/import/skeleton.js';
import { runPreflight } from '../src/preflight/preflight.js';
import { silkpress, tempDir } from './support/cli.js';

const HOSTILE = ['\u0000', '\u001b[2J', '\u0007', '\ufeff', '\u202e', '\ud800', '&a', '*a', '<<: *a', '!!binary', '{', '[', '"', "'", '\t', '\r\n', ': ', '- ', '#', '__proto__: 1\n', '1e309', '0x10', '2026-02-30', '😀', '𠀋', 'مرحبا', '国', '{{x}}', '\u00ff\u00fe'];

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'splice'; at: number; text: string };

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 8 })) }),
);

function mutate(source: Buffer, ms: Mutation[]): Buffer {
  let b = source;
  for (const m of ms) {
    const at = b.length ? m.at % b.length : 0;
    if (m.kind === 'flip') {
      b = Buffer.from(b);
      if (b.length) b[at] = m.byte;
    } else if (m.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
    else if (m.kind === 'duplicate') b = Buffer.concat([b.subarray(0, at + m.length), b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), Buffer.from(m.text, 'utf8'), b.subarray(at)]);
  }
  return b;
}

/** A finding people can act on: a stable code, a place, a hint, and a bounded printout. */
function assertUsable(d: Diagnostic): void {
  expect(d.code).toMatch(/^E\d{3}$/);
  expect(d.span?.file, `${d.code} ${d.message} names its file`).toBeTruthy();
  expect(d.hints.some((h) => h.trim() !== ''), `${d.code} ${d.message} has a hint`).toBe(true);
  expect(formatDiagnostic(d).length).toBeLessThan(4000);
}

const dir = tempDir('fuzz');
const sources = {
  clean: readFileSync('test/fixtures/broken/clean.yaml'),
  shipped: readFileSync('data/belt-and-road.yaml'),
};

describe('fuzzed datasets, checked in-process through the preflight', () => {
  it.each([
    ['clean', 900],
    ['shipped', 150],
  ] as const)('%s dataset: %i mutated copies each end in located findings or none', async (name, runs) => {
    const file = join(dir, `${name}.yaml`);
    let findings = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (ms) => {
        writeFileSync(file, mutate(sources[name], ms));
        // Dataset checks only (YAML, schema, references, script, figures): typesetting is sampled below.
        const result = await runPreflight({ root: '.', dataFile: file, datasetOnly: true });
        result.diagnostics.forEach(assertUsable);
        findings += result.diagnostics.length;
      }),
      { numRuns: runs, seed: name === 'clean' ? 11 : 12 },
    );
    expect(findings, 'the mutations do break things').toBeGreaterThan(runs / 4);
  }, 300_000);
});

describe('the fuzzed seed Markdown, imported', () => {
  const seed = readFileSync('test/fixtures/import/belt-and-road.zh-Hant.md');
  it('200 mutated exports each import to a skeleton with located findings, or a DiagnosticError', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        const text = mutate(seed, ms).toString('utf8');
        try {
          const result = importFactSheet({ file: 'sheet.md', text });
          for (const d of result.diagnostics) {
            expect(d.code).toMatch(/^E7\d\d$/);
            expect(d.hints.length).toBeGreaterThan(0);
          }
        } catch (e) {
          if (!(e instanceof DiagnosticError)) throw e;
        }
      }),
      { numRuns: 200, seed: 13 },
    );
    // 200 imports of a 158-line sheet: a few seconds on a quiet 2-core machine, more under load; the default 5 s is not a budget.
  }, 120_000);
});

describe('a sample through the real command', () => {
  const cleanValue = parseYaml(sources.clean.toString('utf8')) as unknown;
  it('check and build of mutated datasets exit 0 or 1, and an unchanged meaning builds the clean outputs', async () => {
    const samples = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 2 }), { numRuns: 4, seed: 14 });
    // Two mutations that keep the meaning: a comment line, and trailing spaces.
    const same = [Buffer.concat([Buffer.from('# fuzz: a comment changes nothing\n'), sources.clean]), Buffer.from(sources.clean.toString('utf8').replace(/\n/g, '  \n'))];
    const good = tempDir('fuzz-good');
    expect((await silkpress(['build', '--data', 'test/fixtures/broken/clean.yaml', '--out', good])).code).toBe(0);
    const inputs = [...samples.map((ms) => mutate(sources.clean, ms)), ...same];
    await Promise.all(
      inputs.map(async (bytes, i) => {
        const file = join(dir, `sample-${i}.yaml`);
        writeFileSync(file, bytes);
        const out = tempDir('fuzz-out');
        const r = await silkpress(['build', '--data', file, '--out', out, '--json']);
        expect([0, 1], r.stderr.slice(0, 500)).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error/);
        expect(r.stderr.length).toBeLessThan(8192);
        let value: unknown;
        try {
          value = parseYaml(bytes.toString('utf8'));
        } catch {
          value = undefined;
        }
        const json = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
        if (r.code === 0 && json.diagnostics.length === 0 && JSON.stringify(value) === JSON.stringify(cleanValue)) {
          expect(readFileSync(join(out, 'brochure.pdf')).equals(readFileSync(join(good, 'brochure.pdf')))).toBe(true);
        }
        if (i >= samples.length) expect(r.code, `meaning-preserving sample ${i}`).toBe(0);
      }),
    );
  }, 300_000);
});
