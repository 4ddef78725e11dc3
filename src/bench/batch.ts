// Batch throughput: the shipped delegation profiles repeated to 16 (and 50) editions, built over 1 and 2
// workers; per-edition steady state by language from the one-worker run (each language's first edition,
// which loads that language's project, left out).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch } from '../batch/run.js';
import { delegationFiles, loadDelegation } from '../data/delegation.js';

export interface BatchTiming {
  editions: number;
  workers: number;
  isolation: 'process' | 'thread';
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
 * The shipped profiles, repeated in order until there are `n`, each copy with an id of its own: editions of one id
 * share an output folder, and two workers building into one folder at once are refused (the output lock), which
 * would count as failed editions rather than measure the batch.
 */
function profiles(root: string, n: number, dir: string): string[] {
  const shipped = delegationFiles(join(root, 'data', 'delegations'));
  return Array.from({ length: n }, (_, i) => {
    const file = join(dir, `profile-${i + 1}.yaml`);
    writeFileSync(file, readFileSync(shipped[i % shipped.length]!, 'utf8').replace(/^id: *(\S+)/m, `id: $1-r${i + 1}`));
    return file;
  });
}

export async function benchBatch(
  root: string,
  dataFile: string,
  plan: { editions: number; workers: number; isolation: 'process' | 'thread' }[],
  onRun?: (t: BatchTiming) => void,
): Promise<BatchBench> {
  const runs: BatchTiming[] = [];
  const perLanguage = new Map<string, number[]>();
  for (const { editions, workers, isolation } of plan) {
    const outDir = mkdtempSync(join(tmpdir(), 'silkpress-bench-batch-'));
    const profileDir = mkdtempSync(join(tmpdir(), 'silkpress-bench-profiles-'));
    const files = profiles(root, editions, profileDir);
    const t = performance.now();
    const outcomes = await runBatch({ root, dataFile, outDir, selection: {}, files, workers, isolation });
    const timing = { editions, workers, isolation, seconds: (performance.now() - t) / 1000, built: outcomes.filter((o) => o.ok).length };
    rmSync(outDir, { recursive: true, force: true });
    runs.push(timing);
    onRun?.(timing);
    if (workers === 1 && perLanguage.size === 0) {
      const seen = new Set<string>();
      for (const o of outcomes) {
        const lang = loadDelegation(o.file).value.language;
        if (!seen.has(lang)) seen.add(lang);
        else perLanguage.set(lang, [...(perLanguage.get(lang) ?? []), o.ms]);
      }
    }
    rmSync(profileDir, { recursive: true, force: true });
  }
  return { runs, steadyMs: Object.fromEntries([...perLanguage].map(([k, v]) => [k, median(v)])) };
}
