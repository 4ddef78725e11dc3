// Take a Doc's slide blocks and lay them out as a Deck: slides with a layout variant, measured boxes, charts and speaker notes.
// Every text box is measured before it is placed; text that does not fit continues on a following slide
// (title + 「（續）」) instead of shrinking, and nothing is set below theme.deck.minSizePt. Each slide's notes are
// its block's spoken lead-in followed by the notes of the points and figures that slide shows.
import { dateIn, words } from '../edition/words.js';
import { codes, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { inlineText, type BlockOf, type Doc, type DocMeta, type Inline, type ListItem, type SlideColumn, type SlideLayout } from '../markup/types.js';
import type { Theme } from '../theme/theme.js';
import type { TextMeasurer } from '../text/engine.js';

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
}

export interface DeckParagraph {
  runs: DeckRun[];
  /** Lines the measurer broke this paragraph into at the box's `measureWidthPt`. */
  lines: number;
}

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

export type DeckItem = TextBox | ChartItem | RectItem | SlideNumberItem;

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

/** Fixed furniture (footer, slide number) is small by design; minSizePt governs the reading text. */
const FURNITURE_PT = 12;
const MARGIN_X_IN = 0.7;
const TOP_IN = 0.45;
const BOTTOM_IN = 0.25;
const TITLE_LEADING = 1.2;
const INSET_PT = 4;
const SIZE_STEP_PT = 2;
/** The most stat callouts on one slide: a 3 × 2 grid still leaves room for a two-line label. */
const STATS_PER_SLIDE = 6;
/**
 * PowerPoint and LibreOffice break lines with their own rules (kinsoku, punctuation compression), so a line we
 * measure as just fitting may wrap there. Measuring half an em narrower keeps the drawn text inside its box.
 */
const BREAK_SAFETY_EM = 0.5;

/** Height of a text box's content: lines at the fixed pitch, a gap after every paragraph, insets top and bottom. */
export function textHeightPt(t: Pick<TextBox, 'paragraphs' | 'lineHeightPt' | 'paragraphGapPt' | 'insetPt'>): number {
  const lines = t.paragraphs.reduce((sum, p) => sum + p.lines, 0);
  return lines * t.lineHeightPt + t.paragraphs.length * t.paragraphGapPt + 2 * t.insetPt;
}

/** BCP 47 → the language id Office knows: script subtags are dropped, `zh-Hant` alone means Taiwan. */
export function officeLang(bcp47: string): string {
  const parts = bcp47.split('-');
  const language = (parts[0] ?? 'zh').toLowerCase();
  const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$|^\d{3}$/.test(p));
  if (region) return `${language}-${region.toUpperCase()}`;
  if (language === 'zh') return parts.some((p) => p.toLowerCase() === 'hans') ? 'zh-CN' : 'zh-TW';
  // Office proofs and picks fonts by a language with its region; plain `en` would be no language it lists.
  if (language === 'en') return 'en-US';
  return language;
}

interface Base {
  deck: Theme['deck'];
  measurer: TextMeasurer;
  meta: DocMeta;
  diagnostics: Diagnostic[];
  colours: Record<'ink' | 'accent' | 'gold' | 'muted' | 'rule' | 'tint' | 'paper', string>;
  widthIn: number;
  heightIn: number;
  /** A word the deck prints itself ((續), 截至 2024 年, As of 2024), in the document's language: the theme's labels. */
  say: (key: string, values?: Record<string, string | number>) => string;
}

interface Ctx extends Base {
  /** The source line at the foot of every numbered slide; bodies end above it. */
  footer: TextBox;
  /** Ids of the key figures some chart slide of the deck draws: a figures slide does not repeat them. */
  charted: ReadonlySet<string>;
}

type SlideBlock = BlockOf<'slide'>;

export function documentToDeck(doc: Doc, theme: Theme, measurer: TextMeasurer): Deck {
  const c = (name: string, fallback: string): string => theme.colours[name]?.rgb ?? fallback;
  const base: Base = {
    deck: theme.deck,
    measurer,
    meta: doc.meta,
    diagnostics: [],
    colours: {
      ink: c('ink', '#1f1f1f'),
      accent: c('accent', '#9e1b32'),
      gold: c('gold', '#c8973c'),
      muted: c('muted', '#6b6b6b'),
      rule: c('rule', '#d9cfc1'),
      tint: c('tint', '#f6f1ea'),
      paper: c('paper', '#ffffff'),
    },
    widthIn: theme.deck.widthIn,
    heightIn: theme.deck.heightIn,
    say: (key, values) => words(theme, doc.meta.lang, key, values),
  };
  const charted = new Set<string>();
  for (const block of doc.blocks) {
    if (block.kind === 'slide' && block.layout === 'chart') for (const s of block.chart?.series ?? []) for (const id of s.figures ?? []) charted.add(id);
  }
  const ctx: Ctx = { ...base, footer: footerBox(base), charted };

  const slides: Slide[] = [];
  for (const block of doc.blocks) {
    if (block.kind !== 'slide') continue;
    slides.push(...layoutSlideBlock(ctx, block));
  }
  if (slides.length === 0) {
    ctx.diagnostics.push(warning('the document has no slide blocks, so the deck is empty', undefined, ['the deck template renders `slide` blocks; check that it ran']));
  }
  for (const slide of slides) {
    if (!NUMBERED.has(slide.layout)) continue;
    slide.items.push(structuredClone(ctx.footer), {
      kind: 'slideNumber',
      box: { xIn: ctx.widthIn - MARGIN_X_IN - 1, yIn: ctx.footer.box.yIn, wIn: 1, hIn: ctx.footer.box.hIn },
      sizePt: FURNITURE_PT,
      colour: ctx.colours.muted,
    });
  }
  return {
    widthIn: ctx.widthIn,
    heightIn: ctx.heightIn,
    lang: officeLang(doc.meta.lang),
    slides,
    diagnostics: ctx.diagnostics,
  };
}

