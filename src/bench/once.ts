// One build in this process; prints its timings and peak memory as JSON for the benchmark driver.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../build.js';

const root = process.argv[2] ?? '.';
const dataFile = process.argv[3] ?? 'data/belt-and-road.yaml';
const outDir = mkdtempSync(join(tmpdir(), 'silkpress-bench-'));
const started = performance.now();
const result = await build({ root, dataFile, outDir });
const wallMs = performance.now() - started;
rmSync(outDir, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({ wallMs, timings: result.timings, maxRssKiB: process.resourceUsage().maxRSS, outputs: result.outputs.map((o) => o.bytes) }) + '\n',
);
