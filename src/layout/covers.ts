// The document's meta → the front cover (title, subtitle, publisher, date) and the back cover (publisher, source).
import type { Doc } from '../markup/types.js';
import type { TypeStyle } from '../theme/theme.js';
import { leaf, linesToItems, nextBlockId, setText } from './blocks/set.js';
import type { Ctx } from './blocks/types.js';
import type { FrameItem, StructureNode } from './types.js';

export interface Painted {
  items: FrameItem[];
  structure: StructureNode;
}

export function paintCover(doc: Doc, ctx: Ctx): Painted {
  const { theme, geo } = ctx;
  const items: FrameItem[] = [];
  const children: StructureNode[] = [];
  const b = geo.bleed;
  const stripeY = geo.trimH * 0.62;
  // The background runs into the bleed on every side so trimming leaves no white edge.
  items.push({ kind: 'rect', xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH + 2 * b, fill: 'accent' });
  items.push({ kind: 'rect', xPt: -b, yPt: stripeY + 6, wPt: geo.trimW + 2 * b, hPt: geo.trimH - stripeY - 6 + b, fill: 'accentDeep' });
  items.push({ kind: 'rect', xPt: -b, yPt: stripeY, wPt: geo.trimW + 2 * b, hPt: 6, fill: 'gold' });
  const x = geo.outside + 10;
  const w = geo.contentW - 20;
  const titleStyle = theme.type.coverTitle;
  const title = setText(ctx, doc.meta.title, titleStyle, w);
  let y = geo.trimH * 0.3;
  items.push({ kind: 'rect', xPt: x, yPt: y - 18, wPt: 40, hPt: 4, fill: 'gold' });
  const titleId = nextBlockId(ctx);
  children.push(leaf('Title', titleId));
  items.push(...linesToItems(title, titleStyle, x, y, 'Title', titleId));
  y += title.length * titleStyle.leadingPt + 12;
  if (doc.meta.subtitle) {
    const sub = setText(ctx, doc.meta.subtitle, theme.type.coverSubtitle, w);
    const id = nextBlockId(ctx);
    children.push(leaf('P', id));
    items.push(...linesToItems(sub, theme.type.coverSubtitle, x, y, 'P', id));
  }
  const foot: TypeStyle = { ...theme.type.coverSubtitle, sizePt: 11, leadingPt: 17 };
  let footY = stripeY + 24;
  // No publisher named, no line: the cover never prints a placeholder.
  if (doc.meta.publisher) {
    const pub = setText(ctx, doc.meta.publisher, foot, w);
    const pubId = nextBlockId(ctx);
    children.push(leaf('P', pubId));
    items.push(...linesToItems(pub, foot, x, footY, 'P', pubId));
    footY += pub.length * foot.leadingPt;
  }
  const date = setText(ctx, `${ctx.say('updatedLead')}${ctx.date(doc.meta.date)}`, foot, w);
  const dateId = nextBlockId(ctx);
  children.push(leaf('P', dateId));
  items.push(...linesToItems(date, foot, x, footY, 'P', dateId));
  return { items, structure: { type: 'Div', children } };
}

export function paintBackCover(doc: Doc, ctx: Ctx): Painted {
  const { theme, geo } = ctx;
  const b = geo.bleed;
  const items: FrameItem[] = [{ kind: 'rect', xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH + 2 * b, fill: 'accent' }];
  const style: TypeStyle = { ...theme.type.caption, colour: 'paper' };
  const big: TypeStyle = { ...style, sizePt: 12, leadingPt: 18 };
  const w = geo.contentW;
  const x = geo.inside;
  const yPub = geo.trimH - geo.bottom - 64;
  items.push({ kind: 'rect', xPt: x, yPt: yPub - 14, wPt: 40, hPt: 3, fill: 'gold' });
  const children: StructureNode[] = [];
  // Publisher and source only when the dataset names them: never a placeholder or a file name.
  if (doc.meta.publisher) {
    const pubId = nextBlockId(ctx);
    items.push(...linesToItems(setText(ctx, doc.meta.publisher, big, w), big, x, yPub, 'P', pubId));
    children.push(leaf('P', pubId));
  }
  let y = yPub + big.leadingPt + 6;
  // The source line, with the date the figures are as of.
  const source = doc.meta.source;
  if (source) {
    const srcId = nextBlockId(ctx);
    const src = setText(ctx, `${ctx.say('sourceLead')}${source}`, style, w);
    items.push(...linesToItems(src, style, x, y, 'P', srcId));
    children.push(leaf('P', srcId));
    y += src.length * style.leadingPt;
  }
  // The as-of date, unless the source line already gives it (as the body's source line does).
  if (!source?.includes(ctx.date(doc.meta.date))) {
    const dateId = nextBlockId(ctx);
    const date = setText(ctx, ctx.say('dataAsOf', { date: ctx.date(doc.meta.date) }), style, w);
    items.push(...linesToItems(date, style, x, y, 'P', dateId));
    children.push(leaf('P', dateId));
  }
  return { items, structure: { type: 'Div', children } };
}
