// A paragraph block (body text, a section's lead, the source line), a quote or a note → one lines placeable;
// structure: P (a quote: BlockQuote), its links as Link elements between Spans of plain text.
import type { BlockOf, Inline } from '../../markup/types.js';
import type { TypeStyle } from '../../theme/theme.js';
import type { StructureNode } from '../types.js';
import { inlineParts, nextBlockId, setLines, textElement } from './set.js';
import type { Ctx, Placeable } from './types.js';

export function paragraphPlaceables(block: BlockOf<'paragraph'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const { theme } = ctx;
  const style = block.role === 'lead' ? theme.type.lead : block.role === 'source' ? theme.type.caption : theme.type.body;
  placeText(block.inlines, style, ctx, out, parent, {
    type: 'P',
    align: block.role === 'source' ? 'start' : 'justify',
    indentPt: 0,
    spaceBeforePt: block.role === 'source' ? 18 : 0,
  });
}

/** A quotation: indented by two em, in the lead's colour-muted face, with who said it on its own line. */
export function quotePlaceables(block: BlockOf<'quote'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const { theme } = ctx;
  const style: TypeStyle = { ...theme.type.lead, colour: 'accentDeep' };
  const indentPt = theme.type.body.sizePt * 2;
  const quote: StructureNode = { type: 'BlockQuote', children: [] };
  parent.push(quote);
  placeText(block.inlines, style, ctx, out, quote.children, { type: 'P', align: 'justify', indentPt, spaceBeforePt: 6, bar: true });
  if (block.by) {
    const by: Inline[] = [{ kind: 'text', text: ctx.say('quoteBy', { by: block.by.map((i) => (i.kind === 'text' ? i.text : '')).join('') }) }];
    placeText(by, { ...theme.type.caption, colour: 'muted' }, ctx, out, quote.children, { type: 'P', align: 'start', indentPt, spaceBeforePt: 0 });
  }
}

/** A note: 「註：」 and its text, in the caption face. */
export function notePlaceables(block: BlockOf<'note'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const inlines: Inline[] = [{ kind: 'text', text: ctx.say('noteLead') }, ...block.inlines];
  placeText(inlines, ctx.theme.type.caption, ctx, out, parent, { type: 'P', align: 'justify', indentPt: 0, spaceBeforePt: 2 });
}

interface TextPlacement {
  type: 'P';
  align: 'justify' | 'start';
  indentPt: number;
  spaceBeforePt: number;
  /** A rule in the accent colour left of the text (a quote). */
  bar?: boolean;
}

function placeText(inlines: Inline[], style: TypeStyle, ctx: Ctx, out: Placeable[], parent: StructureNode[], at: TextPlacement): void {
  const { theme, geo } = ctx;
  const id = nextBlockId(ctx);
  const lines = setLines(ctx, inlines, style, geo.contentW - at.indentPt, at.align);
  const parts = inlineParts(ctx, lines);
  parent.push(textElement(at.type, id, parts));
  out.push({
    kind: 'lines',
    lines,
    style,
    indentPt: at.indentPt,
    role: 'P',
    blockId: id,
    spaceBeforePt: at.spaceBeforePt,
    spaceAfterPt: theme.page.paragraphGapPt,
    keepWithNext: false,
    newPage: false,
    ...(parts ? { parts } : {}),
    ...(at.bar ? { bar: { xPt: at.indentPt / 2 - 1.5, widthPt: 3, colour: 'gold' } } : {}),
  });
}
