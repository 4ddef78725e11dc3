// `npm run bench`: what a user waits for, as medians of interleaved runs on this machine —
//   cold builds through the installed bin (all outputs; the screen PDF only), Typst beside when installed,
//   the build function inside one process (per stage), warm rebuilds in `watch` after a one-word edit,
//   batch editions over 1 and 2 workers (beside two batches that share nothing, at once), and the dataset's
//   content at 1×, 2×, 4× and 16× with peak memory (a size over the input limits reported as refused).
// BENCH_RUNS (default 9) sets the runs of the cold and warm parts; BENCH_ONLY=cold,warm,… runs only those parts
// (cold, inproc, warm, batch, scale, typeset). BENCH_JSON=FILE also writes every figure as JSON.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchBatch, independentBatches } from './batch.js';
import { coldRuns, type ColdCommand } from './cold.js';
import { scaledDataset } from './scale.js';
import { setUpTypst } from './typst.js';
import { benchTypeset } from './typeset.js';
import { benchWarm } from './warm.js';

const root = resolve(process.argv[2] ?? '.');
const dataFile = resolve(process.argv[3] ?? 'data/belt-and-road.yaml');
const runs = Number(process.env.BENCH_RUNS ?? 9);
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const part = (name: string): boolean => !only || only.includes(name);
const bin = join(root, 'dist', 'cli', 'main.js');
const once = fileURLToPath(new URL('./once.js', import.meta.url));
const figures: Record<string, unknown> = {};

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (x: number): string => `${Math.round(x).toLocaleString('en-US')} ms`;
const mib = (kib: number): string => `${Math.round(kib / 1024)} MiB`;
const spread = (xs: number[]): string => `(min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))}, n=${xs.length})`;
const extra = (s: { rssKiB: number[]; cpuMs: number[] }): string =>
  s.rssKiB.length ? `  cpu ${ms(median(s.cpuMs))}  peak RSS ${mib(Math.max(...s.rssKiB))}` : '';
const progress = (s: string): boolean => process.stderr.write(`\r\x1b[K${s}`);
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

