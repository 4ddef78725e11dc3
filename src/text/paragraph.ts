// Styled text + measure → lines: atoms measured with fontkit, greedy breaking at clreq-tailored
// UAX #14 opportunities, inter-character justification. Both writers use these lines.
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import { codes, error } from '../diag/diagnostic.js';
import { fontForCodePoint, type LoadedFont } from '../fonts/registry.js';
import { findBreaks } from './breaks.js';
import { hex, isCjk, isSpace } from './chars.js';

/** A stretch of text in one role (body, strong, heading …), with the span of the data it came from. */
export interface StyledText {
  text: string;
  role: string;
  span?: Span;
}

export interface ParagraphInput {
  runs: StyledText[];
  sizePt: number;
  widthPt: number;
  /** `justify`: every line but the last fills the measure; `start`: ragged right. */
  align: 'justify' | 'start';
  /** Font chains by role. */
  chains: Map<string, LoadedFont[]>;
}

/** One drawable run of a line: same font and role, one spacing after every character. */
export interface LineRun {
  text: string;
  fontId: string;
  role: string;
  sizePt: number;
  /** Offset from the line's start. */
  xPt: number;
  /** Extra space after each character (PDF Tc): inter-character justification. */
  spacingPt: number;
  /** Natural width plus the spacing inside the run (not after its last character). */
  widthPt: number;
}

export interface Line {
  runs: LineRun[];
  /** Width of the ink-bearing text, trailing spaces dropped, before justification. */
  naturalWidthPt: number;
  /** Width as set: the measure for justified lines. */
  widthPt: number;
  justified: boolean;
  /** The characters of the line as they are drawn (trailing spaces at a break dropped). */
  text: string;
}

export interface ParagraphResult {
  lines: Line[];
  diagnostics: Diagnostic[];
}

type AtomKind = 'cjk' | 'word' | 'space';

interface Atom {
  kind: AtomKind;
  text: string;
  font: LoadedFont;
  role: string;
  widthPt: number;
  /** UTF-16 index of the atom's start in the paragraph text. */
  start: number;
  /** A space that never stretches: inside a digit group or next to CJK (`2013 年`). */
  fixed: boolean;
  /** A line may break before this atom. */
  breakBefore: boolean;
  mustBreakBefore: boolean;
}

/** Set a paragraph: returns its lines, and diagnostics for characters no font can draw. */
export function typesetParagraph(input: ParagraphInput): ParagraphResult {
  const diagnostics: Diagnostic[] = [];
  const atoms = makeAtoms(input, diagnostics);
  const lines: Line[] = [];
  let start = 0;
  while (start < atoms.length) {
    const end = findLineEnd(atoms, start, input.widthPt);
    const isLast = end >= atoms.length || atoms[end]!.mustBreakBefore;
    lines.push(setLine(atoms.slice(start, end), input, isLast));
    start = end;
  }
  return { lines, diagnostics };
}

function makeAtoms(input: ParagraphInput, diagnostics: Diagnostic[]): Atom[] {
  const text = input.runs.map((r) => r.text).join('');
  const { allowed, required } = findBreaks(text);
  const atoms: Atom[] = [];
  let offset = 0;
  for (const run of input.runs) {
    const chain = input.chains.get(run.role);
    if (!chain) throw new Error(`no font chain for role '${run.role}'`);
    let i = 0;
    while (i < run.text.length) {
      const cp = run.text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      const at = offset + i;
      if (cp === 0x0a) {
        i += 1;
        continue; // a newline only forces the break recorded in `required`
      }
      const font = fontForCodePoint(chain, cp);
      if (!font) {
        diagnostics.push(missingGlyph(cp, run));
        i += ch.length;
        continue;
      }
      const kind: AtomKind = isSpace(cp) ? 'space' : isCjk(cp) ? 'cjk' : 'word';
      const prev = atoms[atoms.length - 1];
      const joinsPrev =
        kind === 'word' &&
        prev?.kind === 'word' &&
        prev.font === font &&
        prev.role === run.role &&
        !allowed[at] &&
        prev.start + prev.text.length === at;
      if (joinsPrev) prev.text += ch;
      else
        atoms.push({
          kind,
          text: ch,
          font,
          role: run.role,
          widthPt: 0,
          start: at,
          fixed: false,
          breakBefore: at > 0 && allowed[at] === 1,
          mustBreakBefore: at > 0 && required[at] === 1,
        });
      i += ch.length;
    }
    offset += run.text.length;
  }
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    a.widthPt = measureAtom(a, input.sizePt);
    if (a.kind === 'space') {
      const before = atoms[k - 1];
      const after = atoms[k + 1];
      // A space inside `1 400` or beside CJK (`2013 年`) keeps its width: it is not a word space.
      a.fixed = before?.kind === 'cjk' || after?.kind === 'cjk' || (after !== undefined && !after.breakBefore);
    }
  }
  return atoms;
}

