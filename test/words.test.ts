// The words the layouts print themselves, per language: English dates and figures, Office's language id,
// and the theme's labels in templates (escaped, placeholders filled with markup kept as markup).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPartialDate, parsePartialDate, periodStart } from '../src/data/asof.js';
import { findNumbers, groupDigits, groupingOf, parseNumber, type Grouping } from '../src/data/numbers.js';
import { schemas } from '../src/data/schema.js';
import { loadDataset } from '../src/build.js';
import { localise } from '../src/edition/language.js';
import { dateIn, fillLabel, labelLanguage, words } from '../src/edition/words.js';
import { officeLang } from '../src/pptx/deck.js';
import { renderMarkup } from '../src/template/render.js';
import { formatFigure } from '../src/template/text.js';
import { loadTheme } from '../src/theme/theme.js';

const { DatasetSchema } = schemas();

const theme = loadTheme('templates/theme.yaml');

describe('words an English edition prints', () => {
  it('writes dates day month year in English and as the source does in Chinese', () => {
    expect(dateIn('en', '2026-04-28')).toBe('28 April 2026');
    expect(dateIn('zh-Hant-HK', '2026-04-28')).toBe('2026 年 4 月 28 日');
    expect(() => dateIn('en', '28/04/2026')).toThrow(/ISO date/);
  });

  it('groups thousands with commas in English, as the dataset’s English does', () => {
    expect(formatFigure(1400, 'en')).toBe('1,400');
    expect(formatFigure(1330, 'zh-Hant-HK')).toBe('1 330');
    expect(formatFigure(366.4, 'en')).toBe('366.4');
  });

  it('tags English runs en-US for Office', () => {
    expect(officeLang('en')).toBe('en-US');
    expect(officeLang('en-GB')).toBe('en-GB');
    expect(officeLang('zh-Hant-HK')).toBe('zh-HK');
  });

  it('takes labels from the nearest language the theme lists, placeholders filled', () => {
    expect(labelLanguage(theme, 'zh-HK')).toBe('zh-Hant-HK');
    expect(labelLanguage(theme, 'en-GB')).toBe('en');
    expect(words(theme, 'en', 'pageOf', { title: 'Overview', page: 4 })).toBe('Overview, page 4');
    expect(words(theme, 'zh-Hant-HK', 'pageOf', { title: '概覽', page: 4 })).toBe('概覽，第 4 頁');
    expect(fillLabel('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('renders the English briefing with no Chinese word of the layouts’ own and sentences read aloud in English', () => {
    const { data } = localise(loadDataset('data/belt-and-road.yaml'), 'en');
    const { markup } = renderMarkup({ layout: 'briefing', data, templatesDir: 'templates' });
    const kept = new Set(JSON.stringify(data.value).match(/\p{Script=Han}/gu) ?? []);
    expect([...new Set(markup.match(/\p{Script=Han}/gu) ?? [])].filter((c) => !kept.has(c))).toEqual([]);
    expect(markup).not.toMatch(/[，。：；（）]/);
    expect(markup).toContain('<title>Agenda</title>');
    expect(markup).toContain('Today’s subject is Hong Kong and the Belt and Road Initiative.');
    expect(markup).toMatch(/<title[^>]*>1\. /);
  });
});

describe('an as-of date at the precision its source gives', () => {
  it('prints a year, a month or a day as written, never padded with an invented month or day', () => {
    expect(dateIn('zh-Hant-HK', '2026')).toBe('2026 年');
    expect(dateIn('zh-Hant-HK', '2026-03')).toBe('2026 年 3 月');
    expect(dateIn('zh-Hant-HK', '2026-03-15')).toBe('2026 年 3 月 15 日');
    expect(dateIn('zh-Hans', '2026-03')).toBe('2026 年 3 月');
    expect(dateIn('en', '2026')).toBe('2026');
    expect(dateIn('en', '2026-03')).toBe('March 2026');
    expect(dateIn('en', '2026-03-15')).toBe('15 March 2026');
  });

  it('refuses a month or day the calendar does not have', () => {
    for (const bad of ['2026-13', '2026-00', '2026-02-29', '2026-04-31', '2026-3', '26-03-01', '2026-03-15T00:00', '']) {
      expect(parsePartialDate(bad), bad).toBeUndefined();
      expect(() => dateIn('zh-Hant-HK', bad), bad).toThrow(/ISO date/);
    }
    expect(parsePartialDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('reads back every real date at each precision, and names the first instant of its period', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 3 }), (d, precision) => {
        const full = d.toISOString().slice(0, 10);
        const text = full.slice(0, [4, 7, 10][precision - 1]);
        const parts = parsePartialDate(text);
        expect(parts).toBeDefined();
        expect(formatPartialDate(parts!)).toBe(text);
        const start = periodStart(text);
        expect(start.toISOString().startsWith(text)).toBe(true);
        expect(start.getUTCHours() + start.getUTCMinutes()).toBe(0);
        const zh = dateIn('zh-Hant-HK', text);
        expect(zh.includes('月')).toBe(precision >= 2);
        expect(zh.includes('日')).toBe(precision === 3);
      }),
    );
  });

  it('takes a bare year, which YAML reads as a number, as the year it writes', () => {
    const meta = { title: 't', lang: 'zh-Hant', publisher: 'p', source: 's' };
    const base = { countries: {}, sections: [{ id: 'a', title: 'A', body: [] }], figures: [] };
    expect(DatasetSchema.parse({ ...base, meta: { ...meta, asOf: 2026 } }).meta.asOf).toBe('2026');
    expect(DatasetSchema.parse({ ...base, meta: { ...meta, asOf: '2026-03' } }).meta.asOf).toBe('2026-03');
    expect(DatasetSchema.safeParse({ ...base, meta: { ...meta, asOf: '2026-02-30' } }).success).toBe(false);
    expect(DatasetSchema.safeParse({ ...base, meta: { ...meta, asOf: 26 } }).success).toBe(false);
  });
});

describe('a figure printed in the style its text uses', () => {
  it('groups as the text groups the number, else as the language does', () => {
    expect(formatFigure(3200, 'zh-Hant-HK', ',')).toBe('3,200');
    expect(formatFigure(3200, 'zh-Hant-HK', '')).toBe('3200');
    expect(formatFigure(1668.8, 'zh-Hant-HK', ',')).toBe('1,668.8');
    expect(formatFigure(3200, 'zh-Hant-HK')).toBe('3 200');
    expect(groupingOf('貿易額 3,200 億港元，另 3 200 人', 3200)).toBe(',');
    expect(groupingOf('約 1 400 家', 1400)).toBe(' ');
    expect(groupingOf('共 3200 人', 3200)).toBe('');
    expect(groupingOf('共 13,200 人', 3200)).toBeUndefined();
  });

  it('finds every number a text writes, whatever its grouping, with its value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.constantFrom<Grouping>(',', ' ', ''), fc.option(fc.integer({ min: 1, max: 99 })), (n, g, frac) => {
        const plain = `${n}${frac !== null ? `.${frac}` : ''}`;
        const written = groupDigits(plain, g);
        const found = findNumbers(`香港有約 ${written} 家企業。`);
        expect(found.map((f) => f.value)).toEqual([Number(plain)]);
        expect(found[0]!.written).toBe(written);
        expect(parseNumber(written)).toBe(Number(plain));
      }),
    );
  });
});
