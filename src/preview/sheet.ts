// Take page images in groups (brochure pages, slides) and draw one contact sheet: a labelled grid per group, as PNG.
import { createCanvas, GlobalFonts, loadImage, type SKRSContext2D } from '@napi-rs/canvas';

export interface SheetImage {
  /** Shown under the tile: the page or slide number. */
  label: string;
  png: Buffer;
  widthPx: number;
  heightPx: number;
}

export interface SheetGroup {
  /** Shown above the grid, e.g. 「brochure.pdf · 14 pages」. */
  title: string;
  images: SheetImage[];
  /** Tiles per row. */
  columns: number;
}

export interface SheetOptions {
  groups: SheetGroup[];
  widthPx?: number;
  /** A font file for the labels; the project's own, so the sheet looks the same on every machine. */
  fontFile?: string | undefined;
}

const LAYOUT = { marginPx: 24, gapPx: 16, labelPx: 22, titlePx: 34, fontPx: 14, titleFontPx: 16 } as const;
const COLOURS = { background: '#e8e8e4', border: '#a8a8a0', label: '#3c3c3c' } as const;
const FAMILY = 'silkpress-contact-sheet';

let registered: string | undefined;

/** Register the label font once per process; a second file under the same family would be ambiguous. */
function labelFamily(fontFile: string | undefined): string | undefined {
  if (!fontFile) return undefined;
  if (registered === undefined) {
    if (!GlobalFonts.registerFromPath(fontFile, FAMILY)) return undefined;
    registered = fontFile;
  }
  return FAMILY;
}

interface Placed {
  image: SheetImage;
  x: number;
  y: number;
  w: number;
  h: number;
}

export async function drawContactSheet(options: SheetOptions): Promise<Buffer> {
  const widthPx = options.widthPx ?? 1200;
  const { marginPx, gapPx, labelPx, titlePx } = LAYOUT;
  const inner = widthPx - 2 * marginPx;
  const placed: Placed[] = [];
  const titles: { text: string; y: number }[] = [];
  let y = marginPx;
  for (const group of options.groups) {
    if (group.images.length === 0) continue;
    titles.push({ text: group.title, y });
    y += titlePx;
    const tileW = Math.floor((inner - (group.columns - 1) * gapPx) / group.columns);
    for (let row = 0; row * group.columns < group.images.length; row++) {
      const cells = group.images.slice(row * group.columns, (row + 1) * group.columns);
      // Each tile keeps its page's aspect ratio; a row is as tall as its tallest tile.
      const heights = cells.map((im) => Math.round((tileW * im.heightPx) / im.widthPx));
      cells.forEach((image, i) => placed.push({ image, x: marginPx + i * (tileW + gapPx), y, w: tileW, h: heights[i]! }));
      y += Math.max(...heights) + labelPx + gapPx;
    }
    y += gapPx;
  }
  const heightPx = Math.max(y - gapPx + marginPx - gapPx, 2 * marginPx);

  const canvas = createCanvas(widthPx, heightPx);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = COLOURS.background;
  ctx.fillRect(0, 0, widthPx, heightPx);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  const family = labelFamily(options.fontFile);

  for (const p of placed) {
    const img = await loadImage(p.image.png);
    ctx.fillStyle = COLOURS.border;
    ctx.fillRect(p.x - 1, p.y - 1, p.w + 2, p.h + 2);
    ctx.drawImage(img, p.x, p.y, p.w, p.h);
    if (family) text(ctx, p.image.label, p.x + p.w / 2, p.y + p.h + LAYOUT.labelPx - 6, { family, sizePx: LAYOUT.fontPx, align: 'center' });
  }
  if (family) for (const t of titles) text(ctx, t.text, marginPx, t.y + LAYOUT.titleFontPx + 4, { family, sizePx: LAYOUT.titleFontPx, align: 'left' });
  return canvas.encode('png');
}

function text(ctx: SKRSContext2D, s: string, x: number, baseline: number, style: { family: string; sizePx: number; align: 'left' | 'center' }): void {
  ctx.font = `${style.sizePx}px ${style.family}`;
  ctx.fillStyle = COLOURS.label;
  ctx.textAlign = style.align;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(s, x, baseline);
}
