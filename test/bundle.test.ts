// The installed bin is an esbuild bundle (scripts/bundle.mjs): it must start from its own few files, load the deck
// writer only when a deck is written, and write the very bytes the unbundled pipeline writes — in a fresh
// process and in one that has already built (fonts parsed once per process are shared by every build in it).
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Diagnostic } from '../src/diag/diagnostic.js';
import { BIN, silkpress, tempDir } from './support/cli.js';

const MINI = 'test/fixtures/mini/dataset.yaml';
const SLOW = 180_000;
const TRACE = resolve('test/support/trace-modules.mjs');
const CLI_DIR = pathToFileURL(join(resolve('dist'), 'cli')).href;

/** The ES modules a run of the bin loaded (file: URLs only; node's own modules are not files). */
async function traced(args: string[]): Promise<{ files: string[]; code: number | null }> {
  const file = join(tempDir('trace'), 'modules.txt');
  const r = await silkpress(args, { NODE_OPTIONS: `--import ${pathToFileURL(TRACE).href}`, TRACE_MODULES_FILE: file });
  const files = readFileSync(file, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
  return { files, code: r.code };
}

const holdsPptxGenJS = (url: string): boolean => readFileSync(fileURLToPath(url), 'utf8').includes('PptxGenJS');

describe('the bundled bin', () => {
  it('builds the screen PDF from a few files of its own, and never loads the deck writer for --only pdf', async () => {
    const { files, code } = await traced(['build', '--data', MINI, '--out', tempDir('bundle-pdf'), '--only', 'pdf', '--edition', 'screen']);
    expect(code).toBe(0);
    // Unbundled, the same command loaded 280-odd modules, 200 of them from node_modules.
    expect(files.length).toBeGreaterThan(1);
    // Tens, not hundreds: the bundle's own chunks (more as features arrive), nothing resolved from node_modules.
    expect(files.length).toBeLessThan(60);
    expect(files.filter((u) => !u.startsWith(CLI_DIR))).toEqual([]);
    expect(files.filter(holdsPptxGenJS)).toEqual([]);
  }, SLOW);

  it('loads the deck writer when it writes the deck', async () => {
    const { files, code } = await traced(['build', '--data', MINI, '--out', tempDir('bundle-all'), '--only', 'pptx']);
    expect(code).toBe(0);
    expect(files.filter(holdsPptxGenJS).length).toBeGreaterThan(0);
  }, SLOW);

  it('writes the bytes the unbundled pipeline writes, built fresh and built again in one process', async () => {
    const cliOut = tempDir('bundle-cli');
    expect((await silkpress(['build', '--data', MINI, '--out', cliOut])).code).toBe(0);
    const files = ['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx', 'briefing.pdf', 'manifest.json'];
    // Twice in this process: the second build reuses the fonts the first parsed.
    for (let round = 0; round < 2; round++) {
      const out = tempDir('bundle-fn');
      await build({ root: resolve('.'), dataFile: MINI, outDir: out });
      for (const f of files) expect(readFileSync(join(out, f)).equals(readFileSync(join(cliOut, f))), `${f}, round ${round + 1}`).toBe(true);
    }
  }, SLOW);

  it('checks the script on its worker thread and reports what the in-process check reports', async () => {
    const bad = join(tempDir('bundle-script'), 'dataset.yaml');
    writeFileSync(bad, readFileSync(MINI, 'utf8').replace(/香港/, '香港发'));
    const file = join(tempDir('trace'), 'modules.txt');
    // The cache off: findings from the disk cache would need no worker.
    const r = await silkpress(['check', '--data', bad, '--json'], { NODE_OPTIONS: `--import ${pathToFileURL(TRACE).href}`, TRACE_MODULES_FILE: file, SILKPRESS_CACHE_DIR: 'off' });
    expect(r.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain(`${CLI_DIR}/script-worker.js`);
    const reported = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics.filter((d) => d.code === 'E106');
    const { checkScript } = await import('../src/check/script.js');
    const { loadDataset } = await import('../src/build.js');
    const expected = await checkScript(loadDataset(bad));
    expect(reported.length).toBe(1);
    expect(reported.map((d) => [d.message, d.span?.line, d.span?.column])).toEqual(expected.map((d) => [d.message, d.span?.line, d.span?.column]));
  }, SLOW);

  it('is the bin package.json names, with its shebang', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(resolve(pkg.bin.silkpress!)).toBe(BIN);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
