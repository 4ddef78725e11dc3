// The brochure's block layout vocabulary: what a block becomes (placeables: typeset lines and fixed boxes) and the
// context every block's layout reads (theme, text engine, page geometry, the document's words).
import type { Line, TextEngine } from '../../text/engine.js';
import type { Block } from '../../markup/types.js';
import type { Theme, TypeStyle } from '../../theme/theme.js';
import type { FrameItem, StructureNode, StructureRole } from '../types.js';
import type { InlineParts } from './set.js';

export interface Geometry {
  trimW: number;
  trimH: number;
  bleed: number;
  top: number;
  bottom: number;
  inside: number;
  outside: number;
  contentW: number;
}

export interface LinesPlaceable {
  kind: 'lines';
  lines: Line[];
  style: TypeStyle;
  indentPt: number;
  role: StructureRole;
  /** The structure element the lines are content of; one id even when the block breaks across pages. */
  blockId: number;
  /** Space kept above the first line even at the top of a page (an opener's band). */
  padTopPt?: number;
  spaceBeforePt: number;
  spaceAfterPt: number;
  keepWithNext: boolean;
  newPage: boolean;
  /** A list item's bullet, drawn left of the text: a square by default, at `xPt` from the column's edge. */
  marker?: { text: string; style: TypeStyle; xPt?: number; shape?: 'square' | 'dash' };
  /** A numbered item's number (its Lbl), typeset, at `xPt` from the column's edge on the first line. */
  label?: { lines: Line[]; style: TypeStyle; xPt: number; blockId: number };
  /** A vertical rule beside every line (a quote's), at `xPt` from the column's edge. */
  bar?: { xPt: number; widthPt: number; colour: string };
  /** The text's pieces when it holds links: each run's element, the links' annotations. */
  parts?: InlineParts;
  ruleAbove?: boolean;
  /** A numbered section's opener: a band running into the outside bleed, with the number large. */
  opener?: Opener;
  outline?: { title: string; level: number };
  /** A level-1 heading names the running head from its page on. */
  runningHead?: string;
}

export interface BoxPlaceable {
  kind: 'box';
  heightPt: number;
  spaceBeforePt: number;
  spaceAfterPt: number;
  /**
   * Starts a new page and is painted in page coordinates (a full-bleed frame at the page's top, running into
   * the bleed); `heightPt` is then measured from the trim's top edge, and the column continues below it.
   */
  pageTop?: boolean;
  /** Items relative to the box's top-left corner (page coordinates when `pageTop`). */
  paint: () => FrameItem[];
}

export interface Opener {
  numeral: Line[];
  numeralStyle: TypeStyle;
  /** Band height: padding, heading lines, padding. */
  heightPt: number;
  /** The hairline between number and heading, from the text column's left edge. */
  ruleXPt: number;
}

export type Placeable = LinesPlaceable | BoxPlaceable | TablePlaceable | { kind: 'pageBreak' };

/**
 * A table: rows placed whole, as many as fit; the rest continue on the next page under the header row again and a
 * 「（續）」 caption. Heights are known; `paint*` draw at (0, 0) = the top-left of what they paint.
 */
export interface TablePlaceable {
  kind: 'table';
  spaceBeforePt: number;
  spaceAfterPt: number;
  caption: { heightPt: number; paint: () => FrameItem[] } | undefined;
  /** The caption on the pages the table continues onto (an artifact: the reader has heard it once). */
  continuedCaption: { heightPt: number; paint: () => FrameItem[] };
  header: { heightPt: number; paint: (repeat: boolean) => FrameItem[] };
  rows: { heightPt: number; paint: () => FrameItem[] }[];
  /** The rule closing the table under its last row on a page. */
  closing: () => FrameItem[];
  note: { heightPt: number; paint: () => FrameItem[] } | undefined;
}

export interface Ctx {
  theme: Theme;
  engine: TextEngine;
  geo: Geometry;
  blockSeq: number;
  /** The document's language (BCP 47): list numbers and labels follow it. */
  lang: string;
  /** A word the layout prints itself, in the document's language (目錄, 目录, Contents): the theme's labels. */
  say: Say;
  /** A date as the document's language writes it (2026 年 4 月 28 日, 28 April 2026). */
  date: (iso: string) => string;
}

/** A label of the theme in the document's language, its `{placeholders}` filled. */
export type Say = (key: string, values?: Record<string, string | number>) => string;

/** Turns one block into placeables (in `out`) and structure nodes (in `parent`), in reading order. */
export type PlaceBlock = (block: Block, ctx: Ctx, out: Placeable[], parent: StructureNode[]) => void;
