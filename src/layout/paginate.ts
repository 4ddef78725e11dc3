// Placeables → pages of positioned items: fills the text column top to bottom with clreq's keeps (a heading stays
// with what follows, no orphan or widow line), and records the outline and each page's running head.
import { paintOpener } from './blocks/section.js';
import { baselineOffset, linesToItems } from './blocks/set.js';
import type { Ctx, Placeable, TablePlaceable } from './blocks/types.js';
import type { FrameItem, OutlineEntry } from './types.js';

export interface Paginated {
  pages: FrameItem[][];
  outline: OutlineEntry[];
  /** Body page index → running head (the level-1 section in force at the page's top). */
  runningHeads: Map<number, string>;
}

export function paginate(placeables: Placeable[], ctx: Ctx, firstPageIndex: number): Paginated {
  const { geo } = ctx;
  const pages: FrameItem[][] = [];
  const outline: OutlineEntry[] = [];
  const runningHeads = new Map<number, string>();
  let items: FrameItem[] = [];
  let y = geo.top;
  let head = '';
  const bottom = geo.trimH - geo.bottom;
  const pageIndex = (): number => firstPageIndex + pages.length;
  const verso = (): boolean => (pageIndex() + 1) % 2 === 0; // even folios are versos
  const left = (): number => (verso() ? geo.outside : geo.inside);
  const empty = (): boolean => items.length === 0;
  const breakPage = (): void => {
    pages.push(items);
    items = [];
    y = geo.top;
    runningHeads.set(pages.length, head);
  };
  runningHeads.set(0, head);

  /** The height that must fit together with a placeable for its keep to hold. */
  const minHeight = (k: number): number => {
    const p = placeables[k];
    if (!p || p.kind === 'pageBreak') return 0;
    if (p.kind === 'box') return p.spaceBeforePt + p.heightPt;
    if (p.kind === 'table') return p.spaceBeforePt + (p.caption?.heightPt ?? 0) + p.header.heightPt + (p.rows[0]?.heightPt ?? 0);
    if (p.newPage) return 0;
    const before = p.spaceBeforePt + (p.padTopPt ?? 0);
    const own = before + Math.min(2, p.lines.length) * p.style.leadingPt;
    return p.keepWithNext ? before + p.lines.length * p.style.leadingPt + p.spaceAfterPt + minHeight(k + 1) : own;
  };

  /**
   * A table's rows go whole onto the page while they fit; the rest continue on the next page under a 「（續）」
   * caption and the header row again. The caption, the header and the first two rows (one, if that is all) keep
   * together, so a table never starts with its header alone at a page's foot.
   */
  const placeTable = (t: TablePlaceable): void => {
    const paint = (painted: FrameItem[], top: number): void => {
      for (const item of painted) items.push(shift(item, left(), top));
    };
    const keep = t.rows.slice(0, Math.min(2, t.rows.length)).reduce((sum, r) => sum + r.heightPt, 0);
    const opening = (t.caption?.heightPt ?? 0) + t.header.heightPt + keep;
    if (y + (empty() ? 0 : t.spaceBeforePt) + opening > bottom && !empty()) breakPage();
    y += empty() ? 0 : t.spaceBeforePt;
    if (t.caption) {
      paint(t.caption.paint(), y);
      y += t.caption.heightPt;
    }
    paint(t.header.paint(false), y);
    y += t.header.heightPt;
    let placedOnPage = 0;
    t.rows.forEach((row) => {
      if (y + row.heightPt > bottom && placedOnPage > 0) {
        paint(t.closing(), y);
        breakPage();
        paint(t.continuedCaption.paint(), y);
        y += t.continuedCaption.heightPt;
        paint(t.header.paint(true), y);
        y += t.header.heightPt;
        placedOnPage = 0;
      }
      paint(row.paint(), y);
      y += row.heightPt;
      placedOnPage++;
    });
    paint(t.closing(), y);
    if (t.note) {
      if (y + t.note.heightPt > bottom) breakPage();
      paint(t.note.paint(), y);
      y += t.note.heightPt;
    }
    y += t.spaceAfterPt;
  };

  placeables.forEach((p, k) => {
    if (p.kind === 'pageBreak') {
      if (!empty()) breakPage();
      return;
    }
    if (p.kind === 'lines' && p.newPage && !empty()) breakPage();
    if (p.kind === 'lines' && p.runningHead !== undefined) {
      head = p.runningHead;
      if (empty()) runningHeads.set(pages.length, head);
    }
    const spaceBefore = empty() ? 0 : p.spaceBeforePt;
    if (p.kind === 'box' && p.pageTop) {
      if (!empty()) breakPage();
      items.push(...p.paint());
      y = Math.max(geo.top, p.heightPt + p.spaceAfterPt);
      // The heading that follows names this page's running head.
      const next = placeables[k + 1];
      if (next?.kind === 'lines' && next.runningHead !== undefined) runningHeads.set(pages.length, (head = next.runningHead));
      return;
    }
    if (p.kind === 'table') {
      placeTable(p);
      return;
    }
    if (p.kind === 'box') {
      if (y + spaceBefore + p.heightPt > bottom && !empty()) breakPage();
      const top = y + (empty() ? 0 : p.spaceBeforePt);
      for (const item of p.paint()) items.push(shift(item, left(), top));
      y = top + p.heightPt + p.spaceAfterPt;
      return;
    }
    const lh = p.style.leadingPt;
    const padTop = p.padTopPt ?? 0;
    if (p.keepWithNext) {
      const need = spaceBefore + padTop + p.lines.length * lh + p.spaceAfterPt + minHeight(k + 1);
      if (y + need > bottom && !empty()) breakPage();
    }
    let first = 0;
    // One block keeps one id across a page break: it is one paragraph for the reader (and the tags).
    const id = p.blockId;
    while (first < p.lines.length) {
      const remaining = p.lines.length - first;
      const top = y + (empty() ? 0 : first === 0 ? p.spaceBeforePt : 0) + (first === 0 ? padTop : 0);
      const fit = Math.floor((bottom - top + 0.01) / lh);
      let take = remaining;
      if (fit < remaining) {
        // No orphan (a first line alone at a page's foot) and no widow (a last line alone at a head).
        take = Math.min(fit, remaining - 2);
        if (p.keepWithNext || take < 2 || (first === 0 && take < 2)) take = 0;
        if (take === 0 && empty()) take = Math.max(1, fit); // a block taller than a page must still go somewhere
      }
      if (take === 0) {
        breakPage();
        continue;
      }
      if (first === 0 && p.ruleAbove) {
        items.push({ kind: 'rect', xPt: left(), yPt: top - 6, wPt: 28, hPt: 3, fill: 'accent' });
      }
      if (first === 0 && p.opener) items.push(...paintOpener(p.opener, top - padTop, left(), verso(), ctx));
      if (first === 0 && p.outline) {
        outline.push({ title: p.outline.title, level: p.outline.level, pageIndex: pageIndex(), yPt: top - padTop });
      }
      const x = left() + p.indentPt;
      if (p.bar) items.push({ kind: 'rect', xPt: left() + p.bar.xPt, yPt: top, wPt: p.bar.widthPt, hPt: take * lh, fill: p.bar.colour });
      if (first === 0 && p.label) items.push(...linesToItems(p.label.lines, p.label.style, left() + p.label.xPt, top, 'Lbl', p.label.blockId));
      items.push(...linesToItems(p.lines.slice(first, first + take), p.style, x, top, p.role, id, p.parts, first));
      if (first === 0 && p.marker) {
        const m = p.marker.style;
        // Centre the bullet on the first line's em box.
        const cy = top + baselineOffset(p.style) - p.style.sizePt * 0.38 + m.sizePt * 0.38;
        const mx = left() + (p.marker.xPt ?? p.indentPt * 0.15);
        const side = m.sizePt * 0.75;
        if (p.marker.shape === 'dash') items.push({ kind: 'rect', xPt: mx, yPt: cy - side / 2 - side * 0.08, wPt: side * 1.3, hPt: side * 0.16, fill: m.colour });
        else items.push({ kind: 'rect', xPt: mx, yPt: cy - side, wPt: side, hPt: side, fill: m.colour });
      }
      y = top + take * lh;
      first += take;
      if (first < p.lines.length) breakPage();
    }
    y += p.spaceAfterPt;
  });
  if (!empty()) pages.push(items);
  return { pages, outline, runningHeads };
}

function shift(item: FrameItem, dx: number, dy: number): FrameItem {
  switch (item.kind) {
    case 'text':
    case 'rect':
    case 'link':
    case 'image':
      return { ...item, xPt: item.xPt + dx, yPt: item.yPt + dy };
    case 'rule':
      return { ...item, x1Pt: item.x1Pt + dx, y1Pt: item.y1Pt + dy, x2Pt: item.x2Pt + dx, y2Pt: item.y2Pt + dy };
  }
}
