// Finished output files + an output folder → those files in the folder, all or (for a reader who heeds the
// journal) nothing, under a lock so two builds never interleave, with any failure said in plain words.
//
// POSIX can replace one file atomically (rename), not several. So a build:
//   1. takes the folder's lock (`.silkpress.lock`, our pid; a lock whose process is gone is stale and taken over);
//   2. completes any commit a killed build left (below), and removes staging folders nobody committed;
//   3. writes every file, fsynced (unless the caller is `watch`: CommitOptions), into a fresh staging folder inside
//      the output folder (same file system);
//   4. commits: writes the journal `.silkpress-commit.json` (listing the staged files, manifest.json last) by
//      rename — the one atomic step. Killed before it, the folder still holds the earlier outputs, untouched;
//   5. renames each staged file into place, manifest.json last, then removes the journal and the staging folder
//      (`watch` first moves each earlier file aside into the staging folder: moveAside).
// Killed during step 5, the folder holds some new files beside old ones — but the journal is there, saying so,
// and manifest.json still describes the earlier build; the next silkpress run in the folder rolls the commit
// forward before anything else. A reader (a CI publish step) that finds `.silkpress-commit.json` must not publish.
import { accessSync, closeSync, constants, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { codes, DiagnosticError, error, type Diagnostic } from '../diag/diagnostic.js';

export const LOCK_FILE = '.silkpress.lock';
export const JOURNAL_FILE = '.silkpress-commit.json';
const STAGING_PREFIX = '.silkpress-staging-';

export interface Written {
  file: string;
  bytes: number;
}

interface Journal {
  staging: string;
  files: string[];
}

/** An errno as a person reads it: no `EACCES: permission denied, open '/x/.y.tmp'`. */
export function plainReason(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EFBIG':
      return 'the file is larger than this process may write (a file size limit)';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'a file stands where a folder is needed';
    case 'EISDIR':
      return 'a folder stands where an output file goes';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EIO':
      return 'the disk reported an input/output error';
    default:
      return 'the file system refused it';
  }
}

/** What to do about a failed write, by its errno: the hint under the E601 line. */
function writeHint(e: unknown): string {
  switch ((e as NodeJS.ErrnoException)?.code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'free some space (or build into a folder on another disk with --out) and build again';
    case 'EFBIG':
      return 'raise the limit (`ulimit -f`) or build on a file system that takes larger files, and build again';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'build into a folder you can write to (--out), or ask its owner for write permission';
    default:
      return 'correct the problem with the --out folder and build again';
  }
}

/**
 * A write that failed under way as one located line in plain words (E601): the file and folder, the reason, and
 * what became of the earlier outputs. `file` is the output being written when it failed, if any; `committed`
 * whether the journal was already written (the next run then completes the commit).
 */
export function writeFailure(dir: string, e: unknown, at: { file?: string; committed: boolean }): Diagnostic {
  const what = at.file ? `cannot write ${at.file} in ${dir}` : `cannot write to ${dir}`;
  const after = at.committed
    ? 'manifest.json still describes the earlier build, and the next build in this folder completes this one'
    : 'the earlier outputs were left as they were';
  return error(codes.output, `${what}: ${plainReason(e)}; ${after}`, { file: dir }, [writeHint(e)]);
}

/**
 * A test hook, not a setting: with SILKPRESS_CRASH_AT=staged, committed, aside-N or renamed-N in the environment, this
 * process SIGKILLs itself at that point of the commit, so test/output-safety.test.ts can prove a kill exactly there
 * leaves a sound folder. (A kill from outside cannot land between two renames reliably; strace's fault injection could, but
 * it is not on every CI machine.) Nothing else reads it, and a user has no reason to set it.
 */
