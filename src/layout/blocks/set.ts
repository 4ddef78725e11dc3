// Shared by every block: typeset text with the theme's styles and turn typeset lines into positioned glyph runs.
import type { Line } from '../../text/engine.js';
import type { Inline } from '../../markup/types.js';
import type { Theme, TypeStyle } from '../../theme/theme.js';
import type { FrameItem, StructureNode, StructureRole } from '../types.js';
import type { Ctx } from './types.js';

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

export function linesToItems(lines: Line[], style: TypeStyle, x: number, y: number, role: StructureRole, blockId: number): FrameItem[] {
  const items: FrameItem[] = [];
  lines.forEach((line, i) => {
    const baseline = y + i * style.leadingPt + baselineOffset(style);
    for (const run of line.runs) {
      items.push({
        kind: 'text',
        xPt: x + run.xPt,
        yPt: baseline,
        fontId: run.fontId,
        sizePt: run.sizePt,
        colour: style.colour,
        text: run.text,
        glyphs: run.glyphs,
        spacingPt: run.spacingPt,
        widthPt: run.widthPt,
        role,
        blockId,
      });
    }
  });
  return items;
}
