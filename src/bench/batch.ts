// Batch throughput: the shipped delegation profiles repeated to 16 (and 50) editions, built over 1 and 2
// workers by the command line users run (`node dist/cli/main.js build --delegations --workers N --json`, the
// bundled workers), in a scratch project whose data/delegations/ holds the copies; per-edition steady state by
// language from a run on one worker marked `steady` (a worker builds a language's editions one after another: the
// first WARM_UP of each, which load that language's project and warm its caches, are left out), as the command's
// JSON reports each edition's milliseconds.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { delegationFiles, loadDelegation } from '../data/delegation.js';
import { linkDatasetFolder } from './scale.js';

export interface BatchTiming {
  editions: number;
  workers: number;
  seconds: number;
  built: number;
}

export interface BatchBench {
  runs: BatchTiming[];
  /** Language → median milliseconds per edition in a warm worker. */
  steadyMs: Record<string, number>;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * A scratch project for `n` editions: templates/ and fonts/ linked, the dataset and its folder's pictures linked
 * under data/, and the shipped profiles repeated in order in data/delegations/, each copy with an id of its own
 * (editions of one id share an output folder, and two workers building into one folder at once are refused by
 * the output lock, which would count as failed editions rather than measure the batch).
 */
function scratchProject(root: string, dataFile: string, n: number): { dir: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-bench-batch-project-'));
  for (const part of ['templates', 'fonts']) symlinkSync(resolve(root, part), join(dir, part));
  mkdirSync(join(dir, 'data', 'delegations'), { recursive: true });
  const data = join(dir, 'data', basename(dataFile));
  symlinkSync(resolve(dataFile), data);
  linkDatasetFolder(dataFile, join(dir, 'data'));
  const shipped = delegationFiles(join(root, 'data', 'delegations'));
  for (let i = 0; i < n; i++) {
    const text = readFileSync(shipped[i % shipped.length]!, 'utf8')
      .replace(/^id: *(\S+)/m, `id: $1-r${i + 1}`)
      // The copy names the scratch project's dataset, whatever the shipped profile names.
      .replace(/^dataset: .*$/m, '');
    writeFileSync(join(dir, 'data', 'delegations', `profile-${String(i + 1).padStart(2, '0')}.yaml`), `dataset: data/${basename(dataFile)}\n${text}`);
  }
  return { dir, data };
}

interface EditionJson {
  file: string;
  ok: boolean;
  ms: number;
}

/** Editions of a language left out of its steady state: its first ones in a worker. */
const WARM_UP = 3;

/** One `build --delegations` over a scratch project of `editions` copies: its wall time and each edition's outcome. */
function runBatchCommand(bin: string, root: string, dataFile: string, editions: number, workers: number): { seconds: number; outcomes: (EditionJson & { language: string })[] } {
  const project = scratchProject(root, dataFile, editions);
  const outDir = mkdtempSync(join(tmpdir(), 'silkpress-bench-batch-'));
  try {
    const t = performance.now();
    const stdout = execFileSync(process.execPath, [bin, 'build', '--root', project.dir, '--data', project.data, '--delegations', '--workers', String(workers), '--out', outDir, '--json'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = (performance.now() - t) / 1000;
    const outcomes = (JSON.parse(stdout) as { editions: EditionJson[] }).editions.map((o) => ({ ...o, language: loadDelegation(resolve(project.dir, o.file)).value.language }));
    return { seconds, outcomes };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(project.dir, { recursive: true, force: true });
  }
}

/**
 * What this machine's cores give this work at best: `count` one-worker batches of `editions` each, in scratch
 * projects of their own, started at once and timed until the last ends. Nothing is shared between them, so their
 * throughput over one batch's alone bounds what `--workers count` can reach here: a worker is not one core's work
 * (V8 collects garbage and compiles on threads of its own), and the processes also share the memory bus and caches.
 */
export async function independentBatches(bin: string, root: string, dataFile: string, editions: number, count: number): Promise<{ seconds: number; built: number[] }> {
  const projects = Array.from({ length: count }, () => ({ project: scratchProject(root, dataFile, editions), outDir: mkdtempSync(join(tmpdir(), 'silkpress-bench-batch-')) }));
  try {
    const t = performance.now();
    const built = await Promise.all(
      projects.map(
        ({ project, outDir }) =>
          new Promise<number>((done, fail) =>
            execFile(
              process.execPath,
              [bin, 'build', '--root', project.dir, '--data', project.data, '--delegations', '--workers', '1', '--out', outDir, '--json'],
              { env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
              (e, stdout) => (e ? fail(e) : done((JSON.parse(stdout) as { editions: EditionJson[] }).editions.filter((o) => o.ok).length)),
            ),
          ),
      ),
    );
    return { seconds: (performance.now() - t) / 1000, built };
  } finally {
    for (const { project, outDir } of projects) {
      rmSync(outDir, { recursive: true, force: true });
      rmSync(project.dir, { recursive: true, force: true });
    }
  }
}

export async function benchBatch(
  bin: string,
  root: string,
  dataFile: string,
  plan: { editions: number; workers: number; steady?: boolean }[],
  onRun?: (t: BatchTiming) => void,
): Promise<BatchBench> {
  // Untimed, first: each shipped profile once, as on a machine that has built these editions before (the workers'
  // compiled code, the editions' entries in the disk cache), as the cold builds run with a filled cache.
  runBatchCommand(bin, root, dataFile, delegationFiles(join(root, 'data', 'delegations')).length, 1);
  const runs: BatchTiming[] = [];
  const perLanguage = new Map<string, number[]>();
  for (const { editions, workers, steady } of plan) {
    const { seconds, outcomes } = runBatchCommand(bin, root, dataFile, editions, workers);
    if (!steady) {
      const timing = { editions, workers, seconds, built: outcomes.filter((o) => o.ok).length };
      runs.push(timing);
      onRun?.(timing);
      continue;
    }
    const seen = new Map<string, number>();
    // The JSON lists editions in the profiles' order; one worker builds a language's editions in that order.
    for (const o of outcomes) {
      const n = (seen.get(o.language) ?? 0) + 1;
      seen.set(o.language, n);
      if (n > WARM_UP) perLanguage.set(o.language, [...(perLanguage.get(o.language) ?? []), o.ms]);
    }
  }
  return { runs, steadyMs: Object.fromEntries([...perLanguage].map(([k, v]) => [k, median(v)])) };
}
