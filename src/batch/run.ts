// Delegation profiles → one edition each, built in parallel over worker threads (fonts and templates
// loaded once per worker), a failure isolated to its edition, one manifest for the whole batch.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { writeOutputsAtomically } from '../build.js';
import type { BatchSettings, EditionOutcome } from './types.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface BatchOptions extends BatchSettings {
  files: string[];
  /** Worker threads; default: the machine's cores, at most one per edition. */
  workers?: number;
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
      const worker = new Worker(script, { workerData: settings });
      try {
        while (next < files.length) {
          const index = next++;
          const outcome = await new Promise<EditionOutcome>((resolve, reject) => {
            const onError = (e: Error): void => reject(e);
            worker.once('error', onError);
            worker.once('message', (m: EditionOutcome) => {
              worker.off('error', onError);
              resolve(m);
            });
            worker.postMessage({ index, file: files[index]! });
          });
          outcomes.push(outcome);
          options.onDone?.(outcome, outcomes.length, files.length);
        }
      } finally {
        await worker.terminate();
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
