// Hostile and huge input, as a user runs it: every case in test/fixtures/hostile/ (cases.yaml says what each is)
// and inputs too large to keep in the repository, made here. Each ends in exit 0 or 1 — never a stack trace or
// exit 3 — with a located finding, a hint, at most a few kilobytes on stderr, and the earlier outputs untouched.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diag/diagnostic.js';
import { BIN, CLEAN_DATASET, cleanBuild, runCommand, silkpress, snapshot, tempDir } from './support/cli.js';

const DIR = 'test/fixtures/hostile';
const CLEAN = CLEAN_DATASET;
const SLOW = 180_000;
const MAX_STDERR = 8 * 1024;

interface Case {
  what: string;
  code?: string;
  at?: string;
  path?: string;
  hint?: string;
  accept?: 'same' | 'builds';
}

const listed = parseYaml(readFileSync(join(DIR, 'cases.yaml'), 'utf8')) as Record<string, Case>;
const clean = readFileSync(CLEAN, 'utf8');
const made = tempDir('hostile-made');

/** Inputs too large for the repository, made from the clean dataset. */
const generated: Record<string, { what: string; text: () => string; code: string; at?: string; path?: string }> = {
  'five-megabyte-paragraph.yaml': {
    what: 'a 5 MB paragraph on one line',
    text: () => clean.replace('共建「一帶一路」倡議是國家自 2013 年提出的重要發展策略。', `共建${'長'.repeat(1_700_000)}`),
    code: 'E110',
    at: '17:1',
  },
  'nine-megabytes.yaml': {
    what: 'a file over 8 MiB',
    text: () => `${clean}\n${`# ${'x'.repeat(98)}\n`.repeat(95_000)}`,
    code: 'E110',
    at: '1:1',
  },
  'long-field.yaml': {
    what: 'a 30 000-character paragraph over several lines',
    text: () => clean.replace('共建「一帶一路」倡議是國家自 2013 年提出的重要發展策略。', `>-\n${`          ${'長'.repeat(3000)}\n`.repeat(10)}`),
    code: 'E110',
    at: '17:20',
    path: '/sections/0/body/0/paragraph',
  },
  'deep-indentation.yaml': {
    what: 'mappings indented a thousand deep, one more space each line (half a megabyte)',
    text: () => `meta:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`,
    code: 'E110',
    // The key on line 147, indented 146 spaces: the first level past the 144 silkpress reads (src/data/yaml-parse.ts).
    at: '147:147',
  },
  'too-much-text.yaml': {
    what: 'over 100 000 characters of text, in fields each under the field limit',
    text: () => clean.replace('figures:\n', `figures:\n`).replace(/sections:\n/, `sections:\n${Array.from({ length: 60 }, (_, i) => `  - id: filler-${i}\n    title: 填充\n    body:\n${`      - paragraph: ${'段'.repeat(1_900)}\n`}`).join('')}`),
    code: 'E110',
    at: '1:1',
  },
};

const cases: [string, string, Case][] = [
  ...Object.entries(listed).map(([file, c]) => [file, join(DIR, file), c] as [string, string, Case]),
  ...Object.entries(generated).map(([file, g]) => {
    const path = join(made, file);
    writeFileSync(path, g.text());
    return [file, path, { what: g.what, code: g.code, ...(g.at ? { at: g.at } : {}), ...(g.path ? { path: g.path } : {}) }] as [string, string, Case];
  }),
];

let good: string;
let outputs: string[];

beforeAll(async () => {
  const r = await cleanBuild('hostile-good');
  expect(r.code, r.stderr).toBe(0);
  ({ dir: good, outputs } = r);
}, SLOW);

describe('the corpus of broken and hostile inputs', () => {
  it('holds at least 40 inputs under test/fixtures, each listed here or in broken/', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'cases.yaml');
    expect(files.sort()).toEqual(Object.keys(listed).sort());
    const broken = readdirSync('test/fixtures/broken').filter((f) => f !== 'clean.yaml');
    expect(files.length + broken.length).toBeGreaterThanOrEqual(40);
  });
});

