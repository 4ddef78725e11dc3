// Cold starts: the installed bin (`node dist/cli/main.js`, what `silkpress` runs; not npx, which adds its own
// start-up) in a fresh process per run, timed from spawn to exit, with the process's peak memory when
// /usr/bin/time is there to report it. Commands are interleaved run by run, so a burst of load from
// elsewhere on the machine lands on all of them alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ColdCommand {
  name: string;
  /** argv after the node executable, or a whole command line when `exe` is set. */
  args: string[];
  exe?: string;
  cwd?: string;
  /** Added to the environment of this command's runs. */
  env?: NodeJS.ProcessEnv;
}

export interface ColdSample {
  ms: number[];
  /** Peak resident set of each run in KiB (empty without /usr/bin/time). */
  rssKiB: number[];
  /**
   * Processor time (user + system) of each run, empty without /usr/bin/time: on a shared machine it moves far
   * less with other people's load than wall time does.
   */
  cpuMs: number[];
}

const TIME = '/usr/bin/time';

/** Runs each command `runs` times, interleaved; a run that fails stops the benchmark with its output. */
export function coldRuns(commands: ColdCommand[], runs: number, onRun?: (name: string, ms: number) => void): Map<string, ColdSample> {
  const out = new Map<string, ColdSample>(commands.map((c) => [c.name, { ms: [], rssKiB: [], cpuMs: [] }]));
  const scratch = mkdtempSync(join(tmpdir(), 'silkpress-bench-cold-'));
  const rssFile = join(scratch, 'rss');
  const timed = existsSync(TIME);
  try {
    for (let i = 0; i < runs; i++) {
      for (const c of commands) {
        const exe = c.exe ?? process.execPath;
        const [file, args] = timed ? [TIME, ['-f', '%M %U %S', '-o', rssFile, exe, ...c.args]] : [exe, c.args];
        const t = performance.now();
        const r = spawnSync(file, args, { cwd: c.cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...c.env } });
        const ms = performance.now() - t;
        if (r.status !== 0) throw new Error(`bench: '${c.name}' failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
        const sample = out.get(c.name)!;
        sample.ms.push(ms);
        if (timed) {
          const [rss, user, sys] = readFileSync(rssFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
          sample.rssKiB.push(rss!);
          sample.cpuMs.push((user! + sys!) * 1000);
        }
        onRun?.(c.name, ms);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return out;
}
