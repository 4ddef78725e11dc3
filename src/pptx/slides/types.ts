// The deck's vocabulary: slides of measured items (text boxes, native charts, rectangles, the slide number) that the
// PPTX writer and briefing.pdf only draw, and the context every slide layout reads (theme's deck, measurer, colours, words).
import type { Diagnostic, Span } from '../../diag/diagnostic.js';
import type { BlockOf, DocMeta, SlideLayout } from '../../markup/types.js';
import type { Theme } from '../../theme/theme.js';
import type { TextMeasurer } from '../../text/engine.js';
import type { CropPx, ImageFormat } from '../../images/types.js';

/** A rectangle on the slide, in inches from the top-left corner. */
export interface BoxIn {
  xIn: number;
  yIn: number;
  wIn: number;
  hIn: number;
}

export interface DeckRun {
  text: string;
  strong: boolean;
  /** Overrides the box's size for this run (a stat's unit beside its number). */
  sizePt?: number;
  /** A hyperlink: the run is a link to this web or e-mail address. */
  href?: string;
}

export interface DeckParagraph {
  runs: DeckRun[];
  /** Lines the measurer broke this paragraph into at the box's `measureWidthPt` (less its level's indent). */
  lines: number;
  /** A nested list item's level (1, 2 … under a top-level point); absent at the top level. */
  level?: number;
  /** A paragraph's own marker where it differs from the box's list: a nested item's bullet or number. */
  marker?: ParagraphMarker;
}

/** A paragraph's list marker: a bullet, or a number in the language's style (`scheme`: an OOXML autonumber type). */
export type ParagraphMarker = { kind: 'bullet' } | { kind: 'number'; n: number; startAt: number; scheme: NumberScheme };

/** The OOXML autonumber schemes the deck uses (briefing.pdf draws the same labels). */
export type NumberScheme = 'arabicPeriod' | 'ea1ChtComma' | 'ea1ChsComma' | 'arabicParenBoth' | 'alphaLcPeriod' | 'romanLcPeriod';

export type TextRole =
  | 'title'
  | 'subtitle'
  | 'points'
  | 'statValue'
  | 'statLabel'
  | 'statAsOf'
  | 'caption'
  | 'columnHeading'
  | 'cell'
  | 'imprint'
  | 'footer';

export interface TextBox {
  kind: 'text';
  role: TextRole;
  box: BoxIn;
  paragraphs: DeckParagraph[];
  list: 'none' | 'bullet' | 'number';
  /** The first number of a numbered list; agenda numbering continues across continuation slides. */
  numberFrom: number;
  /** Hanging indent reserved for the bullet or number of a list item. */
  listIndentPt: number;
  sizePt: number;
  /** Exact line pitch: the writer sets it as fixed line spacing, so the measured height is the drawn height. */
  lineHeightPt: number;
  /** Space after every paragraph. */
  paragraphGapPt: number;
  /** Inner margin on all four sides. */
  insetPt: number;
  /** The width the measurer was given: box width less insets, list indent and the safety margin. */
  measureWidthPt: number;
  /** The font role the measurer set the text in (strong runs use the strong role unless this is `heading`). */
  measureRole: 'body' | 'strong' | 'heading';
  weight: 'regular' | 'bold';
  /** `#rrggbb`. */
  colour: string;
  align: 'left' | 'center' | 'right';
}

export interface ChartSeriesItem {
  name: string;
  values: number[];
  colour: string;
}

export interface ChartItem {
  kind: 'chart';
  box: BoxIn;
  /** `column`: vertical bars; `bar`: horizontal bars, chosen when a category label is wider than its column. */
  direction: 'column' | 'bar';
  title: string;
  unit: string;
  categories: string[];
  series: ChartSeriesItem[];
  /** Axis labels, legend and value labels. */
  labelSizePt: number;
  showValues: boolean;
}

export interface RectItem {
  kind: 'rect';
  box: BoxIn;
  fill: string;
}