const scratch = mkdtempSync(join(tmpdir(), 'silkpress-bench-'));
// Every run of the benchmark uses a picture cache of its own (not the user's), filled by one build before
// the runs are timed: a cold start is a fresh process on a machine that has built the project before. The
// line 'all outputs, no picture cache' shows the first build on a machine.
process.env.SILKPRESS_CACHE_DIR = join(scratch, 'picture-cache');
console.log(`silkpress bench (node ${process.version}, ${availableParallelism()} cores, load average ${load()} at start)`);
try {
  execFileSync(process.execPath, [bin, 'build', '--root', root, '--data', dataFile, '--out', join(scratch, 'fill-cache')], { env: { ...process.env, NO_COLOR: '1' } });
  if (part('cold')) {
    const commands: ColdCommand[] = [
      { name: 'all', args: [bin, 'build', '--root', root, '--data', dataFile, '--out', join(scratch, 'cold-all')] },
      { name: 'screen', args: [bin, 'build', '--root', root, '--data', dataFile, '--out', join(scratch, 'cold-screen'), '--only', 'pdf', '--edition', 'screen'] },
      { name: 'uncached', args: [bin, 'build', '--root', root, '--data', dataFile, '--out', join(scratch, 'cold-uncached')], env: { SILKPRESS_CACHE_DIR: 'off' } },
      // node's own start, which every figure above includes.
      { name: 'node', args: ['-e', '0'] },
    ];
    // Node parses the certificates NODE_EXTRA_CA_CERTS names as it starts, before any of silkpress runs (~45 ms
    // for a system bundle). Where the environment sets it, the same commands without it as well: the figures
    // above are what this environment gives, these what silkpress itself costs.
    const caCerts = process.env.NODE_EXTRA_CA_CERTS;
    if (caCerts)
      for (const c of commands.filter((c) => ['all', 'screen', 'node'].includes(c.name)))
        commands.push({ ...c, name: `${c.name} without`, env: { ...c.env, NODE_EXTRA_CA_CERTS: undefined } });
    const typst = setUpTypst(root, dataFile, join(scratch, 'typst'));
    if ('cold' in typst) commands.push(typst.cold);
    const cold = coldRuns(commands, runs, (name, t) => progress(`cold ${name}: ${ms(t)}`));
    progress('');
    const all = cold.get('all')!;
    const screen = cold.get('screen')!;
    console.log('cold build, a fresh `node dist/cli/main.js build` per run (picture cache on disk filled beforehand)');
    console.log(`  all outputs         median ${ms(median(all.ms))}  ${spread(all.ms)}${extra(all)}`);
    console.log(`  screen PDF only     median ${ms(median(screen.ms))}  ${spread(screen.ms)}${extra(screen)}`);
    const uncached = cold.get('uncached')!;
    console.log(`  all outputs, no picture cache (the first build on a machine)  median ${ms(median(uncached.ms))}  ${spread(uncached.ms)}${extra(uncached)}`);
    const node = cold.get('node')!;
    console.log(`  node alone, \`node -e 0\`  median ${ms(median(node.ms))}  ${spread(node.ms)}${extra(node)}`);
    figures.nodeStartMs = median(node.ms);
    if (caCerts) {
      const without = (name: string): number => median(cold.get(`${name} without`)!.ms);
      console.log(`  this environment sets NODE_EXTRA_CA_CERTS (${caCerts}), which node loads as it starts; without it:`);
      console.log(`    all outputs ${ms(without('all'))}, screen PDF only ${ms(without('screen'))}, node alone ${ms(without('node'))}`);
      figures.withoutExtraCaCerts = { allMs: without('all'), screenMs: without('screen'), nodeStartMs: without('node') };
    }
    figures.coldUncachedMs = median(uncached.ms);
    figures.coldAllMs = median(all.ms);
    figures.coldScreenMs = median(screen.ms);
    figures.coldAllRssMiB = all.rssKiB.length ? Math.max(...all.rssKiB) / 1024 : undefined;
    figures.coldAllCpuMs = all.cpuMs.length ? median(all.cpuMs) : undefined;
    figures.coldScreenCpuMs = screen.cpuMs.length ? median(screen.cpuMs) : undefined;
    if ('cold' in typst) {
      const t = cold.get('typst')!;
      console.log(`  Typst, one PDF      median ${ms(median(t.ms))}  ${spread(t.ms)}${extra(t)}  via ${typst.via}`);
      figures.typstColdMs = median(t.ms);
      if (typst.warm) {
        const r = spawnSync(process.execPath, typst.warm.args, { encoding: 'utf8' });
        if (r.status === 0) {
          const w = JSON.parse(r.stdout.trim()) as { first: number; warm: number };
          console.log(`  Typst in-process    first compile ${ms(w.first)}, warm recompile after a one-word edit ${ms(w.warm)}`);
          figures.typstWarmMs = w.warm;
        }
      }
    } else console.log(`  Typst               skipped: ${typst.skipped}`);
  }

  if (part('inproc')) {
    const n = 3;
    const results: { wallMs: number; timings: Record<string, number> }[] = [];
    for (let i = 0; i < n; i++) {
      const out = execFileSync(process.execPath, [once, root, dataFile], { encoding: 'utf8' });
      results.push(JSON.parse(out.trim().split('\n').pop()!) as (typeof results)[number]);
    }
    const stages = Object.keys(results[0]!.timings);
    console.log(`inside the process: the build function in a fresh process, modules already loaded (n=${n})`);
    console.log(`  build()             median ${ms(median(results.map((r) => r.wallMs)))}  ` + stages.map((s) => `${s} ${Math.round(median(results.map((r) => r.timings[s] ?? 0)))}`).join(', '));
    figures.inProcessMs = median(results.map((r) => r.wallMs));
  }

  if (part('warm')) {
    const warm = await benchWarm(bin, root, dataFile, runs);
    console.log(`warm rebuild in \`watch\` after a one-word edit (${warm.edit}), from the rebuild's start to its end`);
    console.log(`  all outputs         median ${ms(median(warm.allMs))}  ${spread(warm.allMs)}  cpu ${ms(median(warm.allCpuMs))}`);
    console.log(`  screen PDF only     median ${ms(median(warm.screenMs))}  ${spread(warm.screenMs)}  cpu ${ms(median(warm.screenCpuMs))}`);
    figures.warmAllMs = median(warm.allMs);
    figures.warmScreenMs = median(warm.screenMs);
  }

  if (part('batch')) {
    const plan = [
      { editions: 16, workers: 1 },
      { editions: 16, workers: 2 },
      { editions: 50, workers: 2 },
      // Twelve editions a language on one worker, for the steady state per edition.
      { editions: 48, workers: 1, steady: true },
    ];
    const batch = await benchBatch(bin, root, dataFile, plan, (t) => progress(`batch ${t.editions} on ${t.workers}: ${t.seconds.toFixed(1)} s`));
    progress('');
    console.log('batch delegation editions (the shipped profiles repeated), all outputs each, `build --delegations --workers N` from its start to its end');
    for (const r of batch.runs) {
      const who = `${r.workers} worker${r.workers > 1 ? 's' : ''}`;
      console.log(`  ${String(r.editions).padStart(2)} editions, ${who.padEnd(9)}  ${r.seconds.toFixed(2)} s  ${(r.built / r.seconds).toFixed(2)} editions/s  (${r.built} built)`);
    }
    const one = batch.runs.find((r) => r.editions === 16 && r.workers === 1)!;
    const two = batch.runs.find((r) => r.editions === 16 && r.workers === 2)!;
    console.log(`  2 workers vs 1 on 16 editions: ×${(one.seconds / two.seconds).toFixed(2)}`);
    // The ceiling for that figure here: two batches that share nothing, at once.
    const apart = await independentBatches(bin, root, dataFile, 16, 2);
    const rate = apart.built.reduce((a, b) => a + b, 0) / apart.seconds / (one.built / one.seconds);
    console.log(`  two 1-worker batches of 16 at once, sharing nothing: ${apart.seconds.toFixed(2)} s, ×${rate.toFixed(2)} the throughput of one (the most 2 workers could give on this machine)`);
    figures.batchIndependentTwo = apart;
    console.log(`  steady state per edition, one warm worker (a language's first 3 editions left out): ${Object.entries(batch.steadyMs).map(([l, v]) => `${l} ${ms(v)}`).join(', ')}`);
    figures.batch = batch;
  }

  if (part('scale')) {
    const scaleRuns = Number(process.env.BENCH_SCALE_RUNS ?? 3);
    const factors = [1, 2, 4, 16];
    const files = new Map(factors.map((k) => [k, k === 1 ? dataFile : scaledDataset(dataFile, k, scratch)]));
    // A dataset over the input limits (src/data/limits.ts, README) is refused by design: say so, with the refusal
    // and the memory it took, instead of timing it.
    const refused = new Map<number, { reason: string; rssMiB?: number }>();
    for (const k of factors) {
      const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, bin, 'check', '--root', root, '--data', files.get(k)!], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      const limit = /error\[E110\]: (.*)/.exec(r.stderr);
      if (limit) refused.set(k, { reason: limit[1]!, rssMiB: Number(r.stderr.trim().split('\n').pop()) / 1024 || undefined });
    }
    const measured = factors.filter((k) => !refused.has(k));
    const commands: ColdCommand[] = measured.map((k) => ({ name: `x${k}`, args: [bin, 'build', '--root', root, '--data', files.get(k)!, '--out', join(scratch, `scale-x${k}`)] }));
    const scaled = coldRuns(commands, scaleRuns, (name, t) => progress(`scale ${name}: ${ms(t)}`));
    progress('');
    console.log(`content scaling: the dataset's sections repeated, cold \`build\` of all outputs (n=${scaleRuns})`);
    const base = median(scaled.get('x1')!.ms);
    for (const k of factors) {
      const no = refused.get(k);
      if (no) {
        console.log(`  ${String(k).padStart(2)}×  refused by the input limits (E110: ${no.reason})${no.rssMiB ? `, check's peak RSS ${Math.round(no.rssMiB)} MiB` : ''}`);
        figures[`scale${k}`] = { refused: no.reason };
        continue;
      }
      const s = scaled.get(`x${k}`)!;
      console.log(`  ${String(k).padStart(2)}×  median ${ms(median(s.ms))}  (${(median(s.ms) / base).toFixed(2)}× the 1× time)${extra(s)}`);
      figures[`scale${k}`] = { ms: median(s.ms), cpuMs: s.cpuMs.length ? median(s.cpuMs) : undefined, rssMiB: s.rssKiB.length ? Math.max(...s.rssKiB) / 1024 : undefined };
    }
  }

  if (part('typeset')) {
    const ts = benchTypeset(root, dataFile);
    console.log(`typesetting: ${Math.round(ts.charsPerSecond).toLocaleString('en-US')} characters/s (brochure layout, ${ts.chars} characters, median ${ts.medianMs.toFixed(1)} ms, fonts warm)`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(`load average ${load()} at the end (2 cores are shared: a load above ~2 means other work was running)`);
if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ node: process.version, ...figures }, null, 2) + '\n');
