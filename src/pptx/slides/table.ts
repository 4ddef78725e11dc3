// A table slide → its rows as points, one per row, cells joined (an interim form; native tables replace it).
import type { BlockOf, Inline, ListItem } from '../../markup/types.js';
import { pointSlides } from './points.js';
import type { Ctx, Slide, SlideBlock } from './types.js';

export function tableSlides(ctx: Ctx, block: SlideBlock, table: BlockOf<'table'>): Slide[] {
  const join = (cells: { inlines: Inline[] }[]): Inline[] => cells.flatMap((c, i) => (i === 0 ? c.inlines : [{ kind: 'text' as const, text: '｜' }, ...c.inlines]));
  const points: ListItem[] = [table.header, ...table.rows].map((row) => ({ inlines: join(row) }));
  return pointSlides(ctx, block, points, { first: 0, list: 'bullet', numberFrom: 1 });
}
