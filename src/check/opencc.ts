// Text + the Chinese script it should be in → the characters written in the other script (Simplified in
// Traditional text, or the reverse), found with OpenCC's conversion tables (opencc-js). Loaded only where a
// check runs (the script check's worker thread, `import`, or a build whose findings are not in the disk cache):
// OpenCC is 2 MB of tables and code (see script.ts).
import * as OpenCC from 'opencc-js';
import type { Script, WrongScript } from './script.js';

type Convert = (text: string) => string;

interface Converters {
  /** The conversion into the expected script, with OpenCC's phrase tables (context decides 后 → 後 or not). */
  phrase: Convert;
  /**
   * The conversion into the other script. OpenCC's phrase tables are keyed in Simplified, so a Traditional
   * phrase (干預) only meets its entry (干预 → 干預) after this: the text goes there and back.
   */
  away: Convert;
  /** One character at a time, cached. */
  single: Convert;
  /** For Traditional text: the regional variant forms a character may legitimately take (Hong Kong, Taiwan). */
  variants: Convert[];
}

let hantConverters: Converters | undefined;
let hansConverters: Converters | undefined;

function cached(convert: Convert): Convert {
  const memo = new Map<string, string>();
  return (c) => {
    let out = memo.get(c);
    if (out === undefined) {
      out = convert(c);
      memo.set(c, out);
    }
    return out;
  };
}

function converters(script: Script): Converters {
  if (script === 'Hant') {
    // Building the tries costs a few hundred milliseconds: only `check` pays it, once per process.
    hantConverters ??= (() => {
      const s2t = OpenCC.Converter({ from: 'cn', to: 't' });
      return {
        phrase: s2t,
        away: OpenCC.Converter({ from: 't', to: 'cn' }),
        single: cached(s2t),
        variants: [cached(OpenCC.Converter({ from: 't', to: 'hk' })), cached(OpenCC.Converter({ from: 't', to: 'tw' }))],
      };
    })();
    return hantConverters;
  }
  hansConverters ??= (() => {
    const t2s = OpenCC.Converter({ from: 't', to: 'cn' });
    return { phrase: t2s, away: OpenCC.Converter({ from: 'cn', to: 't' }), single: cached(t2s), variants: [] };
  })();
  return hansConverters;
}

/**
 * Characters of `text` that belong to the other script. A character is reported only when all of these agree:
 * - the conversion of the whole text (phrase tables, so context counts) changes it, both as written and
 *   after a round trip through the other script (which lets 干預 meet the phrase 干预 → 干預 and keep its 干);
 * - the conversion of the character alone changes it: OpenCC's phrase tables also carry word preferences
 *   (布局 → 佈局, 周年 → 週年) that are not script errors;
 * - for Traditional text, it is not the Hong Kong or Taiwan form of what the conversion gives: OpenCC's own
 *   Traditional standard prefers 牀, 峯, 臺 and 稅, while 床, 峰, 台 and HK's 税 are correct Traditional text.
 */
export function findWrongScript(text: string, script: Script): WrongScript[] {
  const conv = converters(script);
  const chars = [...text];
  const direct = [...conv.phrase(text)];
  const roundTrip = [...conv.phrase(conv.away(text))];
  // OpenCC's tables map character to character; should a phrase ever change length, fall back to one at a time.
  const at = (converted: string[], index: number, alone: string): string => (converted.length === chars.length ? converted[index]! : alone);
  const out: WrongScript[] = [];
  chars.forEach((c, index) => {
    if (c.charCodeAt(0) < 0x2e80) return; // no CJK below the radicals block
    const alone = conv.single(c);
    const inContext = at(roundTrip, index, alone);
    if (alone === c || inContext === c || at(direct, index, alone) === c) return;
    if ([inContext, alone].some((t) => conv.variants.some((variant) => variant(t) === c))) return;
    out.push({ index, char: c, suggestion: inContext });
  });
  return out;
}

