// The output folder as a user and CI meet it: a bad --out (a file, a folder this user cannot write) is a usage
// error, a write that fails under way (a file size limit reached mid-write, a full disk) is one plain located line,
// a build killed with SIGKILL at any point leaves the earlier outputs and manifest sound (or a journal the next run
// completes), two builds into one folder never interleave, and nothing temporary is left behind. The failures are
// the operating system's own: another user (setpriv), a file size limit (prlimit), a build stopped (SIGSTOP) while
// it holds the lock — the tests run as root, for whom permission bits stop nothing.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, watch, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { commitOutputs, JOURNAL_FILE, LOCK_FILE, removeStaleLock, writeFailure } from '../src/output/commit.js';
import { DiagnosticError, formatDiagnostic } from '../src/diag/diagnostic.js';
import { BIN, CLEAN_DATASET, cleanBuild, runCommand, silkpress, snapshot, tempDir, type RunResult } from './support/cli.js';

const SLOW = 180_000;
const CLEAN = CLEAN_DATASET;
/** A different dataset, so a second build changes every output. */
const OTHER = 'test/fixtures/mini/dataset.yaml';
let good: string;
let outputs: string[];
/** OTHER built cleanly into a folder of its own: what a build of OTHER that was not refused must have written. */
let other: string;

beforeAll(async () => {
  other = tempDir('safety-other');
  const [r, o] = await Promise.all([cleanBuild('safety-good'), silkpress(['build', '--data', OTHER, '--out', other])]);
  expect(r.code, r.stderr).toBe(0);
  expect(o.code, o.stderr).toBe(0);
  ({ dir: good, outputs } = r);
}, SLOW);

/** Every output file of `dir` has the bytes a clean build of OTHER wrote. */
function sameAsCleanOther(dir: string): void {
  const files = readdirSync(other).sort();
  expect(readdirSync(dir).filter((f) => !f.startsWith('.')).sort()).toEqual(files);
  for (const f of files) expect(readFileSync(join(dir, f)).equals(readFileSync(join(other, f))), `${f} is as a clean build writes it`).toBe(true);
}

/** Raw system error text a user must never see: errno names, syscalls, our hidden files, stack frames. */
const RAW = /\b(EACCES|EPERM|ENOSPC|EDQUOT|EFBIG|EROFS|EEXIST|ENOTDIR)\b|errno|syscall|\.silkpress-|\.tmp\b|node:internal|at .*\.js/;

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

const asRoot = process.getuid?.() === 0;

/**
 * The bin as a user without write permission runs it. As root (the tests here and in CI), another user through
 * setpriv (util-linux), running a copy of the bin in a folder everyone may read (the checkout may sit in /root):
 * dist/cli, and yargs, which reads its locales and package.json beside its installed file. Otherwise this user,
 * for whom the permission bits already count.
 */
let unprivilegedBin: string | undefined;
function asAnotherUser(args: string[]): Promise<RunResult> {
  if (!asRoot) return silkpress(args);
  if (!unprivilegedBin) {
    const root = tempDir('safety-bin');
    cpSync('dist/cli', join(root, 'dist', 'cli'), { recursive: true });
    cpSync('node_modules/yargs', join(root, 'node_modules', 'yargs'), { recursive: true, dereference: true });
    cpSync('package.json', join(root, 'package.json'));
    readableByAll(root);
    unprivilegedBin = join(root, 'dist', 'cli', 'main.js');
  }
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups'];
  return runCommand('setpriv', [...nobody, process.execPath, unprivilegedBin, ...args], { cwd: '/' });
}

function readableByAll(path: string): void {
  const dir = statSync(path).isDirectory();
  chmodSync(path, dir ? 0o755 : 0o644);
  if (dir) for (const f of readdirSync(path)) readableByAll(join(path, f));
}

/** A folder only its owner (root, when the tests run as root) may write: r-x for everyone. */
function unwritable(dir: string): string {
  chmodSync(dir, 0o555);
  return dir;
}

