// The silkpress command as a user runs it: the real bin, its exit codes, its messages, its outputs and manifest.
// (Broken inputs, one per kind of mistake, are in test/check.test.ts.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silkpress, tempDir } from './support/cli.js';

const MINI = 'test/fixtures/mini/dataset.yaml';
const SLOW = 120_000;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

interface ManifestJson {
  outputs: { file: string; bytes: number; sha256: string; pages?: number; slides?: number }[];
  inputs: { file: string; sha256: string }[];
}

interface BuildJson extends ManifestJson {
  command: 'build';
  ok: boolean;
  outDir: string;
  manifest: string;
  changed: string[];
  pages: number;
  slides: number;
  timingsMs: Record<string, number>;
  diagnostics: unknown[];
}

let out: string;
let first: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  out = tempDir('cli-out');
  first = await silkpress(['build', '--data', MINI, '--out', out]);
}, SLOW);

describe('silkpress build', () => {
  it('writes the brochure, its print edition and the deck, and says what it wrote with sizes', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const f of ['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx'])
      expect(first.stdout).toMatch(new RegExp(`^wrote .*${f.replace('.', '\\.')}  [\\d.]+ (KiB|MiB)  \\d+ (pages|slides)$`, 'm'));
    expect(first.stdout).toMatch(/^wrote .*manifest\.json$/m);
    expect(first.stdout).toMatch(/\d+ pages, \d+ slides in \d+\.\d\d s\n$/);
  });

  it('writes a manifest whose sizes and checksums are those of the files beside it', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ManifestJson;
    expect(Object.keys(manifest)).toEqual(['outputs', 'inputs']);
    expect(manifest.outputs.map((o) => o.file)).toEqual(expect.arrayContaining(['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx']));
    for (const o of manifest.outputs) {
      const bytes = readFileSync(join(out, o.file));
      expect({ file: o.file, bytes: o.bytes, sha256: o.sha256 }).toEqual({ file: o.file, bytes: bytes.length, sha256: sha256(bytes) });
      expect(o.file.endsWith('.pptx') ? o.slides : o.pages, `${o.file} counts its pages or slides`).toBeGreaterThan(0);
    }
    expect(readdirSync(out).sort()).toEqual([...manifest.outputs.map((o) => o.file), 'manifest.json'].sort());
  });

  it('lists the dataset, templates, theme and fonts it was made from, with their checksums', () => {
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as ManifestJson;
    const files = manifest.inputs.map((i) => i.file);
    expect(files).toEqual([...files].sort());
    expect(files).toEqual(
      expect.arrayContaining([MINI, 'templates/brochure.hbs', 'templates/briefing.hbs', 'templates/theme.yaml', 'fonts/manifest.json', 'fonts/NotoSansHK-Regular.ttf']),
    );
    for (const i of manifest.inputs) expect(i.sha256, i.file).toBe(sha256(readFileSync(i.file)));
  });

  it('gives the same manifest, byte for byte, when built again, and reports that nothing changed', async () => {
    const before = readFileSync(join(out, 'manifest.json'));
    const r = await silkpress(['build', '--data', MINI, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'manifest.json')).equals(before)).toBe(true);
    expect((JSON.parse(r.stdout) as BuildJson).changed).toEqual([]);
  }, SLOW);

  it('answers --json with the outputs, what changed, counts and timings', async () => {
    const dir = tempDir('cli-json');
    const r = await silkpress(['build', '--data', MINI, '--out', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as BuildJson;
    expect(result).toMatchObject({ command: 'build', ok: true, outDir: dir, diagnostics: [] });
    expect(result.manifest).toBe(join(dir, 'manifest.json'));
    expect(result.changed).toEqual(result.outputs.map((o) => o.file));
    expect(result.outputs).toEqual((JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson).outputs);
    expect(result.pages).toBeGreaterThan(0);
    expect(result.slides).toBeGreaterThan(0);
    expect(Object.keys(result.timingsMs)).toEqual(['load', 'check', 'templates', 'typeset', 'pdf', 'pptx', 'write']);
  }, SLOW);

  it('answers --json on failure with the diagnostics and exit status 1', async () => {
    const dir = tempDir('cli-fail');
    const data = join(dir, 'bad.yaml');
    writeFileSync(data, readFileSync(MINI, 'utf8').replace('value: 1400', 'value: "1400"'));
    const r = await silkpress(['build', '--data', data, '--out', join(dir, 'out'), '--json']);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout) as { command: string; ok: boolean; errors: number; diagnostics: { code: string; span: { path: string } }[] };
    expect(result).toMatchObject({ command: 'build', ok: false, errors: 1 });
    expect(result.diagnostics[0]).toMatchObject({ code: 'E102', span: { file: data, path: '/figures/0/value' } });
    expect(() => statSync(join(dir, 'out'))).toThrow();
  }, SLOW);

  it('writes only the print PDF with --only pdf --edition print', async () => {
    const dir = tempDir('cli-print');
    const r = await silkpress(['build', '--data', MINI, '--out', dir, '--only', 'pdf', '--edition', 'print']);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['brochure-print.pdf', 'manifest.json']);
    expect(r.stdout).toMatch(/^\d+ pages in \d+\.\d\d s\n$/m);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;
    expect(manifest.outputs.map((o) => o.file)).toEqual(['brochure-print.pdf']);
  }, SLOW);

  it('writes the deck and no brochure with --only pptx', async () => {
    const dir = tempDir('cli-pptx');
    const r = await silkpress(['build', '--data', MINI, '--out', dir, '--only', 'pptx']);
    expect(r.code).toBe(0);
    const files = readdirSync(dir);
    expect(files).toContain('briefing.pptx');
    expect(files.filter((f) => f.startsWith('brochure'))).toEqual([]);
  }, SLOW);

  it('names a dataset that does not exist', async () => {
    const missing = join(tempDir('cli-missing'), 'nope.yaml');
    const r = await silkpress(['build', '--data', missing, '--out', tempDir('cli-missing-out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${missing}: error[E104]: cannot read ${missing}: no such file`);
  }, SLOW);
});

describe('command-line conventions', () => {
  it.concurrent.each(['check', 'build', 'watch'])('%s --help shows its options and examples', async (command) => {
    const r = await silkpress([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`silkpress ${command}`);
    expect(r.stdout).toMatch(/Examples:\n {2}silkpress /);
    expect(r.stdout).toContain('--data');
  }, SLOW);

  it('shows the commands, examples and exit statuses with --help', async () => {
    const r = await silkpress(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['check', 'build', 'watch']) expect(r.stdout).toMatch(new RegExp(`^ {2}silkpress ${c} `, 'm'));
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('Exit status: 0 success, 1 a content error');
  }, SLOW);

  it('prints the version from package.json', async () => {
    const r = await silkpress(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  }, SLOW);

  it('exits 2 on a usage error and suggests the command', async () => {
    const r = await silkpress(['biuld']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean build?');
  }, SLOW);

  it('exits 2 without a command', async () => {
    const r = await silkpress([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('name a command');
  }, SLOW);

  it('exits 2 on options that contradict each other, or a value it does not know', async () => {
    const both = await silkpress(['build', '--only', 'pptx', '--edition', 'print']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--edition chooses a PDF edition; it cannot go with --only pptx');
    const unknown = await silkpress(['build', '--only', 'docx']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Choices: "pdf", "pptx"');
  }, SLOW);

  it('answers a usage error in JSON when --json was asked for', async () => {
    const r = await silkpress(['check', '--json', '--dta', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ ok: false, usageError: expect.stringContaining('Unknown argument') });
  }, SLOW);

  it('writes no colour codes when the output is not a terminal, even without NO_COLOR', async () => {
    const r = await silkpress(['check', '--data', 'test/fixtures/broken/wrong-type.yaml'], { NO_COLOR: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error[E102]');
    expect(r.stderr).not.toContain('\x1b[');
  }, SLOW);
});

describe('a reader that goes away', () => {
  it('does not crash a build: `silkpress build --json | true` commits every output and exits 0, with no stack trace', async () => {
    const { spawn } = await import('node:child_process');
    const out = tempDir('epipe');
    const r = await new Promise<{ code: number | null; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, ['dist/cli/main.js', 'build', '--data', MINI, '--out', out, '--json'], { env: { ...process.env, NO_COLOR: '1' } });
      // The reader closes before the build writes a byte, as `| true` does: every write to stdout meets EPIPE.
      child.stdout.destroy();
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('error', fail);
      child.on('close', (code) => done({ code, stderr }));
    });
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['briefing.pdf', 'briefing.pptx', 'brochure-print.pdf', 'brochure.pdf', 'manifest.json']);
  }, SLOW);
});
