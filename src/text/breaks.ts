// Text → the positions where a line may break: UAX #14 (the linebreak package) tailored by clreq.
import LineBreaker from 'linebreak';
import { FULLWIDTH_OPENING, NO_LINE_END, NO_LINE_START, PAIRED_MARKS } from './chars.js';

export interface BreakOpportunities {
  /** allowed[i]: a line may end before UTF-16 index i (0 < i < text.length). */
  allowed: Uint8Array;
  /** required[i]: a line must end before index i (a newline in the text). */
  required: Uint8Array;
}

/**
 * Digit groups written with spaces (`1 400`, `1 000 萬`, `1 330 億`) read as one number:
 * the spaces inside them are never break opportunities.
 */
const DIGIT_GROUP = /(?<![\d.])\d{1,3}(?: \d{3})+(?![\d])/g;

export function findBreaks(text: string): BreakOpportunities {
  const n = text.length;
  const allowed = new Uint8Array(n + 1);
  const required = new Uint8Array(n + 1);
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) {
    if (bk.position <= 0 || bk.position >= n) continue;
    allowed[bk.position] = 1;
    if (bk.required) required[bk.position] = 1;
  }
  for (const m of text.matchAll(DIGIT_GROUP)) {
    for (let i = m.index + 1; i < m.index + m[0].length; i++) allowed[i] = 0;
  }
  for (let i = 1; i < n; i++) {
    // UAX #14 (LB30) as the package implements it glues a Latin word to a following full-width opening
    // bracket (`Climate《`); in Chinese text the bracket opens a new unit, so a line may end before it.
    if (!allowed[i] && FULLWIDTH_OPENING.has(charAt(text, i)) && !NO_LINE_END.has(charBefore(text, i)) && charBefore(text, i) !== ' ') {
      allowed[i] = 1;
    }
    if (!allowed[i] || required[i]) continue;
    const before = charBefore(text, i);
    const after = charAt(text, i);
    // clreq §3.1.7: closing punctuation may not start a line, opening punctuation may not end one.
    // UAX #14 already forbids most of these; quotes (class QU) and a few marks it leaves open.
    if (NO_LINE_START.has(after) || NO_LINE_END.has(before)) allowed[i] = 0;
    // clreq §3.1.7: the two-em dash and ellipsis are one mark drawn as two characters.
    else if (PAIRED_MARKS.has(before) && before === after) allowed[i] = 0;
  }
  return { allowed, required };
}

function charBefore(text: string, i: number): string {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return text.slice(i - 2, i);
  return text[i - 1] ?? '';
}

function charAt(text: string, i: number): string {
  return String.fromCodePoint(text.codePointAt(i) ?? 0);
}
