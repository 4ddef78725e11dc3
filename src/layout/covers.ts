// The document's meta → the front cover (title, subtitle, publisher, date) and the back cover (publisher, source).
import { basename } from 'node:path';
import { probeImage } from '../images/probe.js';
import type { Doc } from '../markup/types.js';
import type { ThemeImageRole } from '../theme/theme.js';
import { frameItem } from './blocks/picture.js';
import type { TypeStyle } from '../theme/theme.js';
import { leaf, linesToItems, nextBlockId, setText } from './blocks/set.js';
import type { Ctx } from './blocks/types.js';
import type { FrameItem, ImageItem, StructureNode } from './types.js';

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
  // The theme's cover picture fills the cover above the gold stripe, into the bleed on three sides.
  const picture = themePicture(ctx, 'cover', doc.meta.lang, { xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: stripeY + b });
  if (picture) {
    items.push(picture.item);
    children.push(picture.node);
  }
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
  items.push(...logoPlate(ctx, doc.meta.lang, geo.trimW - geo.outside - LOGO_W, geo.trimH - geo.bottom - LOGO_H, children));
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
  const pictures: StructureNode[] = [];
  const picture = themePicture(ctx, 'back', doc.meta.lang, { xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH * 0.5 + b });
  if (picture) {
    items.push(picture.item);
    pictures.push(picture.node);
  }
  items.push(...logoPlate(ctx, doc.meta.lang, x, yPub - 40 - LOGO_H, pictures));
  items.push({ kind: 'rect', xPt: x, yPt: yPub - 14, wPt: 40, hPt: 3, fill: 'gold' });
  const children: StructureNode[] = [...pictures];
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

/** The logo's frame on the covers, on a paper-coloured plate so a dark logo reads on the accent colour. */
const LOGO_W = 150;
const LOGO_H = 50;
const LOGO_PAD = 8;

/** A theme picture in a frame, as a Figure with its alternative text in the document's language; none when the theme has none. */
function themePicture(ctx: Ctx, role: ThemeImageRole, lang: string, box: { xPt: number; yPt: number; wPt: number; hPt: number }): { item: ImageItem; node: StructureNode } | undefined {
  const image = ctx.theme.images[role];
  if (!image) return undefined;
  const id = nextBlockId(ctx);
  // check (E149) makes sure every edition language has its alternative text; the first is a last resort.
  const alt = image.alt[lang] ?? Object.values(image.alt)[0] ?? '';
  const file = image.file;
  const item = frameItem({ path: file, file: basename(file), ...(image.focus ? { focus: { x: image.focus[0], y: image.focus[1] } } : {}) }, box, id);
  return { item, node: leaf('Figure', id, alt) };
}

/** The theme's logo at (x, y), fitted into its frame without distortion, on a plate (an artifact). */
function logoPlate(ctx: Ctx, lang: string, x: number, y: number, nodes: StructureNode[]): FrameItem[] {
  const logo = ctx.theme.images.logo;
  if (!logo) return [];
  const probe = probeImage(logo.file);
  const aspect = probe.ok ? probe.info.widthPx / probe.info.heightPx : LOGO_W / LOGO_H;
  const w = Math.min(LOGO_W - 2 * LOGO_PAD, (LOGO_H - 2 * LOGO_PAD) * aspect);
  const h = w / aspect;
  const picture = themePicture(ctx, 'logo', lang, { xPt: x + LOGO_PAD, yPt: y + (LOGO_H - h) / 2, wPt: w, hPt: h });
  if (!picture) return [];
  nodes.push(picture.node);
  return [{ kind: 'rect', xPt: x, yPt: y, wPt: w + 2 * LOGO_PAD, hPt: LOGO_H, fill: 'paper' }, picture.item];
}
