// The output folder as a user and CI meet it: a bad --out is a usage error, a build killed with SIGKILL at any
// point leaves the earlier outputs and manifest sound (or a journal the next run completes), two builds into one
// folder never interleave, and nothing temporary is left behind.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitOutputs, JOURNAL_FILE, LOCK_FILE } from '../src/output/commit.js';
import { DiagnosticError } from '../src/diag/diagnostic.js';
import { BIN, CLEAN_DATASET, cleanBuild, silkpress, snapshot, tempDir } from './support/cli.js';

const SLOW = 180_000;
const CLEAN = CLEAN_DATASET;
/** A different dataset, so a second build changes every output. */
const OTHER = 'test/fixtures/mini/dataset.yaml';
let good: string;
let outputs: string[];

beforeAll(async () => {
  const r = await cleanBuild('safety-good');
  expect(r.code, r.stderr).toBe(0);
  ({ dir: good, outputs } = r);
}, SLOW);

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every output manifest.json lists is in the folder with the bytes it records, and nothing hidden is left. */
function sound(dir: string): void {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { outputs: { file: string; sha256: string }[] };
  for (const o of manifest.outputs) expect(sha(join(dir, o.file)), `${o.file} is what manifest.json says`).toBe(o.sha256);
  expect(readdirSync(dir).filter((f) => f.startsWith('.')), 'no temporary, lock or journal file is left').toEqual([]);
}

function copyOfGood(): string {
  const out = tempDir('safety-out');
  cpSync(good, out, { recursive: true, preserveTimestamps: true });
  return out;
}

/** A real build, killed with SIGKILL at a named point of its commit or after `afterMs`. */
function killedBuild(out: string, at: { point?: string; afterMs?: number }): Promise<number | string | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'build', '--data', OTHER, '--out', out], {
      env: { ...process.env, NO_COLOR: '1', ...(at.point ? { SILKPRESS_CRASH_AT: at.point } : {}) },
      stdio: 'ignore',
    });
    const timer = at.afterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), at.afterMs) : undefined;
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      done(signal ?? code);
    });
  });
}

describe.concurrent('a bad --out is a usage error', () => {
  it.each([
    ['a file', (dir: string) => (writeFileSync(join(dir, 'taken'), 'x'), join(dir, 'taken')), 'is a file, not a folder'],
    ['a folder under a file', (dir: string) => (writeFileSync(join(dir, 'taken'), 'x'), join(dir, 'taken', 'sub')), 'which is a file, not a folder'],
  ])('--out naming %s: exit 2, one plain line, no errno', async (_what, make, says) => {
    const out = make(tempDir('safety-bad'));
    const r = await silkpress(['build', '--data', CLEAN, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(says);
    expect(r.stderr).not.toMatch(/EEXIST|ENOTDIR|errno|at .*\.js/);
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
  }, SLOW);
});

describe('a build killed with SIGKILL', () => {
  it.each([
    { what: 'with every file staged, before the commit', point: 'staged', journal: false },
    { what: 'just after the commit', point: 'committed', journal: true },
    { what: 'after the first rename', point: 'renamed-1', journal: true },
    { what: 'after the fourth rename, manifest.json still to go', point: 'renamed-4', journal: true },
    { what: '0.7 s after it started (typesetting)', afterMs: 700 },
  ])('$what: the earlier outputs and manifest stay sound, and the next build completes or cleans up', async (at) => {
    const out = copyOfGood();
    const before = snapshot(out, outputs);
    const ended = await killedBuild(out, at);
    if (at.point) expect(ended).toBe('SIGKILL');
    const journal = existsSync(join(out, JOURNAL_FILE));
    if ('journal' in at) expect(journal).toBe(at.journal);
    // The manifest is renamed last: until the commit is complete it still describes the earlier build.
    expect(readFileSync(join(out, 'manifest.json')).equals(before.find((b) => b.file === 'manifest.json')!.bytes)).toBe(ended !== 0 ? true : false);
    if (!journal && ended !== 0) {
      // Killed before the commit: every earlier output is exactly as it was.
      snapshot(out, outputs).forEach((a, i) => expect(a.bytes.equals(before[i]!.bytes), a.file).toBe(true));
    }
    const next = await silkpress(['build', '--data', OTHER, '--out', out, '--only', 'pdf', '--edition', 'screen']);
    expect(next.code, next.stderr).toBe(0);
    sound(out);
  }, SLOW);
});

describe('two builds into one folder', () => {
  it('do not interleave: each is whole or refused with E602, and nothing temporary is left', async () => {
    const out = copyOfGood();
    const [a, b] = await Promise.all([
      silkpress(['build', '--data', OTHER, '--out', out]),
      silkpress(['build', '--data', CLEAN, '--out', out]),
    ]);
    for (const r of [a, b]) {
      if (r.code !== 0) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/error\[E602\]: another silkpress build \(process \d+\) is writing to /);
      }
    }
    expect([a.code, b.code]).toContain(0);
    sound(out);
  }, SLOW);

  it('a lock held by a running process refuses the write with E602 and a plain hint; a lock whose process is gone is taken over', () => {
    const dir = tempDir('safety-lock');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\n`);
    let refused: DiagnosticError | undefined;
    try {
      commitOutputs(dir, [{ name: 'a.txt', bytes: Buffer.from('new') }]);
    } catch (e) {
      refused = e as DiagnosticError;
    }
    expect(refused?.diagnostics.map((d) => d.code)).toEqual(['E602']);
    expect(refused?.diagnostics[0]!.hints[0]).toContain('another --out folder');
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
    // A pid no process has (beyond the kernel's limit): stale, as after a SIGKILL.
    writeFileSync(join(dir, LOCK_FILE), '4194999\n');
    commitOutputs(dir, [{ name: 'a.txt', bytes: Buffer.from('new') }]);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });
});
