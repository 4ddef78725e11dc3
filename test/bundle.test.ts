// The installed bin is an esbuild bundle (scripts/bundle.mjs): it must start from its own few files, load the deck
// writer only when a deck is written, and write the very bytes the unbundled pipeline writes — in a fresh
// process and in one that has already built (fonts parsed once per process are shared by every build in it).
import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import type { Diagnostic } from '../src/diag/diagnostic.js';
import { BIN, projectCopy, silkpress, tempDir } from './support/cli.js';
import { woff2FromTtf } from './support/woff2.js';

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
  it('builds the screen PDF from a few files of its own, and keeps the deck writer lazy', async () => {
    const { files, code } = await traced(['build', '--data', MINI, '--out', tempDir('bundle-pdf'), '--only', 'pdf', '--edition', 'screen']);
    expect(code).toBe(0);
    // Unbundled, the same command loaded 280-odd modules, 200 of them from node_modules. Now the ES modules are
    // the bin and its chunks, and the script check's thread with its own; the command line is one CommonJS file
    // (app.cjs) that the bin compiles itself.
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThan(20);
    expect(files.filter((u) => !u.startsWith(CLI_DIR))).toEqual([]);
    expect(files.filter(holdsPptxGenJS)).toEqual([]);
    // In app.cjs, pptxgenjs's module body runs on the deck writer's first import, not as the file loads.
    const appBytes = readFileSync(join(resolve('dist'), 'cli', 'app.cjs'));
    // ASCII only, so the bin reads it as a one-byte string (scripts/bundle.mjs, asciiOnly).
    expect(isAscii(appBytes)).toBe(true);
    const app = appBytes.toString('latin1');
    expect(app).toMatch(/var init_pptxgen_es = __esm\(\{\s*"node_modules\/pptxgenjs\/dist\/pptxgen\.es\.js"\(\)/);
    // Likewise the modules whose bodies do costly work as they load (scripts/bundle.mjs, LAZY_BODIES): string-width's
    // (Unicode regular expressions), which only help and usage errors call, and AES's tables (pdfkit's encryption).
    const lazy = [...app.matchAll(/^\/\/ (node_modules\/(?:[\w-]+\/node_modules\/)?(?:string-width\/index|@noble\/ciphers\/esm\/aes)\.js)$/gm)].map((m) => m[1]!);
    expect(lazy.filter((f) => f.includes('string-width')).length).toBeGreaterThan(0);
    expect(lazy.filter((f) => f.includes('aes')).length).toBe(1);
    // tiny-inflate's JavaScript decoder is not in it: the Unicode tables are inflated by node's zlib (test/inflate.test.ts).
    expect(app).not.toContain('node_modules/tiny-inflate/');
    const escape = (t: string): string => t.replace(/[/.]/g, '\\$&');
    for (const file of lazy) expect(app).toMatch(new RegExp(`var init_\\w+ = __esm\\(\\{\\s*"${escape(file)}"\\(\\)`));
    const help = await silkpress(['build', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {6}--only {9}Write only the brochure PDFs or only the deck {10}\[choices: "pdf", "pptx"\]$/m);
  }, SLOW);

  it('runs batch workers as the bin itself, so they start from the compiled code too, not from the ES module worker', async () => {
    const cache = tempDir('bundle-worker-cache');
    const file = join(tempDir('trace'), 'modules.txt');
    const out = tempDir('bundle-worker');
    const r = await silkpress(['build', '--delegation', 'data/delegations/saudi-arabia-investment-2026-05.yaml', '--out', out], {
      NODE_OPTIONS: `--import ${pathToFileURL(TRACE).href}`,
      TRACE_MODULES_FILE: file,
      SILKPRESS_CACHE_DIR: cache,
    });
    expect(r.code, r.stderr).toBe(0);
    const files = readFileSync(file, 'utf8').split('\n').filter((u) => u.startsWith('file:'));
    // The command and its worker each load the bin; neither loads the batch worker's ES module.
    expect(files.filter((u) => u === `${CLI_DIR}/main.js`)).toHaveLength(2);
    expect(files.filter((u) => u === `${CLI_DIR}/worker.js`)).toEqual([]);
    expect(existsSync(join(out, 'saudi-arabia-investment-2026-05', 'brochure.pdf'))).toBe(true);
    // The worker kept compiled code of its own, beside the command's.
    expect(readdirSync(join(cache, 'code-v1')).filter((f) => f.endsWith('.bin'))).toHaveLength(2);
  }, SLOW);

  it("keeps V8's compiled code per command, reuses it, and drops a torn entry", async () => {
    const cache = tempDir('bundle-code-cache');
    const codeDir = join(cache, 'code-v1');
    const entries = (): string[] => (existsSync(codeDir) ? readdirSync(codeDir).filter((f) => f.endsWith('.bin')) : []);
    const run = async (out: string) => {
      const r = await silkpress(['build', '--data', MINI, '--out', out, '--only', 'pdf', '--edition', 'screen'], { SILKPRESS_CACHE_DIR: cache });
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, 'brochure.pdf'));
    };
    const first = await run(tempDir('bundle-cc-1'));
    expect(entries()).toHaveLength(1);
    const entry = join(codeDir, entries()[0]!);
    // V8's code for 5 MB of JavaScript, not an empty or top-level-only cache.
    expect(statSync(entry).size).toBeGreaterThan(500_000);
    const written = statSync(entry).ino;
    // Reused, not written again (a write renames a new file into place).
    expect((await run(tempDir('bundle-cc-2'))).equals(first)).toBe(true);
    expect(statSync(entry).ino).toBe(written);
    // A torn entry fails its checksum: compiled afresh, the same bytes out, a whole entry written back.
    truncateSync(entry, 100_000);
    expect((await run(tempDir('bundle-cc-3'))).equals(first)).toBe(true);
    expect(statSync(entry).size).toBeGreaterThan(500_000);
    // Another command keeps an entry of its own.
    expect((await silkpress(['check', '--data', MINI], { SILKPRESS_CACHE_DIR: cache })).code).toBe(0);
    expect(entries()).toHaveLength(2);
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

  it('loads the WOFF2 decoder from node_modules when a WOFF2 font is first opened, and draws with it', async () => {
    // scripts/bundle.mjs leaves brotli (and OpenCC) out of app.cjs behind a stand-in that loads the installed package.
    const app = readFileSync(join(resolve('dist'), 'cli', 'app.cjs'), 'utf8');
    expect(app).not.toContain('node_modules/brotli/');
    expect(app).not.toContain('node_modules/opencc-js/');
    const root = projectCopy();
    const manifestFile = join(root, 'fonts', 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { id: string; file: string; sha256: string }[];
    const body = manifest.find((f) => f.id === 'noto-sans-hk-regular')!;
    const woff2 = woff2FromTtf(readFileSync(join('fonts', body.file)));
    body.file = 'NotoSansHK-Regular.woff2';
    body.sha256 = createHash('sha256').update(woff2).digest('hex');
    writeFileSync(join(root, 'fonts', body.file), woff2);
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const text = async (projectRoot: string): Promise<string> => {
      const out = tempDir('bundle-woff2');
      const r = await silkpress(['build', '--root', projectRoot, '--data', MINI, '--out', out, '--only', 'pdf', '--edition', 'screen'], { SILKPRESS_CACHE_DIR: 'off' });
      expect(r.code, r.stderr).toBe(0);
      return execFileSync('pdftotext', ['-layout', join(out, 'brochure.pdf'), '-'], { encoding: 'utf8' });
    };
    const fromWoff2 = await text(root);
    expect(fromWoff2).toContain('香港');
    expect(fromWoff2).toBe(await text(resolve('.')));
  }, SLOW);

  it('is the bin package.json names, with its shebang', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(resolve(pkg.bin.silkpress!)).toBe(BIN);
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });
});
