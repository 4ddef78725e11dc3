// An SVG's text → the text an edition draws (Simplified editions convert it), the fonts of the edition's body and
// strong chains it is set in (see pdf/image.ts), and the characters those fonts cannot draw, located in the SVG
// file: such a character would print as a blank box — the same E401 as in the data.
import { readFileSync } from 'node:fs';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { isSimplifiedChinese, toSimplified } from '../edition/text.js';
import type { FontRegistry, LoadedFont } from '../fonts/registry.js';
import type { Page } from '../layout/types.js';

const TEXT_BETWEEN_TAGS = />([^<]+)</g;

/**
 * An SVG's text in the edition's script: a Simplified edition converts the text between tags with the same
 * OpenCC conversion as the rest of its text (a map's place names, a logo's name). Other languages keep the
 * SVG as drawn.
 */
export function svgForLanguage(svg: string, lang: string | undefined): string {
  if (!isSimplifiedChinese(lang)) return svg;
  return svg.replace(TEXT_BETWEEN_TAGS, (_m, text: string) => `>${toSimplified(text)}<`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()] ?? m;
    const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });

/** The characters of an SVG's text (entities decoded, white space left out). */
function svgCharacters(svg: string): Set<number> {
  const out = new Set<number>();
  for (const m of svg.matchAll(TEXT_BETWEEN_TAGS)) for (const ch of decode(m[1]!)) if (!/\s/.test(ch)) out.add(ch.codePointAt(0)!);
  return out;
}

/**
 * svg-to-pdfkit sets each text element in one font, so an SVG's text goes in the first font of the chain that draws
 * all of it (an English edition's Latin font cannot draw a map's Chinese names; its chain's CJK font can), else in
 * the one that draws the most. Regular text from the body chain, bold from the strong (else heading) chain.
 */
export function svgTextFonts(fonts: FontRegistry, svg: string): { regular?: LoadedFont; bold?: LoadedFont } {
  const chars = [...svgCharacters(svg)];
  const pick = (chain: LoadedFont[] | undefined): LoadedFont | undefined => {
    let best: { font: LoadedFont; drawn: number } | undefined;
    for (const font of chain ?? []) {
      const drawn = chars.filter((cp) => font.font.hasGlyphForCodePoint(cp)).length;
      if (drawn === chars.length) return font;
      if (!best || drawn > best.drawn) best = { font, drawn };
    }
    return best?.font;
  };
  const regular = pick(fonts.chains.get('body'));
  const bold = pick(fonts.chains.get('strong') ?? fonts.chains.get('heading')) ?? regular;
  return { ...(regular ? { regular } : {}), ...(bold ? { bold } : {}) };
}

/** Every character of every placed SVG's text (as the edition draws it) that the SVG text fonts lack, at its line and column in the SVG. */
export function checkSvgGlyphs(pages: Page[], fonts: FontRegistry, lang: string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'image' || item.format !== 'svg' || seen.has(item.path)) continue;
      seen.add(item.path);
      const source = readFileSync(item.path, 'utf8');
      const drawn = svgForLanguage(source, lang);
      const chosen = svgTextFonts(fonts, drawn);
      const chain = [chosen.regular, chosen.bold].filter((f): f is LoadedFont => f !== undefined);
      if (chain.length === 0) continue;
      const reported = new Set<number>();
      for (const m of drawn.matchAll(TEXT_BETWEEN_TAGS)) {
        for (const ch of decode(m[1]!)) {
          const cp = ch.codePointAt(0)!;
          if (/\s/.test(ch) || reported.has(cp) || chain.every((f) => f.font.hasGlyphForCodePoint(cp))) continue;
          reported.add(cp);
          // Located in the file as written: at the character itself when it stands there as written, else at the
          // start of its text (an entity, or a character a Simplified edition converted).
          const within = source.slice(m.index! + 1, m.index! + 1 + m[1]!.length).indexOf(ch);
          const at = m.index! + 1 + Math.max(0, within);
          const before = source.slice(0, at);
          const line = before.split('\n').length;
          const column = at - before.lastIndexOf('\n');
          const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
          const d = error(codes.missingGlyph, `the text of picture '${item.file}' has '${ch}' (${hex}), which no font that SVG's text can be set in draws`, { file: item.path, line, column }, [
            `change the SVG's text, or convert it to outlines in the drawing program; SVG text is set in one font of the edition's body and strong chains (here ${[...new Set(chain.map((f) => f.id))].join(', ')})`,
          ]);
          out.push({ ...d, text: ch });
        }
      }
    }
  }
  return out;
}