describe('nesting too deep to read', () => {
  // The YAML parser recurses once per level, and where it ran out of stack depended on the stack node was given: these
  // brackets were reported at 1:124, 1:793 or 1:3366 under --stack-size=200, the default and 4000. Now the parse stops
  // at the same token whatever the stack.
  it.each([['deep-nesting.yaml', join(DIR, 'deep-nesting.yaml'), '1:152'], ['deep-indentation.yaml', join(made, 'deep-indentation.yaml'), '147:147']])(
    '%s is refused at the same place under a small and a large stack',
    async (_name, file, at) => {
      const firsts = await Promise.all(
        ['--stack-size=400', '--stack-size=4000'].map(async (flag) => {
          const r = await runCommand(process.execPath, [flag, BIN, 'check', '--data', file, '--json']);
          expect(r.code, r.stderr).toBe(1);
          const first = (JSON.parse(r.stdout) as { diagnostics: Diagnostic[] }).diagnostics[0]!;
          return `${first.code} ${first.span?.line}:${first.span?.column}`;
        }),
      );
      expect(firsts).toEqual([`E110 ${at}`, `E110 ${at}`]);
    },
    SLOW,
  );
});

describe.concurrent.each(cases)('%s', (_name, file, c) => {
  it(`${c.what}: ${c.accept ? `accepted (${c.accept})` : `${c.code}${c.at ? ` at ${c.at}` : ''}`}`, async () => {
    const r = await silkpress(['check', '--data', file, '--json']);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at .*\.js:\d+/);
    expect(Buffer.byteLength(r.stderr), 'stderr stays a few kilobytes').toBeLessThanOrEqual(MAX_STDERR);
    const result = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    if (c.accept) {
      expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
      expect(r.code).toBe(0);
      const out = tempDir('hostile-accept');
      const b = await silkpress(['build', '--data', file, '--out', out]);
      expect(b.code, b.stderr).toBe(0);
      if (c.accept === 'same') {
        for (const f of ['brochure.pdf', 'briefing.pptx']) expect(readFileSync(join(out, f)).equals(readFileSync(join(good, f))), `${f} is the clean build's`).toBe(true);
      }
      return;
    }
    expect(r.code).toBe(1);
    const first = result.diagnostics[0]!;
    expect(first.code).toBe(c.code);
    expect(first.span?.file).toBe(file);
    if (c.at) expect(`${first.span?.line}:${first.span?.column}`).toBe(c.at);
    if (c.path) expect(first.span?.path).toBe(c.path);
    for (const d of result.diagnostics) expect(d.hints.some((h) => h.trim().length > 10), `${d.code} ${d.message} has a hint`).toBe(true);
    if (c.hint) expect(first.hints.join(' ')).toContain(c.hint);
    // For people: the location first, no raw control character reaches the terminal.
    expect(r.stderr.startsWith(`${file}${c.at ? `:${c.at}` : ''}: error[${c.code}]: `), r.stderr.slice(0, 300)).toBe(true);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);

    // build refuses it too, exit 1, with the earlier outputs exactly as they were.
    const out = tempDir('hostile-out');
    cpSync(good, out, { recursive: true, preserveTimestamps: true });
    const before = snapshot(out, outputs);
    const b = await silkpress(['build', '--data', file, '--out', out]);
    expect(b.code).toBe(1);
    expect(Buffer.byteLength(b.stderr)).toBeLessThanOrEqual(MAX_STDERR);
    snapshot(out, outputs).forEach((a, i) => {
      expect(a.bytes.equals(before[i]!.bytes), a.file).toBe(true);
      expect(a.mtimeMs).toBe(before[i]!.mtimeMs);
    });
    expect(readdirSync(out).sort()).toEqual(outputs);
  }, SLOW);
});
