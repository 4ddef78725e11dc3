// A picture's size + a frame's aspect + a focal point → the part of the picture the frame shows (never
// stretched: the crop has the frame's aspect), and the resolution that part has at its printed size.
import type { CropPx, FocusPoint } from './types.js';

const CENTRE: FocusPoint = { x: 0.5, y: 0.5 };

/**
 * The largest region of a `widthPx` × `heightPx` picture with the frame's aspect (`boxW` / `boxH`), centred
 * on the focal point as far as the picture's edges allow (object-fit: cover with object-position at the focus).
 * Whole pixels: the crop's aspect differs from the frame's by under one pixel's worth.
 */
export function cropAround(widthPx: number, heightPx: number, boxW: number, boxH: number, focus: FocusPoint = CENTRE): CropPx {
  const boxAspect = boxW / boxH;
  let width = widthPx;
  let height = heightPx;
  if (widthPx / heightPx > boxAspect) width = Math.max(1, Math.min(widthPx, Math.round(heightPx * boxAspect)));
  else height = Math.max(1, Math.min(heightPx, Math.round(widthPx / boxAspect)));
  const clamp = (v: number, max: number): number => Math.max(0, Math.min(max, Math.round(v)));
  return { left: clamp(focus.x * widthPx - width / 2, widthPx - width), top: clamp(focus.y * heightPx - height / 2, heightPx - height), width, height };
}

/** Pixels per inch of a crop printed `widthPt` wide and `heightPt` high: the lower of the two directions. */
export function effectivePpi(crop: CropPx, widthPt: number, heightPt: number): number {
  return Math.min(crop.width / (widthPt / 72), crop.height / (heightPt / 72));
}

/** How many pixels an output needs across `lengthPt` at `ppi`, never more than the crop holds (no upsampling). */
export function pixelsFor(lengthPt: number, ppi: number, available: number): number {
  return Math.max(1, Math.min(available, Math.round((lengthPt / 72) * ppi)));
}
