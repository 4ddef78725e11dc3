// Glyph ids → Unicode for the embedded fonts' ToUnicode CMaps, written as `bfchar` entries.
//
// Why not pdfkit's own: pdfkit writes one `bfrange` per 256 glyphs whose destination is an array
// (`<0000> <00ff> [<4e00> <9999> …]`). That form is legal (PDF 32000-1 §9.10.3) but Ghostscript 10 misreads
// it and extracts garbage, which breaks copy-paste and search after prepress. `bfchar` (one code, one
// string) is read the same by every consumer. A CMap block holds at most 100 entries (Adobe TN 5411).

const ENTRIES_PER_BLOCK = 100;

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/** UTF-16BE hex of code points, as a CMap destination string. */
function utf16Hex(codePoints: readonly number[]): string {
  let out = '';
  for (const cp of codePoints) {
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      out += hex4(0xd800 | (v >>> 10)) + hex4(0xdc00 | (v & 0x3ff));
    } else out += hex4(cp);
  }
  return out;
}

/**
 * A ToUnicode CMap for an Identity-H font: `unicode[cid]` lists the code points glyph `cid` stands for.
 * Glyph 0 (.notdef) and glyphs that stand for nothing get no entry, so they extract as nothing rather than U+0000.
 */
export function bfcharCmap(unicode: readonly (readonly number[] | undefined)[]): string {
  const entries: string[] = [];
  unicode.forEach((cps, cid) => {
    if (cid === 0 || !cps || cps.length === 0 || cps.every((c) => c === 0)) return;
    entries.push(`<${hex4(cid)}> <${utf16Hex(cps)}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += ENTRIES_PER_BLOCK) {
    const chunk = entries.slice(i, i + ENTRIES_PER_BLOCK);
    blocks.push(`${chunk.length} beginbfchar\n${chunk.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <ffff>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** The parts of pdfkit's EmbeddedFont (not exported by pdfkit) that the override touches. */
interface EmbeddedFontInternals {
  unicode: (number[] | undefined)[];
  document: { ref(data?: object): { end(chunk?: string | Buffer): void } };
  toUnicodeCmap: () => unknown;
}

/**
 * Make the fonts registered under `fontIds` write bfchar ToUnicode CMaps. Patches each font instance
 * of this document only (not pdfkit's prototype), so other documents are untouched.
 */
export function useBfcharToUnicode(doc: PDFKit.PDFDocument, fontIds: Iterable<string>): void {
  const internals = doc as unknown as { _font: unknown };
  for (const id of fontIds) {
    doc.font(id);
    const font = internals._font as Partial<EmbeddedFontInternals>;
    // Standard (non-embedded) fonts have no ToUnicode of their own; only embedded fonts are patched.
    if (typeof font.toUnicodeCmap !== 'function' || !Array.isArray(font.unicode) || !font.document) continue;
    const embedded = font as EmbeddedFontInternals;
    embedded.toUnicodeCmap = () => {
      const cmap = embedded.document.ref();
      cmap.end(bfcharCmap(embedded.unicode));
      return cmap;
    };
  }
}
