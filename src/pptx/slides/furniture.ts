// Furniture shared by the numbered slides: the source footer, the header (title, gold rule, subtitle), the body's
// floor, and each slide's speaker notes.
import { inlineText } from '../../markup/types.js';
import { BOTTOM_IN, MARGIN_X_IN, FURNITURE_PT, INSET_PT, TOP_IN, bottom, cleanText, continuedTitle, round2, textBox, titleBox } from './measure.js';
import type { Base, Ctx, DeckItem, DeckLayout, Noted, Slide, SlideBlock, TextBox } from './types.js';

/**
 * The source line at the foot of numbered slides. Without a source it is still measured (as the lead alone), so
 * bodies end at the same height, but the deck does not place it: nothing stands in for a missing source.
 */
export function footerBox(ctx: Base): TextBox {
  const source = (ctx.meta.source ?? '').trim();
  const text = /^(資料|资料)?(來源|来源)|^Sources?\b/i.test(source) ? source : ctx.say('sourceLead') + source;
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN - 1.2;
  const t = textBox(ctx, {
    role: 'footer',
    xIn: MARGIN_X_IN,
    yIn: 0,
    wIn,
    paragraphs: [[{ kind: 'text', text }]],
    measureRole: 'body',
    sizePt: FURNITURE_PT,
    leading: 1.25,
    colour: ctx.colours.muted,
  });
  t.box.yIn = round2(ctx.heightIn - BOTTOM_IN - t.box.hIn);
  return t;
}

/** Title, gold rule and (on the first slide only) subtitle of a numbered slide; returns where the body may start. */
export function slideHeader(ctx: Ctx, block: SlideBlock, continuation: number): { items: DeckItem[]; bodyTopIn: number } {
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const title = titleBox(ctx, continuedTitle(ctx, block.title, continuation), {
    xIn: MARGIN_X_IN,
    yIn: TOP_IN,
    wIn,
    startPt: ctx.deck.titleSizePt,
    colour: ctx.colours.accent,
  });
  const items: DeckItem[] = [title];
  const ruleY = bottom(title) + 0.08;
  items.push({ kind: 'rect', box: { xIn: MARGIN_X_IN + INSET_PT / 72, yIn: round2(ruleY), wIn: 1.4, hIn: 0.05 }, fill: ctx.colours.gold });
  let y = ruleY + 0.05 + 0.15;
  if (continuation === 0 && block.subtitle && inlineText(block.subtitle).trim() !== '') {
    const sub = textBox(ctx, {
      role: 'subtitle',
      xIn: MARGIN_X_IN,
      yIn: round2(y),
      wIn,
      paragraphs: [block.subtitle],
      measureRole: 'body',
      sizePt: subtitleSizePt(ctx),
      leading: ctx.deck.pointLeading,
      colour: ctx.colours.muted,
    });
    items.push(sub);
    y = bottom(sub) + 0.05;
  }
  return { items, bodyTopIn: round2(y + 0.15) };
}

export function subtitleSizePt(ctx: Ctx): number {
  return Math.max(ctx.deck.minSizePt, ctx.deck.pointSizePt - 2);
}

export function bodyBottomIn(ctx: Ctx): number {
  return ctx.footer.box.yIn - 0.15;
}

export function numberedSlide(ctx: Ctx, block: SlideBlock, layout: DeckLayout, continuation: number, items: DeckItem[], shown: Noted[] = []): Slide {
  return { layout, continuation, background: ctx.colours.paper, items, notes: slideNotes(block, continuation, shown), ...(block.span ? { span: block.span } : {}) };
}

/**
 * A slide's speaker notes: the block's spoken lead-in (the first slide's, or on the slides it continues onto the
 * block's `continuedNotes`, else the lead-in again), then the note of every point and figure this slide shows, in
 * order. So each slide's notes hold the facts behind exactly its points.
 */
export function slideNotes(block: SlideBlock, continuation: number, shown: Noted[]): string[] {
  const lead = continuation === 0 ? block.notes : (block.continuedNotes ?? block.notes);
  return [...lead, ...shown.map((s) => s.note ?? '')].map((n) => cleanText(n).trim()).filter((n) => n !== '');
}
