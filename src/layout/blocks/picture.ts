// A picture block → a frame placed in the text (column wide, caption and credit below) or opening its section
// (full bleed at the top of a top-level section's first page); the picture cropped around its focal point to the
// frame's aspect, never stretched. Structure: a Figure with the alternative text, its Caption inside it.
import { codes, DiagnosticError, error } from '../../diag/diagnostic.js';
import { cropAround } from '../../images/crop.js';
import { probeImage } from '../../images/probe.js';
import type { BlockOf } from '../../markup/types.js';
import type { TypeStyle } from '../../theme/theme.js';
import type { FrameItem, ImageItem, StructureNode } from '../types.js';
import { leaf, linesToItems, nextBlockId, setText } from './set.js';
import type { BoxPlaceable, Ctx, Placeable } from './types.js';
import type { Span } from '../../diag/diagnostic.js';

/** What a frame needs to know of a picture: its file, where it is named, the point to keep in view. */
export interface PictureSource {
  path: string;
  file: string;
  focus?: { x: number; y: number } | undefined;
  span?: Span | undefined;
}

/**
 * The picture in a frame at (x, y, w, h): the largest part of it with the frame's aspect, centred on its focal
 * point. A picture that cannot be read stops the layout with the same located error `check` gives.
 */
export function frameItem(pic: PictureSource, box: { xPt: number; yPt: number; wPt: number; hPt: number }, blockId?: number): ImageItem {
  const probe = probeImage(pic.path);
  if (!probe.ok) {
    const code = probe.problem.kind === 'missing' ? codes.imageMissing : codes.imageFormat;
    throw new DiagnosticError([error(code, `picture '${pic.file}': ${probe.problem.message}`, pic.span)]);
  }
  const { info } = probe;
  return {
    kind: 'image',
    ...box,
    path: pic.path,
    file: pic.file,
    format: info.format,
    crop: cropAround(info.widthPx, info.heightPx, box.wPt, box.hPt, pic.focus),
    ...(blockId !== undefined ? { blockId } : {}),
    ...(pic.span ? { span: pic.span } : {}),
  };
}

/** The picture's pixel aspect (width / height), 1 when it cannot be read (the frame then reports the problem). */
function aspectOf(path: string): number {
  const probe = probeImage(path);
  return probe.ok ? probe.info.widthPx / probe.info.heightPx : 1;
}

/** A top-level section's opening picture runs into the bleed at the top and both sides: this share of the page. */
const OPENER_SHARE = 0.4;
/** A figure in the text is at most this share of the text column's height, so text stays on its page. */
const FIGURE_MAX_SHARE = 0.42;

/** A picture block (a figure in the text; an opener below the top level is placed like a figure without caption). */
export function picturePlaceables(block: BlockOf<'picture'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  out.push(figureBox(block, ctx, parent, block.placement === 'figure'));
}

/** A full-bleed opening picture at the top of a new page (a top-level section's): a Figure with its alternative text. */
export function openerPictureBox(block: BlockOf<'picture'>, ctx: Ctx, parent: StructureNode[]): BoxPlaceable {
  const { geo } = ctx;
  const id = nextBlockId(ctx);
  parent.push(leaf('Figure', id, block.alt));
  const heightPt = Math.round(geo.trimH * OPENER_SHARE);
  return {
    kind: 'box',
    pageTop: true,
    heightPt,
    spaceBeforePt: 0,
    spaceAfterPt: 24,
    paint: () => [frameItem(block, { xPt: -geo.bleed, yPt: -geo.bleed, wPt: geo.trimW + 2 * geo.bleed, hPt: heightPt + geo.bleed }, id)],
  };
}

function figureBox(block: BlockOf<'picture'>, ctx: Ctx, parent: StructureNode[], withCaption: boolean): BoxPlaceable {
  const { theme, geo } = ctx;
  const id = nextBlockId(ctx);
  const figure: StructureNode = { ...leaf('Figure', id, block.alt) };
  parent.push(figure);
  const aspect = aspectOf(block.path);
  const maxH = (geo.trimH - geo.top - geo.bottom) * FIGURE_MAX_SHARE;
  // A portrait picture keeps its whole height in a narrower frame rather than being cut to a band.
  let wPt = aspect < 1 ? Math.min(geo.contentW, maxH * aspect) : geo.contentW;
  let hPt = Math.min(maxH, wPt / aspect);
  if (aspect < 1) wPt = Math.min(wPt, hPt * aspect);
  wPt = Math.round(wPt * 100) / 100;
  hPt = Math.round(hPt * 100) / 100;
  const cap: TypeStyle = theme.type.caption;
  const captionText = withCaption ? [block.caption, block.credit].filter((t): t is string => t !== undefined).join('　') : '';
  const lines = captionText ? setText(ctx, captionText, cap, geo.contentW) : [];
  const capId = lines.length ? nextBlockId(ctx) : undefined;
  // The caption is inside the Figure (PDF/UA: a Caption is the first or last child of what it captions).
  if (capId !== undefined) figure.children.push(leaf('Caption', capId));
  const gap = 6;
  return {
    kind: 'box',
    heightPt: hPt + (lines.length ? gap + lines.length * cap.leadingPt : 0),
    spaceBeforePt: 10,
    spaceAfterPt: 12,
    paint: () => {
      const items: FrameItem[] = [frameItem(block, { xPt: 0, yPt: 0, wPt, hPt }, id)];
      if (capId !== undefined) items.push(...linesToItems(lines, cap, 0, hPt + gap, 'Caption', capId));
      return items;
    },
  };
}
