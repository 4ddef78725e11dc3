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
