// A slide with columns → lists side by side under coloured heading bands, rows aligned, continued when they do not fit.
import { inlineText, type ListItem, type SlideColumn } from '../../markup/types.js';
import { bodyBottomIn, numberedSlide, slideHeader } from './furniture.js';
import { INSET_PT, MARGIN_X_IN, measureLines, measureWidthPt, round2, sizeSteps, textBox, warning } from './measure.js';
import type { Base, Ctx, DeckItem, Noted, Slide, SlideBlock } from './types.js';

/** Heading band colours of the columns, in order. */
const COLUMN_FILLS: readonly (keyof Base['colours'])[] = ['accent', 'gold', 'muted'];

/**
 * Columns side by side under coloured heading bands. The i-th points of the columns share a row, as tall as its
 * tallest cell, so items that correspond line up (a chart's categories, series by series). Rows that do not fit
 * continue on a following slide with the headings repeated; a row too tall for an empty slide steps its size down
 * to minSizePt.
 */
export function comparisonSlides(ctx: Ctx, block: SlideBlock, columns: SlideColumn[]): Slide[] {
  const { deck, colours } = ctx;
  const n = columns.length;
  const gapIn = 0.35;
  const colW = round2((ctx.widthIn - 2 * MARGIN_X_IN - (n - 1) * gapIn) / n);
  const colX = (i: number): number => round2(MARGIN_X_IN + i * (colW + gapIn));
  const rowPadIn = 0.06;
  const ruleIn = 0.02;
  const size = deck.pointSizePt;
  const rows = Math.max(0, ...columns.map((c) => c.points.length));
  const cellLines = (item: ListItem, s: number): number => measureLines(ctx, item.inlines, 'body', s, measureWidthPt(colW, s, 'none'));
  const rowHeightPt = (r: number, s: number): number =>
    Math.max(0, ...columns.map((c) => (c.points[r] ? cellLines(c.points[r] as ListItem, s) * round2(s * deck.pointLeading) + 2 * INSET_PT : 0))) + 2 * rowPadIn * 72 + ruleIn * 72;

  const headings = (top: number): { items: DeckItem[]; bottomIn: number } => {
    const boxes = columns.map((c, i) =>
      textBox(ctx, { role: 'columnHeading', xIn: colX(i), yIn: round2(top + 0.08), wIn: colW, paragraphs: [c.title], measureRole: 'strong', sizePt: size, leading: 1.3, weight: 'bold', colour: colours.paper }),
    );
    const bandIn = round2(Math.max(...boxes.map((b) => b.box.hIn)) + 0.16);
    const items: DeckItem[] = [];
    boxes.forEach((b, i) => {
      items.push({ kind: 'rect', box: { xIn: colX(i), yIn: round2(top), wIn: colW, hIn: bandIn }, fill: colours[COLUMN_FILLS[i % COLUMN_FILLS.length] ?? 'accent'] }, b);
    });
    return { items, bottomIn: round2(top + bandIn + 0.1) };
  };

  // Rows per slide: as many as fit below the headings (the first slide's header may be taller: a subtitle).
  const pages: { from: number; to: number; sizePt: number }[] = [];
  let r = 0;
  while (r < rows || pages.length === 0) {
    const continuation = pages.length;
    const header = slideHeader(ctx, block, continuation);
    const capPt = (bodyBottomIn(ctx) - headings(header.bodyTopIn).bottomIn) * 72;
    let used = 0;
    let to = r;
    while (to < rows && used + rowHeightPt(to, size) <= capPt) used += rowHeightPt(to++, size);
    let sizePt = size;
    if (to === r && r < rows) {
      sizePt = sizeSteps(size, deck.minSizePt).find((s) => rowHeightPt(r, s) <= capPt) ?? deck.minSizePt;
      if (rowHeightPt(r, sizePt) > capPt) {
        ctx.diagnostics.push(warning(`a row of the comparison on slide 「${inlineText(block.title)}」 is too long for a whole slide even at ${deck.minSizePt}pt`, block.span, ['shorten the points; the full text belongs in the speaker notes']));
      }
      to = r + 1;
    }
    pages.push({ from: r, to, sizePt });
    r = to;
    if (rows === 0) break;
  }

  return pages.map((page, continuation) => {
    const header = slideHeader(ctx, block, continuation);
    const heads = headings(header.bodyTopIn);
    const items: DeckItem[] = [...header.items, ...heads.items];
    const shown: Noted[] = [];
    let y = heads.bottomIn;
    for (let row = page.from; row < page.to; row++) {
      const hPt = rowHeightPt(row, page.sizePt);
      columns.forEach((c, i) => {
        const item = c.points[row];
        if (!item) return;
        shown.push(item);
        items.push(
          textBox(ctx, {
            role: 'cell',
            xIn: colX(i),
            yIn: round2(y + rowPadIn),
            wIn: colW,
            paragraphs: [item.inlines],
            measureRole: 'body',
            sizePt: page.sizePt,
            leading: deck.pointLeading,
            colour: colours.ink,
          }),
        );
        items.push({ kind: 'rect', box: { xIn: colX(i), yIn: round2(y + hPt / 72 - ruleIn), wIn: colW, hIn: ruleIn }, fill: colours.rule });
      });
      y += hPt / 72;
    }
    return numberedSlide(ctx, block, 'comparison', continuation, items, shown);
  });
}
