// A chart slide → its caption and a native chart item (columns, or bars when category labels are long).
import type { BlockOf } from '../../markup/types.js';
import { bodyBottomIn, numberedSlide, slideHeader, subtitleSizePt } from './furniture.js';
import { MARGIN_X_IN, bottom, cleanText, round2, textBox, warning } from './measure.js';
import type { BoxIn, ChartItem, Ctx, Slide, SlideBlock } from './types.js';

export function chartSlide(ctx: Ctx, block: SlideBlock, chart: BlockOf<'chart'>): Slide {
  const { deck, colours } = ctx;
  const header = slideHeader(ctx, block, 0);
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const captionText = chart.unit ? ctx.say('chartCaption', { title: chart.title, unit: chart.unit }) : chart.title;
  const caption = textBox(ctx, {
    role: 'caption',
    xIn: MARGIN_X_IN,
    yIn: header.bodyTopIn,
    wIn,
    paragraphs: [[{ kind: 'text', text: captionText }]],
    measureRole: 'strong',
    sizePt: subtitleSizePt(ctx),
    leading: 1.3,
    weight: 'bold',
    colour: colours.ink,
  });
  const top = bottom(caption) + 0.1;
  const box: BoxIn = { xIn: MARGIN_X_IN, yIn: round2(top), wIn, hIn: round2(bodyBottomIn(ctx) - top) };
  const labelSizePt = deck.minSizePt;

  // Columns when every category label fits under its column on one line; otherwise horizontal bars,
  // which give the labels the chart's left edge.
  const columnWidthPt = ((box.wIn * 72) * 0.85) / Math.max(1, chart.categories.length);
  const widest = Math.max(
    0,
    ...chart.categories.map((c) => ctx.measurer.measure({ inlines: [{ kind: 'text', text: c }], role: 'body', sizePt: labelSizePt, widthPt: 10_000 }).maxLineWidthPt),
  );
  const direction: ChartItem['direction'] = widest <= columnWidthPt * 0.9 ? 'column' : 'bar';

  const palette = [colours.accent, colours.gold, colours.muted, colours.ink, colours.rule];
  const bars = chart.categories.length * chart.series.length;
  for (const s of chart.series) {
    if (s.values.length !== chart.categories.length) {
      ctx.diagnostics.push(warning(`chart 「${chart.title}」: series 「${s.name}」 has ${s.values.length} values for ${chart.categories.length} categories`, chart.span ?? block.span, ['give one value per category']));
    }
  }
  const item: ChartItem = {
    kind: 'chart',
    box,
    direction,
    title: cleanText(chart.title),
    unit: cleanText(chart.unit),
    categories: chart.categories.map(cleanText),
    series: chart.series.map((s, i) => ({ name: cleanText(s.name), values: [...s.values], colour: palette[i % palette.length] as string })),
    labelSizePt,
    // Value labels at minSizePt crowd a chart with many bars; the axis carries the scale then.
    showValues: bars <= 12,
  };
  return numberedSlide(ctx, block, 'chart', 0, [...header.items, caption, item]);
}
