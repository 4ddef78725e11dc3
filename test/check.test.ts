// `silkpress check` as a user runs it, over the corpus of broken inputs in test/fixtures/broken/: each names the
// finding it must produce (code, file:line:column, field path, offending text) and whether a build fails on it;
// a build that fails must leave a good earlier output exactly as it was.
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { statesNumber } from '../src/check/figures.js';
import { findWrongScript } from '../src/check/opencc.js';
import { scriptOfLang } from '../src/check/script.js';
import type { Diagnostic } from '../src/diag/diagnostic.js';
import { projectCopy, silkpress, snapshot, tempDir } from './support/cli.js';
import { readPdf, squashedText } from './support/pdf.js';

const CORPUS = 'test/fixtures/broken';
const CLEAN = `${CORPUS}/clean.yaml`;

interface Expectation {
  /** `none` for an input that must pass. */
  code: string;
  severity?: 'error' | 'warning';
  /** `line:column` in the dataset, or `path/in/project:line:column` for a template or font manifest. */
  at?: string;
  path?: string;
  text?: string;
  /** Words the first hint must hold, where the finding's fix is particular to its field. */
  hint?: string;
  /** `fails`: build exits 1 and changes nothing; `writes`: build succeeds; absent: not built. */
  build?: 'fails' | 'writes';
}

interface Case {
  name: string;
  what: string;
  /** The dataset to check. */
  data: string;
  /** A folder whose templates/ and fonts/ are laid over a copy of the project's. */
  overlay?: string;
  expect: Expectation;
}

/** A dataset case states itself in its first lines (`# broken: …`, `# expect: {…}`); a folder case in case.yaml. */
function loadCorpus(): Case[] {
  const cases: Case[] = [];
  for (const entry of readdirSync(CORPUS).sort()) {
    const path = join(CORPUS, entry);
    if (statSync(path).isDirectory()) {
      const c = parseYaml(readFileSync(join(path, 'case.yaml'), 'utf8')) as { broken: string; expect: Expectation };
      cases.push({ name: entry, what: c.broken, data: CLEAN, overlay: path, expect: { build: 'fails', ...c.expect } });
    } else if (entry.endsWith('.yaml') && entry !== 'clean.yaml') {
      const head = readFileSync(path, 'utf8').split('\n').slice(0, 2);
      const what = /^# (?:not )?broken: (.*)$/.exec(head[0] ?? '')?.[1];
      const expectLine = /^# expect: (.*)$/.exec(head[1] ?? '')?.[1];
      if (!what || !expectLine) throw new Error(`${path}: the first two lines must be '# broken: …' and '# expect: {…}'`);
      cases.push({ name: entry, what, data: path, expect: parseYaml(expectLine) as Expectation });
    }
  }
  return cases;
}

const corpus = loadCorpus();
/** Runs queue for a CPU (test/support/cli.ts), so a test's time includes its wait. */
const SLOW = 120_000;
let good: string;
/** What a good build leaves in its folder: the outputs and manifest.json. */
let outputs: string[];

beforeAll(async () => {
  good = tempDir('good');
  const r = await silkpress(['build', '--data', CLEAN, '--out', good]);
  expect(r.stderr, 'the clean dataset builds without a warning').toBe('');
  expect(r.code).toBe(0);
  outputs = readdirSync(good).sort();
  expect(outputs).toEqual(expect.arrayContaining(['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx', 'manifest.json']));
}, SLOW);

