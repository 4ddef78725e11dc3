// The one text engine both writers use: inlines + style + measure → lines (and line counts for the deck).
import type { Diagnostic } from '../diag/diagnostic.js';
import type { FontRegistry } from '../fonts/registry.js';
import type { Inline } from '../markup/types.js';
import { normaliseText } from './chars.js';
import { typesetParagraph, type Line, type StyledText } from './paragraph.js';

export type { Line, LineRun } from './paragraph.js';

export interface MeasureRequest {
  inlines: Inline[];
  /** Theme font role of plain text; `strong` inlines use the `strong` role unless the base is `heading`. */
  role: 'body' | 'strong' | 'heading';
  sizePt: number;
  widthPt: number;
}

export interface Measured {
  lines: number;
  maxLineWidthPt: number;
}

export interface TextMeasurer {
  measure(req: MeasureRequest): Measured;
}

export interface TypesetRequest extends MeasureRequest {
  align: 'justify' | 'start';
}

export interface TextEngine extends TextMeasurer {
  typeset(req: TypesetRequest): Line[];
  /** Every character no font could draw, met so far; the build fails on any. */
  readonly diagnostics: Diagnostic[];
}

export function createTextEngine(fonts: FontRegistry): TextEngine {
  const diagnostics: Diagnostic[] = [];
  const reported = new Set<string>();
  const typeset = (req: TypesetRequest): Line[] => {
    const result = typesetParagraph({
      runs: styledRuns(req.inlines, req.role),
      sizePt: req.sizePt,
      widthPt: req.widthPt,
      align: req.align,
      chains: fonts.chains,
    });
    for (const d of result.diagnostics) {
      // The deck and the brochure set the same text: report each character at each place once.
      const key = `${d.message}@${d.span?.path ?? d.span?.line ?? ''}`;
      if (!reported.has(key)) {
        reported.add(key);
        diagnostics.push(d);
      }
    }
    return result.lines;
  };
  return {
    diagnostics,
    typeset,
    measure(req) {
      const lines = typeset({ ...req, align: 'start' });
      return { lines: lines.length, maxLineWidthPt: Math.max(0, ...lines.map((l) => l.naturalWidthPt)) };
    },
  };
}

export function styledRuns(inlines: Inline[], role: string): StyledText[] {
  const out: StyledText[] = [];
  let links = 0;
  const walk = (items: Inline[], r: string, link: StyledText['link']): void => {
    for (const item of items) {
      if (item.kind === 'text') out.push({ text: normaliseText(item.text), role: r, span: item.span, ...(link ? { link } : {}) });
      // A link keeps the weight around it; the layouts mark it (an annotation, a hyperlink) rather than a face.
      else if (item.kind === 'link') walk(item.children, r, { href: item.href, n: links++ });
      else walk(item.children, r === 'heading' ? r : 'strong', link);
    }
  };
  walk(inlines, role, undefined);
  return out;
}
