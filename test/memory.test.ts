// Memory and output under the input limits (src/data/limits.ts), measured on the real command line as the kernel
// counts it: peak resident memory from GNU time (`/usr/bin/time -f %M`, the `time` package .ci/run installs), not a
// timing. Two generated inputs just under the caps (test/support/worst-case.ts): the shipped dataset's sections
// repeated up to the text cap, which builds; and one-character facts up to the values cap, which makes more slides
// than a deck may have and is refused — a refused build's memory counts too. `check` and the refused build with the
// disk cache off (SILKPRESS_CACHE_DIR=off); the build first cold, then warm (the test run's own cache). And the shipped dataset built with nothing cached, as on a new machine, when its pictures are converted:
// libvips does that in a process of its own (src/images/pixels-process.ts), and GNU time reports the larger of
// the two processes' peaks, each of which must stay under the limit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCommand, tempDir } from './support/cli.js';
import { worstCase } from './support/worst-case.js';

const MAX_RSS_KIB = 300 * 1024;
const MAX_STDERR = 8 * 1024;
const SLOW = 120_000;

const dir = tempDir('memory');
const inputs: Record<string, string> = {};

beforeAll(() => {
  for (const name of ['sections-repeated', 'tiny-facts']) inputs[name] = worstCase(name).make(dir);
});

/** `silkpress …args` under GNU time: exit status, stderr and peak resident memory in KiB. */
async function measured(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stderr: string; rssKiB: number }> {
  const report = join(tempDir('memory-time'), 'rss');
  const r = await runCommand('/usr/bin/time', ['-f', '%M', '-o', report, process.execPath, BIN, ...args], { env });
  return { code: r.code, stderr: r.stderr, rssKiB: Number(readFileSync(report, 'utf8').trim().split('\n').pop()) };
}

describe('memory and output stay bounded for the largest inputs the limits accept', () => {
  it('the shipped dataset with nothing cached (every picture converted): build peaks under 300 MiB', async () => {
    const b = await measured(['build', '--out', tempDir('memory-out')], { SILKPRESS_CACHE_DIR: 'off' });
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toBe('');
    expect(b.rssKiB, 'build, nothing cached: peak KiB').toBeLessThan(MAX_RSS_KIB);
  }, SLOW);

  it('the dataset repeated up to the text cap: check and build, cache cold and warm, each peak under 300 MiB, nothing on stderr', async () => {
    const file = inputs['sections-repeated']!;
    const check = await measured(['check', '--data', file], { SILKPRESS_CACHE_DIR: 'off' });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toBe('');
    expect(check.rssKiB, 'check, cache cold: peak KiB').toBeLessThan(MAX_RSS_KIB);
    // The first build fills the test run's cache (typeset paragraphs, font programs, pictures), the second reads it.
    for (const run of ['cold', 'warm']) {
      const b = await measured(['build', '--data', file, '--out', tempDir('memory-out')]);
      expect(b.code, b.stderr).toBe(0);
      expect(b.stderr).toBe('');
      expect(b.rssKiB, `build, cache ${run}: peak KiB`).toBeLessThan(MAX_RSS_KIB);
    }
  }, SLOW);

  it('one-character facts up to the values cap: refused (E110, more slides than a deck may have) by check and build, under 300 MiB and a few KiB of stderr', async () => {
    const file = inputs['tiny-facts']!;
    for (const args of [['check', '--data', file], ['build', '--data', file, '--out', tempDir('memory-out')]]) {
      const r = await measured(args, { SILKPRESS_CACHE_DIR: 'off' });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/error\[E110\]: the deck would have \d+ slides/);
      expect(Buffer.byteLength(r.stderr)).toBeLessThanOrEqual(MAX_STDERR);
      expect(r.rssKiB, `${args[0]}: peak KiB`).toBeLessThan(MAX_RSS_KIB);
    }
  }, SLOW);
});
