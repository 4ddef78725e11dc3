// A word + the edition's language → the places it may be hyphenated: TeX's patterns through the `hyphen`
// package, English only. Chinese is never hyphenated, nor a Latin word in a Chinese edition (language tag).
import { createRequire } from 'node:module';

/** The hyphen package's English patterns (~3 ms to load), loaded by the first English hyphenator: Chinese editions never need them. */
let enUs: { hyphenateSync(word: string, options: { hyphenChar: string }): string } | undefined;
const englishPatterns = (): NonNullable<typeof enUs> => (enUs ??= createRequire(import.meta.url)('hyphen/en-us/index.js') as NonNullable<typeof enUs>);

/** Splits a word into the pieces a line may end between (with a hyphen); one piece when it may not be split. */
export type Hyphenator = (word: string) => readonly string[];

/** TeX's \\lefthyphenmin and \\righthyphenmin for English: at least two letters before a break, three after. */
const LEFT_MIN = 2;
const RIGHT_MIN = 3;

/** The hyphenator for a BCP 47 language tag, or none: only English editions are hyphenated. */
export function hyphenatorFor(lang: string | undefined): Hyphenator | undefined {
  if (!lang || !/^en(-|$)/i.test(lang)) return undefined;
  const cache = new Map<string, readonly string[]>();
  return (word) => {
    let pieces = cache.get(word);
    if (pieces) return pieces;
    // Lower-case words only: a capitalised word is most often a name (Hong Kong, Abu Dhabi), left whole.
    if (!/^[a-z]{5,}$/.test(word)) pieces = [word];
    else pieces = withMinimums(englishPatterns().hyphenateSync(word, { hyphenChar: '\u00ad' }).split('\u00ad'));
    cache.set(word, pieces);
    return pieces;
  };
}

/** Join pieces so that no break leaves fewer than LEFT_MIN letters before it or RIGHT_MIN after it. */
function withMinimums(pieces: string[]): string[] {
  const word = pieces.join('');
  const out: string[] = [];
  let at = 0;
  let current = '';
  for (const p of pieces) {
    current += p;
    at += p.length;
    if (at >= LEFT_MIN && word.length - at >= RIGHT_MIN) {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out.length ? out : [word];
}