function crashPoint(name: string): void {
  if (process.env.SILKPRESS_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}

/** A file's bytes: one buffer, or pieces written one after another (a PDF as its writer made it). */
export type FileBytes = Buffer | readonly Buffer[];

export function byteLength(bytes: FileBytes): number {
  return Buffer.isBuffer(bytes) ? bytes.length : bytes.reduce((n, b) => n + b.length, 0);
}

function writeDurably(file: string, bytes: FileBytes, flags: 'wx' | 'w' = 'wx', durable = true): void {
  const fd = openSync(file, flags);
  try {
    for (const piece of Buffer.isBuffer(bytes) ? [bytes] : bytes) {
      let at = 0;
      while (at < piece.length) at += writeSync(fd, piece, at, piece.length - at);
    }
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems cannot fsync a folder; the renames are still atomic.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take the folder's lock, or say who holds it. A lock left by a process that is gone (killed) is taken over.
 * The lock appears with its pid already in it (written to a file of our own, then linked to the lock's name, which
 * fails if it exists): a lock created empty and filled after would look stale, for a moment, to a second build.
 */
function lock(dir: string, durable = true): () => void {
  const file = join(dir, LOCK_FILE);
  const mine = join(dir, `${LOCK_FILE}.${process.pid}.tmp`);
  writeDurably(mine, Buffer.from(`${process.pid}\n`), 'w', durable);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        try {
          linkSync(mine, file);
        } catch (e) {
          // A file system without hard links (FAT, some network shares): create the lock exclusively instead.
          if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
          writeDurably(file, Buffer.from(`${process.pid}\n`), 'wx', durable);
        }
        return () => rmSync(file, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const held = inode(file);
        const pid = Number.parseInt(readFileSafe(file), 10);
        if (held === undefined || held !== inode(file)) continue; // released or replaced while we read it
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
          throw new DiagnosticError([
            error(codes.outputLock, `another silkpress build (process ${pid}) is writing to ${dir}; nothing was written`, { file: dir }, [
              'wait for it to finish and build again, or build into another --out folder',
            ]),
          ]);
        }
        removeStaleLock(file, held);
      }
    }
  } finally {
    rmSync(mine, { force: true });
  }
  throw new DiagnosticError([error(codes.outputLock, `cannot take the lock on ${dir}`, { file: dir }, ['remove ' + join(dir, LOCK_FILE) + ' if no build is running'])]);
}

function inode(file: string): bigint | undefined {
  try {
    return statSync(file, { bigint: true }).ino;
  } catch {
    return undefined;
  }
}

/**
 * Remove the lock at `file` if it is still the stale one we read (inode `stale`). Two builds can find the same
 * stale lock: if one removed it and took the lock before the other removes what it believes is stale, a plain
 * remove would delete the new holder's lock and both would write. So the lock is first moved aside (atomic), and
 * a lock that is not the one judged stale is linked back where it was.
 */
