// Delegation profiles → one edition each, built in parallel over worker threads (fonts and templates
// loaded once per worker), a failure isolated to its edition, one manifest for the whole batch.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeOutputsAtomically } from '../build.js';
import { childEnv } from '../child-env.js';
import { BATCH_WORKER_ARG, type BatchSettings, type EditionOutcome, type EditionTask } from './types.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface BatchOptions extends BatchSettings {
  files: string[];
  /** Workers; default: the machine's cores, at most one per edition. */
  workers?: number;
  /**
   * `process` (the default): each worker a child process, with a heap and garbage collector of its own, so two
   * workers on two cores do not wait on each other; `thread`: worker threads in this process.
   */
  isolation?: 'process' | 'thread';
  shard?: Shard;
  onDone?: (outcome: EditionOutcome, done: number, total: number) => void;
}

export const BATCH_MANIFEST = 'batch-manifest.json';

/**
 * The profiles a shard builds: every count-th file of the sorted list, starting at index-1. The same
 * inputs give every CI matrix job the same slice, and the slices together cover the batch exactly once.
 */
export function shardFiles(files: string[], shard: Shard | undefined): string[] {
  const sorted = [...files].sort();
  if (!shard) return sorted;
  return sorted.filter((_, i) => i % shard.count === shard.index - 1);
}

/** `2/4` → { index: 2, count: 4 }; undefined when malformed. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const shard = { index: Number(m[1]), count: Number(m[2]) };
  return shard.count >= 1 && shard.index >= 1 && shard.index <= shard.count ? shard : undefined;
}

export async function runBatch(options: BatchOptions): Promise<EditionOutcome[]> {
  const files = shardFiles(options.files, options.shard);
  const settings: BatchSettings = { root: options.root, dataFile: options.dataFile, outDir: options.outDir, selection: options.selection, ...(options.strict ? { strict: true } : {}) };
  const size = Math.max(1, Math.min(options.workers ?? availableParallelism(), files.length));
  const script = fileURLToPath(new URL('./worker.js', import.meta.url));
  // Run from the bundle (dist/cli/app.cjs), a worker process is the bin beside it, started as a batch worker.
  const bin = import.meta.url.endsWith('/app.cjs') ? fileURLToPath(new URL('./main.js', import.meta.url)) : undefined;
  const outcomes: EditionOutcome[] = [];
  const pending = files.map((file, index) => ({ index, file, language: languageOf(file) }));
  /** Languages some worker has loaded (or is loading) a project for. */
  const claimed = new Set<string | undefined>();
  await Promise.all(
    Array.from({ length: size }, async () => {
      const worker = startWorker(script, settings, options.isolation ?? 'process', bin);
      const loaded = new Set<string | undefined>();
      try {
        while (pending.length > 0) {
          const task = takeFor(pending, loaded, claimed);
          loaded.add(task.language);
          claimed.add(task.language);
          const outcome = await worker.run({ index: task.index, file: task.file });
          outcomes.push(outcome);
          options.onDone?.(outcome, outcomes.length, files.length);
        }
      } finally {
        await worker.stop();
      }
    }),
  );
  outcomes.sort((a, b) => a.index - b.index);
  // One manifest for the batch: which editions were built, and each one's outputs with their checksums.
  const manifest = {
    editions: outcomes.map((o) => ({ id: o.id, profile: o.file, ok: o.ok, outputs: o.outputs.map((x) => ({ ...x, file: `${o.id}/${x.file}` })) })),
  };
  writeOutputsAtomically(options.outDir, [{ name: BATCH_MANIFEST, bytes: Buffer.from(JSON.stringify(manifest, null, 2) + '\n') }]);
  return outcomes;
}

/**
 * The next edition for a worker: one in a language it has a project loaded for, else one in a language no worker
 * has taken up yet, else the first waiting. Opening a language's project and setting its text the first time is
 * most of an edition's cost (fonts, a cold JIT): with editions handed out in order, two workers each opened every
 * language, and two were no faster than one on 16 editions.
 */
export function takeFor<T extends { language: string | undefined }>(pending: T[], loaded: Set<string | undefined>, claimed: Set<string | undefined>): T {
  let at = pending.findIndex((t) => loaded.has(t.language));
  if (at < 0) at = pending.findIndex((t) => !claimed.has(t.language));
  if (at < 0) at = 0;
  return pending.splice(at, 1)[0]!;
}

/** A profile's edition language, read without validating it (the worker reports a broken profile); undefined if unreadable. */
function languageOf(file: string): string | undefined {
  try {
    return /^language:\s*["']?([A-Za-z-]+)/m.exec(readFileSync(file, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

interface BatchWorker {
  run(task: EditionTask): Promise<EditionOutcome>;
  stop(): Promise<void>;
}

/**
 * A worker thread running worker.js, or a child process: the bin started as a batch worker when this runs from the
 * bundle (`bin`), else worker.js. Either answers each task with its outcome.
 */
function startWorker(script: string, settings: BatchSettings, isolation: 'process' | 'thread', bin?: string): BatchWorker {
  if (isolation === 'thread') {
    const worker = new Worker(script, { workerData: settings });
    return {
      run: (task) =>
        new Promise<EditionOutcome>((resolve, reject) => {
          const onError = (e: Error): void => reject(e);
          worker.once('error', onError);
          worker.once('message', (m: EditionOutcome) => {
            worker.off('error', onError);
            resolve(m);
          });
          worker.postMessage(task);
        }),
      stop: async () => {
        await worker.terminate();
      },
    };
  }
  const child: ChildProcess = fork(bin ?? script, bin ? [BATCH_WORKER_ARG] : [], {
    env: childEnv({ SILKPRESS_BATCH_SETTINGS: JSON.stringify(settings) }),
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    run: (task) =>
      new Promise<EditionOutcome>((resolve, reject) => {
        const onExit = (code: number | null): void => reject(new Error(`batch worker exited (status ${code}) while building ${task.file}`));
        child.once('exit', onExit);
        child.once('message', (m) => {
          child.off('exit', onExit);
          resolve(m as EditionOutcome);
        });
        child.send(task);
      }),
    stop: async () => {
      // Closing the channel ends the child: it has nothing else keeping it alive.
      if (child.connected) child.disconnect();
      await exited;
    },
  };
}
