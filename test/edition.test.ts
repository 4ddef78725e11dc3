// Editions in other scripts and for delegations: the Simplified conversion, structure kept, focus facts.
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../src/build.js';
import { localise } from '../src/edition/language.js';
import { selectFocusFacts } from '../src/edition/focus.js';
import { loadSimplifiedConversion, mapDatasetText, toSimplified } from '../src/edition/text.js';

const data = loadDataset('data/belt-and-road.yaml');
// OpenCC is loaded only for what makes a Simplified edition (runPreflight awaits it in a build).
beforeAll(loadSimplifiedConversion);

describe('Simplified Chinese edition text', () => {
  it('follows mainland conventions: characters, phrases and quotation marks', () => {
    expect(toSimplified('香港與「一帶一路」')).toBe('香港与“一带一路”');
    expect(toSimplified('貿發局通過一站式平台「一帶一路」資訊網站')).toBe('贸发局通过一站式平台“一带一路”信息网站');
    expect(toSimplified('『一國兩制』')).toBe('‘一国两制’');
  });

  it('leaves no character in the converted dataset that OpenCC would still convert', () => {
    const { data: hans } = localise(data, 'zh-Hans');
    const toCn = OpenCC.Converter({ from: 't', to: 'cn' });
    const texts: string[] = [];
    mapDatasetText(hans.value, (t) => (texts.push(t), t));
    expect(texts.length).toBeGreaterThan(150);
    const leftovers = texts.filter((t) => toCn(t) !== t);
    expect(leftovers).toEqual([]);
    expect(hans.value.meta.lang).toBe('zh-Hans');
  });

  it('keeps ids, numbers, countries and structure as authored, so spans still point at the YAML', () => {
    const { data: hans } = localise(data, 'zh-Hans');
    const shape = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'string' ? '' : x)));
    const { meta: _m1, ...a } = hans.value;
    const { meta: _m2, ...b } = data.value;
    expect(shape(a)).toEqual(shape(b));
    expect(hans.value.figures.map((f) => [f.id, f.value, f.section])).toEqual(data.value.figures.map((f) => [f.id, f.value, f.section]));
    expect(hans.locate('/sections/0/title')).toEqual(data.locate('/sections/0/title'));
  });
});

describe('country focus', () => {
  it('selects exactly the facts tagged with the country', () => {
    const facts = selectFocusFacts(data.value, { country: 'SA' });
    expect(facts.length).toBeGreaterThanOrEqual(3);
    for (const f of facts) expect(f.fact.text).toContain('沙特阿拉伯');
  });

  it('selects nothing, honestly, for a country the dataset does not name', () => {
    expect(selectFocusFacts(data.value, { country: 'NO' })).toEqual([]);
  });
});

describe('English edition text', () => {
  it('takes every text from the English kept beside the Chinese, with nothing missing', () => {
    const { data: en, diagnostics } = localise(data, 'en');
    expect(diagnostics).toEqual([]);
    expect(en.value.meta.lang).toBe('en');
    expect(en.value.countries.SA).toBe('Saudi Arabia');
    const texts: string[] = [];
    mapDatasetText(en.value, (t) => (texts.push(t), t));
    expect(texts.filter((t) => /[\u4e00-\u9fff]/u.test(t))).toEqual([]);
  });

  it('names each text that has no English, at its place in the YAML', () => {
    const bare = { ...data, value: { ...data.value, sections: data.value.sections.map((s, i) => (i === 0 ? { ...s, en: undefined } : s)) } };
    const { diagnostics } = localise(bare, 'en');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('E108');
    expect(diagnostics[0]!.span).toMatchObject({ file: 'data/belt-and-road.yaml', path: '/sections/0/title' });
    expect(diagnostics[0]!.span!.line).toBeGreaterThan(1);
  });
});
