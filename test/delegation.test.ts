// Delegation profiles: the shipped ones validate and fit the dataset; a broken one is reported at file:line:column.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDelegation, checkDelegationIds, delegationFiles, loadDelegation, type Delegation } from '../src/data/delegation.js';
import { schemas } from '../src/data/schema.js';
import { loadYamlFile, type LoadedYaml } from '../src/data/yaml.js';
import { DiagnosticError, formatDiagnostic } from '../src/diag/diagnostic.js';

const { DatasetSchema } = schemas();

const dataset = loadYamlFile('data/belt-and-road.yaml', DatasetSchema).value;
const files = delegationFiles('data/delegations');
const profiles = files.map((f) => loadDelegation(f));
const byLanguage = (lang: Delegation['language']): LoadedYaml<Delegation>[] => profiles.filter((p) => p.value.language === lang);

describe('the shipped delegation profiles', () => {
  it('are several, in every edition language, one without a country', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(new Set(profiles.map((p) => p.value.language))).toEqual(new Set(['zh-Hant-HK', 'zh-Hans', 'en']));
    expect(profiles.filter((p) => p.value.country === undefined).length).toBeGreaterThanOrEqual(1);
  });

  it('fit the dataset: known countries with facts on them, known themes, English names for English editions', () => {
    const problems = profiles.flatMap((p) => checkDelegation(p, dataset)).map((d) => formatDiagnostic(d));
    expect(problems).toEqual([]);
    expect(checkDelegationIds(profiles)).toEqual([]);
  });

  it('are named after their id, which names the output folder', () => {
    for (const p of profiles) expect(basename(p.file)).toBe(`${p.value.id}.yaml`);
  });

  it('write the name and greeting in the edition language: mainland Simplified, or English', () => {
    const toMainland = OpenCC.Converter({ from: 't', to: 'cn' });
    for (const p of byLanguage('zh-Hans')) {
      for (const text of [p.value.name, p.value.greeting ?? '']) expect(toMainland(text), p.file).toBe(text);
      expect(p.value.greeting ?? '').not.toMatch(/[「」]/);
    }
    for (const p of byLanguage('en')) for (const text of [p.value.name, p.value.greeting ?? '']) expect(text, p.file).not.toMatch(/\p{Script=Han}/u);
    for (const p of byLanguage('zh-Hant-HK')) expect(p.value.greeting ?? '', p.file).toMatch(/\p{Script=Han}/u);
  });
});

describe('a broken profile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-delegation-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const saudi = readFileSync('data/delegations/saudi-arabia-investment-2026-05.yaml', 'utf8');
  const uae = readFileSync('data/delegations/uae-green-finance-2026-09.yaml', 'utf8');

  /** The profile with one replacement (which must apply), written to a file. */
  function variant(name: string, text: string, from: string, to: string): string {
    const changed = text.replace(from, to);
    expect(changed, name).not.toBe(text);
    const file = join(dir, name);
    writeFileSync(file, changed);
    return file;
  }

  /** The formatted diagnostics loading the file throws. */
  function loadFailure(file: string): string[] {
    try {
      loadDelegation(file);
    } catch (e) {
      if (e instanceof DiagnosticError) return e.diagnostics.map((d) => formatDiagnostic(d));
      throw e;
    }
    return expect.unreachable('the profile loaded') as never;
  }

  it('a country the dataset does not list, at the code', () => {
    const file = variant('bad-country.yaml', saudi, 'country: SA', 'country: XX');
    const [d, ...rest] = checkDelegation(loadDelegation(file), dataset);
    expect(rest).toEqual([]);
    expect(formatDiagnostic(d!)).toMatch(new RegExp(`^${file}:7:10: error\\[E103\\]: country 'XX' is not listed under the dataset's 'countries' \\(at /country\\)\\n  = hint: the dataset names AE, BD, `));
  });

  it('a date that is no calendar day, at the date', () => {
    const file = variant('bad-date.yaml', saudi, 'visitDate: 2026-05-18', 'visitDate: 2026-02-30');
    expect(loadFailure(file)).toEqual([
      `${file}:8:12: error[E102]: field 'visitDate': a visit date is a calendar date written YYYY-MM-DD, e.g. "2026-05-12" (at /visitDate)`,
    ]);
    const unquoted = variant('bad-date-format.yaml', saudi, 'visitDate: 2026-05-18', 'visitDate: 18/05/2026');
    expect(loadFailure(unquoted)[0]).toMatch(/:8:12: error\[E102\]: field 'visitDate': a visit date is a calendar date/);
  });

  it('an unknown field, at its key', () => {
    const file = variant('unknown-field.yaml', saudi, 'audience: officials\n', 'audience: officials\naudiance: business\n');
    expect(loadFailure(file)).toEqual([
      `${file}:11:1: error[E102]: unknown field 'audiance' (at /audiance)\n  = hint: did you mean 'audience'? (the fields allowed here are audience, country, dataset, greeting, id, language, name, themes, visitDate)`,
    ]);
  });

  it('a language no edition is made in, at the value', () => {
    const file = variant('bad-language.yaml', uae, 'language: en', 'language: fr');
    expect(loadFailure(file)).toEqual([`${file}:7:11: error[E102]: field 'language': a language is one of zh-Hant-HK, zh-Hans, en (at /language)`]);
  });

  it('a theme no fact carries, at the theme', () => {
    const file = variant('bad-theme.yaml', uae, '  - aviation', '  - aviaton');
    expect(checkDelegation(loadDelegation(file), dataset).map((d) => formatDiagnostic(d))).toEqual([
      expect.stringMatching(new RegExp(`^${file}:12:5: error\\[E103\\]: theme 'aviaton' is not used by any fact of the dataset \\(at /themes/2\\)`)),
    ]);
  });

  it('an English edition for a country whose English name the dataset lacks', () => {
    const file = variant('no-english.yaml', uae, 'country: AE', 'country: SG');
    const chineseNamesOnly = { ...dataset, countriesEn: {} };
    expect(checkDelegation(loadDelegation(file), chineseNamesOnly).map((d) => d.message)).toEqual([
      "the dataset has no English name for country 'SG', which this English edition needs",
    ]);
  });

  it('a country the dataset holds no fact on is only a warning: the edition says so', () => {
    const file = variant('no-facts.yaml', uae, 'country: AE', 'country: NO');
    const withNorway = { ...dataset, countries: { ...dataset.countries, NO: '挪威' }, countriesEn: { ...dataset.countriesEn, NO: 'Norway' } };
    const [d, ...rest] = checkDelegation(loadDelegation(file), withNorway);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ severity: 'warning', span: { line: 5, column: 10 } });
  });

  it('two profiles with one id', () => {
    const file = variant('copy.yaml', uae, 'name: United Arab Emirates', 'name: UAE');
    const [d] = checkDelegationIds([loadDelegation('data/delegations/uae-green-finance-2026-09.yaml'), loadDelegation(file)]);
    expect(formatDiagnostic(d!)).toBe(
      `${file}:3:5: error[E103]: id 'uae-green-finance-2026-09' is also the id of data/delegations/uae-green-finance-2026-09.yaml (at /id)\n  = hint: each profile needs its own id: it names the output folder`,
    );
  });
});
