// Dates as fact sheets write them → ISO text at the precision written: the update line 「（更新日期：2026 年 3 月）」
// wherever it stands (brackets full- or half-width or none, colon or not, digits or 二〇二六), and the other dates
// of the text for when a sheet has no update line.
import { formatPartialDate, parsePartialDate } from '../data/asof.js';
import { hanziNumber } from './outline.js';

export interface FoundDate {
  /** `2026`, `2026-03` or `2026-03-15`: exactly the precision written. */
  iso: string;
  /** UTF-16 index and length of the whole match in the text (brackets of an update line included). */
  index: number;
  length: number;
}

const SP = '[ \\t\\u3000\\u00a0]*';
const HAN_YEAR = '[〇零一二三四五六七八九]{4}';
const HAN_SMALL = '[一二三四五六七八九十]{1,3}';
/** 2026 年 3 月 15 日 · 2026年3月 · 二〇二六年三月 · 2026-03-15 · 2026/3/15 · 2026.03 */
const DATE =
  `(?<y>\\d{4}|${HAN_YEAR})${SP}(?:年${SP}(?:(?<m>\\d{1,2}|${HAN_SMALL})${SP}月(?:${SP}(?<d>\\d{1,2}|${HAN_SMALL})${SP}[日號号])?)?` +
  `|[-/.．](?<m2>\\d{1,2})(?:[-/.．](?<d2>\\d{1,2}))?(?![\\d/.-]))`;
/** The update line's words: 更新日期, 最後更新, 資料更新於, 修訂日期 … , then a colon or not. */
const KEY = '(?:資料|數據|数据|資訊|本頁|本页)?(?:最後|最后)?(?:更新|修訂|修订)(?:日期|時間|时间|於|于)?';
const UPDATE = new RegExp(`(?:\\*\\*)?${KEY}(?:\\*\\*)?${SP}[：:]?${SP}(?:\\*\\*)?${DATE}(?:\\*\\*)?`, 'gu');
const ANY_DATE = new RegExp(`(?<![\\d〇零一二三四五六七八九])${DATE}`, 'gu');

const OPEN = /[（(【[]$/u;
const CLOSE = /^[）)】\]]/u;

function digits(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  if (/^[〇零一二三四五六七八九]{4}$/u.test(s)) return Number([...s].map((c) => '〇一二三四五六七八九'.indexOf(c === '零' ? '〇' : c)).join(''));
  return hanziNumber(s);
}

function toIso(groups: Record<string, string | undefined>): string | undefined {
  const year = digits(groups.y ?? '');
  const monthText = groups.m ?? groups.m2;
  const dayText = groups.d ?? groups.d2;
  const month = monthText !== undefined ? digits(monthText) : undefined;
  const day = dayText !== undefined ? digits(dayText) : undefined;
  if (year === undefined || (monthText !== undefined && month === undefined) || (dayText !== undefined && day === undefined)) return undefined;
  const iso = formatPartialDate({ year, month, day });
  // A date the calendar does not have (2026 年 2 月 30 日) is no date.
  return parsePartialDate(iso) ? iso : undefined;
}

/**
 * The update line in a piece of text, if it has one: the date at its precision, and the span to take out of the
 * text (with its brackets when both stand around it). A date the calendar does not have is reported as `invalid`.
 */
export function findUpdateDate(text: string): (FoundDate & { invalid?: undefined }) | { invalid: string; index: number; length: number } | undefined {
  for (const m of text.matchAll(UPDATE)) {
    let index = m.index;
    let end = index + m[0].length;
    const before = text.slice(0, index).replace(/[ \t\u3000]+$/u, '');
    const after = text.slice(end).replace(/^[ \t\u3000]+/u, '');
    if (OPEN.test(before) && CLOSE.test(after)) {
      index = before.length - 1;
      end = text.length - after.length + 1;
    }
    const iso = toIso(m.groups ?? {});
    if (!iso) return { invalid: m[0], index, length: end - index };
    return { iso, index, length: end - index };
  }
  return undefined;
}

/** Every date the text writes, at its precision (years alone are not dates here: 「2024 年」 is a year of a figure). */
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(ANY_DATE)) {
    const g = m.groups ?? {};
    if ((g.m ?? g.m2) === undefined) continue;
    const iso = toIso(g);
    if (iso) out.push({ iso, index: m.index, length: m[0].length });
  }
  return out;
}

/** The later of two ISO dates of any precision; at the same start, the more precise one. */
export function laterDate(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  const pad = (s: string): string => (s + '-00-00').slice(0, 10);
  return pad(b) > pad(a) || (pad(b) === pad(a) && b.length > a.length) ? b : a;
}