export function removeStaleLock(file: string, stale: bigint): void {
  const aside = `${file}.${process.pid}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // already gone: the next attempt takes the lock or finds its holder
  }
  if (inode(aside) !== stale) {
    try {
      linkSync(aside, file);
    } catch {
      /* a third build took the free name meanwhile: it holds the lock, and the next attempt says so */
    }
  }
  rmSync(aside, { force: true });
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Finish a commit a killed build left (roll forward), and remove staging folders no journal names. Under the lock. */
function recover(dir: string): void {
  const journalFile = join(dir, JOURNAL_FILE);
  if (existsSync(journalFile)) {
    let journal: Journal | undefined;
    try {
      journal = JSON.parse(readFileSync(journalFile, 'utf8')) as Journal;
    } catch {
      journal = undefined;
    }
    if (journal && typeof journal.staging === 'string' && Array.isArray(journal.files) && journal.staging.startsWith(STAGING_PREFIX)) apply(dir, journal);
    else rmSync(journalFile, { force: true });
  }
  for (const entry of readdirSync(dir)) {
    // Staging folders and journals being written belong to the lock holder (us): any found now are a killed build's.
    // A lock's pid file, or a stale lock moved aside, belongs to a build trying the lock: left alone while it lives.
    const pidFile = /^\.silkpress\.lock\.(\d+)\.(?:tmp|stale)$/.exec(entry);
    if (entry.startsWith(STAGING_PREFIX) || /^\.silkpress-commit\.json\.\d+\.tmp$/.test(entry) || (pidFile && !alive(Number(pidFile[1]))))
      rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** Step 5: rename what is still staged into place, in the journal's order, then drop the journal and staging folder. */
function apply(dir: string, journal: Journal, durable = true): void {
  const staging = join(dir, journal.staging);
  journal.files.forEach((name, i) => {
    const from = join(staging, name);
    if (existsSync(from)) {
      const to = join(dir, name);
      if (!durable) {
        moveAside(to, join(staging, `.replaced-${name}`));
        crashPoint(`aside-${i + 1}`);
      }
      renameSync(from, to);
    }
    crashPoint(`renamed-${i + 1}`);
  });
  if (durable) syncDir(dir);
  rmSync(join(dir, JOURNAL_FILE), { force: true });
  rmSync(staging, { recursive: true, force: true });
  if (durable) syncDir(dir);
}

/**
 * Without durability (`watch`), the earlier file is first moved into the staging folder (removed with it), so the
 * new one is renamed to a free name. Renamed over an existing file, a file still in the page cache is written out
 * then and there (ext4's auto_da_alloc, which makes rename-over safe for programs that never fsync): ~13 ms of each
 * rebuild that wrote the four outputs (8 MB) on the benchmark's machine, for files the next save replaces anyway. The
 * name is missing between the two renames; killed there, the journal still names the staged file, and the next run
 * renames it into place (recover).
 */
function moveAside(file: string, aside: string): void {
  try {
    // Only a file (or a link) is moved: a folder standing where an output goes would be removed with the staging
    // folder; left there, the rename that follows fails on it, as it does in `build`.
    if (lstatSync(file).isDirectory()) return;
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/**
 * Why `out` cannot be an output folder, as a sentence that ends in what to do, or undefined when it can: it must be
 * a folder this process can write to, or be missing under a folder it can write to (it is made). Asked before any
 * work, so a wrong --out is a usage error at once, not a failure after the typesetting. (A write can still fail
 * later — a full disk, a limit, a folder whose permissions change meanwhile: that is E601, from commitOutputs.)
 */
export function outFolderProblem(out: string): string | undefined {
  const wanted = resolve(out);
  let p = wanted;
  for (;;) {
    let s;
    try {
      s = statSync(p);
    } catch {
      const up = dirname(p);
      if (up === p) return undefined;
      p = up;
      continue;
    }
    if (!s.isDirectory()) {
      const where = p === wanted ? `--out ${out} is a file, not a folder` : `--out ${out} lies under ${p}, which is a file, not a folder`;
      return `${where}: give a folder (it is made when missing)`;
    }
    try {
      // Write to add entries, search to reach them; access() asks as this process's user (root passes).
      accessSync(p, constants.W_OK | constants.X_OK);
      return undefined;
    } catch (e) {
      const where = p === wanted ? `--out ${out} cannot be written` : `--out ${out} cannot be made: ${p} cannot be written`;
      return `${where} (${plainReason(e)}): give a folder you can write to`;
    }
  }
}

/**
 * Write `files` into `outDir` as described above. File names are plain names (`brochure.pdf`), in the order they
 * are renamed; put manifest.json last so it describes the earlier build until every output is in place.
 */
export interface CommitOptions {
  /**
   * Wait until the files and the journal are on the disk (fsync) before the commit point: what a published build
   * needs to survive a power cut. `watch` passes false: a killed rebuild still leaves the folder as sound (the
   * journal), and the next save rewrites everything; the fsyncs (of the files, the journal, the lock and the
   * folder) were ~25 ms of each rebuild. Without durability an earlier file is also moved aside before the new
   * one is renamed in (moveAside).
   */
  durable?: boolean;
}

export function commitOutputs(outDir: string, files: { name: string; bytes: FileBytes }[], options: CommitOptions = {}): Written[] {
  const durable = options.durable ?? true;
  const dir = resolve(outDir);
  /** The output being written when a write fails, for the message. */
  let writing: string | undefined;
  let committed = false;
  const fail = (e: unknown): never => {
    if (e instanceof DiagnosticError) throw e;
    throw new DiagnosticError([writeFailure(dir, e, { ...(writing ? { file: writing } : {}), committed })]);
  };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    fail(e);
  }
  let release: (() => void) | undefined;
  let staging: string | undefined;
  try {
    release = lock(dir, durable);
    recover(dir);
    staging = mkdtempSync(join(dir, STAGING_PREFIX));
    for (const f of files) {
      writing = f.name;
      writeDurably(join(staging, f.name), f.bytes, 'wx', durable);
    }
    writing = undefined;
    crashPoint('staged');
    const journal: Journal = { staging: basename(staging), files: files.map((f) => f.name) };
    const pending = join(dir, `${JOURNAL_FILE}.${process.pid}.tmp`);
    writeDurably(pending, Buffer.from(JSON.stringify(journal)), 'wx', durable);
    renameSync(pending, join(dir, JOURNAL_FILE));
    if (durable) syncDir(dir);
    committed = true;
    crashPoint('committed');
    apply(dir, journal, durable);
  } catch (e) {
    // Before the commit nothing in the folder changed: remove what was staged. After it, the journal stands and
    // the next run completes it.
    if (!committed && staging) rmSync(staging, { recursive: true, force: true });
    rmSync(join(dir, `${JOURNAL_FILE}.${process.pid}.tmp`), { force: true });
    release?.();
    release = undefined;
    fail(e);
  } finally {
    release?.();
  }
  return files.map((f) => ({ file: join(dir, f.name), bytes: byteLength(f.bytes) }));
}
