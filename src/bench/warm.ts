// Warm rebuilds: `watch` as a user runs it (`node dist/cli/main.js watch --json`, one process per mode: all
// outputs, and the screen PDF alone), timed from the start of the rebuild that a one-word edit to the dataset
// triggers to its end, as the command reports each build. The two watchers' copies of the dataset are edited in
// turn.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join, resolve } from 'node:path';
import { linkDatasetFolder } from './scale.js';

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

/** A build event of `watch --json`. */
interface WatchEvent {
  event: string;
  ok?: boolean;
  ms: number;
  cpuMs: number;
}

export async function benchWarm(bin: string, root: string, dataFile: string, runs: number): Promise<WarmBench> {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-bench-warm-'));
  linkDatasetFolder(dataFile, dir);
  const text = readFileSync(dataFile, 'utf8');
  const pair = EDITS.find(([from]) => text.includes(from));
  if (!pair) throw new Error(`bench: the dataset holds none of the words the warm rebuild edits (${EDITS.map((e) => e[0]).join(', ')})`);
  // Every edit makes a text never seen before (the word's last character cycles through characters not yet used
  // there), as a user's typing does: toggling between two texts would let the disk cache answer the parse.
  const endings = [...'略劃案圖策署綱計謀則'].filter((c) => !pair[1].endsWith(c));
  const variant = (n: number): string => (n === 0 ? text.replace(pair[0], pair[1]) : text.replace(pair[0], `${pair[1].slice(0, -1)}${endings[n % endings.length]!}${n >= endings.length ? '之'.repeat(Math.floor(n / endings.length)) : ''}`));
  const modes: { name: 'all' | 'screen'; args: string[] }[] = [
    { name: 'all', args: [] },
    { name: 'screen', args: ['--only', 'pdf', '--edition', 'screen'] },
  ];
  const children: ChildProcess[] = [];
  const watchers = modes.map((m) => {
    const file = join(dir, `${m.name}.yaml`);
    copyFileSync(dataFile, file);
    const child = spawn(process.execPath, [bin, 'watch', '--root', resolve(root), '--data', file, '--out', join(dir, `out-${m.name}`), '--json', ...m.args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(child);
    const events: WatchEvent[] = [];
    let waiting: ((e: WatchEvent) => void) | undefined;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let e: WatchEvent;
      try {
        e = JSON.parse(line) as WatchEvent;
      } catch {
        return;
      }
      if (e.event !== 'build') return;
      if (waiting) {
        const w = waiting;
        waiting = undefined;
        w(e);
      } else events.push(e);
    });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`bench: the ${m.name} watcher exited (status ${code})`))));
    const next = (): Promise<WatchEvent> => {
      const queued = events.shift();
      return queued ? Promise.resolve(queued) : Promise.race([new Promise<WatchEvent>((r) => (waiting = r)), exited]);
    };
    let version = 0;
    const edit = async (): Promise<{ ms: number; cpuMs: number }> => {
      const done = next();
      // As editors save: a new file renamed over the old, so the watcher sees one change, not a truncation and a write.
      writeFileSync(`${file}.new`, variant(version++));
      renameSync(`${file}.new`, file);
      const e = await done;
      if (e.ok === false) throw new Error(`bench: a warm rebuild failed (${m.name})`);
      return { ms: e.ms, cpuMs: e.cpuMs };
    };
    return { ...m, ready: next(), edit };
  });
  const result: WarmBench = { allMs: [], screenMs: [], allCpuMs: [], screenCpuMs: [], edit: `${pair[0]} → ${pair[1]}, then a new last character each time` };
  try {
    for (const w of watchers) {
      const first = await w.ready;
      if (first.ok === false) throw new Error(`bench: the first watch build failed (${w.name})`);
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
    for (const c of children) {
      c.removeAllListeners('exit');
      c.kill('SIGTERM');
    }
    await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))));
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
