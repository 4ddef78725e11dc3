// The dataset as data: it validates, every Chinese text has its English, and the English states the same
// numbers, names, countries and emphasis; facts carry the country and theme tags editions select by.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlText, stringify as stringifyYaml } from 'yaml';
import { datasetJsonSchema, delegationJsonSchema } from '../src/data/export-schema.js';
import { schemas, type Dataset, type Fact, type Section } from '../src/data/schema.js';
import { checkReferences, checkTranslations, translatedFields } from '../src/data/validate.js';
import { parseYaml, type LoadedYaml } from '../src/data/yaml.js';
import { codes, DiagnosticError, formatDiagnostic, type Diagnostic } from '../src/diag/diagnostic.js';

const { DatasetSchema } = schemas();

const DATA = 'data/belt-and-road.yaml';
const MINI = 'test/fixtures/mini/dataset.yaml';
const load = (file: string, text = readFileSync(file, 'utf8')): LoadedYaml<Dataset> => parseYaml(file, text, DatasetSchema);
const data = load(DATA);
const show = (ds: Diagnostic[]): string[] => ds.map((d) => formatDiagnostic(d));

/** Every fact with its JSON pointer, in document order. */
function factsOf(d: Dataset): { pointer: string; fact: Fact }[] {
  const out: { pointer: string; fact: Fact }[] = [];
  const walk = (sections: Section[], base: string): void =>
    sections.forEach((s, i) => {
      s.body.forEach((b, j) => 'facts' in b && b.facts.forEach((fact, k) => out.push({ pointer: `${base}/${i}/body/${j}/facts/${k}`, fact })));
      walk(s.sections ?? [], `${base}/${i}/sections`);
    });
  walk(d.sections, '/sections');
  return out;
}

describe('the Belt and Road dataset', () => {
  it('validates against the schema and its references hold', () => {
    expect(show(checkReferences(data))).toEqual([]);
    expect(data.value.meta.lang).toBe('zh-Hant-HK');
  });

  it('has English beside every Chinese text (a missing one is listed by its JSON pointer)', () => {
    const missing = checkTranslations(data).map((d) => `${d.span?.path} (line ${d.span?.line})`);
    expect(missing).toEqual([]);
    expect(translatedFields(data.value).length).toBeGreaterThan(250);
  });

  it('names every country in English, in the facts that are tagged with it', () => {
    const en = data.value.countriesEn ?? {};
    expect(Object.keys(data.value.countries).filter((c) => !en[c])).toEqual([]);
    // A fact may name a country through a city it names instead (a university in London).
    const aliases: Record<string, string[]> = { GB: ['London'] };
    const unnamed = factsOf(data.value).flatMap(({ pointer, fact }) =>
      (fact.countries ?? []).filter((c) => ![en[c]!, ...(aliases[c] ?? [])].some((n) => fact.en!.text.includes(n))).map((c) => `${pointer}: ${c}`),
    );
    expect(unnamed).toEqual([]);
  });
});

// ── numbers ─────────────────────────────────────────────────────────────────────────────────────────────

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Numbers written in Chinese numerals, and the English each must find. Any Chinese numeral before a classifier
 * (份 個 倍 次 …) or after 第 must be covered by one of these, so a new one cannot slip through untranslated.
 */
const CHINESE_NUMERALS: [zh: string, en: RegExp][] = [
  ['八項', /\beight\b/i],
  ['六大', /\bsix\b/i],
  ['一半', /\bhalf\b/i],
  ['五個', /\bfive\b/i],
  ['兩年', /\btwo years\b/i],
  ['第一', /\bfirst\b/i],
  ['第二', /\bsecond\b/i],
  ['第三', /\bthird\b/i],
  ['第四', /\bfourth\b/i],
  ['第六', /\bsixth\b/i],
  ['第八', /\b(8th|eighth)\b/i],
  ['第十', /\b(10th|tenth)\b/i],
  ['十周年', /\btenth anniversary\b/i],
  ['四個', /\bfour\b/i],
  ['九份', /\bnine\b/i],
  ['五千萬', /\b50 million\b/],
  ['三次', /\bthree times\b/i],
  ['一大', /\bone of the main\b/i],
  ['兩位', /\btwo places\b/i],
  ['兩倍', /\btwice\b/i],
  ['三大', /\bthree\b/i],
  ['兩間', /\btwo\b/i],
  ['五成', /\b50%/],
];
const NUMERAL = /第[一二三四五六七八九十]+|[一二三四五六七八九十兩百千萬]+(?=[份個倍次間位屆成大項年周名家種元])|一半/g;

