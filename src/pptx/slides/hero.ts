// Title, section and closing slides → a coloured slide with a large title, subtitle, the title slide's imprint, and
// any points below (what does not fit continues on content slides).
import { dateIn } from '../../edition/words.js';
import { inlineText, type ListItem } from '../../markup/types.js';
import { slideNotes } from './furniture.js';
import { BOTTOM_IN, INSET_PT, MARGIN_X_IN, bottom, round2, textBox, titleBox } from './measure.js';
import { pictureItem, themePictureItem } from './picture.js';
import { measurePoint, nested, pointSlides, pointsBox, pointsHeightPt } from './points.js';
import type { Ctx, DeckItem, Slide, SlideBlock } from './types.js';

/** Where a title or section slide's picture starts, as a share of the slide's width. */
const PICTURE_FROM = 0.58;
const LOGO_PAD_IN = 0.12;

export function heroSlides(ctx: Ctx, block: SlideBlock): Slide[] {
  const { colours, deck } = ctx;
  const isSection = block.layout === 'section';
  const background = isSection ? colours.tint : colours.accent;
  const ink = isSection ? colours.accent : colours.paper;
  const xIn = MARGIN_X_IN + (isSection ? 0.45 : 0.3);
  const items: DeckItem[] = [];
  // A picture (the title slide's: the theme's cover; a section opener's: its own) fills the right part of the
  // slide edge to edge, cropped around its focus; the text keeps the left part.
  const panel = { xIn: round2(ctx.widthIn * PICTURE_FROM), yIn: 0, wIn: round2(ctx.widthIn * (1 - PICTURE_FROM)), hIn: ctx.heightIn };
  const picture =
    block.layout === 'title' ? themePictureItem(ctx, 'cover', panel, 'cover') : isSection && block.picture ? pictureItem(block.picture, panel, 'cover') : undefined;
  // Pictures are read after the slide's text (the title first): they join `items` at the end.
  const pictures: DeckItem[] = picture ? [picture] : [];
  const wIn = (picture ? panel.xIn - 0.4 : ctx.widthIn - MARGIN_X_IN - 0.3) - xIn;
  // The publisher's logo on the title slide, above the title, on a paper plate so a dark logo reads on the accent.
  if (block.layout === 'title') {
    const logo = themePictureItem(ctx, 'logo', { xIn: xIn + LOGO_PAD_IN, yIn: 0.5 + LOGO_PAD_IN, wIn: 1.8, hIn: 0.7 }, 'contain');
    if (logo) {
      items.push({ kind: 'rect', box: { xIn, yIn: 0.5, wIn: round2(logo.box.wIn + 2 * LOGO_PAD_IN), hIn: round2(0.7 + 2 * LOGO_PAD_IN) }, fill: colours.paper });
      logo.box.xIn = xIn + LOGO_PAD_IN;
      pictures.push(logo);
    }
  }

  const title = titleBox(ctx, block.title, {
    xIn,
    yIn: round2(ctx.heightIn * (isSection ? 0.34 : 0.28)),
    wIn,
    startPt: Math.round(deck.titleSizePt * (isSection ? 1.2 : 1.4)),
    colour: ink,
  });
  items.push(title);
  let y = bottom(title) + 0.1;
  if (!isSection) {
    items.push({ kind: 'rect', box: { xIn: round2(xIn + INSET_PT / 72), yIn: round2(y), wIn: 1.6, hIn: 0.06 }, fill: colours.gold });
    y += 0.06 + 0.2;
  }
  const subtitle = block.subtitle ?? (block.layout === 'title' && ctx.meta.subtitle ? [{ kind: 'text' as const, text: ctx.meta.subtitle }] : undefined);
  if (subtitle && inlineText(subtitle).trim() !== '') {
    const sub = textBox(ctx, {
      role: 'subtitle',
      xIn,
      yIn: round2(y),
      wIn,
      paragraphs: [subtitle],
      measureRole: 'body',
      sizePt: Math.max(deck.minSizePt, deck.pointSizePt + 4),
      leading: deck.pointLeading,
      colour: isSection ? colours.ink : colours.paper,
    });
    items.push(sub);
    y = bottom(sub) + 0.1;
  }
  if (isSection) {
    const top = title.box.yIn;
    items.push({ kind: 'rect', box: { xIn: MARGIN_X_IN, yIn: top, wIn: 0.12, hIn: round2(y - top) }, fill: colours.accent });
  }

  let floorIn = ctx.heightIn - BOTTOM_IN - 0.3;
  // The imprint (publisher and date) belongs to the title slide; a closing slide names its own sign-off.
  if (block.layout === 'title') {
    const date = dateIn(ctx.meta.lang, ctx.meta.date);
    const imprint = textBox(ctx, {
      role: 'imprint',
      xIn,
      yIn: 0,
      wIn,
      paragraphs: [[{ kind: 'text', text: ctx.meta.publisher ? ctx.say('imprint', { publisher: ctx.meta.publisher, date }) : date }]],
      measureRole: 'body',
      sizePt: Math.max(deck.minSizePt, deck.pointSizePt - 2),
      leading: 1.3,
      colour: colours.paper,
    });
    imprint.box.yIn = round2(ctx.heightIn - BOTTOM_IN - 0.3 - imprint.box.hIn);
    items.push(imprint);
    floorIn = imprint.box.yIn - 0.15;
  }

  // Points on these slides (a closing slide's contacts, say) go below the subtitle; what does not fit continues.
  let taken = 0;
  if (block.points.length > 0) {
    const topIn = round2(y + 0.15);
    const capPt = (floorIn - topIn) * 72;
    const size = deck.pointSizePt;
    // A point is measured with the items nested under it, as the box sets them (a list four levels deep under one
    // point overran the slide when only the point's own line was counted).
    const isNested = nested(block.points);
    let used = 0;
    let paras = 0;
    while (taken < block.points.length && taken < deck.maxPoints) {
      const m = measurePoint(ctx, block.points[taken] as ListItem, isNested, { wIn, list: 'none' }, size);
      if (pointsHeightPt(ctx, used + m.lines, paras + m.paras, size) > capPt) break;
      used += m.lines;
      paras += m.paras;
      taken++;
    }
    if (taken > 0) {
      items.push(pointsBox(ctx, { items: block.points.slice(0, taken), sizePt: size }, { xIn, yIn: topIn, wIn, list: 'none', numberFrom: 1, colour: isSection ? colours.ink : colours.paper }));
    }
  }
  items.push(...pictures);
  const first: Slide = { layout: block.layout, continuation: 0, background, items, notes: slideNotes(block, 0, block.points.slice(0, taken)), ...(block.span ? { span: block.span } : {}) };
  return [first, ...pointSlides(ctx, block, block.points.slice(taken), { first: 1, list: 'bullet', numberFrom: 1 })];
}
