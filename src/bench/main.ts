// `npm run bench`: builds both outputs several times, each in a fresh process, and prints the median
// wall time, the peak memory and the median time of each stage.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchBatch } from './batch.js';
import { benchTypeset } from './typeset.js';

interface Run {
  wallMs: number;
  timings: Record<string, number>;
  maxRssKiB: number;
  outputs: number[];
}

const runs = Number(process.env.BENCH_RUNS ?? 5);
const once = fileURLToPath(new URL('./once.js', import.meta.url));
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const results: Run[] = [];
for (let i = 0; i < runs; i++) {
  const out = execFileSync(process.execPath, [once, ...process.argv.slice(2)], { encoding: 'utf8' });
  results.push(JSON.parse(out.trim().split('\n').pop()!) as Run);
  process.stderr.write(`run ${i + 1}/${runs}: ${results[i]!.wallMs.toFixed(0)} ms\n`);
}
const stages = Object.keys(results[0]!.timings);
console.log(`silkpress bench: ${runs} builds, each in a fresh process (node ${process.version})`);
console.log(`  build wall time   median ${median(results.map((r) => r.wallMs)).toFixed(0)} ms  (min ${Math.min(...results.map((r) => r.wallMs)).toFixed(0)}, max ${Math.max(...results.map((r) => r.wallMs)).toFixed(0)})`);
console.log(`  peak memory (RSS) max ${(Math.max(...results.map((r) => r.maxRssKiB)) / 1024).toFixed(0)} MiB`);
for (const s of stages) console.log(`  stage ${s.padEnd(10)} median ${median(results.map((r) => r.timings[s] ?? 0)).toFixed(0)} ms`);
console.log(`  output bytes      ${results[0]!.outputs.join(', ')}`);

const ts = benchTypeset(process.argv[2] ?? '.', process.argv[3] ?? 'data/belt-and-road.yaml');
console.log(`  typesetting       ${Math.round(ts.charsPerSecond).toLocaleString('en-US')} characters/s  (brochure layout, ${ts.chars} characters, median ${ts.medianMs.toFixed(1)} ms, fonts warm)`);

const batch = await benchBatch(process.argv[2] ?? '.', process.argv[3] ?? 'data/belt-and-road.yaml');
console.log(
  `  delegation batch  ${batch.perSecondOneWorker.toFixed(2)} editions/s on 1 worker, ${batch.perSecondAllCores.toFixed(2)} on ${batch.cores} ` +
    `(speed-up ×${(batch.perSecondAllCores / batch.perSecondOneWorker).toFixed(2)}; ${batch.built} of ${batch.editions} profiles build)`,
);
