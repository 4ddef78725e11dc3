// A table block → a table placeable: caption, header row, body rows and note, every cell typeset by the text engine
// (clreq breaking, digit groups kept whole) in a column as wide as it needs, numbers right- or decimal-aligned, ruled
// in the theme's colours; structure: Table > Caption, TR > TH (Scope Column) / TD, the note a P after it.
import type { BlockOf, Inline, TableCell } from '../../markup/types.js';
import type { Line } from '../../text/engine.js';
import type { TypeStyle } from '../../theme/theme.js';
import type { FrameItem, StructureNode } from '../types.js';
import { inlineParts, linesToItems, nextBlockId, setLines, setText, textElement, type InlineParts } from './set.js';
import type { Ctx, Placeable, TablePlaceable } from './types.js';

/** Inner margins of a cell. */
const PAD_X_PT = 5;
const PAD_Y_PT = 4;

interface SetCell {
  lines: Line[];
  parts: InlineParts | undefined;
  id: number;
  /** Where the text starts, from the cell's left edge, per line (alignment). */
  xPt: number[];
}

export function tablePlaceables(block: BlockOf<'table'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  out.push(tablePlaceable(block, ctx, parent));
}

/** The cell style: body type a step smaller, on a tighter leading; header cells in the strong face. */
function cellStyles(ctx: Ctx, sizePt = ctx.theme.type.body.sizePt - 1): { body: TypeStyle; head: TypeStyle; caption: TypeStyle } {
  const b = ctx.theme.type.body;
  const body: TypeStyle = { ...b, sizePt, leadingPt: Math.round(sizePt * 1.5 * 2) / 2 };
  return {
    body,
    head: { ...body, role: 'heading', colour: 'accentDeep' },
    caption: { ...ctx.theme.type.h3, sizePt: b.sizePt, leadingPt: b.leadingPt, colour: 'ink' },
  };
}

/** The widest single line a cell's text sets to, at this style. */
function naturalWidth(ctx: Ctx, inlines: Inline[], style: TypeStyle): number {
  return Math.max(0, ...setLines(ctx, inlines, style, 100_000, 'start').map((l) => l.naturalWidthPt));
}

/** The widest piece of a cell's text no line break can split (a word, a number with its digit groups). */
function minimalWidth(ctx: Ctx, inlines: Inline[], style: TypeStyle): number {
  return Math.max(0, ...setLines(ctx, inlines, style, 1, 'start').map((l) => l.naturalWidthPt));
}

/**
 * Column widths that fill the text column, or `undefined` when even the unbreakable pieces do not fit at this size.
 * When every cell fits on one line, number and year columns keep their natural width and the slack goes to the
 * text columns. Otherwise each column gets at least its widest unbreakable piece (a number column its whole
 * numbers: digit groups are never broken; a text column at least 3 em) and the room left is shared by how much
 * more each column would take to set its cells on one line, as a browser lays out an automatic table.
 */
function columnWidths(ctx: Ctx, block: BlockOf<'table'>, styles: ReturnType<typeof cellStyles>, widthPt: number): number[] | undefined {
  const n = block.header.length;
  const over = (f: (inlines: Inline[], style: TypeStyle) => number): number[] =>
    Array.from({ length: n }, (_, c) =>
      Math.max(f(block.header[c]!.inlines, styles.head), ...block.rows.map((row) => (row[c] ? f(row[c]!.inlines, styles.body) : 0))) + 2 * PAD_X_PT,
    );
  const natural = over((inlines, style) => naturalWidth(ctx, inlines, style));
  const numeric = block.header.map((h, c) => h.kind !== 'text' || block.rows.every((row) => row[c]?.kind !== 'text'));
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= widthPt) {
    // Everything fits on one line: the slack goes to the text columns (or to all, when there are none).
    const growers = numeric.every(Boolean) ? numeric.map(() => true) : numeric.map((x) => !x);
    const growW = natural.reduce((a, w, c) => a + (growers[c] ? w : 0), 0);
    return natural.map((w, c) => (growers[c] ? w + ((widthPt - total) * w) / growW : w));
  }
  const minimal = over((inlines, style) => minimalWidth(ctx, inlines, style));
  const minText = styles.body.sizePt * 3 + 2 * PAD_X_PT;
  // Numbers whole when that leaves the other columns their minimum; else numbers too may wrap between groups' words.
  const wanted = minimal.map((m, c) => (numeric[c] ? natural[c]! : Math.max(m, Math.min(natural[c]!, minText))));
  const least = minimal.map((m, c) => Math.max(m, Math.min(natural[c]!, numeric[c] ? m : minText)));
  const floor = wanted.reduce((a, b) => a + b, 0) <= widthPt ? wanted : least;
  const floorW = floor.reduce((a, b) => a + b, 0);
  if (floorW > widthPt + 0.01) return undefined;
  const desire = natural.map((w, c) => Math.max(0, w - floor[c]!));
  const desireW = desire.reduce((a, b) => a + b, 0);
  return floor.map((f, c) => f + (desireW > 0 ? ((widthPt - floorW) * desire[c]!) / desireW : (widthPt - floorW) / n));
}

