// A picture (the markup's <picture>, a theme image) + a box on the slide → a PictureItem: the part of the picture
// the box shows, cropped around its focal point (`cover`) or the whole picture fitted inside the box (`contain`,
// a logo), never stretched. Also the picture slide: a body image with its title, the picture as large as the body
// allows, and its caption and credit below.
import { cropAround } from '../../images/crop.js';
import { probeImage } from '../../images/probe.js';
import type { BlockOf } from '../../markup/types.js';
import { bodyBottomIn, numberedSlide, slideHeader } from './furniture.js';
import { pointSlides } from './points.js';
import { MARGIN_X_IN, bottom, round2, textBox } from './measure.js';
import type { Base, BoxIn, Ctx, PictureItem, Slide, SlideBlock } from './types.js';

type PictureBlock = BlockOf<'picture'>;

/** Slide pictures are resampled to this many pixels per inch of their box: sharp on a projector, light in the file. */
export const DECK_PPI = 180;

/**
 * The picture in `box`: `cover` fills the box, cropping around the focus; `contain` shrinks the box to the
 * picture's aspect (centred in it) and shows all of it. Undefined when the file cannot be read (check reports it).
 */
export function pictureItem(pic: Pick<PictureBlock, 'path' | 'file' | 'alt' | 'focus' | 'span'>, box: BoxIn, fit: 'cover' | 'contain'): PictureItem | undefined {
  const probe = probeImage(pic.path);
  if (!probe.ok) return undefined;
  const { info } = probe;
  let b = box;
  if (fit === 'contain') {
    const aspect = info.widthPx / info.heightPx;
    const wIn = Math.min(box.wIn, box.hIn * aspect);
    const hIn = wIn / aspect;
    b = { xIn: box.xIn + (box.wIn - wIn) / 2, yIn: box.yIn + (box.hIn - hIn) / 2, wIn, hIn };
  }
  return {
    kind: 'picture',
    box: b,
    path: pic.path,
    file: pic.file,
    format: info.format,
    crop: cropAround(info.widthPx, info.heightPx, b.wIn, b.hIn, fit === 'cover' ? pic.focus : undefined),
    alt: pic.alt,
    ...(pic.span ? { span: pic.span } : {}),
  };
}

/** A theme picture (cover, logo) with its alternative text in the deck's language; undefined when the theme has none. */
export function themePictureItem(ctx: Base, role: 'cover' | 'logo', box: BoxIn, fit: 'cover' | 'contain'): PictureItem | undefined {
  const image = ctx.images[role];
  if (!image) return undefined;
  // check (E149) makes sure every edition language has its alternative text; the first is a last resort.
  const alt = image.alt[ctx.meta.lang] ?? Object.values(image.alt)[0] ?? '';
  const file = image.file.split(/[\\/]/).pop() ?? image.file;
  return pictureItem({ path: image.file, file, alt, ...(image.focus ? { focus: { x: image.focus[0], y: image.focus[1] } } : {}) }, box, fit);
}

/** A picture slide: header, the picture as large as the body allows (its own aspect, centred), caption and credit below. */
export function pictureSlides(ctx: Ctx, block: SlideBlock, pic: PictureBlock): Slide[] {
  const { items, bodyTopIn } = slideHeader(ctx, block, 0);
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const text = [pic.caption, pic.credit].filter((t): t is string => t !== undefined && t.trim() !== '');
  const caption = text.length
    ? textBox(ctx, {
        role: 'caption',
        xIn: MARGIN_X_IN,
        yIn: 0,
        wIn,
        paragraphs: text.map((t) => [{ kind: 'text' as const, text: t }]),
        measureRole: 'body',
        sizePt: Math.max(ctx.deck.minSizePt, ctx.deck.pointSizePt - 4),
        leading: 1.3,
        colour: ctx.colours.muted,
        align: 'center',
      })
    : undefined;
  const floor = bodyBottomIn(ctx) - (caption ? caption.box.hIn + 0.1 : 0);
  const picture = pictureItem(pic, { xIn: MARGIN_X_IN, yIn: bodyTopIn, wIn, hIn: round2(floor - bodyTopIn) }, 'contain');
  if (picture) items.push(picture);
  if (caption) {
    caption.box.yIn = round2(picture ? bottom(picture) + 0.1 : bodyTopIn);
    items.push(caption);
  }
  // Points a picture slide may carry continue on content slides.
  return [numberedSlide(ctx, block, 'picture', 0, items), ...pointSlides(ctx, block, block.points, { first: 1, list: 'bullet', numberFrom: 1 })];
}

/**
 * The pixels a deck picture is resampled to: `DECK_PPI` across its box, never more than the crop holds (an SVG
 * is rendered at that size); the height follows the crop's aspect, so the media's aspect is the box's.
 */
export function deckPixels(p: PictureItem): { widthPx: number; heightPx: number } {
  const want = Math.max(1, Math.round(p.box.wIn * DECK_PPI));
  const widthPx = p.format === 'svg' ? want : Math.min(p.crop.width, want);
  return { widthPx, heightPx: Math.max(1, Math.round((widthPx * p.crop.height) / p.crop.width)) };
}
