// Shared by every block: typeset text with the theme's styles and turn typeset lines into positioned glyph runs.
import type { Line } from '../../text/engine.js';
import type { Inline } from '../../markup/types.js';
import type { Theme, TypeStyle } from '../../theme/theme.js';
import type { FrameItem, LinkItem, StructureNode, StructureRole } from '../types.js';
import type { Ctx } from './types.js';
import { NO_LINE_END } from '../../text/chars.js';
import { lineParts, type InlineParts } from '../parts.js';

export const nextBlockId = (ctx: Ctx): number => ++ctx.blockSeq;

/** A structure element whose content is the block `blockId`. */
export const leaf = (type: StructureNode['type'], blockId: number, alt?: string): StructureNode => ({
  type,
  blockId,
  ...(alt !== undefined ? { alt } : {}),
  children: [],
});

export function headingStyle(theme: Theme, level: number): TypeStyle {
  return level <= 1 ? theme.type.h1 : level === 2 ? theme.type.h2 : theme.type.h3;
}

export function setLines(ctx: Ctx, inlines: Inline[], style: TypeStyle, widthPt: number, align: 'justify' | 'start'): Line[] {
  return ctx.engine.typeset({ inlines, role: style.role as 'body' | 'heading', sizePt: style.sizePt, widthPt, align });
}

export function setText(ctx: Ctx, text: string, style: TypeStyle, widthPt: number): Line[] {
  return setLines(ctx, [{ kind: 'text', text }], style, widthPt, 'start');
}

/** Baseline offset from the top of a line box: the CJK em box (ascent 0.88 em) centred in the leading. */
export function baselineOffset(style: TypeStyle): number {
  return (style.leadingPt - style.sizePt) / 2 + style.sizePt * 0.88;
}

/**
 * Typeset lines → glyph runs (and, for text with links, a link annotation over each line's piece of a link).
 * `parts` (from `inlineParts`) gives each run its own element when the text holds links; `firstLine` is the
 * index in `parts` of `lines[0]` when a block is painted a slice at a time (across a page break).
 */
export function linesToItems(
  lines: Line[],
  style: TypeStyle,
  x: number,
  y: number,
  role: StructureRole,
  blockId: number,
  parts?: InlineParts,
  firstLine = 0,
): FrameItem[] {
  const items: FrameItem[] = [];
  lines.forEach((line, i) => {
    const top = y + i * style.leadingPt;
    const baseline = top + baselineOffset(style);
    let open: LinkItem | undefined;
    line.runs.forEach((run, r) => {
      const id = parts?.ids[firstLine + i]?.[r] ?? blockId;
      items.push({
        kind: 'text',
        xPt: x + run.xPt,
        yPt: baseline,
        fontId: run.fontId,
        sizePt: run.sizePt,
        // A link reads as one: the theme's accent colour, in both editions.
        colour: run.link ? 'accent' : style.colour,
        text: run.text,
        glyphs: run.glyphs,
        spacingPt: run.spacingPt,
        widthPt: run.widthPt,
        role: run.link ? 'Link' : role,
        blockId: id,
      });
      if (!run.link || !parts) {
        open = undefined;
        return;
      }
      if (open && open.blockId === id) {
        open.wPt = x + run.xPt + run.widthPt - open.xPt;
        return;
      }
      open = { kind: 'link', xPt: x + run.xPt, yPt: top, wPt: run.widthPt, hPt: style.leadingPt, uri: run.link.href, blockId: id, label: parts.labels.get(id) ?? run.link.href };
      items.push(open);
    });
  });
  return items;
}

/** A text's pieces when it holds links: one element per stretch of plain text (`Span`) and per link (`Link`). */
export type { InlineParts } from '../parts.js';

/** The pieces of typeset text that holds links (parts.ts); `undefined` when it holds none (the text is one element). */
export function inlineParts(ctx: Ctx, lines: Line[]): InlineParts | undefined {
  return lineParts(lines, () => nextBlockId(ctx));
}

/** The structure element of a text: a leaf holding its runs, or (with links) an element over its pieces. */
export function textElement(type: StructureNode['type'], blockId: number, parts: InlineParts | undefined): StructureNode {
  return parts ? { type, children: parts.nodes } : leaf(type, blockId);
}

/**
 * `text` on one line of `widthPt`: whole when it fits, else cut where it still fits with an ellipsis after it
 * (…… in Chinese, clreq §3.3; … in English), never inside a Latin word or after an opening bracket or a pause.
 * A running head or contents entry that lost its end without a mark read as a whole title that was not one.
 */
export function setOneLine(ctx: Ctx, text: string, s: TypeStyle, widthPt: number): Line[] {
  const whole = setText(ctx, text, s, widthPt);
  if (whole.length <= 1) return whole;
  const mark = /^en\b/i.test(ctx.lang) ? '…' : '……';
  const chars = [...text];
  const cut = (n: number): string => {
    let head = chars.slice(0, n);
    // Inside a Latin word: back to its start.
    if (n < chars.length && /[A-Za-z0-9]/.test(chars[n]!) && /[A-Za-z0-9]/.test(head[head.length - 1] ?? '')) {
      let k = head.length;
      while (k > 0 && /[A-Za-z0-9]/.test(head[k - 1]!)) k--;
      if (k > 0) head = head.slice(0, k);
    }
    while (head.length > 0 && (NO_LINE_END.has(head[head.length - 1]!) || /[\s，、；：,;:—–-]/.test(head[head.length - 1]!))) head.pop();
    return head.join('') + mark;
  };
  const fits = (n: number): boolean => setText(ctx, cut(n), s, widthPt).length === 1;
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return setText(ctx, cut(lo), s, widthPt).slice(0, 1);
}
