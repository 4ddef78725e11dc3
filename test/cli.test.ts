// The silkpress command as a user runs it: the real bin, its exit codes, its messages, its outputs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');
const MINI = readFileSync('test/fixtures/mini/dataset.yaml', 'utf8');

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
let out: string;
const outputs = ['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx'];
const snapshot = () => outputs.map((f) => ({ f, bytes: readFileSync(join(out, f)), mtime: statSync(join(out, f)).mtimeMs }));

/** Write a variant of the fixture dataset, changed by one replacement that must apply. */
function variant(name: string, from: string | RegExp, to: string): string {
  const text = MINI.replace(from, to);
  expect(text, `${name}: the replacement must change the fixture`).not.toBe(MINI);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'silkpress-cli-'));
  out = join(dir, 'out');
  writeFileSync(join(dir, 'good.yaml'), MINI);
});

describe('silkpress build', () => {
  it('writes the three outputs and says what it wrote, with sizes', () => {
    const r = run('build', '--data', join(dir, 'good.yaml'), '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of outputs) expect(r.stdout).toMatch(new RegExp(`wrote .*${f.replace('.', '\\.')}  \\d+ KiB`));
    expect(r.stdout).toMatch(/\d+ pages, \d+ slides in \d+\.\d\d s/);
  });

  const broken: { name: string; from: string | RegExp; to: string; first: RegExp }[] = [
    { name: 'unknown-field.yaml', from: '    title: 香港的優勢\n', to: '    title: 香港的優勢\n    titel: 錯字\n', first: /unknown-field\.yaml:25:5: error\[E102\]: unknown field 'titel' \(at \/sections\/1\/titel\)$/ },
    { name: 'wrong-type.yaml', from: 'value: 1400', to: 'value: "一千四百"', first: /wrong-type\.yaml:\d+:12: error\[E102\]: field 'figures\.0\.value': Invalid input: expected number, received string \(at \/figures\/0\/value\)$/ },
    { name: 'bad-yaml.yaml', from: '  SA: 沙特阿拉伯', to: '  SA: [沙特', first: /bad-yaml\.yaml:\d+:\d+: error\[E101\]: YAML: / },
    { name: 'missing-glyph.yaml', from: '八項行動與', to: '八項行動\u{1F600}與', first: /missing-glyph\.yaml:26:24: error\[E401\]: no font in the 'body' chain can draw '\u{1F600}' \(U\+1F600\) \(at \/sections\/1\/body\/0\/paragraph\)$/u },
    { name: 'bad-reference.yaml', from: 'section: open-economy', to: 'section: open-economie', first: /bad-reference\.yaml:\d+:14: error\[E103\]: figure 'br-companies-2024' names section 'open-economie', which does not exist \(at \/figures\/0\/section\)$/ },
    { name: 'bad-country.yaml', from: 'countries: [SA]', to: 'countries: [XX]', first: /bad-country\.yaml:\d+:\d+: error\[E103\]: country 'XX' is not listed under 'countries'/ },
  ];

  for (const b of broken) {
    it(`rejects ${b.name} with a located error and leaves the earlier outputs untouched`, () => {
      const before = snapshot();
      const r = run('build', '--data', variant(b.name, b.from, b.to), '--out', out);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toMatch(b.first);
      expect(r.stderr).toMatch(/silkpress: 1 error; no output was changed\n$/);
      expect(r.stdout).toBe('');
      const after = snapshot();
      after.forEach((a, i) => {
        expect(a.bytes.equals(before[i]!.bytes), a.f).toBe(true);
        expect(a.mtime).toBe(before[i]!.mtime);
      });
    });
  }

  it('names a dataset that does not exist', () => {
    const r = run('build', '--data', join(dir, 'nope.yaml'), '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'nope.yaml')}: error[E104]: cannot read ${join(dir, 'nope.yaml')}: no such file`);
  });

  it('exits 2 on a usage error and suggests the command', () => {
    const r = run('biuld');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Did you mean build?');
  });
});
