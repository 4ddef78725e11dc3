// A table slide → native PowerPoint tables: every cell measured with the shared text engine at the deck's smallest
// reading size, rows as tall as their tallest cell, as many rows per slide as fit under the title (and caption); the
// rest continue on 「（續）」 slides with the header row repeated. A row is never split; the note closes the last slide.
import { codes } from '../../diag/diagnostic.js';
import { inlineText, type BlockOf, type Inline, type TableCell } from '../../markup/types.js';
import { bodyBottomIn, numberedSlide, slideHeader } from './furniture.js';
import { BREAK_SAFETY_EM, MARGIN_X_IN, bottom, ceilIn, inlinesToRuns, measureLines, round2, textBox, warning } from './measure.js';
import type { Ctx, DeckItem, Slide, SlideBlock, TableCellItem, TableItem, TextBox } from './types.js';

/** Cell margins, points. */
const PAD_X_PT = 6;
const PAD_Y_PT = 4;
const LEADING = 1.25;

export function tableSlides(ctx: Ctx, block: SlideBlock, table: BlockOf<'table'>): Slide[] {
  const { deck, colours } = ctx;
  const sizePt = deck.minSizePt;
  const lineHeightPt = round2(sizePt * LEADING);
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const columnsIn = columnWidths(ctx, table, sizePt, wIn);
  const cell = (c: TableCell, col: number, role: 'body' | 'heading'): TableCellItem => {
    const widthPt = (columnsIn[col] ?? columnsIn[columnsIn.length - 1]!) * 72 - 2 * PAD_X_PT - BREAK_SAFETY_EM * sizePt;
    return { runs: inlinesToRuns(c.inlines), align: c.align === 'left' ? 'left' : 'right', lines: measureLines(ctx, c.inlines, role, sizePt, Math.max(sizePt, widthPt)) };
  };
  const header = table.header.map((c, i) => cell(c, i, 'heading'));
  const rows = table.rows.map((r) => r.map((c, i) => cell(c, i, 'body')));
  const rowIn = (cells: TableCellItem[]): number => ceilIn((Math.max(1, ...cells.map((c) => c.lines)) * lineHeightPt + 2 * PAD_Y_PT) / 72);
  const headerIn = rowIn(header);
  const rowsIn = rows.map(rowIn);

  const captionOf = (continuation: number, yIn: number): TextBox | undefined => {
    if (table.caption.length === 0 && continuation === 0) return undefined;
    const inlines: Inline[] = continuation === 0 ? table.caption : [...table.caption, { kind: 'text', text: ctx.say('continued') }];
    return textBox(ctx, { role: 'caption', xIn: MARGIN_X_IN, yIn, wIn, paragraphs: [inlines], measureRole: 'strong', sizePt, leading: 1.3, weight: 'bold', colour: colours.ink });
  };
  const noteOf = (yIn: number): TextBox | undefined =>
    table.note
      ? textBox(ctx, { role: 'cell', xIn: MARGIN_X_IN, yIn, wIn, paragraphs: [table.note], measureRole: 'body', sizePt, leading: 1.3, colour: colours.muted })
      : undefined;

  // Rows per slide: as many as fit between the caption and the footer; the last slide also holds the note.
  const slides: Slide[] = [];
  let from = 0;
  while (from < rows.length || slides.length === 0) {
    const continuation = slides.length;
    const head = slideHeader(ctx, block, continuation);
    const caption = captionOf(continuation, head.bodyTopIn);
    const tableTop = round2(caption ? bottom(caption) + 0.08 : head.bodyTopIn);
    const floor = bodyBottomIn(ctx);
    let to = from;
    let used = headerIn;
    while (to < rows.length && tableTop + used + rowsIn[to]! <= floor) used += rowsIn[to++]!;
    if (to === from && from < rows.length) {
      // A row taller than a whole slide: set it anyway, and say so.
      ctx.diagnostics.push({
        ...warning(`a row of the table 「${inlineText(table.caption) || inlineText(block.title)}」 is taller than a whole slide: 「${inlineText(table.rows[from]![0]?.inlines ?? [])}」`, table.rows[from]![0]?.span ?? table.span ?? block.span, ['shorten the cells; the full text belongs in the brochure']),
        code: codes.tableRowTooTall,
      });
      used += rowsIn[to++]!;
    }
    // The note goes under the last rows when it fits there, else on a slide of its own after them.
    const items: DeckItem[] = [...head.items, ...(caption ? [caption] : [])];
    const item: TableItem = {
      kind: 'table',
      box: { xIn: MARGIN_X_IN, yIn: tableTop, wIn: round2(wIn), hIn: round2(used) },
      columnsIn,
      rowsIn: [headerIn, ...rowsIn.slice(from, to)],
      header,
      rows: rows.slice(from, to),
      sizePt,
      lineHeightPt,
      padPt: { y: PAD_Y_PT, x: PAD_X_PT },
      colours: { headFill: colours.tint, head: colours.accent, ink: colours.ink, rule: colours.rule, accent: colours.accent },
    };
    items.push(item);
    if (to >= rows.length) {
      const note = noteOf(round2(tableTop + used + 0.1));
      if (note && bottom(note) <= floor) items.push(note);
      else if (note) {
        slides.push(numberedSlide(ctx, block, 'table', continuation, items));
        const next = slideHeader(ctx, block, continuation + 1);
        const alone = noteOf(next.bodyTopIn)!;
        slides.push(numberedSlide(ctx, block, 'table', continuation + 1, [...next.items, alone]));
        break;
      }
    }
    slides.push(numberedSlide(ctx, block, 'table', continuation, items));
    from = to;
    if (rows.length === 0) break;
  }
  return slides;
}

