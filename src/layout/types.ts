// The brochure laid out: pages of positioned items, which the PDF writer only paints.
// Coordinates are points from the trim box's top-left corner, y downwards; items in the bleed have
// negative coordinates or exceed the trim size.

/** Structure role of a text item, for the tagged screen edition; `artifact` marks running heads and folios. */
export type StructureRole = 'H1' | 'H2' | 'H3' | 'P' | 'LI' | 'Lbl' | 'Figure' | 'Caption' | 'TOCI' | 'Title' | 'artifact';

export interface GlyphRunItem {
  kind: 'text';
  xPt: number;
  /** Baseline. */
  yPt: number;
  fontId: string;
  sizePt: number;
  /** A theme colour name. */
  colour: string;
  text: string;
  /** Extra space after each character (inter-character justification). */
  spacingPt: number;
  widthPt: number;
  role: StructureRole;
  /** Groups runs of one paragraph or heading, so the tagged edition marks them as one element. */
  blockId: number;
}

export interface RectItem {
  kind: 'rect';
  xPt: number;
  yPt: number;
  wPt: number;
  hPt: number;
  fill: string;
}

export interface RuleItem {
  kind: 'rule';
  x1Pt: number;
  y1Pt: number;
  x2Pt: number;
  y2Pt: number;
  stroke: string;
  widthPt: number;
}

export interface LinkItem {
  kind: 'link';
  xPt: number;
  yPt: number;
  wPt: number;
  hPt: number;
  /** Index into the pages array. */
  targetPage: number;
}

export type FrameItem = GlyphRunItem | RectItem | RuleItem | LinkItem;

export interface Page {
  /** Printed folio (1-based, cover included). */
  number: number;
  widthPt: number;
  heightPt: number;
  bleedPt: number;
  items: FrameItem[];
}

export interface OutlineEntry {
  title: string;
  level: number;
  pageIndex: number;
  yPt: number;
}

export interface LaidOutDocument {
  pages: Page[];
  outline: OutlineEntry[];
}
