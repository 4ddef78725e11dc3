// Character classes for Chinese layout (clreq) and code point normalisation before drawing.

/** clreq §3.1.7: characters that may not start a line (closing brackets, pause and stop marks, …). */
export const NO_LINE_START = new Set(
  Array.from('，。、；：？！）」』》〉】〕〗｝］”’…‥·・ー々〃ぁぃぅぇぉっゃゅょゎ,.;:?!)]}%‰℃'),
);

/** clreq §3.1.7: characters that may not end a line (opening brackets and quotes). */
export const NO_LINE_END = new Set(Array.from('（「『《〈【〔〖｛［“‘([{'));

/** Full-width opening brackets and quotes: a line may break before them. */
export const FULLWIDTH_OPENING = new Set(Array.from('（「『《〈【〔〖｛［“‘'));

/** Marks that occupy two ems as a pair and must never be split: ——, ……. */
export const PAIRED_MARKS = new Set(Array.from('—…⋯'));

/** Full-width punctuation whose glyph is half ink, half space (compressible in later work). */
export const FULLWIDTH_PUNCTUATION = new Set(Array.from('，。、；：？！（）「」『』《》〈〉【】〔〕〖〗｛｝［］“”‘’'));

/**
 * Characters set on the CJK grid: ideographs, kana, bopomofo, CJK symbols and full-width forms,
 * and the quotes, dashes and ellipsis that a CJK font draws full-width.
 * Justification may add space next to these; never inside a run of Latin letters or digits.
 */
export function isCjk(cp: number): boolean {
  return (
    (cp >= 0x2e80 && cp <= 0x2fdf) || // radicals
    (cp >= 0x3000 && cp <= 0x303f) || // CJK symbols and punctuation
    (cp >= 0x3040 && cp <= 0x31ff) || // kana, bopomofo
    (cp >= 0x3400 && cp <= 0x4dbf) || // Ext A
    (cp >= 0x4e00 && cp <= 0x9fff) || // URO
    (cp >= 0xf900 && cp <= 0xfaff) || // compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms
    (cp >= 0x20000 && cp <= 0x3134f) || // Ext B–G
    cp === 0x201c ||
    cp === 0x201d ||
    cp === 0x2018 ||
    cp === 0x2019 ||
    cp === 0x2014 ||
    cp === 0x2026 ||
    cp === 0x00b7
  );
}

export const isSpace = (cp: number): boolean => cp === 0x20;

/**
 * Code points that share a glyph with a unified ideograph are drawn, and copied, as the unified one:
 * compatibility ideographs go through NFC; Kangxi and supplementary radicals through NFKC.
 */
export function normaliseText(text: string): string {
  const nfc = text.normalize('NFC');
  if (!/[\u2e80-\u2fdf]/u.test(nfc)) return nfc;
  return nfc.replace(/[\u2e80-\u2fdf]/gu, (c) => c.normalize('NFKC'));
}

export function hex(cp: number): string {
  return 'U+' + cp.toString(16).toUpperCase().padStart(4, '0');
}