/**
 * Column widths filling the slide: when every cell fits on one line, number and year columns keep their natural
 * width and the slack goes to the text columns. Otherwise each column gets at least its widest unbreakable piece
 * (a number column its whole numbers while that leaves the others theirs; a text column at least 4 em) and the
 * room left is shared by how much more each column would take to set its cells on one line.
 */
function columnWidths(ctx: Ctx, table: BlockOf<'table'>, sizePt: number, wIn: number): number[] {
  const pad = 2 * PAD_X_PT + BREAK_SAFETY_EM * sizePt;
  const measure = (inlines: Inline[], role: 'body' | 'heading', widthPt: number): number => ctx.measurer.measure({ inlines, role, sizePt, widthPt }).maxLineWidthPt;
  const n = table.header.length;
  const over = (widthPt: number): number[] =>
    Array.from({ length: n }, (_, c) =>
      (Math.max(measure(table.header[c]!.inlines, 'heading', widthPt), ...table.rows.map((r) => (r[c] ? measure(r[c]!.inlines, 'body', widthPt) : 0))) + pad) / 72,
    );
  const natural = over(100_000);
  const numeric = table.header.map((h, c) => h.kind !== 'text' || table.rows.every((r) => r[c]?.kind !== 'text'));
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= wIn) {
    const growers = numeric.every(Boolean) ? numeric.map(() => true) : numeric.map((x) => !x);
    const growW = natural.reduce((a, w, c) => a + (growers[c] ? w : 0), 0);
    return fix(natural.map((w, c) => (growers[c] ? w + ((wIn - total) * w) / growW : w)), wIn);
  }
  const minimal = over(1);
  const minText = (sizePt * 4 + pad) / 72;
  const wanted = minimal.map((m, c) => (numeric[c] ? natural[c]! : Math.max(m, Math.min(natural[c]!, minText))));
  const least = minimal.map((m, c) => Math.max(m, Math.min(natural[c]!, numeric[c] ? m : minText)));
  const floor = wanted.reduce((a, b) => a + b, 0) <= wIn ? wanted : least;
  const floorW = floor.reduce((a, b) => a + b, 0);
  // Unbreakable pieces wider than the slide together: scale (the cells then wrap inside words, as PowerPoint does).
  if (floorW > wIn) return fix(floor.map((w) => (w * wIn) / floorW), wIn);
  const desire = natural.map((w, c) => Math.max(0, w - floor[c]!));
  const desireW = desire.reduce((a, b) => a + b, 0);
  return fix(floor.map((f, c) => f + (desireW > 0 ? ((wIn - floorW) * desire[c]!) / desireW : (wIn - floorW) / n)), wIn);
}

/** Round to 1/100 in, the last column taking the remainder, so the columns add up to the table's width exactly. */
function fix(widths: number[], wIn: number): number[] {
  const scale = wIn / widths.reduce((a, b) => a + b, 0);
  const out = widths.map((w) => Math.floor(w * scale * 100) / 100);
  out[out.length - 1] = round2(wIn - out.slice(0, -1).reduce((a, b) => a + b, 0));
  return out;
}