/** The width of the part of a number before its decimal point (all of it when it has none). */
function integerPartWidth(ctx: Ctx, style: TypeStyle, line: Line): number {
  const text = line.text;
  const dot = text.search(/\.\d/);
  if (dot < 0) return line.naturalWidthPt;
  return setText(ctx, text.slice(0, dot), style, 100_000)[0]?.naturalWidthPt ?? 0;
}

function tablePlaceable(block: BlockOf<'table'>, ctx: Ctx, parent: StructureNode[]): TablePlaceable {
  const { geo } = ctx;
  // The cells' size steps down (to 6 pt at the least) only when a word or number no break can split would not fit.
  let styles = cellStyles(ctx);
  let widths = columnWidths(ctx, block, styles, geo.contentW);
  while (!widths && styles.body.sizePt > 6) {
    styles = cellStyles(ctx, styles.body.sizePt - 0.5);
    widths = columnWidths(ctx, block, styles, geo.contentW);
  }
  widths ??= Array.from({ length: block.header.length }, () => geo.contentW / block.header.length);
  const xs = widths.map((_, c) => widths.slice(0, c).reduce((a, b) => a + b, 0));
  const table: StructureNode = { type: 'Table', children: [] };
  parent.push(table);

  // Caption first: read before the header.
  let caption: TablePlaceable['caption'];
  if (block.caption.length > 0) {
    const id = nextBlockId(ctx);
    const lines = setLines(ctx, block.caption, styles.caption, geo.contentW, 'start');
    const parts = inlineParts(ctx, lines);
    table.children.push(textElement('Caption', id, parts));
    const heightPt = lines.length * styles.caption.leadingPt + 4;
    caption = { heightPt, paint: () => linesToItems(lines, styles.caption, 0, 0, 'Caption', id, parts) };
  }
  const captionText = block.caption.length > 0 ? block.caption : [];
  const contLines = setLines(ctx, [...captionText, { kind: 'text', text: ctx.say('continued') }], styles.caption, geo.contentW, 'start');
  const contId = nextBlockId(ctx);
  const continuedCaption = {
    heightPt: contLines.length * styles.caption.leadingPt + 4,
    // Said once already: on a following page the caption is a running title, an artifact.
    paint: () => linesToItems(contLines, styles.caption, 0, 0, 'artifact', contId),
  };

  /** Typeset a row; aligned per column; decimal columns line their points up. */
  const setRow = (cells: TableCell[], style: TypeStyle, type: 'TH' | 'TD', tr: StructureNode): SetCell[] =>
    cells.map((cell, c) => {
      const inner = (widths[c] ?? widths[widths.length - 1]!) - 2 * PAD_X_PT;
      const lines = setLines(ctx, cell.inlines, style, inner, 'start');
      const parts = inlineParts(ctx, lines);
      const id = nextBlockId(ctx);
      const el = textElement(type, id, parts);
      if (type === 'TH') el.scope = 'Column';
      tr.children.push(el);
      return { lines, parts, id, xPt: lines.map((l) => (cell.align === 'left' ? 0 : Math.max(0, inner - l.naturalWidthPt))) };
    });

  const headTr: StructureNode = { type: 'TR', children: [] };
  table.children.push(headTr);
  const head = setRow(block.header, styles.head, 'TH', headTr);
  const bodyRows = block.rows.map((row) => {
    const tr: StructureNode = { type: 'TR', children: [] };
    table.children.push(tr);
    return setRow(row, styles.body, 'TD', tr);
  });

  // Decimal alignment: in a decimal column every number's point sits where the widest fraction puts it.
  block.header.forEach((h, c) => {
    const decimal = block.rows.some((row) => row[c]?.align === 'decimal');
    if (!decimal) return;
    const inner = widths[c]! - 2 * PAD_X_PT;
    const fracs = bodyRows.map((row, r) => {
      const cell = row[c];
      const line = cell?.lines[0];
      if (!cell || !line || cell.lines.length !== 1) return undefined;
      return line.naturalWidthPt - integerPartWidth(ctx, styles.body, line);
    });
    const maxFrac = Math.max(0, ...fracs.map((f) => f ?? 0));
    bodyRows.forEach((row, r) => {
      const cell = row[c];
      const f = fracs[r];
      if (!cell || f === undefined) return;
      cell.xPt = [Math.max(0, inner - maxFrac - (cell.lines[0]!.naturalWidthPt - f))];
    });
  });

  const rowHeight = (cells: SetCell[], style: TypeStyle): number => Math.max(1, ...cells.map((c) => c.lines.length)) * style.leadingPt + 2 * PAD_Y_PT;
  const paintCells = (cells: SetCell[], style: TypeStyle, type: 'TH' | 'TD', artifact: boolean): FrameItem[] => {
    const items: FrameItem[] = [];
    cells.forEach((cell, c) => {
      cell.lines.forEach((line, i) => {
        const x = (xs[c] ?? 0) + PAD_X_PT + (cell.xPt[i] ?? 0);
        items.push(...linesToItems([line], style, x, PAD_Y_PT + i * style.leadingPt, artifact ? 'artifact' : type, cell.id, artifact ? undefined : cell.parts, i));
      });
    });
    // A repeated header draws its links' words but not their annotations twice.
    return artifact ? items.filter((it) => it.kind !== 'link') : items;
  };

  const headH = rowHeight(head, styles.head);
  const header = {
    heightPt: headH,
    paint: (repeat: boolean): FrameItem[] => [
      { kind: 'rect', xPt: 0, yPt: 0, wPt: geo.contentW, hPt: headH, fill: 'tint' },
      { kind: 'rule', x1Pt: 0, y1Pt: 0, x2Pt: geo.contentW, y2Pt: 0, stroke: 'accent', widthPt: 1.2 },
      ...paintCells(head, styles.head, 'TH', repeat),
      { kind: 'rule', x1Pt: 0, y1Pt: headH, x2Pt: geo.contentW, y2Pt: headH, stroke: 'accent', widthPt: 0.6 },
    ],
  };
  const rows = bodyRows.map((cells, r) => {
    const h = rowHeight(cells, styles.body);
    const last = r === bodyRows.length - 1;
    return {
      heightPt: h,
      paint: (): FrameItem[] => [
        ...paintCells(cells, styles.body, 'TD', false),
        // Hairlines between rows; the table's closing rule is drawn under the last row on each page.
        ...(last ? [] : [{ kind: 'rule' as const, x1Pt: 0, y1Pt: h, x2Pt: geo.contentW, y2Pt: h, stroke: 'rule', widthPt: 0.5 }]),
      ],
    };
  });
  let note: TablePlaceable['note'];
  if (block.note) {
    const id = nextBlockId(ctx);
    const style = ctx.theme.type.caption;
    const lines = setLines(ctx, block.note, style, geo.contentW, 'start');
    const parts = inlineParts(ctx, lines);
    // The note follows the table in reading order, a paragraph of its own.
    parent.push(textElement('P', id, parts));
    note = { heightPt: lines.length * style.leadingPt + 4, paint: () => linesToItems(lines, style, 0, 4, 'P', id, parts) };
  }
  return {
    kind: 'table',
    spaceBeforePt: 10,
    spaceAfterPt: 12,
    caption,
    continuedCaption,
    header,
    rows,
    closing: () => [{ kind: 'rule', x1Pt: 0, y1Pt: 0, x2Pt: geo.contentW, y2Pt: 0, stroke: 'accent', widthPt: 1.2 }],
    note,
  };
}

