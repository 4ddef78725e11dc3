// Numbers as data text writes them → their values and grouping style: `3,200`, `3 200` and `3200` are one number,
// and a figure is printed in the style its text uses.

/** How the integer part's thousands are grouped: `3,200` (comma), `3 200` (space, any space character), `3200` (none). */
export type Grouping = ',' | ' ' | '';

export interface WrittenNumber {
  value: number;
  /** Exactly as written, separators included: `16 688`, `1,668.8`. */
  written: string;
  /** The grouping the number shows; undefined when it has under four integer digits, so shows none either way. */
  grouping: Grouping | undefined;
  /** UTF-16 index in the text. */
  index: number;
}

/** Spaces that group digits: ASCII, no-break, thin and narrow no-break. */
const SPACES = ' \u00a0\u2009\u202f';

/**
 * A number as these texts write it: groups of three after one to three digits, joined by a comma or a space
 * (`16,688`, `16 688`, `8 600`), or a plain run of digits (`3200`, `2025`), with an optional decimal part. Not
 * preceded or followed by a digit, a `.` + digit, a `/` or a `,`/space + digit that would extend it.
 */
const NUMBER = new RegExp(
  `(?<![\\d.,/])(\\d{1,3}(?:,\\d{3})+|\\d{1,3}(?:[${SPACES}]\\d{3})+|\\d+)(?:\\.(\\d+))?(?![\\d/]|[.,${SPACES}]\\d)`,
  'gu',
);

const SEPARATORS = new RegExp(`[,${SPACES}]`, 'gu');
const SPACE = new RegExp(`[${SPACES}]`, 'u');

/** Every number in a text, in order, with how it is written. */
export function findNumbers(text: string): WrittenNumber[] {
  return [...numbersIn(text)];
}

/**
 * The numbers of the texts asked about lately: a figure's grouping is looked up in its section's text, once per
 * figure of the section and per layout, and again on every `watch` rebuild (~2 ms of each, most of it the same
 * sections' texts scanned again). Kept frozen, a few hundred texts at most.
 */
const scanned = new Map<string, readonly Readonly<WrittenNumber>[]>();
const SCANNED_KEPT = 512;

function numbersIn(text: string): readonly Readonly<WrittenNumber>[] {
  let found = scanned.get(text);
  if (found === undefined) {
    found = Object.freeze(scan(text).map((n) => Object.freeze(n)));
    if (scanned.size >= SCANNED_KEPT) scanned.clear();
    scanned.set(text, found);
  }
  return found;
}

function scan(text: string): WrittenNumber[] {
  const out: WrittenNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const int = m[1]!;
    const digits = int.replace(SEPARATORS, '');
    // A minus sign directly before the digits, itself after a space, a bracket or the start (not 2024-2025).
    const negative = /[-\u2212]/u.test(text[m.index - 1] ?? '') && !/[\p{L}\p{N}]/u.test(text[m.index - 2] ?? '');
    const magnitude = Number(digits + (m[2] !== undefined ? `.${m[2]}` : ''));
    if (!Number.isFinite(magnitude)) continue;
    const grouping: Grouping | undefined = int.includes(',') ? ',' : SPACE.test(int) ? ' ' : digits.length >= 4 ? '' : undefined;
    const start = negative ? m.index - 1 : m.index;
    out.push({ value: negative ? -magnitude : magnitude, written: text.slice(start, m.index + m[0].length), grouping, index: start });
  }
  return out;
}

/** `16,688` / `16 688` / `1,668.8` / `3200` → the number; undefined unless the whole text is one number. */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  const found = findNumbers(t);
  return found.length === 1 && found[0]!.written === t ? found[0]!.value : undefined;
}

/** Whether a text states `value` as a whole number in any grouping: 3200 is stated by 3,200, 3 200 and 3200, not by 13200 or 2.3200. */
export function statesValue(text: string, value: number): boolean {
  return numbersIn(text).some((n) => n.value === value);
}

/** The grouping the text uses where it states `value` (the first place it does), if it groups it at all. */
export function groupingOf(text: string, value: number): Grouping | undefined {
  return numbersIn(text).find((n) => n.value === value)?.grouping;
}

/** Group the integer part of a decimal number's text (`1668.8`) every three digits with `separator`. */
export function groupDigits(plain: string, separator: Grouping): string {
  const [int = '', frac] = plain.split('.');
  const grouped = separator === '' ? int : int.replace(/\B(?=(\d{3})+$)/g, separator);
  return grouped + (frac !== undefined ? `.${frac}` : '');
}