/** Digit strings with their group separators removed: 1 400 and 1,400 are both 1400; 2024/25 is 2024 and 25. */
function digitNumbers(text: string, separators: RegExp): string[] {
  const grouped = new RegExp(`\\d{1,3}(?:${separators.source}\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?`, 'g');
  return [...text.matchAll(grouped)].map((m) => m[0].replace(new RegExp(separators.source, 'g'), ''));
}

/** What the English of `zh` must contain: its numbers, its months by name, its numerals in words. */
function numberProblems(zh: string, en: string): string[] {
  const problems: string[] = [];
  let rest = zh;
  // Months are named in English: 2017 年 12 月 → December 2017; 每年9至11月 → September to November.
  rest = rest.replace(/(\d{1,2})\s*至\s*(\d{1,2})\s*月/g, (_m, a: string, b: string) => ` ${MONTHS[+a - 1]}|${MONTHS[+b - 1]} `);
  rest = rest.replace(/(\d{1,2})\s*月/g, (_m, a: string) => ` ${MONTHS[+a - 1]} `);
  for (const month of MONTHS) if (rest.includes(` ${month}`) || rest.includes(`|${month}`)) if (!en.includes(month)) problems.push(`month ${month}`);
  const english = new Set(digitNumbers(en, /[,\u2009\u202f]/));
  const chinese = digitNumbers(rest.replace(/[A-Z][a-z]+/g, ' '), /[ \u00a0\u2009\u202f]/);
  for (const n of chinese) if (!english.has(n)) problems.push(n);
  const covered: [number, number][] = [];
  let englishRest = en;
  for (const [word, pattern] of CHINESE_NUMERALS) {
    for (let at = zh.indexOf(word); at >= 0; at = zh.indexOf(word, at + 1)) covered.push([at, at + word.length]);
    if (zh.includes(word) && !pattern.test(en)) problems.push(`${word} (${pattern})`);
    if (zh.includes(word)) englishRest = englishRest.replace(new RegExp(pattern.source, pattern.flags + 'g'), ' ');
  }
  // And the other way: the English has no number the Chinese does not state (no sum converted into billions).
  for (const n of digitNumbers(englishRest, /[,\u2009\u202f]/)) if (!chinese.includes(n)) problems.push(`${n} is not in the Chinese`);
  for (const m of zh.matchAll(NUMERAL)) {
    if (!covered.some(([a, b]) => a <= m.index && m.index + m[0].length <= b)) problems.push(`unmapped Chinese numeral ${m[0]}: add it to CHINESE_NUMERALS`);
  }
  return problems;
}

