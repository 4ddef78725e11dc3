// An edition's language + a label key or a date/number → the words the layouts print themselves: labels from
// the theme (`languages.<lang>.labels`, with `{name}` placeholders), dates and figures as that language writes them.
import { parsePartialDate } from '../data/asof.js';
import type { Theme } from '../theme/theme.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** English, or Chinese in either script: the layouts' own words and formats differ only along this line. */
export function isEnglish(lang: string): boolean {
  return /^en(-|$)/i.test(lang);
}

/**
 * The theme's language whose labels a document in `lang` uses: the language itself when the theme lists it,
 * else English for any `en-*`, Simplified for `zh-Hans`/`zh-CN`/`zh-SG`, and the authored Traditional otherwise
 * (`zh-HK`, `zh-Hant`), so a document tagged a little differently still reads as it did.
 */
export function labelLanguage(theme: Theme, lang: string): string {
  if (theme.languages[lang]) return lang;
  if (isEnglish(lang)) return 'en';
  if (/^zh-(Hans|CN|SG)/i.test(lang)) return 'zh-Hans';
  return 'zh-Hant-HK';
}

/** Replace `{name}` placeholders; a placeholder with no value is left as written, so a missing one shows. */
export function fillLabel(text: string, values: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** A label in a document's language, filled: `words(theme, 'en', 'pageOf', { title, page })`. */
export function words(theme: Theme, lang: string, key: string, values?: Record<string, string | number>): string {
  const l = labelLanguage(theme, lang);
  const text = theme.languages[l]?.labels[key];
  // The theme test checks every language has every key of zh-Hant-HK; a missing one is a bug in the theme.
  if (text === undefined) throw new Error(`theme has no label '${key}' for ${l}`);
  return fillLabel(text, values);
}

/**
 * A date at the precision it is written, as the language writes it, never padded: `2026-04-28` → 2026 年 4 月 28 日 /
 * 28 April 2026; `2026-03` → 2026 年 3 月 / March 2026; `2026` → 2026 年 / 2026.
 */
export function dateIn(lang: string, iso: string): string {
  const d = parsePartialDate(iso);
  if (!d) throw new Error(`not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): ${JSON.stringify(iso)}`);
  const { year: y, month: mo, day } = d;
  if (isEnglish(lang)) return [day, mo !== undefined ? MONTHS[mo - 1] : undefined, y].filter((p) => p !== undefined).join(' ');
  return `${y} 年${mo !== undefined ? ` ${mo} 月` : ''}${day !== undefined ? ` ${day} 日` : ''}`;
}

const ZH_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 101 → 101 (beyond 99 a list item keeps Arabic digits). */
function zhNumber(n: number): string {
  if (n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return ZH_DIGITS[ones]!;
  return (tens === 1 ? '' : ZH_DIGITS[tens]!) + '十' + ZH_DIGITS[ones]!;
}

/** a, b, … z, aa, ab …: English's second-level list numbers. */
function letters(n: number): string {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/** i, ii, iii, iv …: English's third-level list numbers. */
function roman(n: number): string {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let s = '';
  let k = n;
  for (const [v, r] of table) while (k >= v) (s += r), (k -= v);
  return s;
}

/**
 * The number of item `n` of a numbered list at nesting `level` (1 = outermost), as the language numbers lists:
 * Chinese official documents go 一、 → （一） → 1. → （1）; English 1. → a. → i. → (1). Deeper levels repeat the last.
 */
export function listLabel(lang: string, level: number, n: number): string {
  if (isEnglish(lang)) return [`${n}.`, `${letters(n)}.`, `${roman(n)}.`, `(${n})`][Math.min(level, 4) - 1]!;
  return [`${zhNumber(n)}、`, `（${zhNumber(n)}）`, `${n}.`, `（${n}）`][Math.min(level, 4) - 1]!;
}
