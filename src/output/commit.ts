// Finished output files + an output folder → those files in the folder, all or (for a reader who heeds the
// journal) nothing, under a lock so two builds never interleave, with any failure said in plain words.
//
// POSIX can replace one file atomically (rename), not several. So a build:
//   1. takes the folder's lock (`.silkpress.lock`, our pid; a lock whose process is gone is stale and taken over);
//   2. completes any commit a killed build left (below), and removes staging folders nobody committed;
//   3. writes every file, fsynced, into a fresh staging folder inside the output folder (same file system);
//   4. commits: writes the journal `.silkpress-commit.json` (listing the staged files, manifest.json last) by
//      rename — the one atomic step. Killed before it, the folder still holds the earlier outputs, untouched;
//   5. renames each staged file into place, manifest.json last, then removes the journal and the staging folder.
// Killed during step 5, the folder holds some new files beside old ones — but the journal is there, saying so,
// and manifest.json still describes the earlier build; the next silkpress run in the folder rolls the commit
// forward before anything else. A reader (a CI publish step) that finds `.silkpress-commit.json` must not publish.
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { codes, DiagnosticError, error } from '../diag/diagnostic.js';

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

/** A test hook: SIGKILL this process at a named point of the commit, to prove a kill there leaves a sound folder. */
function crashPoint(name: string): void {
  if (process.env.SILKPRESS_CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}

function writeDurably(file: string, bytes: Buffer): void {
  const fd = openSync(file, 'wx');
  try {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
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

/** Take the folder's lock, or say who holds it. A lock left by a process that is gone (killed) is taken over. */
function lock(dir: string): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeDurably(file, Buffer.from(`${process.pid}\n`));
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number.parseInt(readFileSafe(file), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DiagnosticError([
          error(codes.outputLock, `another silkpress build (process ${pid}) is writing to ${dir}; nothing was written`, { file: dir }, [
            'wait for it to finish and build again, or build into another --out folder',
          ]),
        ]);
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new DiagnosticError([error(codes.outputLock, `cannot take the lock on ${dir}`, { file: dir }, ['remove ' + join(dir, LOCK_FILE) + ' if no build is running'])]);
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
    if (entry.startsWith(STAGING_PREFIX)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

/** Step 5: rename what is still staged into place, in the journal's order, then drop the journal and staging folder. */
function apply(dir: string, journal: Journal): void {
  const staging = join(dir, journal.staging);
  journal.files.forEach((name, i) => {
    const from = join(staging, name);
    if (existsSync(from)) renameSync(from, join(dir, name));
    crashPoint(`renamed-${i + 1}`);
  });
  syncDir(dir);
  rmSync(join(dir, JOURNAL_FILE), { force: true });
  rmSync(staging, { recursive: true, force: true });
  syncDir(dir);
}

/** Whether `out` can be an output folder: missing (it will be made) or a folder, under parents that are folders. */
export function outFolderProblem(out: string): string | undefined {
  let p = resolve(out);
  for (;;) {
    try {
      const s = statSync(p);
      if (s.isDirectory()) return undefined;
      return p === resolve(out) ? `--out ${out} is a file, not a folder` : `--out ${out} lies under ${p}, which is a file, not a folder`;
    } catch {
      const up = dirname(p);
      if (up === p) return undefined;
      p = up;
    }
  }
}

/**
 * Write `files` into `outDir` as described above. File names are plain names (`brochure.pdf`), in the order they
 * are renamed; put manifest.json last so it describes the earlier build until every output is in place.
 */
export function commitOutputs(outDir: string, files: { name: string; bytes: Buffer }[]): Written[] {
  const dir = resolve(outDir);
  const fail = (e: unknown): never => {
    if (e instanceof DiagnosticError) throw e;
    throw new DiagnosticError([
      error(codes.output, `cannot write to ${dir}: ${plainReason(e)}; the earlier outputs were left as they were`, { file: dir }),
    ]);
  };
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    fail(e);
  }
  let release: (() => void) | undefined;
  let staging: string | undefined;
  let committed = false;
  try {
    release = lock(dir);
    recover(dir);
    staging = mkdtempSync(join(dir, STAGING_PREFIX));
    for (const f of files) writeDurably(join(staging, f.name), f.bytes);
    crashPoint('staged');
    const journal: Journal = { staging: basename(staging), files: files.map((f) => f.name) };
    const pending = join(dir, `${JOURNAL_FILE}.${process.pid}.tmp`);
    writeDurably(pending, Buffer.from(JSON.stringify(journal)));
    renameSync(pending, join(dir, JOURNAL_FILE));
    syncDir(dir);
    committed = true;
    crashPoint('committed');
    apply(dir, journal);
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
  return files.map((f) => ({ file: join(dir, f.name), bytes: f.bytes.length }));
}