/** Slides that carry a slide number and the source footer. */
export const NUMBERED: ReadonlySet<DeckLayout> = new Set<DeckLayout>(['agenda', 'content', 'figures', 'figure', 'chart', 'comparison']);

function layoutSlideBlock(ctx: Ctx, block: SlideBlock): Slide[] {
  switch (block.layout) {
    case 'title':
    case 'closing':
    case 'section':
      return heroSlides(ctx, block);
    case 'agenda':
      return pointSlides(ctx, block, block.points, { first: 0, list: 'number', numberFrom: 1 });
    case 'content': {
      const columns = block.columns ?? [];
      if (columns.length === 0) return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      const slides = comparisonSlides(ctx, block, columns);
      return slides.concat(pointSlides(ctx, block, block.points, { first: slides.length, list: 'bullet', numberFrom: 1 }));
    }
    case 'figures': {
      // A figure a chart slide draws is not repeated as a callout; a slide left with nothing to show is dropped.
      const stats = block.stats.filter((s) => s.id === undefined || !ctx.charted.has(s.id));
      if (stats.length === 0) {
        if (block.stats.length > 0 && block.points.length === 0) return [];
        return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      }
      const slides = stats.length === 1 ? [keyFigureSlide(ctx, block, stats[0] as Stat)] : figureSlides(ctx, block, stats);
      return slides.concat(pointSlides(ctx, block, block.points, { first: slides.length, list: 'bullet', numberFrom: 1 }));
    }
    case 'chart': {
      if (!block.chart) {
        ctx.diagnostics.push(warning('a chart slide has no chart; its points are shown as a content slide', block.span, ['give the slide a `chart` block']));
        return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      }
      const slide = chartSlide(ctx, block, block.chart);
      return [slide, ...pointSlides(ctx, block, block.points, { first: 1, list: 'bullet', numberFrom: 1 })];
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Measured text boxes

interface TextSpec {
  role: TextRole;
  xIn: number;
  yIn: number;
  wIn: number;
  /** Fixed height; when absent the box is as tall as its measured content. */
  hIn?: number;
  paragraphs: Inline[][];
  measureRole: 'body' | 'strong' | 'heading';
  sizePt: number;
  leading: number;
  paragraphGapPt?: number;
  list?: TextBox['list'];
  numberFrom?: number;
  weight?: TextBox['weight'];
  colour: string;
  align?: TextBox['align'];
  /** Runs that replace the paragraphs' own (a stat's number and unit at two sizes); measured by the caller. */
  runs?: { runs: DeckRun[]; lines: number };
}

function listIndentPt(list: TextBox['list'], sizePt: number): number {
  if (list === 'none') return 0;
  return list === 'number' ? sizePt * 1.6 : sizePt * 1.1;
}

function measureWidthPt(wIn: number, sizePt: number, list: TextBox['list']): number {
  return Math.max(sizePt, wIn * 72 - 2 * INSET_PT - listIndentPt(list, sizePt) - BREAK_SAFETY_EM * sizePt);
}

function measureLines(ctx: Base, inlines: Inline[], role: TextSpec['measureRole'], sizePt: number, widthPt: number): number {
  return Math.max(1, ctx.measurer.measure({ inlines, role, sizePt, widthPt }).lines);
}

function textBox(ctx: Base, spec: TextSpec): TextBox {
  const list = spec.list ?? 'none';
  const widthPt = measureWidthPt(spec.wIn, spec.sizePt, list);
  const paragraphs: DeckParagraph[] = spec.runs
    ? [spec.runs]
    : spec.paragraphs.map((inlines) => ({
        runs: inlinesToRuns(inlines),
        lines: measureLines(ctx, inlines, spec.measureRole, spec.sizePt, widthPt),
      }));
  const t: TextBox = {
    kind: 'text',
    role: spec.role,
    box: { xIn: spec.xIn, yIn: spec.yIn, wIn: spec.wIn, hIn: 0 },
    paragraphs,
    list,
    numberFrom: spec.numberFrom ?? 1,
    listIndentPt: listIndentPt(list, spec.sizePt),
    sizePt: spec.sizePt,
    lineHeightPt: round2(spec.sizePt * spec.leading),
    paragraphGapPt: spec.paragraphGapPt ?? 0,
    insetPt: INSET_PT,
    measureWidthPt: widthPt,
    measureRole: spec.measureRole,
    weight: spec.weight ?? 'regular',
    colour: spec.colour,
    align: spec.align ?? 'left',
  };
  t.box.hIn = spec.hIn ?? ceilIn(textHeightPt(t) / 72);
  return t;
}

/** Sizes to try, largest first: `from`, `from − step`, …, ending exactly at `to`. */
function sizeSteps(fromPt: number, toPt: number): number[] {
  const out: number[] = [];
  for (let s = fromPt; s > toPt; s -= SIZE_STEP_PT) out.push(s);
  out.push(toPt);
  return out;
}

/**
 * A title: one line at `startPt`, else the largest size down to minSizePt that keeps it on one line,
 * else the largest that keeps it on two. A title longer than that stays at minSizePt on as many lines as it needs.
 */
function titleBox(ctx: Ctx, inlines: Inline[], at: { xIn: number; yIn: number; wIn: number; startPt: number; colour: string; align?: TextBox['align'] }): TextBox {
  const sizes = sizeSteps(at.startPt, Math.min(at.startPt, ctx.deck.minSizePt));
  const linesAt = (s: number): number => measureLines(ctx, inlines, 'heading', s, measureWidthPt(at.wIn, s, 'none'));
  const size = sizes.find((s) => linesAt(s) === 1) ?? sizes.find((s) => linesAt(s) <= 2) ?? sizes[sizes.length - 1] ?? ctx.deck.minSizePt;
  return textBox(ctx, {
    role: 'title',
    xIn: at.xIn,
    yIn: at.yIn,
    wIn: at.wIn,
    paragraphs: [inlines],
    measureRole: 'heading',
    sizePt: size,
    leading: TITLE_LEADING,
    weight: 'bold',
    colour: at.colour,
    align: at.align ?? 'left',
  });
}

function continuedTitle(ctx: Base, title: Inline[], continuation: number): Inline[] {
  return continuation === 0 ? title : [...title, { kind: 'text', text: ctx.say('continued') }];
}

function bottom(t: { box: BoxIn }): number {
  return t.box.yIn + t.box.hIn;
}

// ---------------------------------------------------------------------------------------------------------------
// Furniture shared by the numbered slides

function footerBox(ctx: Base): TextBox {
  const source = ctx.meta.source.trim();
  const text = /^(資料|资料)?(來源|来源)|^Sources?\b/i.test(source) ? source : ctx.say('sourceLead') + source;
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN - 1.2;
  const t = textBox(ctx, {
    role: 'footer',
    xIn: MARGIN_X_IN,
    yIn: 0,
    wIn,
    paragraphs: [[{ kind: 'text', text }]],
    measureRole: 'body',
    sizePt: FURNITURE_PT,
    leading: 1.25,
    colour: ctx.colours.muted,
  });
  t.box.yIn = round2(ctx.heightIn - BOTTOM_IN - t.box.hIn);
  return t;
}

/** Title, gold rule and (on the first slide only) subtitle of a numbered slide; returns where the body may start. */
function slideHeader(ctx: Ctx, block: SlideBlock, continuation: number): { items: DeckItem[]; bodyTopIn: number } {
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const title = titleBox(ctx, continuedTitle(ctx, block.title, continuation), {
    xIn: MARGIN_X_IN,
    yIn: TOP_IN,
    wIn,
    startPt: ctx.deck.titleSizePt,
    colour: ctx.colours.accent,
  });
  const items: DeckItem[] = [title];
  const ruleY = bottom(title) + 0.08;
  items.push({ kind: 'rect', box: { xIn: MARGIN_X_IN + INSET_PT / 72, yIn: round2(ruleY), wIn: 1.4, hIn: 0.05 }, fill: ctx.colours.gold });
  let y = ruleY + 0.05 + 0.15;
  if (continuation === 0 && block.subtitle && inlineText(block.subtitle).trim() !== '') {
    const sub = textBox(ctx, {
      role: 'subtitle',
      xIn: MARGIN_X_IN,
      yIn: round2(y),
      wIn,
      paragraphs: [block.subtitle],
      measureRole: 'body',
      sizePt: subtitleSizePt(ctx),
      leading: ctx.deck.pointLeading,
      colour: ctx.colours.muted,
    });
    items.push(sub);
    y = bottom(sub) + 0.05;
  }
  return { items, bodyTopIn: round2(y + 0.15) };
}

function subtitleSizePt(ctx: Ctx): number {
  return Math.max(ctx.deck.minSizePt, ctx.deck.pointSizePt - 2);
}

function bodyBottomIn(ctx: Ctx): number {
  return ctx.footer.box.yIn - 0.15;
}

function numberedSlide(ctx: Ctx, block: SlideBlock, layout: DeckLayout, continuation: number, items: DeckItem[], shown: Noted[] = []): Slide {
  return { layout, continuation, background: ctx.colours.paper, items, notes: slideNotes(block, continuation, shown), ...(block.span ? { span: block.span } : {}) };
}

/** Something a slide shows that may carry its own speaker note: a point, a key figure. */
interface Noted {
  note?: string;
}

/**
 * A slide's speaker notes: the block's spoken lead-in (the first slide's, or on the slides it continues onto the
 * block's `continuedNotes`, else the lead-in again), then the note of every point and figure this slide shows, in
 * order. So each slide's notes hold the facts behind exactly its points.
 */
function slideNotes(block: SlideBlock, continuation: number, shown: Noted[]): string[] {
  const lead = continuation === 0 ? block.notes : (block.continuedNotes ?? block.notes);
  return [...lead, ...shown.map((s) => s.note ?? '')].map((n) => cleanText(n).trim()).filter((n) => n !== '');
}

// ---------------------------------------------------------------------------------------------------------------
// Points: content and agenda slides, and the points left over from other layouts

interface PointStyle {
  /** Continuation index of the first slide made here. */
  first: number;
  list: 'bullet' | 'number';
  numberFrom: number;
}

interface PointPage {
  items: ListItem[];
  sizePt: number;
}

function pointSlides(ctx: Ctx, block: SlideBlock, points: ListItem[], style: PointStyle): Slide[] {
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

function pointGapPt(sizePt: number): number {
  return round2(sizePt * 0.45);
}

function pointsBox(ctx: Ctx, page: PointPage, at: { xIn: number; yIn: number; wIn: number; list: TextBox['list']; numberFrom: number; colour: string; align?: TextBox['align'] }): TextBox {
  return textBox(ctx, {
    role: 'points',
    xIn: at.xIn,
    yIn: at.yIn,
    wIn: at.wIn,
    paragraphs: page.items.map((p) => p.inlines),
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
function pointsHeightPt(ctx: Ctx, lines: number, count: number, sizePt: number): number {
  return lines * round2(sizePt * ctx.deck.pointLeading) + count * pointGapPt(sizePt) + 2 * INSET_PT;
}

/**
 * Split points over slides: as many as fit the body at pointSizePt, at most maxPoints per slide, never shrinking.
 * When greedy filling leaves a short last slide, the same number of slides is tried with the points shared out
 * evenly (7 points become 4 + 3, not 6 + 1) and kept if every slide still fits.
 * A single point too long for an empty body is the one case that steps its size down, to minSizePt at most.
 */
function paginatePoints(
  ctx: Ctx,
  block: SlideBlock,
  points: ListItem[],
  frame: { wIn: number; list: TextBox['list']; capacityPt: (page: number) => number },
): PointPage[] {
  const size = ctx.deck.pointSizePt;
  const width = measureWidthPt(frame.wIn, size, frame.list);
  const lines = points.map((p) => measureLines(ctx, p.inlines, 'body', size, width));
  const max = ctx.deck.maxPoints;

  const greedy: number[] = [];
  const oversize = new Map<number, number>(); // page → size used
  let i = 0;
  while (i < points.length) {
    const page = greedy.length;
    const cap = frame.capacityPt(page);
    let count = 0;
    let used = 0;
    while (i + count < points.length && count < max) {
      const next = used + (lines[i + count] ?? 1);
      if (pointsHeightPt(ctx, next, count + 1, size) > cap) break;
      used = next;
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
      start += count;
      return count <= max && pointsHeightPt(ctx, used, count, size) <= frame.capacityPt(p);
    });
    if (fits) counts = even;
  }

  const pages: PointPage[] = [];
  let start = 0;
  counts.forEach((count, p) => {
    pages.push({ items: points.slice(start, start + count), sizePt: oversize.get(p) ?? size });
    start += count;
  });
  return pages;
}

function fitSinglePoint(ctx: Ctx, block: SlideBlock, point: ListItem, frame: { wIn: number; list: TextBox['list'] }, capPt: number): number {
  for (const s of sizeSteps(ctx.deck.pointSizePt, ctx.deck.minSizePt)) {
    const n = measureLines(ctx, point.inlines, 'body', s, measureWidthPt(frame.wIn, s, frame.list));
    if (pointsHeightPt(ctx, n, 1, s) <= capPt) return s;
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

// ---------------------------------------------------------------------------------------------------------------
// Title, section and closing slides

function heroSlides(ctx: Ctx, block: SlideBlock): Slide[] {
  const { colours, deck } = ctx;
  const isSection = block.layout === 'section';
  const background = isSection ? colours.tint : colours.accent;
  const ink = isSection ? colours.accent : colours.paper;
  const xIn = MARGIN_X_IN + (isSection ? 0.45 : 0.3);
  const wIn = ctx.widthIn - xIn - MARGIN_X_IN - 0.3;
  const items: DeckItem[] = [];

  const title = titleBox(ctx, block.title, {
    xIn,
    yIn: round2(ctx.heightIn * (isSection ? 0.34 : 0.28)),
    wIn,
    startPt: Math.round(deck.titleSizePt * (isSection ? 1.2 : 1.4)),
    colour: ink,
  });
  items.push(title);
  let y = bottom(title) + 0.1;
  if (!isSection) {
    items.push({ kind: 'rect', box: { xIn: round2(xIn + INSET_PT / 72), yIn: round2(y), wIn: 1.6, hIn: 0.06 }, fill: colours.gold });
    y += 0.06 + 0.2;
  }
  const subtitle = block.subtitle ?? (block.layout === 'title' && ctx.meta.subtitle ? [{ kind: 'text' as const, text: ctx.meta.subtitle }] : undefined);
  if (subtitle && inlineText(subtitle).trim() !== '') {
    const sub = textBox(ctx, {
      role: 'subtitle',
      xIn,
      yIn: round2(y),
      wIn,
      paragraphs: [subtitle],
      measureRole: 'body',
      sizePt: Math.max(deck.minSizePt, deck.pointSizePt + 4),
      leading: deck.pointLeading,
      colour: isSection ? colours.ink : colours.paper,
    });
    items.push(sub);
    y = bottom(sub) + 0.1;
  }
  if (isSection) {
    const top = title.box.yIn;
    items.push({ kind: 'rect', box: { xIn: MARGIN_X_IN, yIn: top, wIn: 0.12, hIn: round2(y - top) }, fill: colours.accent });
  }

  let floorIn = ctx.heightIn - BOTTOM_IN - 0.3;
  // The imprint (publisher and date) belongs to the title slide; a closing slide names its own sign-off.
  if (block.layout === 'title') {
    const date = dateIn(ctx.meta.lang, ctx.meta.date);
    const imprint = textBox(ctx, {
      role: 'imprint',
      xIn,
      yIn: 0,
      wIn,
      paragraphs: [[{ kind: 'text', text: date ? ctx.say('imprint', { publisher: ctx.meta.publisher, date }) : ctx.meta.publisher }]],
      measureRole: 'body',
      sizePt: Math.max(deck.minSizePt, deck.pointSizePt - 2),
      leading: 1.3,
      colour: colours.paper,
    });
    imprint.box.yIn = round2(ctx.heightIn - BOTTOM_IN - 0.3 - imprint.box.hIn);
    items.push(imprint);
    floorIn = imprint.box.yIn - 0.15;
  }

  // Points on these slides (a closing slide's contacts, say) go below the subtitle; what does not fit continues.
  let taken = 0;
  if (block.points.length > 0) {
    const topIn = round2(y + 0.15);
    const capPt = (floorIn - topIn) * 72;
    const size = deck.pointSizePt;
    const width = measureWidthPt(wIn, size, 'none');
    let used = 0;
    while (taken < block.points.length && taken < deck.maxPoints) {
      const n = measureLines(ctx, (block.points[taken] as ListItem).inlines, 'body', size, width);
      if (pointsHeightPt(ctx, used + n, taken + 1, size) > capPt) break;
      used += n;
      taken++;
    }
    if (taken > 0) {
      items.push(pointsBox(ctx, { items: block.points.slice(0, taken), sizePt: size }, { xIn, yIn: topIn, wIn, list: 'none', numberFrom: 1, colour: isSection ? colours.ink : colours.paper }));
    }
  }
  const first: Slide = { layout: block.layout, continuation: 0, background, items, notes: slideNotes(block, 0, block.points.slice(0, taken)), ...(block.span ? { span: block.span } : {}) };
  return [first, ...pointSlides(ctx, block, block.points.slice(taken), { first: 1, list: 'bullet', numberFrom: 1 })];
}


// ---------------------------------------------------------------------------------------------------------------
// Key figures

type Stat = SlideBlock['stats'][number];

function figureSlides(ctx: Ctx, block: SlideBlock, all: Stat[]): Slide[] {
  const k = Math.ceil(all.length / STATS_PER_SLIDE);
  const slides: Slide[] = [];
  let start = 0;
  for (let page = 0; page < k; page++) {
    const count = Math.floor(all.length / k) + (page < all.length % k ? 1 : 0);
    const stats = all.slice(start, start + count);
    start += count;
    const header = slideHeader(ctx, block, page);
    const grid = statGrid(ctx, block, stats, {
      xIn: MARGIN_X_IN,
      yIn: header.bodyTopIn,
      wIn: ctx.widthIn - 2 * MARGIN_X_IN,
      hIn: round2(bodyBottomIn(ctx) - header.bodyTopIn),
    });
    slides.push(numberedSlide(ctx, block, 'figures', page, [...header.items, ...grid], stats));
  }
  return slides;
}

/**
 * One key figure drawn large: the number and its unit on one line, the label below it, then the year it holds
 * for, stacked in a tinted panel that fills the body. The number takes the largest size (from three times the
 * title size) at which it fits the panel's width and the stack fits its height.
 */
function keyFigureSlide(ctx: Ctx, block: SlideBlock, st: Stat): Slide {
  const { deck, colours } = ctx;
  const header = slideHeader(ctx, block, 0);
  const area: BoxIn = { xIn: MARGIN_X_IN, yIn: header.bodyTopIn, wIn: ctx.widthIn - 2 * MARGIN_X_IN, hIn: round2(bodyBottomIn(ctx) - header.bodyTopIn) };
  const barIn = 0.12;
  const padIn = 0.45;
  const gapIn = 0.12;
  const x = round2(area.xIn + barIn + padIn);
  const innerW = round2(area.wIn - barIn - 2 * padIn);
  const roomPt = (area.hIn - 2 * padIn) * 72;

  const unitSize = (s: number): number => Math.max(deck.minSizePt, Math.round(s * 0.45));
  const unit = st.unit ? unitText(cleanText(st.unit)) : '';
  // The unit is written in the value's bold box, so it is measured bold too.
  const naturalWidth = (text: string, role: 'strong' | 'heading', sizePt: number): number =>
    ctx.measurer.measure({ inlines: [{ kind: 'text', text }], role, sizePt, widthPt: 10_000 }).maxLineWidthPt;
  const valueBox = (s: number): TextBox => {
    const runs: DeckRun[] = [{ text: cleanText(st.display), strong: true }];
    if (unit) runs.push({ text: unit, strong: false, sizePt: unitSize(s) });
    return textBox(ctx, { role: 'statValue', xIn: x, yIn: 0, wIn: innerW, paragraphs: [], runs: { runs, lines: 1 }, measureRole: 'heading', sizePt: s, leading: TITLE_LEADING, weight: 'bold', colour: colours.accent });
  };
  const label = (s: number): TextBox =>
    textBox(ctx, { role: 'statLabel', xIn: x, yIn: 0, wIn: innerW, paragraphs: [[{ kind: 'text', text: st.label }]], measureRole: 'body', sizePt: s, leading: 1.3, colour: colours.ink });
  const asOf = textBox(ctx, {
    role: 'statAsOf',
    xIn: x,
    yIn: 0,
    wIn: innerW,
    paragraphs: [[{ kind: 'text', text: ctx.say('asOfYear', { year: st.asOf }) }]],
    measureRole: 'body',
    sizePt: Math.max(deck.minSizePt, deck.pointSizePt - 2),
    leading: 1.3,
    colour: colours.muted,
  });
  const stackPt = (parts: TextBox[]): number => parts.reduce((sum, t) => sum + t.box.hIn * 72, 0) + (parts.length - 1) * gapIn * 72;

  const labelSizes = sizeSteps(Math.max(deck.minSizePt, deck.pointSizePt + 4), deck.minSizePt);
  const fitsWidth = (s: number): boolean => naturalWidth(cleanText(st.display), 'heading', s) + (unit ? naturalWidth(unit, 'strong', unitSize(s)) : 0) <= measureWidthPt(innerW, s, 'none');
  let chosen: { value: TextBox; label: TextBox } | undefined;
  for (const s of sizeSteps(Math.round(deck.titleSizePt * 3), deck.minSizePt)) {
    if (!fitsWidth(s)) continue;
    const value = valueBox(s);
    const lab = labelSizes.map(label).find((l) => stackPt([value, l, asOf]) <= roomPt);
    if (lab) {
      chosen = { value, label: lab };
      break;
    }
  }
  if (!chosen) {
    ctx.diagnostics.push(warning(`the key figure 「${st.display}${st.unit}」 on slide 「${inlineText(block.title)}」 does not fit its panel even at ${deck.minSizePt}pt`, st.span ?? block.span, ['shorten the label or the unit']));
    chosen = { value: valueBox(deck.minSizePt), label: label(deck.minSizePt) };
  }
  const stack = [chosen.value, chosen.label, asOf];
  let y = area.yIn + Math.max(padIn, (area.hIn - stackPt(stack) / 72) / 2);
  for (const t of stack) {
    t.box.yIn = round2(y);
    y = t.box.yIn + t.box.hIn + gapIn;
  }
  const items: DeckItem[] = [
    { kind: 'rect', box: area, fill: colours.tint },
    { kind: 'rect', box: { xIn: area.xIn, yIn: area.yIn, wIn: barIn, hIn: area.hIn }, fill: colours.accent },
    ...stack,
  ];
  return numberedSlide(ctx, block, 'figure', 0, [...header.items, ...items], [st]);
}

function statGrid(ctx: Ctx, block: SlideBlock, stats: Stat[], area: BoxIn): DeckItem[] {
  const { deck, colours } = ctx;
  const cols = stats.length <= 3 ? stats.length : Math.ceil(stats.length / 2);
  const rows = Math.ceil(stats.length / cols);
  const gapIn = 0.3;
  const cellW = (area.wIn - (cols - 1) * gapIn) / cols;
  const cellH = Math.min(3, (area.hIn - (rows - 1) * gapIn) / rows);
  const padIn = 0.2;
  const barIn = 0.08;
  const innerW = cellW - 2 * padIn - barIn;

  // One number size for the whole grid, so the callouts read as a set: the largest at which every number and
  // its unit fit on one line.
  const unitSize = (s: number): number => Math.max(deck.minSizePt, Math.round(s * 0.45));
  // The unit is written in the value's bold box, so it is measured bold too.
  const naturalWidth = (text: string, role: 'strong' | 'heading', sizePt: number): number =>
    ctx.measurer.measure({ inlines: [{ kind: 'text', text }], role, sizePt, widthPt: 10_000 }).maxLineWidthPt;
  const fitsAt = (s: number): boolean =>
    stats.every((st) => {
      const unit = st.unit ? naturalWidth(unitText(st.unit), 'strong', unitSize(s)) : 0;
      return naturalWidth(st.display, 'heading', s) + unit <= measureWidthPt(innerW, s, 'none');
    });
  const sizes = sizeSteps(Math.round(deck.titleSizePt * 1.6), deck.minSizePt);
  const valueSize = sizes.find(fitsAt) ?? deck.minSizePt;
  if (!fitsAt(valueSize)) {
    ctx.diagnostics.push(warning(`a key figure on slide 「${inlineText(block.title)}」 is too wide for its callout even at ${deck.minSizePt}pt`, block.span, ['shorten the unit or show fewer figures per slide']));
  }

  const items: DeckItem[] = [];
  const totalH = rows * cellH + (rows - 1) * gapIn;
  const top = area.yIn + Math.max(0, (area.hIn - totalH) / 2);
  stats.forEach((st, idx) => {
    const col = idx % cols;
    const row = Math.floor(idx / cols);
    const x = area.xIn + col * (cellW + gapIn);
    const y = top + row * (cellH + gapIn);
    items.push({ kind: 'rect', box: { xIn: round2(x), yIn: round2(y), wIn: round2(cellW), hIn: round2(cellH) }, fill: colours.tint });
    items.push({ kind: 'rect', box: { xIn: round2(x), yIn: round2(y), wIn: barIn, hIn: round2(cellH) }, fill: colours.accent });
    const ix = round2(x + barIn + padIn);
    const runs: DeckRun[] = [{ text: cleanText(st.display), strong: true }];
    if (st.unit) runs.push({ text: unitText(cleanText(st.unit)), strong: false, sizePt: unitSize(valueSize) });
    const value = textBox(ctx, {
      role: 'statValue',
      xIn: ix,
      yIn: round2(y + padIn - 0.05),
      wIn: round2(innerW),
      paragraphs: [],
      runs: { runs, lines: 1 },
      measureRole: 'heading',
      sizePt: valueSize,
      leading: TITLE_LEADING,
      weight: 'bold',
      colour: colours.accent,
    });
    const asOf = textBox(ctx, {
      role: 'statAsOf',
      xIn: ix,
      yIn: 0,
      wIn: round2(innerW),
      paragraphs: [[{ kind: 'text', text: ctx.say('asOfYear', { year: st.asOf }) }]],
      measureRole: 'body',
      sizePt: deck.minSizePt,
      leading: 1.3,
      colour: colours.muted,
    });
    asOf.box.yIn = round2(y + cellH - padIn - asOf.box.hIn);
    const labelTop = bottom(value) + 0.05;
    const labelRoomPt = (asOf.box.yIn - 0.05 - labelTop) * 72;
    const labelInlines: Inline[] = [{ kind: 'text', text: st.label }];
    let label: TextBox | undefined;
    for (const s of sizeSteps(Math.max(deck.minSizePt, deck.pointSizePt - 2), deck.minSizePt)) {
      label = textBox(ctx, { role: 'statLabel', xIn: ix, yIn: round2(labelTop), wIn: round2(innerW), paragraphs: [labelInlines], measureRole: 'body', sizePt: s, leading: 1.3, colour: colours.ink });
      if (textHeightPt(label) <= labelRoomPt) break;
    }
    if (label && textHeightPt(label) > labelRoomPt) {
      ctx.diagnostics.push(warning(`the label of the key figure 「${st.display}${st.unit}」 is too long for its callout: 「${excerpt(st.label)}」`, st.span ?? block.span, ['shorten the label']));
    }
    items.push(value);
    if (label) items.push(label);
    items.push(asOf);
  });
  return items;
}

/** A word unit stands a space apart from its number (「1 400 家」); a sign does not (「35%」). */
function unitText(unit: string): string {
  return /^[%％‰°℃]/.test(unit) ? unit : ` ${unit}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Comparison: lists side by side

/** Heading band colours of the columns, in order. */
const COLUMN_FILLS: readonly (keyof Base['colours'])[] = ['accent', 'gold', 'muted'];

/**
 * Columns side by side under coloured heading bands. The i-th points of the columns share a row, as tall as its
 * tallest cell, so items that correspond line up (a chart's categories, series by series). Rows that do not fit
 * continue on a following slide with the headings repeated; a row too tall for an empty slide steps its size down
 * to minSizePt.
 */
function comparisonSlides(ctx: Ctx, block: SlideBlock, columns: SlideColumn[]): Slide[] {
  const { deck, colours } = ctx;
  const n = columns.length;
  const gapIn = 0.35;
  const colW = round2((ctx.widthIn - 2 * MARGIN_X_IN - (n - 1) * gapIn) / n);
  const colX = (i: number): number => round2(MARGIN_X_IN + i * (colW + gapIn));
  const rowPadIn = 0.06;
  const ruleIn = 0.02;
  const size = deck.pointSizePt;
  const rows = Math.max(0, ...columns.map((c) => c.points.length));
  const cellLines = (item: ListItem, s: number): number => measureLines(ctx, item.inlines, 'body', s, measureWidthPt(colW, s, 'none'));
  const rowHeightPt = (r: number, s: number): number =>
    Math.max(0, ...columns.map((c) => (c.points[r] ? cellLines(c.points[r] as ListItem, s) * round2(s * deck.pointLeading) + 2 * INSET_PT : 0))) + 2 * rowPadIn * 72 + ruleIn * 72;

  const headings = (top: number): { items: DeckItem[]; bottomIn: number } => {
    const boxes = columns.map((c, i) =>
      textBox(ctx, { role: 'columnHeading', xIn: colX(i), yIn: round2(top + 0.08), wIn: colW, paragraphs: [c.title], measureRole: 'strong', sizePt: size, leading: 1.3, weight: 'bold', colour: colours.paper }),
    );
    const bandIn = round2(Math.max(...boxes.map((b) => b.box.hIn)) + 0.16);
    const items: DeckItem[] = [];
    boxes.forEach((b, i) => {
      items.push({ kind: 'rect', box: { xIn: colX(i), yIn: round2(top), wIn: colW, hIn: bandIn }, fill: colours[COLUMN_FILLS[i % COLUMN_FILLS.length] ?? 'accent'] }, b);
    });
    return { items, bottomIn: round2(top + bandIn + 0.1) };
  };

  // Rows per slide: as many as fit below the headings (the first slide's header may be taller: a subtitle).
  const pages: { from: number; to: number; sizePt: number }[] = [];
  let r = 0;
  while (r < rows || pages.length === 0) {
    const continuation = pages.length;
    const header = slideHeader(ctx, block, continuation);
    const capPt = (bodyBottomIn(ctx) - headings(header.bodyTopIn).bottomIn) * 72;
    let used = 0;
    let to = r;
    while (to < rows && used + rowHeightPt(to, size) <= capPt) used += rowHeightPt(to++, size);
    let sizePt = size;
    if (to === r && r < rows) {
      sizePt = sizeSteps(size, deck.minSizePt).find((s) => rowHeightPt(r, s) <= capPt) ?? deck.minSizePt;
      if (rowHeightPt(r, sizePt) > capPt) {
        ctx.diagnostics.push(warning(`a row of the comparison on slide 「${inlineText(block.title)}」 is too long for a whole slide even at ${deck.minSizePt}pt`, block.span, ['shorten the points; the full text belongs in the speaker notes']));
      }
      to = r + 1;
    }
    pages.push({ from: r, to, sizePt });
    r = to;
    if (rows === 0) break;
  }

  return pages.map((page, continuation) => {
    const header = slideHeader(ctx, block, continuation);
    const heads = headings(header.bodyTopIn);
    const items: DeckItem[] = [...header.items, ...heads.items];
    const shown: Noted[] = [];
    let y = heads.bottomIn;
    for (let row = page.from; row < page.to; row++) {
      const hPt = rowHeightPt(row, page.sizePt);
      columns.forEach((c, i) => {
        const item = c.points[row];
        if (!item) return;
        shown.push(item);
        items.push(
          textBox(ctx, {
            role: 'cell',
            xIn: colX(i),
            yIn: round2(y + rowPadIn),
            wIn: colW,
            paragraphs: [item.inlines],
            measureRole: 'body',
            sizePt: page.sizePt,
            leading: deck.pointLeading,
            colour: colours.ink,
          }),
        );
        items.push({ kind: 'rect', box: { xIn: colX(i), yIn: round2(y + hPt / 72 - ruleIn), wIn: colW, hIn: ruleIn }, fill: colours.rule });
      });
      y += hPt / 72;
    }
    return numberedSlide(ctx, block, 'comparison', continuation, items, shown);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Charts

function chartSlide(ctx: Ctx, block: SlideBlock, chart: BlockOf<'chart'>): Slide {
  const { deck, colours } = ctx;
  const header = slideHeader(ctx, block, 0);
  const wIn = ctx.widthIn - 2 * MARGIN_X_IN;
  const captionText = chart.unit ? ctx.say('chartCaption', { title: chart.title, unit: chart.unit }) : chart.title;
  const caption = textBox(ctx, {
    role: 'caption',
    xIn: MARGIN_X_IN,
    yIn: header.bodyTopIn,
    wIn,
    paragraphs: [[{ kind: 'text', text: captionText }]],
    measureRole: 'strong',
    sizePt: subtitleSizePt(ctx),
    leading: 1.3,
    weight: 'bold',
    colour: colours.ink,
  });
  const top = bottom(caption) + 0.1;
  const box: BoxIn = { xIn: MARGIN_X_IN, yIn: round2(top), wIn, hIn: round2(bodyBottomIn(ctx) - top) };
  const labelSizePt = deck.minSizePt;

  // Columns when every category label fits under its column on one line; otherwise horizontal bars,
  // which give the labels the chart's left edge.
  const columnWidthPt = ((box.wIn * 72) * 0.85) / Math.max(1, chart.categories.length);
  const widest = Math.max(
    0,
    ...chart.categories.map((c) => ctx.measurer.measure({ inlines: [{ kind: 'text', text: c }], role: 'body', sizePt: labelSizePt, widthPt: 10_000 }).maxLineWidthPt),
  );
  const direction: ChartItem['direction'] = widest <= columnWidthPt * 0.9 ? 'column' : 'bar';

  const palette = [colours.accent, colours.gold, colours.muted, colours.ink, colours.rule];
  const bars = chart.categories.length * chart.series.length;
  for (const s of chart.series) {
    if (s.values.length !== chart.categories.length) {
      ctx.diagnostics.push(warning(`chart 「${chart.title}」: series 「${s.name}」 has ${s.values.length} values for ${chart.categories.length} categories`, chart.span ?? block.span, ['give one value per category']));
    }
  }
  const item: ChartItem = {
    kind: 'chart',
    box,
    direction,
    title: cleanText(chart.title),
    unit: cleanText(chart.unit),
    categories: chart.categories.map(cleanText),
    series: chart.series.map((s, i) => ({ name: cleanText(s.name), values: [...s.values], colour: palette[i % palette.length] as string })),
    labelSizePt,
    // Value labels at minSizePt crowd a chart with many bars; the axis carries the scale then.
    showValues: bars <= 12,
  };
  return numberedSlide(ctx, block, 'chart', 0, [...header.items, caption, item]);
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers

function inlinesToRuns(inlines: Inline[]): DeckRun[] {
  const runs: DeckRun[] = [];
  const walk = (list: Inline[], strong: boolean): void => {
    for (const i of list) {
      if (i.kind === 'text') {
        const text = cleanText(i.text);
        if (text === '') continue;
        const last = runs[runs.length - 1];
        if (last && last.strong === strong) last.text += text;
        else runs.push({ text, strong });
      } else walk(i.children, true);
    }
  };
  walk(inlines, false);
  return runs.length > 0 ? runs : [{ text: '', strong: false }];
}

/** Line breaks would start new paragraphs in the writer and control characters are not allowed in XML. */
function cleanText(s: string): string {
  return s.replace(/[\t\n\r\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

function excerpt(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

function warning(message: string, span: Span | undefined, hints: string[] = []): Diagnostic {
  return { severity: 'warning', code: codes.layout, message, span, hints, trace: [] };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Round a height up to 1/100 in, so rounding never makes a box shorter than its text. */
function ceilIn(n: number): number {
  return Math.ceil(n * 100 - 1e-9) / 100;
}
