// Delegation profiles → one edition each, built in parallel over worker threads (fonts and templates
// loaded once per worker), a failure isolated to its edition, one manifest for the whole batch.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeOutputsAtomically } from '../build.js';
import type { BatchSettings, EditionOutcome, EditionTask } from './types.js';

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
  const outcomes: EditionOutcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      const worker = startWorker(script, settings, options.isolation ?? 'process');
      try {
        while (next < files.length) {
          const index = next++;
          const outcome = await worker.run({ index, file: files[index]! });
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

interface BatchWorker {
  run(task: EditionTask): Promise<EditionOutcome>;
  stop(): Promise<void>;
}

/** A worker thread or a child process running worker.js; either answers each task with its outcome. */
function startWorker(script: string, settings: BatchSettings, isolation: 'process' | 'thread'): BatchWorker {
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
  const child: ChildProcess = fork(script, [], {
    env: { ...process.env, SILKPRESS_BATCH_SETTINGS: JSON.stringify(settings) },
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
