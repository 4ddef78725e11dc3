// Measured text boxes: text + size + width → a TextBox whose lines the shared text engine counted, so its drawn height
// is known before it is placed; and the deck's spacing constants and small helpers every slide layout uses.
import { codes, type Diagnostic, type Span } from '../../diag/diagnostic.js';
import type { Inline } from '../../markup/types.js';
import type { Base, BoxIn, Ctx, DeckParagraph, DeckRun, ParagraphMarker, TextBox, TextRole } from './types.js';

/** Fixed furniture (footer, slide number) is small by design; minSizePt governs the reading text. */
export const FURNITURE_PT = 12;
export const MARGIN_X_IN = 0.7;
export const TOP_IN = 0.45;
export const BOTTOM_IN = 0.25;
export const TITLE_LEADING = 1.2;
export const INSET_PT = 4;
export const SIZE_STEP_PT = 2;
/** The most stat callouts on one slide: a 3 × 2 grid still leaves room for a two-line label. */
export const STATS_PER_SLIDE = 6;
/**
 * PowerPoint and LibreOffice break lines with their own rules (kinsoku, punctuation compression), so a line we
 * measure as just fitting may wrap there. Measuring half an em narrower keeps the drawn text inside its box.
 */
export const BREAK_SAFETY_EM = 0.5;

/** Height of a text box's content: lines at the fixed pitch, a gap after every paragraph, insets top and bottom. */
export function textHeightPt(t: Pick<TextBox, 'paragraphs' | 'lineHeightPt' | 'paragraphGapPt' | 'insetPt'>): number {
  const lines = t.paragraphs.reduce((sum, p) => sum + p.lines, 0);
  return lines * t.lineHeightPt + t.paragraphs.length * t.paragraphGapPt + 2 * t.insetPt;
}

export interface TextSpec {
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
  /** Per paragraph (parallel to `paragraphs`): a nested item's level and its own marker. */
  meta?: ParagraphMeta[];
  /** Runs that replace the paragraphs' own (a stat's number and unit at two sizes); measured by the caller. */
  runs?: { runs: DeckRun[]; lines: number };
}

/** A paragraph's place in a list of points: its nesting level (0 = a point) and its own marker. */
export interface ParagraphMeta {
  level?: number;
  marker?: ParagraphMarker;
}

export function listIndentPt(list: TextBox['list'], sizePt: number): number {
  if (list === 'none') return 0;
  return list === 'number' ? sizePt * 1.6 : sizePt * 1.1;
}

export function measureWidthPt(wIn: number, sizePt: number, list: TextBox['list']): number {
  return Math.max(sizePt, wIn * 72 - 2 * INSET_PT - listIndentPt(list, sizePt) - BREAK_SAFETY_EM * sizePt);
}

export function measureLines(ctx: Base, inlines: Inline[], role: TextSpec['measureRole'], sizePt: number, widthPt: number): number {
  return Math.max(1, ctx.measurer.measure({ inlines, role, sizePt, widthPt }).lines);
}

export function textBox(ctx: Base, spec: TextSpec): TextBox {
  const list = spec.list ?? 'none';
  // A box with numbered items hangs them as far as a numbered list does.
  const hangs: TextBox['list'] = spec.meta?.some((m) => m.marker?.kind === 'number') ? 'number' : list;
  const widthPt = measureWidthPt(spec.wIn, spec.sizePt, hangs);
  const indentPt = listIndentPt(hangs, spec.sizePt);
  const paragraphs: DeckParagraph[] = spec.runs
    ? [spec.runs]
    : spec.paragraphs.map((inlines, k) => {
        const meta = spec.meta?.[k];
        const level = meta?.level ?? 0;
        const p: DeckParagraph = {
          runs: inlinesToRuns(inlines),
          // A nested item starts one hang further in per level (the writer's lvl and marL say the same).
          lines: measureLines(ctx, inlines, spec.measureRole, spec.sizePt, Math.max(spec.sizePt, widthPt - level * indentPt)),
        };
        if (level > 0) p.level = level;
        if (meta?.marker) p.marker = meta.marker;
        return p;
      });
  const t: TextBox = {
    kind: 'text',
    role: spec.role,
    box: { xIn: spec.xIn, yIn: spec.yIn, wIn: spec.wIn, hIn: 0 },
    paragraphs,
    list,
    numberFrom: spec.numberFrom ?? 1,
    listIndentPt: indentPt,
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
export function sizeSteps(fromPt: number, toPt: number): number[] {
  const out: number[] = [];
  for (let s = fromPt; s > toPt; s -= SIZE_STEP_PT) out.push(s);
  out.push(toPt);
  return out;
}

/**
 * A title: one line at `startPt`, else the largest size down to minSizePt that keeps it on one line,
 * else the largest that keeps it on two. A title longer than that stays at minSizePt on as many lines as it needs.
 */
export function titleBox(ctx: Ctx, inlines: Inline[], at: { xIn: number; yIn: number; wIn: number; startPt: number; colour: string; align?: TextBox['align'] }): TextBox {
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

export function continuedTitle(ctx: Base, title: Inline[], continuation: number): Inline[] {
  return continuation === 0 ? title : [...title, { kind: 'text', text: ctx.say('continued') }];
}

export function bottom(t: { box: BoxIn }): number {
  return t.box.yIn + t.box.hIn;
}

export function inlinesToRuns(inlines: Inline[]): DeckRun[] {
  const runs: DeckRun[] = [];
  const walk = (list: Inline[], strong: boolean, href: string | undefined): void => {
    for (const i of list) {
      if (i.kind === 'text') {
        const text = cleanText(i.text);
        if (text === '') continue;
        const last = runs[runs.length - 1];
        if (last && last.strong === strong && last.href === href) last.text += text;
        else runs.push({ text, strong, ...(href !== undefined ? { href } : {}) });
      } else if (i.kind === 'link') walk(i.children, strong, i.href);
      else walk(i.children, true, href);
    }
  };
  walk(inlines, false, undefined);
  return runs.length > 0 ? runs : [{ text: '', strong: false }];
}

/** Line breaks would start new paragraphs in the writer and control characters are not allowed in XML. */
export function cleanText(s: string): string {
  return s.replace(/[\t\n\r\u2028\u2029]+/g, ' ').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

export function excerpt(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

export function warning(message: string, span: Span | undefined, hints: string[] = []): Diagnostic {
  return { severity: 'warning', code: codes.layout, message, span, hints, trace: [] };
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Round a height up to 1/100 in, so rounding never makes a box shorter than its text. */
export function ceilIn(n: number): number {
  return Math.ceil(n * 100 - 1e-9) / 100;
}