describe('the corpus of broken inputs', () => {
  it('has at least 15 cases, each a different kind of mistake', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(15);
    expect(new Set(corpus.map((c) => c.what)).size).toBe(corpus.length);
  });

  it('passes the clean dataset every case is a variation of', async () => {
    const r = await silkpress(['check', '--data', CLEAN]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${CLEAN}: no problems found (${r.stdout.match(/\((\d+ pages?, \d+ slides?) typeset\)/)?.[1]} typeset)\n`);
    expect(r.code).toBe(0);
  }, SLOW);
});

describe.concurrent.each(corpus)('$name: $what', (c) => {
  const root = c.overlay ? projectCopy(c.overlay) : '.';
  const rootArgs = c.overlay ? ['--root', root] : [];
  const e = c.expect;

  it(`check reports ${e.code === 'none' ? 'nothing' : `${e.code} at ${e.at}`}`, async () => {
    const r = await silkpress(['check', '--data', c.data, ...rootArgs, '--json']);
    const result = JSON.parse(r.stdout) as { ok: boolean; errors: number; warnings: number; diagnostics: Diagnostic[] };
    if (e.code === 'none') {
      expect(result.diagnostics).toEqual([]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return;
    }
    const severity = e.severity ?? 'error';
    expect(r.code).toBe(severity === 'error' ? 1 : 0);
    expect(result.ok).toBe(severity !== 'error');
    const first = result.diagnostics[0]!;
    expect(first).toBeDefined();
    expect({ code: first.code, severity: first.severity }).toEqual({ code: e.code, severity });

    // Where: the dataset at line:column, or a project file (template, font manifest) by its path in the project.
    const at = /^(?:(.*):)?(\d+):(\d+)$/.exec(e.at!)!;
    const [, inProject, line, column] = at;
    expect(first.span?.file).toBe(inProject ? join(root, inProject) : c.data);
    expect({ line: first.span?.line, column: first.span?.column }).toEqual({ line: Number(line), column: Number(column) });
    if (e.path) expect(first.span?.path).toBe(e.path);
    if (e.text) expect(first.text).toBe(e.text);
    expect(first.hints.length, 'a finding says how to fix it').toBeGreaterThan(0);
    if (e.hint) expect(first.hints[0]).toContain(e.hint);

    // The same finding for people on stderr: location, code, path, a code frame with a caret, the hint.
    const where = `${first.span!.file}:${line}:${column}: ${severity}[${e.code}]: `;
    const lines = r.stderr.split('\n');
    expect(lines[0]!.startsWith(where), `${lines[0]} starts with ${where}`).toBe(true);
    if (e.path) expect(lines[0]!.endsWith(`(at ${e.path})`)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`\\n {2}${line} \\| .*\\n {2} +\\| *\\^`));
    expect(r.stderr).toContain(`  = hint: ${first.hints[0]}`);
  }, SLOW);

  if (e.build === 'fails') {
    it('build fails with the same error and leaves the earlier outputs untouched', async () => {
      const out = tempDir('out');
      cpSync(good, out, { recursive: true, preserveTimestamps: true });
      const before = snapshot(out, outputs);
      const r = await silkpress(['build', '--data', c.data, ...rootArgs, '--out', out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`error[${e.code}]: `);
      expect(r.stderr).toMatch(/silkpress: \d+ errors?; no output was changed\n$/);
      const after = snapshot(out, outputs);
      after.forEach((a, i) => {
        expect(a.bytes.equals(before[i]!.bytes), `${a.file} is unchanged`).toBe(true);
        expect(a.mtimeMs, `${a.file} was not rewritten`).toBe(before[i]!.mtimeMs);
      });
      expect(readdirSync(out).sort(), 'no temporary file is left behind').toEqual(outputs);
    }, SLOW);
  } else if (e.build === 'writes') {
    it('build still writes the outputs (check is what catches it)', async () => {
      const r = await silkpress(['build', '--data', c.data, ...rootArgs, '--out', tempDir('out')]);
      expect(r.code).toBe(0);
    }, SLOW);
  }
});

describe('check, beyond the corpus', () => {
  it('prints data that looks like markup as itself, character for character', async () => {
    const out = tempDir('markup');
    const r = await silkpress(['build', '--data', `${CORPUS}/markup-in-data.yaml`, '--out', out]);
    expect(r.code).toBe(0);
    const text = squashedText(await readPdf(readFileSync(join(out, 'brochure.pdf'))));
    expect(text.replace(/\s+/g, '')).toContain('資料中的<b>標記</b>、&amp;與{{meta.title}}及<![CDATA[x]]>都照字面印出。');
  }, SLOW);

  it('fails on warnings with --strict', async () => {
    const r = await silkpress(['check', '--data', `${CORPUS}/deck-overflow.yaml`, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/warning\[E501\]/);
    expect(r.stderr).toMatch(/silkpress: .*deck-overflow\.yaml: 0 errors, 1 warning\n$/);
  }, SLOW);

  it('finds nothing wrong in the project\'s own dataset', async () => {
    const r = await silkpress(['check', '--json']);
    const result = JSON.parse(r.stdout) as { ok: boolean; diagnostics: Diagnostic[]; pages: number; slides: number };
    expect(result.diagnostics).toEqual([]);
    expect(result).toMatchObject({ command: 'check', ok: true, data: 'data/belt-and-road.yaml', errors: 0, warnings: 0 });
    expect(result.pages).toBeGreaterThan(0);
    expect(result.slides).toBeGreaterThan(0);
    expect(r.code).toBe(0);
  }, SLOW);
});

describe('which characters are in the wrong script', () => {
  const flagged = (text: string, script: 'Hant' | 'Hans'): string => findWrongScript(text, script).map((w) => `${w.char}→${w.suggestion}`).join(' ');

  it.each([
    ['资金融通和项目合作', '资→資 项→項'],
    ['以后再议', '后→後 议→議'],
    // Variant forms are Traditional text, whatever OpenCC's own standard prefers (牀, 峯, 臺, 稅, 佈).
    ['床位、高峰、平台、稅收、税款、住戶、住户、布局', ''],
    // Characters both scripts share keep their Traditional meaning in context.
    ['皇后、干預、公里、發表、頭髮', ''],
    ['Hong Kong 2026 & <航點>', ''],
  ])('in Traditional text %s: %s', (text, expected) => {
    expect(flagged(text, 'Hant')).toBe(expected);
  });

  it.each([
    ['资金融通和投資合作', '資→资'],
    ['发展战略与国际合作', ''],
    ['著名作家的著作', ''],
  ])('in Simplified text %s: %s', (text, expected) => {
    expect(flagged(text, 'Hans')).toBe(expected);
  });

  it.each([
    ['zh-Hant-HK', 'Hant'],
    ['zh-HK', 'Hant'],
    ['zh-TW', 'Hant'],
    ['zh-Hans-CN', 'Hans'],
    ['zh-CN', 'Hans'],
    ['zh', undefined],
    ['en-GB', undefined],
  ])('reads %s as %s', (lang, script) => {
    expect(scriptOfLang(lang)).toBe(script);
  });
});

describe('whether a section states a key figure', () => {
  it.each([
    ['約 **1 400 家**企業', '1 400', true],
    ['約 1400 家企業', '1 400', true],
    ['集資額達 366.4 億美元', '366.4', true],
    ['2015 年', '15', false],
    ['150 個', '15', false],
    ['1.15 倍', '15', false],
    ['15.5 億', '15', false],
    ['第 15 次', '15', true],
    ['增長 -3.2%', '-3.2', true],
    ['2024-2025 年度', '-2025', false],
    ['貿易額 3,200 億港元', '3 200', true],
    ['貿易額 3 200 億港元', '3200', true],
    ['貿易額 3200 億港元', '3 200', true],
    ['貿易額 13,200 億港元', '3 200', false],
    ['貿易額 3,200.5 億港元', '3 200', false],
    ['1,668.8 億', '1 668.8', true],
    ['8 600 萬', '8600', true],
  ])('%s states %s: %s', (text, printed, expected) => {
    expect(statesNumber(text, printed)).toBe(expected);
  });
});
