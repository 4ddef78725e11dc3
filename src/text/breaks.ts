// Text → the positions where a line may break: UAX #14 (the linebreak package) tailored by clreq.
import LineBreaker from 'linebreak';
import { FULLWIDTH_OPENING, NO_LINE_END, NO_LINE_START, PAIRED_MARKS } from './chars.js';

export interface BreakOpportunities {
  /** allowed[i]: a line may end before UTF-16 index i (0 < i < text.length). */
  allowed: Uint8Array;
  /** required[i]: a line must end before index i (a newline in the text). */
  required: Uint8Array;
  /**
   * url[i]: the break before index i is inside a web address: at one of its seams (URL_SEAM), or between two
   * characters where it has none (URL_CUT), which `allowed` leaves out: a line breaker may end a line there at a
   * cost, so that a long address need not leave a gappy line (see urlBreaks).
   */
  url: Uint8Array;
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
  // Last: inside a web address its own seams rule, a period or comma before which prose may not break included.
  const url = new Uint8Array(n + 1);
  urlBreaks(text, allowed, url);
  return { allowed, required, url };
}

/**
 * A web address written out in the text (`https://…`, `www.…`) up to the first space, ideograph, full-width mark
 * or character beyond the BMP; a final stop, comma, bracket or quote belongs to the sentence, not the address.
 */
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef\ud800-\udfff]+/gi;
const URL_TAIL = /[.,;:!?)\]'"’”]+$/;

/**
 * Inside a web address, UAX #14's breaks (after a hyphen, after some slashes) are replaced by the seams The
 * Chicago Manual of Style gives (14.18): after `//`, before a single slash, a period, a hyphen, an underline, a
 * question mark, a number sign, a tilde, a percent sign or a comma, and before or after `=` and `&`, so a
 * broken address never reads as a hyphenated word. An address is not a word of the language either: a line may
 * also end between any two of its other characters (URL_CUT), at a cost, which the line breaker pays only where the
 * seams would leave a line gappy (a long address beside a few ideographs, whose gaps alone would take up the slack).
 */
export const URL_SEAM = 1;
export const URL_CUT = 2;

function urlBreaks(text: string, allowed: Uint8Array, url: Uint8Array): void {
  for (const m of text.matchAll(URL)) {
    const address = m[0].replace(URL_TAIL, '');
    const from = m.index;
    const to = from + address.length;
    const scheme = /^[a-z]+:\/\//i.exec(address)?.[0].length ?? 0;
    for (let i = from + 1; i < to; i++) {
      allowed[i] = 0;
      if (i < from + scheme) continue; // never inside `https://`
      const before = text[i - 1]!;
      const after = text[i]!;
      // Not right after a hyphen, which would read as a hyphenated word.
      if (before === '-') continue;
      const seam = (i === from + scheme && scheme > 0) || '/.-_?#~%,'.includes(after) || after === '=' || after === '&' || before === '=' || before === '&';
      // No seam between the marks of a run (`//`, `..`): the address reads on from the last of them.
      if (seam && !(after === before && '/.-_'.includes(after))) {
        allowed[i] = 1;
        url[i] = URL_SEAM;
      } else url[i] = URL_CUT;
    }
  }
}

function charBefore(text: string, i: number): string {
  const c = text.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) return text.slice(i - 2, i);
  return text[i - 1] ?? '';
}

function charAt(text: string, i: number): string {
  return String.fromCodePoint(text.codePointAt(i) ?? 0);
}