/** The slide-number field: PowerPoint fills in the slide's position. */
export interface SlideNumberItem {
  kind: 'slideNumber';
  box: BoxIn;
  sizePt: number;
  colour: string;
}

/** One cell of a native table: its runs, how it aligns, and the lines the measurer broke it into. */
export interface TableCellItem {
  runs: DeckRun[];
  align: 'left' | 'right';
  lines: number;
}

/**
 * A native PowerPoint table (a:tbl): its header row then body rows, every row as tall as its tallest cell at the
 * fixed line pitch, so the measured height is the drawn height.
 */
export interface TableItem {
  kind: 'table';
  box: BoxIn;
  /** Column widths, inches; they add up to the box's width. */
  columnsIn: number[];
  /** Row heights, inches: the header's first. */
  rowsIn: number[];
  header: TableCellItem[];
  rows: TableCellItem[][];
  sizePt: number;
  lineHeightPt: number;
  /** Cell margins, points: [top/bottom, left/right]. */
  padPt: { y: number; x: number };
  /** `#rrggbb` colours: header fill and text, body text, rules. */
  colours: { headFill: string; head: string; ink: string; rule: string; accent: string };
}

/**
 * A picture shape: the part of the file (`crop`, with the box's aspect: never stretched) shown in `box`, with its
 * alternative text in the deck's language (the PPTX's `descr`, briefing.pdf's `Alt`). The writers resample it for
 * the screen at `DECK_PPI` of the box, never more pixels than the crop holds.
 */
export interface PictureItem {
  kind: 'picture';
  box: BoxIn;
  /** Absolute path of the file. */
  path: string;
  /** As the dataset or theme names it, for messages. */
  file: string;
  format: ImageFormat;
  crop: CropPx;
  alt: string;
  span?: Span;
}

export type DeckItem = TextBox | ChartItem | RectItem | SlideNumberItem | TableItem | PictureItem;

/**
 * A slide's layout: the markup's, or one the deck chooses: `figure` is one key figure drawn large (a figures
 * slide with a single figure), `comparison` is lists side by side (a slide with `<column>`s).
 */
export type DeckLayout = SlideLayout | 'figure' | 'comparison';

export interface Slide {
  layout: DeckLayout;
  /** 0 on the first slide made from a slide block; 1, 2, … on the slides it continues onto. */
  continuation: number;
  background: string;
  items: DeckItem[];
  /** Speaker notes, one plain-text paragraph each: the block's lead-in, then the notes of what the slide shows. */
  notes: string[];
  span?: Span;
}

export interface Deck {
  widthIn: number;
  heightIn: number;
  /** Office language id for every run, e.g. `zh-HK` for `zh-Hant-HK`. */
  lang: string;
  slides: Slide[];
  /** Warnings found while laying out (text that cannot fit even at the smallest size, …). */
  diagnostics: Diagnostic[];
}

/** What a continued slide's title ends with in the authored language; other languages take the theme's `continued` label. */
export const CONTINUED = '（續）';

export interface Base {
  deck: Theme['deck'];
  /** The theme's pictures (cover, logo) with their alternative text by language. */
  images: Theme['images'];
  measurer: TextMeasurer;
  meta: DocMeta;
  diagnostics: Diagnostic[];
  colours: Record<'ink' | 'accent' | 'gold' | 'muted' | 'rule' | 'tint' | 'paper', string>;
  widthIn: number;
  heightIn: number;
  /** A word the deck prints itself ((續), 截至 2024 年, As of 2024), in the document's language: the theme's labels. */
  say: (key: string, values?: Record<string, string | number>) => string;
}

export interface Ctx extends Base {
  /** The source line at the foot of every numbered slide; bodies end above it. */
  footer: TextBox;
  /** Ids of the key figures some chart slide of the deck draws: a figures slide does not repeat them. */
  charted: ReadonlySet<string>;
}

export type SlideBlock = BlockOf<'slide'>;

/** Something a slide shows that may carry its own speaker note: a point, a key figure. */
export interface Noted {
  note?: string;
}

export type Stat = SlideBlock['stats'][number];
