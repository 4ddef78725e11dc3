// Batch throughput: every delegation profile built once with one worker, then with one per core.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../batch/run.js';
import { delegationFiles } from '../data/delegation.js';

export interface BatchBench {
  editions: number;
  built: number;
  perSecondOneWorker: number;
  perSecondAllCores: number;
  cores: number;
}

export async function benchBatch(root: string, dataFile: string): Promise<BatchBench> {
  // Each profile three times: a batch of a dozen editions shows the steady state, not only each worker's
  // start-up (modules, JIT, fonts per language). The copies write identical bytes to the same folder.
  const files = [1, 2, 3].flatMap(() => delegationFiles(join(root, 'data', 'delegations')));
  const cores = availableParallelism();
  const time = async (workers: number): Promise<{ seconds: number; built: number }> => {
    const outDir = mkdtempSync(join(tmpdir(), 'silkpress-bench-batch-'));
    const t = performance.now();
    const outcomes = await runBatch({ root, dataFile, outDir, selection: {}, files, workers });
    const seconds = (performance.now() - t) / 1000;
    rmSync(outDir, { recursive: true, force: true });
    return { seconds, built: outcomes.filter((o) => o.ok).length };
  };
  const one = await time(1);
  const all = await time(cores);
  return { editions: files.length, built: all.built, perSecondOneWorker: one.built / one.seconds, perSecondAllCores: all.built / all.seconds, cores };
}
