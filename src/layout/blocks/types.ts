// The brochure's block layout vocabulary: what a block becomes (placeables: typeset lines and fixed boxes) and the
// context every block's layout reads (theme, text engine, page geometry, the document's words).
import type { Line, TextEngine } from '../../text/engine.js';
import type { Block } from '../../markup/types.js';
import type { Theme, TypeStyle } from '../../theme/theme.js';
import type { FrameItem, StructureNode, StructureRole } from '../types.js';

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
  marker?: { text: string; style: TypeStyle };
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
  /** Items relative to the box's top-left corner. */
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

export type Placeable = LinesPlaceable | BoxPlaceable | { kind: 'pageBreak' };

export interface Ctx {
  theme: Theme;
  engine: TextEngine;
  geo: Geometry;
  blockSeq: number;
  /** A word the layout prints itself, in the document's language (目錄, 目录, Contents): the theme's labels. */
  say: Say;
  /** A date as the document's language writes it (2026 年 4 月 28 日, 28 April 2026). */
  date: (iso: string) => string;
}

/** A label of the theme in the document's language, its `{placeholders}` filled. */
export type Say = (key: string, values?: Record<string, string | number>) => string;

/** Turns one block into placeables (in `out`) and structure nodes (in `parent`), in reading order. */
export type PlaceBlock = (block: Block, ctx: Ctx, out: Placeable[], parent: StructureNode[]) => void;
