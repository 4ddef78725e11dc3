// Any brochure block → placeables and structure nodes: the dispatcher over the block kinds, one file each.
import type { Block } from '../../markup/types.js';
import type { StructureNode } from '../types.js';
import { chartBox } from './chart.js';
import { listPlaceables } from './list.js';
import { notePlaceables, paragraphPlaceables, quotePlaceables } from './paragraph.js';
import { picturePlaceables } from './picture.js';
import { sectionPlaceables } from './section.js';
import { flushStats } from './stat.js';
import { tablePlaceables } from './table.js';
import type { Ctx, Placeable } from './types.js';

/** Turn a block into placeables (in `out`) and structure nodes (in `parent`, reading order). */
export function toPlaceables(block: Block, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  switch (block.kind) {
    case 'cover':
    case 'toc':
    case 'slide':
      return; // painted elsewhere / not part of the brochure
    case 'pageBreak':
      out.push({ kind: 'pageBreak' });
      return;
    case 'section':
      sectionPlaceables(block, ctx, out, parent, toPlaceables);
      return;
    case 'paragraph':
      paragraphPlaceables(block, ctx, out, parent);
      return;
    case 'list':
      listPlaceables(block, ctx, out, parent);
      return;
    case 'table':
      tablePlaceables(block, ctx, out, parent);
      return;
    case 'quote':
      quotePlaceables(block, ctx, out, parent);
      return;
    case 'note':
      notePlaceables(block, ctx, out, parent);
      return;
    case 'stat':
      flushStats([block], ctx, out, parent);
      return;
    case 'chart':
      out.push(chartBox(block, ctx, parent));
      return;
    case 'picture':
      picturePlaceables(block, ctx, out, parent);
      return;
  }
}
