// The document tree: what the markup parser produces and every later stage consumes.
// Plain, JSON-serialisable data; every node keeps a span back to its source.
import type { Span } from '../diag/diagnostic.js';

export type Inline =
  | { kind: 'text'; text: string; span?: Span }
  | { kind: 'strong'; children: Inline[]; span?: Span }
  /** A link to a web or e-mail address: its words are the children. */
  | { kind: 'link'; href: string; children: Inline[]; span?: Span };

export interface DocMeta {
  title: string;
  subtitle?: string;
  /** BCP 47, e.g. `zh-Hant-HK`. */
  lang: string;
  /** Absent when the dataset names no publisher: the layouts then print nothing in its place. */
  publisher?: string;
  /** The as-of date at its precision: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date: string;
  /** Absent when the dataset names no source: no source line is printed. */
  source?: string;
}

export interface ChartSeries {
  name: string;
  values: number[];
  /** Ids of the key figures the values come from, one per category, when the markup names them. */
  figures?: string[];
}

export interface ListItem {
  inlines: Inline[];
  /** A slide point's speaker note, plain text: what the presenter says about it. */
  note?: string;
  /** The list nested under this item (the next level). */
  sublist?: SubList;
  /** A slide point that is an item of a numbered list: consecutive ordered points are numbered 1, 2, 3. */
  ordered?: boolean;
  span?: Span;
}

/** A list nested in an item: numbered or bulleted, one level deeper. */
export interface SubList {
  ordered: boolean;
  items: ListItem[];
}

export type ColumnKind = 'text' | 'number' | 'year';

/** A table cell: inline content, the kind of its column and how it aligns (`decimal`: on the decimal point). */
export interface TableCell {
  inlines: Inline[];
  kind: ColumnKind;
  align: 'left' | 'right' | 'decimal';
  span?: Span;
}

/** One column of a two-column (comparison) slide: its heading and its points. */
export interface SlideColumn {
  title: Inline[];
  points: ListItem[];
  span?: Span;
}

export type SlideLayout = 'title' | 'agenda' | 'section' | 'content' | 'figures' | 'chart' | 'table' | 'picture' | 'closing';

export type Block =
  | { kind: 'cover'; span?: Span }
  | { kind: 'toc'; span?: Span }
  | { kind: 'pageBreak'; span?: Span }
  | {
      kind: 'section';
      id: string;
      /** 1 = top-level section; deeper levels nest. */
      level: number;
      /** A numbered section (the actions: 3 is printed 「（三）」 in the heading). */
      number?: number;
      heading: Inline[];
      blocks: Block[];
      span?: Span;
    }
  | { kind: 'paragraph'; inlines: Inline[]; role?: 'lead' | 'source'; span?: Span }
  | { kind: 'list'; items: ListItem[]; /** Numbered in the document language's style; bulleted when absent. */ ordered?: boolean; span?: Span }
  | {
      kind: 'table';
      /** Empty when the table has none; a continued table prints its caption (or nothing) with 「（續）」. */
      caption: Inline[];
      /** The header row, repeated on every page or slide the table continues onto. */
      header: TableCell[];
      rows: TableCell[][];
      /** A note or source line under the table. */
      note?: Inline[];
      span?: Span;
    }
  | { kind: 'quote'; inlines: Inline[]; /** Who said it. */ by?: Inline[]; span?: Span }
  /** A note (「註：…」): the layouts print the label before it. */
  | { kind: 'note'; inlines: Inline[]; span?: Span }
  | {
      kind: 'stat';
      value: number;
      /** The value as printed, e.g. `1 400`. */
      display: string;
      unit: string;
      label: string;
      asOf: number;
      /** The key figure's id in the dataset, when the markup names it (a deck does not repeat charted figures). */
      id?: string;
      /** Its speaker note on a slide, plain text. */
      note?: string;
      span?: Span;
    }
  | {
      kind: 'chart';
      id: string;
      title: string;
      unit: string;
      categories: string[];
      series: ChartSeries[];
      span?: Span;
    }
  | {
      kind: 'picture';
      /** `figure`: in the text, column wide, with its caption; `opener`: opens its section (full bleed). */
      placement: 'figure' | 'opener';
      /** Absolute path of the file. */
      path: string;
      /** The file as the dataset names it, for messages. */
      file: string;
      /** Alternative text: what a screen reader says (the tagged PDF's Alt, the deck's descr). */
      alt: string;
      caption?: string;
      credit?: string;
      /** The point kept in view when a frame crops the picture (fractions of its width and height). */
      focus?: { x: number; y: number };
      span?: Span;
    }
  | {
      kind: 'slide';
      layout: SlideLayout;
      title: Inline[];
      subtitle?: Inline[];
      points: ListItem[];
      stats: Extract<Block, { kind: 'stat' }>[];
      chart?: Extract<Block, { kind: 'chart' }>;
      /** A table slide's table: rows that do not fit continue on 「（續）」 slides with the header repeated. */
      table?: Extract<Block, { kind: 'table' }>;
      /** A picture: the title slide's, a section opener's, or a picture slide's with its caption. */
      picture?: Extract<Block, { kind: 'picture' }>;
      /** Speaker notes, one paragraph each, as plain text. */
      notes: string[];
      /** Notes that open the slides this one continues onto, in place of `notes` (which open the first). */
      continuedNotes?: string[];
      /** Lists shown side by side (a comparison); absent on slides without `<column>`s. */
      columns?: SlideColumn[];
      span?: Span;
    };

export interface Doc {
  meta: DocMeta;
  blocks: Block[];
}

export type BlockOf<K extends Block['kind']> = Extract<Block, { kind: K }>;

/** The plain text of inlines, marks dropped. */
export function inlineText(inlines: Inline[]): string {
  return inlines.map((i) => (i.kind === 'text' ? i.text : inlineText(i.children))).join('');
}