describe('English numbers', () => {
  it('the check itself: separators, months, numerals', () => {
    expect(numberProblems('2024 年有約 1 400 家，超過 1 330 億美元', 'In 2024, about 1,400 companies; over US$1,330 hundred million')).toEqual([]);
    expect(numberProblems('2017 年 12 月', 'December 2017')).toEqual([]);
    expect(numberProblems('每年9至11月', 'from September to November')).toEqual([]);
    expect(numberProblems('2017 年 12 月', '2017')).toEqual(['month December']);
    expect(numberProblems('約 1 400 家', 'about 1,300')).toEqual(['1400', '1300 is not in the Chinese']);
    expect(numberProblems('1 330 億美元', 'US$133 billion')).toEqual(['1330', '133 is not in the Chinese']);
    expect(numberProblems('第八屆', 'the 8th')).toEqual([]);
    expect(numberProblems('簽訂了九份', 'signed nine')).toEqual([]);
    expect(numberProblems('七份', 'seven')).toEqual(['unmapped Chinese numeral 七: add it to CHINESE_NUMERALS']);
    expect(numberProblems('2024/25學年', 'the 2024/25 academic year')).toEqual([]);
  });

  it('every number of each Chinese text appears in its English, digit for digit', () => {
    const problems = translatedFields(data.value)
      .filter((f) => f.english !== undefined)
      .flatMap((f) => numberProblems(f.chinese, f.english!).map((p) => `${f.pointer}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('uses one thousands separator, the comma, throughout the English', () => {
    const spaced = translatedFields(data.value).filter((f) => /\d[ \u00a0\u2009\u202f]\d{3}\b/.test(f.english ?? ''));
    expect(spaced.map((f) => f.pointer)).toEqual([]);
  });

  it('a figure prints the same number in both languages, its English unit naming any Chinese multiplier', () => {
    const multipliers = data.value.figures.filter((f) => /[萬億]/.test(f.unit)).map((f) => [f.id, f.en?.unit]);
    expect(multipliers.length).toBeGreaterThan(0);
    for (const [id, unit] of multipliers) expect(unit, id).toMatch(/hundred million|ten-thousand|trillion/);
  });
});

describe('English emphasis', () => {
  it('marks as many phrases **bold** as the Chinese does', () => {
    const marks = (s: string): number => (s.match(/\*\*/g) ?? []).length;
    const differ = translatedFields(data.value).filter((f) => f.english !== undefined && marks(f.chinese) !== marks(f.english));
    expect(differ.map((f) => f.pointer)).toEqual([]);
  });
});

// ── tags ────────────────────────────────────────────────────────────────────────────────────────────────

/** The themes facts may carry: one vocabulary, so an edition (or a delegation profile) can select by theme. */
const THEMES = [
  'aviation', 'construction', 'culture', 'education', 'environment', 'finance', 'forum', 'governance', 'green', 'health',
  'innovation', 'integrity', 'intellectual-property', 'investment', 'legal', 'maritime', 'meteorology',
  'professional-services', 'rail', 'talent', 'tourism', 'trade', 'travel', 'youth',
];

describe('fact tags', () => {
  const facts = factsOf(data.value);

  it('every fact carries at least one theme, from the one vocabulary', () => {
    expect(facts.filter(({ fact }) => !fact.themes?.length).map((f) => f.pointer)).toEqual([]);
    const unknown = facts.flatMap(({ pointer, fact }) => (fact.themes ?? []).filter((t) => !THEMES.includes(t)).map((t) => `${pointer}: ${t}`));
    expect(unknown).toEqual([]);
  });

  it('a fact that names a country carries its code, and a code only where the text names the country', () => {
    // Cities stand for their country where the text names only the city.
    const places: Record<string, string[]> = { GB: ['倫敦'] };
    const names = Object.entries(data.value.countries).map(([code, name]) => ({ code, names: [name, ...(places[code] ?? [])] }));
    const problems = facts.flatMap(({ pointer, fact }) => {
      const tagged = new Set(fact.countries ?? []);
      const named = new Set(names.filter((c) => c.names.some((n) => fact.text.includes(n))).map((c) => c.code));
      return [
        ...[...named].filter((c) => !tagged.has(c)).map((c) => `${pointer}: names ${c} but is not tagged with it`),
        ...[...tagged].filter((c) => !named.has(c)).map((c) => `${pointer}: tagged ${c} but does not name it`),
      ];
    });
    expect(problems).toEqual([]);
  });
});

// ── the schema's two forms and its reports ──────────────────────────────────────────────────────────────

describe('dataset schema', () => {
  const mini = readFileSync(MINI, 'utf8');

  it('accepts a country as a name or as { name, en }, and keeps names where every stage reads them', () => {
    const d = load('both.yaml', mini.replace('  SA: 沙特阿拉伯\n', '  SA: 沙特阿拉伯\n  AE: { name: 阿拉伯聯合酋長國, en: United Arab Emirates }\n'));
    expect(d.value.countries).toEqual({ SA: '沙特阿拉伯', AE: '阿拉伯聯合酋長國' });
    expect(d.value.countriesEn).toEqual({ AE: 'United Arab Emirates' });
  });

  it('still reads a dataset written before English was added', () => {
    const withoutEnglish = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(withoutEnglish);
      if (v === null || typeof v !== 'object') return v;
      const o = v as Record<string, unknown>;
      if (typeof o.name === 'string' && typeof o.en === 'string' && Object.keys(o).length === 2) return o.name; // a country
      return Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'en').map(([k, x]) => [k, withoutEnglish(x)]));
    };
    const chineseOnly = stringifyYaml(withoutEnglish(parseYamlText(readFileSync(DATA, 'utf8'))));
    expect(chineseOnly).not.toMatch(/\ben:/);
    const d = load('chinese-only.yaml', chineseOnly);
    expect(show(checkReferences(d))).toEqual([]);
    expect(d.value.countriesEn).toEqual({});
    expect(checkTranslations(d).length).toBe(translatedFields(d.value).length);
  });

  it('the mini fixture has English for everything but the country it writes as a plain name, reported at its line', () => {
    const d = load(MINI);
    const missing = checkTranslations(d);
    expect(show(missing)).toEqual([
      `${MINI}:11:7: error[${codes.missingTranslation}]: no English for this text, which the English edition needs (at /countries/SA)\n` +
        '  = hint: write it as SA: { name: 沙特阿拉伯, en: <English name> }',
    ]);
  });

  it('reports English missing from a node at the Chinese text, by line and JSON pointer', () => {
    const d = load('no-en.yaml', mini.replace(/\n +en:\n +text: Hong Kong International Airport[^\n]*/, ''));
    const [first, ...rest] = checkTranslations(d).filter((x) => x.span?.path !== '/countries/SA');
    expect(rest).toEqual([]);
    expect(first!.span).toEqual({ file: 'no-en.yaml', line: 37, column: 27, path: '/sections/1/sections/0/sections/0/body/0/facts/0/text' });
  });

  it('reports an English point for a fact with no Chinese point, which would never print', () => {
    const d = load('stray.yaml', mini.replace('text: In 2023, outward direct investment exceeded US$1,330 hundred million; IPOs raised US$366.4 hundred million in 2025.', 'text: x\n                  point: y'));
    expect(checkTranslations(d).map((x) => x.span?.path)).toContain('/sections/1/sections/1/body/0/facts/1/en/point');
  });

  it('rejects an unknown field inside `en` at the field itself', () => {
    try {
      load('typo.yaml', mini.replace('en: { title: Overview,', 'en: { titel: Overview, title: Overview,'));
      expect.unreachable();
    } catch (e) {
      const [d] = (e as DiagnosticError).diagnostics;
      expect(formatDiagnostic(d!)).toMatch(/^typo\.yaml:22:11: error\[E102\]: unknown field 'titel' \(at \/sections\/0\/en\/titel\)/);
    }
  });

  it('a chart lists one English name per category and per series', () => {
    const d = load('chart.yaml', mini.replace('categories: [Mainland, Overseas]', 'categories: [Mainland]'));
    expect(show(checkReferences(d))).toEqual([expect.stringMatching(/chart\.yaml:\d+:\d+: error\[E103\]: chart 'offices' has 2 categories but 1 in English/)]);
  });

  it('data/*.schema.json are the schemas the code exports (npm run schema)', () => {
    expect(JSON.parse(readFileSync('data/dataset.schema.json', 'utf8'))).toEqual(datasetJsonSchema());
    expect(JSON.parse(readFileSync('data/delegation.schema.json', 'utf8'))).toEqual(delegationJsonSchema());
  });
});
