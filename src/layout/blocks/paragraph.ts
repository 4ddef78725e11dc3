// A paragraph block (body text, a section's lead, the source line) → one justified lines placeable; structure: P.
import type { BlockOf } from '../../markup/types.js';
import type { StructureNode } from '../types.js';
import { leaf, nextBlockId, setLines } from './set.js';
import type { Ctx, Placeable } from './types.js';

export function paragraphPlaceables(block: BlockOf<'paragraph'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const { theme, geo } = ctx;
  const gap = theme.page.paragraphGapPt;
  const style = block.role === 'lead' ? theme.type.lead : block.role === 'source' ? theme.type.caption : theme.type.body;
  const id = nextBlockId(ctx);
  parent.push(leaf('P', id));
  out.push({
    kind: 'lines',
    lines: setLines(ctx, block.inlines, style, geo.contentW, block.role === 'source' ? 'start' : 'justify'),
    style,
    indentPt: 0,
    role: 'P',
    blockId: id,
    spaceBeforePt: block.role === 'source' ? 18 : 0,
    spaceAfterPt: gap,
    keepWithNext: false,
    newPage: false,
  });
  return;
}
