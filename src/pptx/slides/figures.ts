// Key figures → one figure drawn large on its own slide, or a grid of callouts (number and unit, label, year).
import { inlineText, type Inline } from '../../markup/types.js';
import { bodyBottomIn, numberedSlide, slideHeader } from './furniture.js';
import { MARGIN_X_IN, STATS_PER_SLIDE, TITLE_LEADING, bottom, cleanText, excerpt, measureWidthPt, round2, sizeSteps, textBox, textHeightPt, warning } from './measure.js';
import type { BoxIn, Ctx, DeckItem, DeckRun, Slide, SlideBlock, Stat, TextBox } from './types.js';

export function figureSlides(ctx: Ctx, block: SlideBlock, all: Stat[]): Slide[] {
  const k = Math.ceil(all.length / STATS_PER_SLIDE);
  const slides: Slide[] = [];
  let start = 0;
  for (let page = 0; page < k; page++) {
    const count = Math.floor(all.length / k) + (page < all.length % k ? 1 : 0);
    const stats = all.slice(start, start + count);
    start += count;
    const header = slideHeader(ctx, block, page);
    const grid = statGrid(ctx, block, stats, {
      xIn: MARGIN_X_IN,
      yIn: header.bodyTopIn,
      wIn: ctx.widthIn - 2 * MARGIN_X_IN,
      hIn: round2(bodyBottomIn(ctx) - header.bodyTopIn),
    });
    slides.push(numberedSlide(ctx, block, 'figures', page, [...header.items, ...grid], stats));
  }
  return slides;
}

/**
 * One key figure drawn large: the number and its unit on one line, the label below it, then the year it holds
 * for, stacked in a tinted panel that fills the body. The number takes the largest size (from three times the
 * title size) at which it fits the panel's width and the stack fits its height.
 */
export function keyFigureSlide(ctx: Ctx, block: SlideBlock, st: Stat): Slide {
  const { deck, colours } = ctx;
  const header = slideHeader(ctx, block, 0);
  const area: BoxIn = { xIn: MARGIN_X_IN, yIn: header.bodyTopIn, wIn: ctx.widthIn - 2 * MARGIN_X_IN, hIn: round2(bodyBottomIn(ctx) - header.bodyTopIn) };
  const barIn = 0.12;
  const padIn = 0.45;
  const gapIn = 0.12;
  const x = round2(area.xIn + barIn + padIn);
  const innerW = round2(area.wIn - barIn - 2 * padIn);
  const roomPt = (area.hIn - 2 * padIn) * 72;

  const unitSize = (s: number): number => Math.max(deck.minSizePt, Math.round(s * 0.45));
  const unit = st.unit ? unitText(cleanText(st.unit)) : '';
  // The unit is written in the value's bold box, so it is measured bold too.
  const naturalWidth = (text: string, role: 'strong' | 'heading', sizePt: number): number =>
    ctx.measurer.measure({ inlines: [{ kind: 'text', text }], role, sizePt, widthPt: 10_000 }).maxLineWidthPt;
  const valueBox = (s: number): TextBox => {
    const runs: DeckRun[] = [{ text: cleanText(st.display), strong: true }];
    if (unit) runs.push({ text: unit, strong: false, sizePt: unitSize(s) });
    return textBox(ctx, { role: 'statValue', xIn: x, yIn: 0, wIn: innerW, paragraphs: [], runs: { runs, lines: 1 }, measureRole: 'heading', sizePt: s, leading: TITLE_LEADING, weight: 'bold', colour: colours.accent });
  };
  const label = (s: number): TextBox =>
    textBox(ctx, { role: 'statLabel', xIn: x, yIn: 0, wIn: innerW, paragraphs: [[{ kind: 'text', text: st.label }]], measureRole: 'body', sizePt: s, leading: 1.3, colour: colours.ink });
  const asOf = textBox(ctx, {
    role: 'statAsOf',
    xIn: x,
    yIn: 0,
    wIn: innerW,
    paragraphs: [[{ kind: 'text', text: ctx.say('asOfYear', { year: st.asOf }) }]],
    measureRole: 'body',
    sizePt: Math.max(deck.minSizePt, deck.pointSizePt - 2),
    leading: 1.3,
    colour: colours.muted,
  });
  const stackPt = (parts: TextBox[]): number => parts.reduce((sum, t) => sum + t.box.hIn * 72, 0) + (parts.length - 1) * gapIn * 72;

  const labelSizes = sizeSteps(Math.max(deck.minSizePt, deck.pointSizePt + 4), deck.minSizePt);
  const fitsWidth = (s: number): boolean => naturalWidth(cleanText(st.display), 'heading', s) + (unit ? naturalWidth(unit, 'strong', unitSize(s)) : 0) <= measureWidthPt(innerW, s, 'none');
  let chosen: { value: TextBox; label: TextBox } | undefined;
  for (const s of sizeSteps(Math.round(deck.titleSizePt * 3), deck.minSizePt)) {
    if (!fitsWidth(s)) continue;
    const value = valueBox(s);
    const lab = labelSizes.map(label).find((l) => stackPt([value, l, asOf]) <= roomPt);
    if (lab) {
      chosen = { value, label: lab };
      break;
    }
  }
  if (!chosen) {
    ctx.diagnostics.push(warning(`the key figure 「${st.display}${st.unit}」 on slide 「${inlineText(block.title)}」 does not fit its panel even at ${deck.minSizePt}pt`, st.span ?? block.span, ['shorten the label or the unit']));
    chosen = { value: valueBox(deck.minSizePt), label: label(deck.minSizePt) };
  }
  const stack = [chosen.value, chosen.label, asOf];
  let y = area.yIn + Math.max(padIn, (area.hIn - stackPt(stack) / 72) / 2);
  for (const t of stack) {
    t.box.yIn = round2(y);
    y = t.box.yIn + t.box.hIn + gapIn;
  }
  const items: DeckItem[] = [
    { kind: 'rect', box: area, fill: colours.tint },
    { kind: 'rect', box: { xIn: area.xIn, yIn: area.yIn, wIn: barIn, hIn: area.hIn }, fill: colours.accent },
    ...stack,
  ];
  return numberedSlide(ctx, block, 'figure', 0, [...header.items, ...items], [st]);
}