function missingGlyph(cp: number, run: StyledText): Diagnostic {
  const ch = String.fromCodePoint(cp);
  const d = error(
    codes.missingGlyph,
    `no font in the '${run.role}' chain can draw '${ch}' (${hex(cp)})`,
    run.span,
    [
      `if '${ch}' is a typo or a Simplified character, correct the data; otherwise add a font that covers ${hex(cp)} to fonts/manifest.json and to the '${run.role}' chain in templates/theme.yaml`,
    ],
  );
  return { ...d, text: ch };
}

function measureAtom(atom: Atom, sizePt: number): number {
  const f = atom.font;
  const scale = sizePt / f.unitsPerEm;
  if (atom.kind !== 'word' || atom.text.length <= 2) {
    const cp = atom.text.codePointAt(0)!;
    if ([...atom.text].length === 1) {
      let adv = f.advanceCache.get(cp);
      if (adv === undefined) {
        adv = f.font.glyphForCodePoint(cp).advanceWidth;
        f.advanceCache.set(cp, adv);
      }
      return adv * scale;
    }
  }
  // Latin words are shaped whole, as pdfkit will draw them (kerning included).
  return f.font.layout(atom.text).advanceWidth * scale;
}

/** Index of the first atom of the next line. Greedy: the last opportunity at which the line still fits. */
function findLineEnd(atoms: Atom[], start: number, widthPt: number): number {
  let width = 0;
  let lastBreak = -1;
  for (let i = start; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (i > start && a.mustBreakBefore) return i;
    if (i > start && a.breakBefore) lastBreak = i;
    // Spaces may hang past the measure: they vanish at a line end.
    if (a.kind !== 'space' && width + a.widthPt > widthPt + 1e-6 && i > start) {
      if (lastBreak > start) return lastBreak;
      // No opportunity since the line began (a word longer than the measure): break at the next one.
      for (let j = i; j < atoms.length; j++) if (atoms[j]!.breakBefore || atoms[j]!.mustBreakBefore) return j;
      return atoms.length;
    }
    width += a.widthPt;
  }
  return atoms.length;
}

/** Expansion opportunities sit between two atoms when either is CJK, or after a stretchable word space. */
function expandsAfter(a: Atom, b: Atom): boolean {
  if (a.kind === 'space') return !a.fixed || b.kind === 'cjk';
  if (b.kind === 'space') return a.kind === 'cjk' && !b.fixed;
  return a.kind === 'cjk' || b.kind === 'cjk';
}

function setLine(lineAtoms: Atom[], input: ParagraphInput, isLast: boolean): Line {
  let end = lineAtoms.length;
  while (end > 0 && lineAtoms[end - 1]!.kind === 'space') end--;
  const atoms = lineAtoms.slice(0, end);
  const natural = atoms.reduce((w, a) => w + a.widthPt, 0);
  const gaps: boolean[] = atoms.map((a, k) => k < atoms.length - 1 && expandsAfter(a, atoms[k + 1]!));
  const gapCount = gaps.filter(Boolean).length;
  const slack = input.widthPt - natural;
  const justify = input.align === 'justify' && !isLast && gapCount > 0 && slack > 0;
  const perGap = justify ? slack / gapCount : 0;

  // One run per font and role. Tc adds the same space after every glyph, so a run holds atoms
  // separated by equal gaps, and single characters only when that gap is not zero.
  const runs: LineRun[] = [];
  let runAtoms = 0;
  let runSingle = true;
  let x = 0;
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    const single = [...a.text].length === 1;
    const gapBefore = k > 0 && gaps[k - 1] ? perGap : 0;
    const last = runs[runs.length - 1];
    const sameFace = last !== undefined && last.fontId === a.font.id && last.role === a.role;
    const spacingFits = runAtoms === 1 ? gapBefore === 0 || (runSingle && single) : gapBefore === last?.spacingPt && (gapBefore === 0 || single);
    if (last && sameFace && spacingFits) {
      if (runAtoms === 1) last.spacingPt = gapBefore;
      last.text += a.text;
      last.widthPt = x + a.widthPt - last.xPt;
      runAtoms++;
      runSingle &&= single;
    } else {
      runs.push({ text: a.text, fontId: a.font.id, role: a.role, sizePt: input.sizePt, xPt: x, spacingPt: 0, widthPt: a.widthPt });
      runAtoms = 1;
      runSingle = single;
    }
    x += a.widthPt + (gaps[k] ? perGap : 0);
  }
  return {
    runs,
    naturalWidthPt: natural,
    widthPt: justify ? input.widthPt : natural,
    justified: justify,
    text: atoms.map((a) => a.text).join(''),
  };
}
