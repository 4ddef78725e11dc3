// Points (content and agenda slides, and points left over from other layouts) → bulleted or numbered text boxes,
// split over as many slides as they need at pointSizePt, the title marked 「（續）」 on the slides they continue onto.
import { inlineText, type Inline, type ListItem, type SlideLayout, type SubList } from '../../markup/types.js';
import { bodyBottomIn, numberedSlide, slideHeader } from './furniture.js';
import { INSET_PT, MARGIN_X_IN, excerpt, measureLines, measureWidthPt, round2, sizeSteps, textBox, warning, type ParagraphMeta } from './measure.js';
import type { Base, Ctx, NumberScheme, ParagraphMarker, Slide, SlideBlock, TextBox } from './types.js';

export interface PointStyle {
  /** Continuation index of the first slide made here. */
  first: number;
  list: 'bullet' | 'number';
  numberFrom: number;
}

export interface PointPage {
  items: ListItem[];
  sizePt: number;
  /** The number of the page's first point when it continues a numbered list from the slide before. */
  firstOrdinal?: number;
}

export function pointSlides(ctx: Ctx, block: SlideBlock, points: ListItem[], style: PointStyle): Slide[] {
  if (points.length === 0) {
    if (style.first > 0) return [];
    // A content slide with nothing but a title still gets its slide (and its notes).
    const header = slideHeader(ctx, block, 0);
    return [numberedSlide(ctx, block, block.layout, 0, header.items)];
  }
  const headers = new Map<number, ReturnType<typeof slideHeader>>();
  const headerFor = (page: number): ReturnType<typeof slideHeader> => {
    const continuation = style.first + page;
    const key = Math.min(continuation, 1); // every continuation slide has the same header
    let h = headers.get(key);
    if (!h) {
      h = slideHeader(ctx, block, continuation);
      headers.set(key, h);
    }
    return h;
  };
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const capacityPt = (page: number): number => (bodyBottomIn(ctx) - headerFor(page).bodyTopIn) * 72;
  const pages = paginatePoints(ctx, block, points, { wIn, list: style.list, capacityPt });

  const slides: Slide[] = [];
  let number = style.numberFrom;
  pages.forEach((page, i) => {
    const continuation = style.first + i;
    const header = headerFor(i);
    const body = pointsBox(ctx, page, { xIn: MARGIN_X_IN, yIn: header.bodyTopIn, wIn, list: style.list, numberFrom: number, colour: ctx.colours.ink });
    number += page.items.length;
    const layout: SlideLayout = block.layout === 'agenda' ? 'agenda' : 'content';
    slides.push(numberedSlide(ctx, block, layout, continuation, [...header.items, body], page.items));
  });
  return slides;
}

export function pointGapPt(sizePt: number): number {
  return round2(sizePt * 0.45);
}

/** A point as paragraphs: its own, then the items nested under it, each with its level and marker. */
interface FlatParagraph {
  inlines: Inline[];
  meta: ParagraphMeta;
}

/**
 * The points of one box, flattened: each point's nested items follow it one level deeper. Numbered items (a
 * numbered list's points, a numbered nested list) count within their list; `startAt` is the number the run of
 * adjacent items at that level starts with in this box, as PowerPoint's autonumbering reads it.
 */
export function flattenPoints(ctx: Base, points: ListItem[], firstOrdinal = 1): FlatParagraph[] {
  const out: FlatParagraph[] = [];
  let ordinal = firstOrdinal - 1;
  const number = (n: number, level: number): ParagraphMarker => {
    // Adjacent items at the same level numbered in one run start where the run starts.
    const prev = out[out.length - 1]?.meta;
    const startAt = prev?.marker?.kind === 'number' && (prev.level ?? 0) === level && prev.marker.n === n - 1 ? prev.marker.startAt : n;
    return { kind: 'number', n, startAt, scheme: numberScheme(ctx.meta.lang, level) };
  };
  const walk = (list: SubList, level: number): void =>
    list.items.forEach((item, k) => {
      out.push({ inlines: item.inlines, meta: { level, marker: list.ordered ? number(k + 1, level) : { kind: 'bullet' } } });
      if (item.sublist) walk(item.sublist, level + 1);
    });
  for (const p of points) {
    ordinal = p.ordered ? ordinal + 1 : 0;
    out.push({ inlines: p.inlines, meta: p.ordered ? { marker: number(ordinal, 0) } : {} });
    if (p.sublist) walk(p.sublist, 1);
  }
  return out;
}