export function statGrid(ctx: Ctx, block: SlideBlock, stats: Stat[], area: BoxIn): DeckItem[] {
  const { deck, colours } = ctx;
  const cols = stats.length <= 3 ? stats.length : Math.ceil(stats.length / 2);
  const rows = Math.ceil(stats.length / cols);
  const gapIn = 0.3;
  const cellW = (area.wIn - (cols - 1) * gapIn) / cols;
  const cellH = Math.min(3, (area.hIn - (rows - 1) * gapIn) / rows);
  const padIn = 0.2;
  const barIn = 0.08;
  const innerW = cellW - 2 * padIn - barIn;

  // One number size for the whole grid, so the callouts read as a set: the largest at which every number and
  // its unit fit on one line.
  const unitSize = (s: number): number => Math.max(deck.minSizePt, Math.round(s * 0.45));
  // The unit is written in the value's bold box, so it is measured bold too.
  const naturalWidth = (text: string, role: 'strong' | 'heading', sizePt: number): number =>
    ctx.measurer.measure({ inlines: [{ kind: 'text', text }], role, sizePt, widthPt: 10_000 }).maxLineWidthPt;
  const fitsAt = (s: number): boolean =>
    stats.every((st) => {
      const unit = st.unit ? naturalWidth(unitText(st.unit), 'strong', unitSize(s)) : 0;
      return naturalWidth(st.display, 'heading', s) + unit <= measureWidthPt(innerW, s, 'none');
    });
  const sizes = sizeSteps(Math.round(deck.titleSizePt * 1.6), deck.minSizePt);
  const valueSize = sizes.find(fitsAt) ?? deck.minSizePt;
  if (!fitsAt(valueSize)) {
    ctx.diagnostics.push(warning(`a key figure on slide 「${inlineText(block.title)}」 is too wide for its callout even at ${deck.minSizePt}pt`, block.span, ['shorten the unit or show fewer figures per slide']));
  }

  const items: DeckItem[] = [];
  const totalH = rows * cellH + (rows - 1) * gapIn;
  const top = area.yIn + Math.max(0, (area.hIn - totalH) / 2);
  stats.forEach((st, idx) => {
    const col = idx % cols;
    const row = Math.floor(idx / cols);
    const x = area.xIn + col * (cellW + gapIn);
    const y = top + row * (cellH + gapIn);
    items.push({ kind: 'rect', box: { xIn: round2(x), yIn: round2(y), wIn: round2(cellW), hIn: round2(cellH) }, fill: colours.tint });
    items.push({ kind: 'rect', box: { xIn: round2(x), yIn: round2(y), wIn: barIn, hIn: round2(cellH) }, fill: colours.accent });
    const ix = round2(x + barIn + padIn);
    const runs: DeckRun[] = [{ text: cleanText(st.display), strong: true }];
    if (st.unit) runs.push({ text: unitText(cleanText(st.unit)), strong: false, sizePt: unitSize(valueSize) });
    const value = textBox(ctx, {
      role: 'statValue',
      xIn: ix,
      yIn: round2(y + padIn - 0.05),
      wIn: round2(innerW),
      paragraphs: [],
      runs: { runs, lines: 1 },
      measureRole: 'heading',
      sizePt: valueSize,
      leading: TITLE_LEADING,
      weight: 'bold',
      colour: colours.accent,
    });
    const asOf = textBox(ctx, {
      role: 'statAsOf',
      xIn: ix,
      yIn: 0,
      wIn: round2(innerW),
      paragraphs: [[{ kind: 'text', text: ctx.say('asOfYear', { year: st.asOf }) }]],
      measureRole: 'body',
      sizePt: deck.minSizePt,
      leading: 1.3,
      colour: colours.muted,
    });
    asOf.box.yIn = round2(y + cellH - padIn - asOf.box.hIn);
    const labelTop = bottom(value) + 0.05;
    const labelRoomPt = (asOf.box.yIn - 0.05 - labelTop) * 72;
    const labelInlines: Inline[] = [{ kind: 'text', text: st.label }];
    let label: TextBox | undefined;
    for (const s of sizeSteps(Math.max(deck.minSizePt, deck.pointSizePt - 2), deck.minSizePt)) {
      label = textBox(ctx, { role: 'statLabel', xIn: ix, yIn: round2(labelTop), wIn: round2(innerW), paragraphs: [labelInlines], measureRole: 'body', sizePt: s, leading: 1.3, colour: colours.ink });
      if (textHeightPt(label) <= labelRoomPt) break;
    }
    if (label && textHeightPt(label) > labelRoomPt) {
      ctx.diagnostics.push(warning(`the label of the key figure 「${st.display}${st.unit}」 is too long for its callout: 「${excerpt(st.label)}」`, st.span ?? block.span, ['shorten the label']));
    }
    items.push(value);
    if (label) items.push(label);
    items.push(asOf);
  });
  return items;
}

/** A word unit stands a space apart from its number (「1 400 家」); a sign does not (「35%」). */
export function unitText(unit: string): string {
  return /^[%％‰°℃]/.test(unit) ? unit : ` ${unit}`;
}