describe.concurrent('an --out this user cannot write is a usage error, found before any work', () => {
  it('an existing folder without write permission: exit 2, one plain line naming it, the earlier outputs untouched', async () => {
    const out = unwritable(copyOfGood());
    const before = snapshot(out, outputs);
    const r = await asAnotherUser(['build', '--data', CLEAN, '--out', out]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(`silkpress: --out ${out} cannot be written (permission denied): give a folder you can write to\nRun 'silkpress --help' for usage.\n`);
    expect(r.stderr).not.toMatch(RAW);
    snapshot(out, outputs).forEach((a, i) => expect(a.bytes.equals(before[i]!.bytes) && a.mtimeMs === before[i]!.mtimeMs, a.file).toBe(true));
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  }, SLOW);

  it('a missing folder under one without write permission: exit 2, naming the folder that cannot be written', async () => {
    const parent = unwritable(tempDir('safety-ro'));
    const r = await asAnotherUser(['build', '--data', CLEAN, '--out', join(parent, 'out')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^silkpress: --out ${parent}/out cannot be made: ${parent} cannot be written \\(permission denied\\): give a folder you can write to\n`));
    expect(r.stderr).not.toMatch(RAW);
    expect(readdirSync(parent)).toEqual([]);
  }, SLOW);
});

describe('a write that fails under way', () => {
  it('a folder standing where an output goes: the commit fails on it with E601, with or without durability (watch), and the folder keeps what it holds', () => {
    for (const durable of [true, false]) {
      const out = tempDir('safety-folder-in-the-way');
      mkdirSync(join(out, 'brochure.pdf'));
      writeFileSync(join(out, 'brochure.pdf', 'mine.txt'), 'kept');
      let thrown: unknown;
      try {
        commitOutputs(out, [{ name: 'brochure.pdf', bytes: Buffer.from('%PDF-1.7\n') }], { durable });
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `durable: ${durable}`).toBeInstanceOf(DiagnosticError);
      expect((thrown as DiagnosticError).diagnostics[0]!.code).toBe('E601');
      expect(readFileSync(join(out, 'brochure.pdf', 'mine.txt'), 'utf8')).toBe('kept');
    }
  });

  it('a file size limit reached mid-write (prlimit, EFBIG): exit 1, one located plain line, earlier outputs intact, nothing staged left; the next build recovers', async () => {
    // The first output staged (brochure.pdf) fits under the limit; the second (brochure-print.pdf) does not, so the
    // write fails with some outputs already staged. Node ignores SIGXFSZ, so the write returns EFBIG rather than the
    // process being killed.
    const first = statSync(join(other, 'brochure.pdf')).size;
    const limit = first + 64 * 1024;
    expect(statSync(join(other, 'brochure-print.pdf')).size, 'the print PDF is larger than the limit').toBeGreaterThan(limit);
    const out = copyOfGood();
    const before = snapshot(out, outputs);
    const r = await runCommand('prlimit', [`--fsize=${limit}`, process.execPath, BIN, 'build', '--data', OTHER, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `${out}: error[E601]: cannot write brochure-print.pdf in ${out}: the file is larger than this process may write (a file size limit); the earlier outputs were left as they were`,
      '  = hint: raise the limit (`ulimit -f`) or build on a file system that takes larger files, and build again',
      'silkpress: 1 error; no output was changed',
    ]);
    expect(r.stderr).not.toMatch(RAW);
    snapshot(out, outputs).forEach((a, i) => expect(a.bytes.equals(before[i]!.bytes), a.file).toBe(true));
    expect(readdirSync(out).filter((f) => f.startsWith('.')), 'no staging folder, lock or journal is left').toEqual([]);

    const next = await silkpress(['build', '--data', OTHER, '--out', out]);
    expect(next.code, next.stderr).toBe(0);
    sound(out);
    // The watch's build, rolled forward: every output as a clean build of OTHER writes it.
    for (const f of outputs.filter((f) => f !== 'manifest.json')) expect(readFileSync(join(out, f)).equals(readFileSync(join(other, f))), f).toBe(true);
  }, SLOW);

  it.each([
    ['ENOSPC', 'no space left on device', 'the disk is full', 'free some space'],
    ['EDQUOT', 'disk quota exceeded', 'the disk quota is used up', 'free some space'],
    ['EACCES', 'permission denied', 'permission denied', 'a folder you can write to'],
    ['EROFS', 'read-only file system', 'the file system is read-only', 'a folder you can write to'],
    ['EIO', 'i/o error', 'the disk reported an input/output error', 'correct the problem'],
  ])('%s (a full disk and the rest, which no test here can cause for real) reads as the real EFBIG does: one plain located line', (code, strerror, reason, hint) => {
    // As node raises them from a write into a staging folder.
    const e = Object.assign(new Error(`${code}: ${strerror}, write`), { code, errno: -1, syscall: 'write', path: '/srv/out/.silkpress-staging-x1/brochure-print.pdf' });
    const d = writeFailure('/srv/out', e, { file: 'brochure-print.pdf', committed: false });
    const text = formatDiagnostic(d);
    expect(text.split('\n')[0]).toBe(`/srv/out: error[E601]: cannot write brochure-print.pdf in /srv/out: ${reason}; the earlier outputs were left as they were`);
    expect(d.hints).toEqual([expect.stringContaining(hint)]);
    expect(text, 'no errno name, syscall or staging path').not.toMatch(RAW);
    const late = writeFailure('/srv/out', e, { committed: true });
    expect(late.message).toBe(`cannot write to /srv/out: ${reason}; manifest.json still describes the earlier build, and the next build in this folder completes this one`);
  });
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

describe('a watch rebuild killed with SIGKILL between moving the earlier file aside and renaming the new one in', () => {
  // `watch` commits without fsync, moving each earlier file into the staging folder before renaming the new one in
  // (src/output/commit.ts, moveAside): for that instant the name is missing, and the journal says so.
  it('leaves the journal naming the staged file, and the next build renames it into place', async () => {
    const out = copyOfGood();
    const before = snapshot(out, outputs);
    const ended = await new Promise<string | number | null>((done) => {
      const child = spawn(process.execPath, [BIN, 'watch', '--data', OTHER, '--out', out], { env: { ...process.env, NO_COLOR: '1', SILKPRESS_CRASH_AT: 'aside-1' }, stdio: 'ignore' });
      // A watch that never reaches the point keeps watching: stopped, it ends with SIGTERM's exit instead.
      const timer = setTimeout(() => child.kill('SIGTERM'), 60_000);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        done(signal ?? code);
      });
    });
    expect(ended).toBe('SIGKILL');
    expect(existsSync(join(out, JOURNAL_FILE))).toBe(true);
    expect(existsSync(join(out, 'brochure.pdf'))).toBe(false);
    expect(readFileSync(join(out, 'manifest.json')).equals(before.find((b) => b.file === 'manifest.json')!.bytes)).toBe(true);
    const next = await silkpress(['build', '--data', OTHER, '--out', out, '--only', 'pdf', '--edition', 'screen']);
    expect(next.code, next.stderr).toBe(0);
    sound(out);
    // The watch's build, rolled forward: every output as a clean build of OTHER writes it.
    for (const f of outputs.filter((f) => f !== 'manifest.json')) expect(readFileSync(join(out, f)).equals(readFileSync(join(other, f))), f).toBe(true);
  }, SLOW);
});

/**
 * Build A (OTHER into `out`), stopped with SIGSTOP as soon as its lock appears in `out` and found still holding it:
 * it then holds the lock, for certain, until sent SIGCONT. The lock is watched (inotify) and polled; a build that
 * took and released the lock before it could be stopped is run again, a bounded number of times.
 */
async function buildHoldingLock(out: string): Promise<{ child: ReturnType<typeof spawn>; pid: number; exited: Promise<RunResult> }> {
  const lockFile = join(out, LOCK_FILE);
  for (let attempt = 1; attempt <= 5; attempt++) {
    const child = spawn(process.execPath, [BIN, 'build', '--data', OTHER, '--out', out], { env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    const exited = new Promise<RunResult>((done) => child.on('close', (code) => done({ code, stdout, stderr })));
    const held = await new Promise<boolean>((done) => {
      const deadline = Date.now() + 120_000;
      let finished = false;
      const finish = (result: boolean): void => {
        if (finished) return;
        finished = true;
        watcher.close();
        clearInterval(poll);
        done(result);
      };
      const stop = (): void => {
        if (finished || child.exitCode !== null || !existsSync(lockFile)) return;
        child.kill('SIGSTOP');
        finish(true);
      };
      const watcher = watch(out, (_event, name) => name === LOCK_FILE && stop());
      const poll = setInterval(() => (Date.now() > deadline ? finish(false) : stop()), 5);
      void exited.then(() => finish(false));
    });
    // Stopped: it cannot release the lock now, so the lock holds its pid if and only if it holds the lock.
    if (held && readFileSafe(lockFile) === `${child.pid}\n`) return { child, pid: child.pid!, exited };
    child.kill('SIGCONT');
    const r = await exited;
    expect(r.code, r.stderr).toBe(0);
  }
  throw new Error('build A was never caught holding the lock');
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

describe('two builds into one folder', () => {
  it('overlapping for certain: B, started while A holds the lock, stops with E602 and writes nothing; A completes as a clean build would; nothing temporary is left', async () => {
    const out = copyOfGood();
    const a = await buildHoldingLock(out);
    try {
      const b = await silkpress(['build', '--data', CLEAN, '--out', out, '--only', 'pdf', '--edition', 'screen']);
      expect(b.code, b.stderr).toBe(1);
      expect(b.stderr.split('\n').filter(Boolean)).toEqual([
        `${out}: error[E602]: another silkpress build (process ${a.pid}) is writing to ${out}; nothing was written`,
        '  = hint: wait for it to finish and build again, or build into another --out folder',
        'silkpress: 1 error; no output was changed',
      ]);
      // B left A's lock alone, and A was held all the while.
      expect(readFileSync(join(out, LOCK_FILE), 'utf8')).toBe(`${a.pid}\n`);
      expect(a.child.exitCode).toBe(null);
    } finally {
      a.child.kill('SIGCONT');
    }
    const done = await a.exited;
    expect(done.code, done.stderr).toBe(0);
    sound(out);
    // The watch's build, rolled forward: every output as a clean build of OTHER writes it.
    for (const f of outputs.filter((f) => f !== 'manifest.json')) expect(readFileSync(join(out, f)).equals(readFileSync(join(other, f))), f).toBe(true);
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

  it('two builds that found the same stale lock: the one that comes second leaves the first one’s new lock in place', () => {
    const dir = tempDir('safety-stale');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, LOCK_FILE);
    // Build B reads a stale lock (a killed build's) ...
    writeFileSync(file, '4194999\n');
    const stale = statSync(file, { bigint: true }).ino;
    // ... build A, which read it too, removes it and takes the lock (a new file, its own pid) ...
    writeFileSync(join(dir, 'keep-inode-busy'), ''); // the old inode number is not handed straight back
    const replaced = join(dir, 'a-lock');
    writeFileSync(replaced, `${process.ppid}\n`);
    rmSync(file);
    renameSync(replaced, file);
    expect(statSync(file, { bigint: true }).ino).not.toBe(stale);
    // ... then B removes what it judged stale: A's lock must survive it, and a build now is refused.
    removeStaleLock(file, stale);
    expect(readFileSync(file, 'utf8')).toBe(`${process.ppid}\n`);
    expect(() => commitOutputs(dir, [{ name: 'a.txt', bytes: Buffer.from('new') }])).toThrow(/another silkpress build/);
    expect(readdirSync(dir).sort()).toEqual(['.silkpress.lock', 'keep-inode-busy']);
    // The stale lock itself, judged by its own inode, is removed.
    removeStaleLock(file, statSync(file, { bigint: true }).ino);
    expect(existsSync(file)).toBe(false);
  });
});
