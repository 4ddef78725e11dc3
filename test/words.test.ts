// The words the layouts print themselves, per language: English dates and figures, Office's language id,
// and the theme's labels in templates (escaped, placeholders filled with markup kept as markup).
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../src/build.js';
import { localise } from '../src/edition/language.js';
import { dateIn, fillLabel, labelLanguage, words } from '../src/edition/words.js';
import { officeLang } from '../src/pptx/deck.js';
import { renderMarkup } from '../src/template/render.js';
import { formatFigure } from '../src/template/text.js';
import { loadTheme } from '../src/theme/theme.js';

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
