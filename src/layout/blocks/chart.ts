// A chart block → a box of vector bars (horizontal clustered), one Figure with alternative text.
import type { BlockOf } from '../../markup/types.js';
import type { FrameItem, StructureNode } from '../types.js';
import { leaf, linesToItems, nextBlockId, setText } from './set.js';
import type { BoxPlaceable, Ctx, Say } from './types.js';

/** What a screen reader says for a chart: its title, then each category's values, series by series. */
export function chartAltText(chart: BlockOf<'chart'>, say: Say): string {
  const rows = chart.categories.map(
    (c, i) => `${c}${say('colon')}${chart.series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join(say('clauseComma'))}`,
  );
  return say('chartAlt', { title: chart.title, unit: chart.unit, rows: rows.join(say('rowSep')) });
}

/** A horizontal clustered bar chart drawn as vectors: one group per category, one bar per series. */
export function chartBox(chart: BlockOf<'chart'>, ctx: Ctx, parent: StructureNode[]): BoxPlaceable {
  const { theme, geo } = ctx;
  const cap = theme.type.caption;
  const titleStyle = theme.type.h3;
  const labelW = 120;
  const barH = 11;
  const seriesColours = ['accent', 'gold', 'muted', 'rule'];
  const id = nextBlockId(ctx);
  // One figure: its text and its bars are its content, its alternative text says what it shows.
  parent.push(leaf('Figure', id, chartAltText(chart, ctx.say)));
  const title = setText(ctx, chart.title, titleStyle, geo.contentW);
  const labels = chart.categories.map((c) => setText(ctx, c, cap, labelW - 8));
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values));
  const barMaxW = geo.contentW - labelW - 40;
  const legendH = cap.leadingPt + 4;
  const groupH = chart.categories.map((_, i) => Math.max(labels[i]!.length * cap.leadingPt, chart.series.length * (barH + 3)) + 8);
  const height = titleStyle.leadingPt * title.length + legendH + groupH.reduce((a, b) => a + b, 0);
  return {
    kind: 'box',
    heightPt: height,
    spaceBeforePt: 12,
    spaceAfterPt: 12,
    paint: () => {
      const items: FrameItem[] = [];
      let y = 0;
      items.push(...linesToItems(title, titleStyle, 0, y, 'Figure', id));
      y += titleStyle.leadingPt * title.length;
      let lx = labelW;
      chart.series.forEach((s, k) => {
        items.push({ kind: 'rect', xPt: lx, yPt: y + 3, wPt: 8, hPt: 8, fill: seriesColours[k % seriesColours.length]!, blockId: id });
        const name = setText(ctx, ctx.say('seriesUnit', { name: s.name, unit: chart.unit }), cap, 200);
        items.push(...linesToItems(name, cap, lx + 11, y, 'Figure', id));
        lx += 11 + (name[0]?.naturalWidthPt ?? 0) + 14;
      });
      y += legendH;
      chart.categories.forEach((_, i) => {
        items.push(...linesToItems(labels[i]!, cap, 0, y, 'Figure', id));
        chart.series.forEach((s, k) => {
          const v = s.values[i] ?? 0;
          const w = (v / max) * barMaxW;
          const by = y + k * (barH + 3) + 2;
          items.push({ kind: 'rect', xPt: labelW, yPt: by, wPt: Math.max(0.5, w), hPt: barH, fill: seriesColours[k % seriesColours.length]!, blockId: id });
          const valueText = setText(ctx, String(v), cap, 60);
          items.push(...linesToItems(valueText, cap, labelW + w + 4, by + (barH - cap.leadingPt) / 2, 'Figure', id));
        });
        items.push({ kind: 'rule', x1Pt: labelW, y1Pt: y, x2Pt: labelW, y2Pt: y + groupH[i]!, stroke: 'rule', widthPt: 0.5, blockId: id });
        y += groupH[i]!;
      });
      return items;
    },
  };
}
