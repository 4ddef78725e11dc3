// Data text → markup text: escaping, the inline marks (`**strong**`, links), and the print forms of numbers and dates.
import { findLinks, type TextLink } from '../data/inline.js';
import { groupDigits, type Grouping } from '../data/numbers.js';
import { dateIn } from '../edition/words.js';

/**
 * `**…**` with at least one character inside, shortest match first: the schema's only inline mark.
 * An unbalanced `**` is not a mark and prints as itself.
 */
const BOLD = /\*\*([\s\S]+?)\*\*/g;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  // The markup parser drops template indentation (whitespace runs that contain a line break), so line
  // breaks that belong to the data travel as character references and survive that clean-up.
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escape data text for markup text or a double-quoted attribute value. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"'\n\r]/g, (c) => ESCAPES[c] ?? c);
}

/** Escaped text with balanced `**…**` as `<strong>…</strong>`. */
function boldMarkup(text: string): string {
  // Escaping never produces or removes a `*`, so the marks are found in the escaped text exactly where they were.
  return escapeMarkup(text).replace(BOLD, '<strong>$1</strong>');
}

/**
 * Data text → markup: links (`[words](url)`, bare `https://…`) become `<a href>`, then the rest is escaped and its
 * balanced `**…**` become `<strong>…</strong>`. A link stands in the text as a private-use placeholder while the
 * bold marks are found, so `**see [this](https://…)**` is bold around the link.
 */
export function inlineMarkup(text: string): string {
  return withLinks(text, boldMarkup, (l) => `<a href="${escapeMarkup(l.href)}">${boldMarkup(l.words)}</a>`);
}

/**
 * `text` with its links set aside: `rest` maps the text with each link as one private-use placeholder (so a bold
 * mark around a link pairs up across it), `link` maps each link; the results are put back together.
 */
function withLinks(text: string, rest: (s: string) => string, link: (l: TextLink) => string): string {
  const links = findLinks(text);
  if (links.length === 0) return rest(text);
  let marked = '';
  let at = 0;
  links.forEach((l, i) => {
    marked += text.slice(at, l.start) + String.fromCharCode(0xe000 + i);
    at = l.end;
  });
  marked += text.slice(at);
  const placeholder = new RegExp(`[\\ue000-\\u${(0xe000 + links.length - 1).toString(16)}]`, 'g');
  return rest(marked).replace(placeholder, (ch) => link(links[ch.charCodeAt(0) - 0xe000]!));
}

/** Data text with the marks dropped (attributes, speaker notes): link words kept, their address dropped; not escaped. */
export function stripMarks(text: string): string {
  return withLinks(text, (s) => s.replace(BOLD, '$1'), (l) => l.words.replace(BOLD, '$1'));
}

/**
 * A figure as the source prints it: the integer part grouped by a space every three digits once the
 * value reaches 1 000 (`1400` → `1 400`, `7500` → `7 500`), or by `grouping` when the text groups it another
 * way (`3,200`, `3200`), decimals kept as given (`366.4`).
 */
export function formatFigure(value: number, lang = 'zh-Hant-HK', grouping?: Grouping): string {
  if (!Number.isFinite(value)) throw new Error(`cannot print ${value} as a figure`);
  const sign = value < 0 ? '-' : '';
  const [int = '0', frac] = Math.abs(value).toString().split('.');
  if (int.includes('e')) return sign + Math.abs(value).toString(); // 1e21 and beyond: no sensible grouping
  // The grouping the text uses for this number when given (`3,200` stays 3,200); otherwise English groups with
  // commas (`1,400`), as the dataset's English text writes its figures, and Chinese with a space.
  const separator = grouping ?? (/^en(-|$)/i.test(lang) ? ',' : ' ');
  const grouped = Math.abs(value) >= 1000 ? groupDigits(int, separator) : int;
  return sign + grouped + (frac !== undefined ? '.' + frac : '');
}

const DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 99 → 九十九: the numbering of the source's actions 「（三）」. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new Error(`cannot number ${n} in Chinese numerals (1–99 supported)`);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  if (tens === 0) return DIGITS[ones]!;
  return (tens === 1 ? '' : DIGITS[tens]!) + '十' + DIGITS[ones]!;
}

/** `2026-04-28` → `2026 年 4 月 28 日`, spaced like the source's 「更新日期」. */
export function formatDateZh(iso: string): string {
  return dateIn('zh-Hant-HK', iso);
}
