// Warm rebuilds: `watch` as a user runs it (project loaded, templates compiled), timed from the start of the
// rebuild that a one-word edit to the dataset triggers to its end. All outputs and the screen PDF alone are
// two watchers on two copies of the dataset, edited in turn.
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { linkDatasetFolder } from './scale.js';
import { join, resolve } from 'node:path';
import type { BuildOptions } from '../build.js';
import { watchProject, type WatchResult } from '../watch/watch.js';

/** Word pairs the edit toggles between: the first whose left side the dataset holds is used. */
const EDITS: [string, string][] = [
  ['重要發展策略', '重大發展策略'],
  ['重要', '重大'],
  ['the', 'thé'],
];

export interface WarmBench {
  allMs: number[];
  screenMs: number[];
  /** Processor time of the same rebuilds. */
  allCpuMs: number[];
  screenCpuMs: number[];
  edit: string;
}

export async function benchWarm(root: string, dataFile: string, runs: number): Promise<WarmBench> {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-bench-warm-'));
  linkDatasetFolder(dataFile, dir);
  const text = readFileSync(dataFile, 'utf8');
  const pair = EDITS.find(([from]) => text.includes(from));
  if (!pair) throw new Error(`bench: the dataset holds none of the words the warm rebuild edits (${EDITS.map((e) => e[0]).join(', ')})`);
  // Every edit makes a text never seen before (the word's last character cycles through characters not yet used
  // there), as a user's typing does: toggling between two texts would let the disk cache answer the parse.
  const endings = [...'略劃案圖策署綱計謀則'].filter((c) => !pair[1].endsWith(c));
  const variant = (n: number): string => (n === 0 ? text.replace(pair[0], pair[1]) : text.replace(pair[0], `${pair[1].slice(0, -1)}${endings[n % endings.length]!}${n >= endings.length ? '之'.repeat(Math.floor(n / endings.length)) : ''}`));
  const modes: { name: 'all' | 'screen'; selection: Partial<BuildOptions> }[] = [
    { name: 'all', selection: {} },
    { name: 'screen', selection: { only: 'pdf', editions: ['screen'] } },
  ];
  const watchers = modes.map((m) => {
    const file = join(dir, `${m.name}.yaml`);
    copyFileSync(dataFile, file);
    let waiting: ((r: WatchResult) => void) | undefined;
    let first: ((r: WatchResult) => void) | undefined;
    const ready = new Promise<WatchResult>((r) => (first = r));
    const w = watchProject({
      root: resolve(root),
      dataFile: file,
      outDir: join(dir, `out-${m.name}`),
      ...m.selection,
      debounceMs: 5,
      onResult: (r) => {
        const f = first ?? waiting;
        first = undefined;
        waiting = undefined;
        f?.(r);
      },
    });
    let version = 0;
    const edit = async (): Promise<{ ms: number; cpuMs: number }> => {
      const done = new Promise<WatchResult>((r) => (waiting = r));
      // As editors save: a new file renamed over the old, so the watcher sees one change, not a truncation and a write.
      writeFileSync(`${file}.new`, variant(version++));
      renameSync(`${file}.new`, file);
      const r = await done;
      if (!r.ok) throw new Error(`bench: a warm rebuild failed: ${JSON.stringify(r.diagnostics.slice(0, 2))}`);
      return { ms: r.ms, cpuMs: r.cpuMs };
    };
    return { ...m, w, ready, edit };
  });
  const result: WarmBench = { allMs: [], screenMs: [], allCpuMs: [], screenCpuMs: [], edit: `${pair[0]} → ${pair[1]}, then a new last character each time` };
  try {
    for (const w of watchers) {
      const r = await w.ready;
      if (!r.ok) throw new Error(`bench: the first watch build failed: ${JSON.stringify(r.diagnostics.slice(0, 2))}`);
    }
    // Two edits each to warm the JIT, then the measured ones, interleaved.
    for (let i = 0; i < runs + 2; i++) {
      for (const w of watchers) {
        const t = await w.edit();
        if (i < 2) continue;
        (w.name === 'all' ? result.allMs : result.screenMs).push(t.ms);
        (w.name === 'all' ? result.allCpuMs : result.screenCpuMs).push(t.cpuMs);
      }
    }
  } finally {
    for (const w of watchers) w.w.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