/**
 * The OOXML autonumber of a level (briefing.pdf prints the same labels). English goes 1. → a. → i.; Chinese 1. →
 * (1) → 1.: the East Asian schemes (ea1ChtComma, 一、) are not drawn by LibreOffice Impress, which shows no
 * number at all for them, so the deck numbers Chinese lists in Arabic figures as PowerPoint's own Chinese lists do.
 */
export function numberScheme(lang: string, level: number): NumberScheme {
  if (/^en(-|$)/i.test(lang)) return (['arabicPeriod', 'alphaLcPeriod', 'romanLcPeriod'] as const)[Math.min(level, 2)]!;
  return (['arabicPeriod', 'arabicParenBoth', 'arabicPeriod'] as const)[Math.min(level, 2)]!;
}

/** Whether any point of the list is numbered or has items under it: the boxes then carry per-paragraph metadata. */
export function nested(points: ListItem[]): boolean {
  return points.some((p) => p.ordered || p.sublist);
}

/**
 * A point's lines and paragraphs at `sizePt` in a box `frame.wIn` wide. Among points that nest (`isNested`, see
 * `nested`), a point is measured with the items under it: they stay on its slide, each a paragraph of its own at
 * its level's indent.
 */
export function measurePoint(ctx: Ctx, p: ListItem, isNested: boolean, frame: { wIn: number; list: TextBox['list'] }, sizePt: number): { lines: number; paras: number } {
  if (!isNested) return { lines: measureLines(ctx, p.inlines, 'body', sizePt, measureWidthPt(frame.wIn, sizePt, frame.list)), paras: 1 };
  const flat = flattenPoints(ctx, [p]);
  const t = textBox(ctx, { role: 'points', xIn: 0, yIn: 0, wIn: frame.wIn, paragraphs: flat.map((f) => f.inlines), meta: flat.map((f) => f.meta), measureRole: 'body', sizePt, leading: ctx.deck.pointLeading, list: frame.list, colour: '#000000' });
  return { lines: t.paragraphs.reduce((a, q) => a + q.lines, 0), paras: t.paragraphs.length };
}

export function pointsBox(ctx: Ctx, page: PointPage, at: { xIn: number; yIn: number; wIn: number; list: TextBox['list']; numberFrom: number; colour: string; align?: TextBox['align'] }): TextBox {
  const flat = nested(page.items) ? flattenPoints(ctx, page.items, page.firstOrdinal ?? 1) : undefined;
  return textBox(ctx, {
    role: 'points',
    xIn: at.xIn,
    yIn: at.yIn,
    wIn: at.wIn,
    paragraphs: flat ? flat.map((f) => f.inlines) : page.items.map((p) => p.inlines),
    ...(flat ? { meta: flat.map((f) => f.meta) } : {}),
    measureRole: 'body',
    sizePt: page.sizePt,
    leading: ctx.deck.pointLeading,
    paragraphGapPt: pointGapPt(page.sizePt),
    list: at.list,
    numberFrom: at.numberFrom,
    colour: at.colour,
    align: at.align ?? 'left',
  });
}

/** Height in points of `lines` lines over `count` points at `sizePt`, insets included. */
export function pointsHeightPt(ctx: Ctx, lines: number, count: number, sizePt: number): number {
  return lines * round2(sizePt * ctx.deck.pointLeading) + count * pointGapPt(sizePt) + 2 * INSET_PT;
}

/**
 * Split points over slides: as many as fit the body at pointSizePt, at most maxPoints per slide, never shrinking.
 * When greedy filling leaves a short last slide, the same number of slides is tried with the points shared out
 * evenly (7 points become 4 + 3, not 6 + 1) and kept if every slide still fits.
 * A single point too long for an empty body is the one case that steps its size down, to minSizePt at most.
 */
