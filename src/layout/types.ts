// The brochure laid out: pages of positioned items, which the PDF writer only paints, and the
// document's logical structure (reading order), which the tagged screen edition writes as tags.
// Coordinates are points from the trim box's top-left corner, y downwards; items in the bleed have
// negative coordinates or exceed the trim size.
import type { PlacedGlyph } from '../text/paragraph.js';
import type { Span } from '../diag/diagnostic.js';
import type { CropPx, ImageFormat } from '../images/types.js';


/**
 * What a text item is in the document; `artifact` marks running heads, folios and ornaments, which the
 * tagged edition leaves out of the structure. Other runs are tagged as the structure element that holds
 * their block (a list item's runs say `LI`, the element holding them is the item's `LBody`).
 */
export type StructureRole =
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Figure'
  | 'Caption'
  | 'TOCI'
  | 'Link'
  | 'Span'
  | 'TH'
  | 'TD'
  | 'BlockQuote'
  | 'Title'
  | 'artifact';

/**
 * Structure element types (PDF 32000-1 §14.8.4). `Title` is not a standard type in PDF 1.7; the writer
 * maps it to `P` in the role map (PDF 2.0 made it standard).
 */
export type StructureType = Exclude<StructureRole, 'artifact'> | 'Document' | 'Sect' | 'Div' | 'L' | 'TOC' | 'Reference' | 'Table' | 'THead' | 'TBody' | 'TR';

/** One element of the logical structure. */
export interface StructureNode {
  type: StructureType;
  /** Alternative text, for figures: what a screen reader says instead of the figure's content. */
  alt?: string;
  /** Runs, shapes and links that carry this block id are this element's content. */
  blockId?: number;
  /** A table header cell's scope (PDF 32000-1 §14.8.5.7): the cells it heads. */
  scope?: 'Column' | 'Row' | 'Both';
  children: StructureNode[];
}

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
  /** The engine's glyphs, positioned from xPt: what the PDF draws (one text object per line, TJ adjustments). */
  glyphs: PlacedGlyph[];
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
  /** Content of that block (a chart's bars); without one the shape is an artifact (decoration). */
  blockId?: number;
}

export interface RuleItem {
  kind: 'rule';
  x1Pt: number;
  y1Pt: number;
  x2Pt: number;
  y2Pt: number;
  stroke: string;
  widthPt: number;
  /** Content of that block; without one the rule is an artifact. */
  blockId?: number;
}

export interface LinkItem {
  kind: 'link';
  xPt: number;
  yPt: number;
  wPt: number;
  hPt: number;
  /** Index into the pages array (a link inside the document); absent for a link to `uri`. */
  targetPage?: number;
  /** A link out of the document: a web or e-mail address (a /URI action). */
  uri?: string;
  /** Where on the target page the link lands (its top), in points from the trim's top edge. */
  targetYPt?: number;
  /** The `Link` structure element the annotation belongs to. */
  blockId?: number;
  /** What the link says, for assistive technology (the annotation's Contents). */
  label?: string;
}

/**
 * A picture in a frame: the part of the source (`crop`, source pixels; for SVG its user units) drawn into the box,
 * which has the crop's aspect, so nothing is stretched. A full-bleed frame's box runs into the bleed.
 */
export interface ImageItem {
  kind: 'image';
  xPt: number;
  yPt: number;
  wPt: number;
  hPt: number;
  /** Absolute path of the file. */
  path: string;
  /** As the dataset or theme names it, for messages. */
  file: string;
  format: ImageFormat;
  crop: CropPx;
  /** The `Figure` element it is the content of; without one the picture is an artifact (decoration). */
  blockId?: number;
  /** The data or theme field that names the picture. */
  span?: Span;
}

export type FrameItem = GlyphRunItem | RectItem | RuleItem | LinkItem | ImageItem;

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
  /**
   * The logical structure in reading order (children of the `Document` element). Without it the writer
   * tags each block by its runs' role, in order of appearance.
   */
  structure?: StructureNode[];
  /** Subject keywords for the document metadata. */
  keywords?: string[];
  /** Indices of pages only the print edition carries: notes pages that fill a booklet to a multiple of four. */
  printOnly?: number[];
}
