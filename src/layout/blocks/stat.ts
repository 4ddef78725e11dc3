// Stat blocks (key figures) → rows of up to three callout cards, each a Figure with alternative text.
import type { BlockOf } from '../../markup/types.js';
import type { TypeStyle } from '../../theme/theme.js';
import type { FrameItem, StructureNode } from '../types.js';
import { baselineOffset, leaf, linesToItems, nextBlockId, setText } from './set.js';
import type { BoxPlaceable, Ctx, Placeable, Say } from './types.js';

export function flushStats(stats: BlockOf<'stat'>[], ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  while (stats.length) out.push(statRow(stats.splice(0, 3), ctx, parent));
}

/** A row of stat callouts: big number and unit, label, as-of year. Never split across pages. */
export function statRow(stats: BlockOf<'stat'>[], ctx: Ctx, parent: StructureNode[]): BoxPlaceable {
  const { theme, geo } = ctx;
  const gutter = 10;
  const pad = 9;
  const cardW = (geo.contentW - gutter * 2) / 3;
  const textW = cardW - pad * 2 - 3;
  const tv = theme.type.statValue;
  const tl = theme.type.statLabel;
  const tc = theme.type.caption;
  const unitStyle: TypeStyle = { ...tl, sizePt: tl.sizePt * 1.3, role: 'heading', colour: 'accent' };
  const cards = stats.map((s) => {
    const value = setText(ctx, s.display, tv, textW);
    const valueW = value[0]?.naturalWidthPt ?? 0;
    const unit = s.unit ? setText(ctx, s.unit, unitStyle, Math.max(20, textW - valueW - 3)) : [];
    const label = setText(ctx, s.label, tl, textW);
    const asOf = setText(ctx, ctx.say('year', { year: s.asOf }), tc, textW);
    // A card is a figure: a screen reader says its alternative text, one sentence, instead of its pieces.
    const id = nextBlockId(ctx);
    parent.push(leaf('Figure', id, statAltText(s, ctx.say)));
    return { value, valueW, unit, label, asOf, id };
  });
  const height = Math.max(...cards.map((c) => pad + tv.leadingPt * c.value.length + tl.leadingPt * c.label.length + tc.leadingPt + pad));
  return {
    kind: 'box',
    heightPt: height,
    spaceBeforePt: 8,
    spaceAfterPt: 10,
    paint: () => {
      const items: FrameItem[] = [];
      cards.forEach((c, k) => {
        const x = k * (cardW + gutter);
        items.push({ kind: 'rect', xPt: x, yPt: 0, wPt: cardW, hPt: height, fill: 'tint' });
        items.push({ kind: 'rect', xPt: x, yPt: 0, wPt: 3, hPt: height, fill: 'accent' });
        let y = pad;
        items.push(...linesToItems(c.value, tv, x + pad + 3, y, 'Figure', c.id));
        if (c.unit.length) {
          // The unit sits on the number's baseline.
          const baseShift = baselineOffset(tv) - baselineOffset(unitStyle);
          items.push(...linesToItems(c.unit, unitStyle, x + pad + 3 + c.valueW + 3, y + baseShift, 'Figure', c.id));
        }
        y += tv.leadingPt * c.value.length;
        items.push(...linesToItems(c.label, tl, x + pad + 3, y, 'Caption', c.id));
        y += tl.leadingPt * c.label.length;
        items.push(...linesToItems(c.asOf, tc, x + pad + 3, y, 'Caption', c.id));
      });
      return items;
    },
  };
}

/** What a screen reader says for a stat callout: `1 400 家：在港「一帶一路」企業（約）（2024 年）`. */
export function statAltText(stat: BlockOf<'stat'>, say: Say): string {
  return say('statAlt', { figure: `${stat.display}${stat.unit ? ` ${stat.unit}` : ''}`, label: stat.label, year: stat.asOf });
}
