// A list block → one hanging-indent lines placeable per item, each with its bullet; structure: L > LI > LBody.
import type { BlockOf } from '../../markup/types.js';
import type { StructureNode } from '../types.js';
import { leaf, nextBlockId, setLines } from './set.js';
import type { Ctx, Placeable } from './types.js';

export function listPlaceables(block: BlockOf<'list'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const { theme, geo } = ctx;
  const gap = theme.page.paragraphGapPt;
  const style = theme.type.body;
  const indent = style.sizePt * 1.2;
  const list: StructureNode = { type: 'L', children: [] };
  parent.push(list);
  // Hanging indent: the bullet sits in the margin of the item's text, every line aligned after it.
  for (const item of block.items) {
    const id = nextBlockId(ctx);
    // The bullet is a drawn square, an artifact: the item's element holds only its body.
    list.children.push({ type: 'LI', children: [leaf('LBody', id)] });
    out.push({
      kind: 'lines',
      lines: setLines(ctx, item.inlines, style, geo.contentW - indent, 'justify'),
      style,
      indentPt: indent,
      role: 'LI',
      blockId: id,
      spaceBeforePt: 0,
      spaceAfterPt: gap * 0.75,
      keepWithNext: false,
      newPage: false,
      marker: { text: '■', style: { ...style, sizePt: style.sizePt * 0.55, colour: 'accent' } },
    });
  }
  return;
}