export function paginatePoints(
  ctx: Ctx,
  block: SlideBlock,
  points: ListItem[],
  frame: { wIn: number; list: TextBox['list']; capacityPt: (page: number) => number },
): PointPage[] {
  const size = ctx.deck.pointSizePt;
  const isNested = nested(points);
  const measured = points.map((p) => measurePoint(ctx, p, isNested, frame, size));
  const lines = measured.map((m) => m.lines);
  const paras = measured.map((m) => m.paras);
  const max = ctx.deck.maxPoints;

  const greedy: number[] = [];
  const oversize = new Map<number, number>(); // page → size used
  let i = 0;
  while (i < points.length) {
    const page = greedy.length;
    const cap = frame.capacityPt(page);
    let count = 0;
    let used = 0;
    let gaps = 0;
    while (i + count < points.length && count < max) {
      const next = used + (lines[i + count] ?? 1);
      if (pointsHeightPt(ctx, next, gaps + (paras[i + count] ?? 1), size) > cap) break;
      used = next;
      gaps += paras[i + count] ?? 1;
      count++;
    }
    if (count === 0) {
      count = 1;
      oversize.set(page, fitSinglePoint(ctx, block, points[i] as ListItem, frame, cap));
    }
    greedy.push(count);
    i += count;
  }

  let counts = greedy;
  if (greedy.length > 1 && oversize.size === 0) {
    const k = greedy.length;
    const even = Array.from({ length: k }, (_, p) => Math.floor(points.length / k) + (p < points.length % k ? 1 : 0));
    let start = 0;
    const fits = even.every((count, p) => {
      const used = lines.slice(start, start + count).reduce((a, b) => a + b, 0);
      const gaps = paras.slice(start, start + count).reduce((a, b) => a + b, 0);
      start += count;
      return count <= max && pointsHeightPt(ctx, used, gaps, size) <= frame.capacityPt(p);
    });
    if (fits) counts = even;
  }

  const pages: PointPage[] = [];
  let start = 0;
  counts.forEach((count, p) => {
    const page: PointPage = { items: points.slice(start, start + count), sizePt: oversize.get(p) ?? size };
    // A numbered list running on from the slide before keeps counting.
    if (points[start]?.ordered) {
      let k = start;
      while (k > 0 && points[k - 1]?.ordered) k--;
      if (start > k) page.firstOrdinal = start - k + 1;
    }
    pages.push(page);
    start += count;
  });
  return pages;
}

export function fitSinglePoint(ctx: Ctx, block: SlideBlock, point: ListItem, frame: { wIn: number; list: TextBox['list'] }, capPt: number): number {
  for (const s of sizeSteps(ctx.deck.pointSizePt, ctx.deck.minSizePt)) {
    if (!nested([point])) {
      const n = measureLines(ctx, point.inlines, 'body', s, measureWidthPt(frame.wIn, s, frame.list));
      if (pointsHeightPt(ctx, n, 1, s) <= capPt) return s;
      continue;
    }
    const flat = flattenPoints(ctx, [point]);
    const t = textBox(ctx, { role: 'points', xIn: 0, yIn: 0, wIn: frame.wIn, paragraphs: flat.map((f) => f.inlines), meta: flat.map((f) => f.meta), measureRole: 'body', sizePt: s, leading: ctx.deck.pointLeading, list: frame.list, colour: '#000000' });
    if (pointsHeightPt(ctx, t.paragraphs.reduce((a, q) => a + q.lines, 0), t.paragraphs.length, s) <= capPt) return s;
  }
  ctx.diagnostics.push(
    warning(
      `a point on slide 「${inlineText(block.title)}」 is too long for a whole slide even at ${ctx.deck.minSizePt}pt: 「${excerpt(inlineText(point.inlines))}」`,
      point.span ?? block.span,
      ['shorten the point (a slide point is a phrase; the full text belongs in the speaker notes)'],
    ),
  );
  return ctx.deck.minSizePt;
}
