// Styled text + measure → lines: atoms measured with fontkit, breaking at clreq-tailored UAX #14
// opportunities, punctuation compression, inter-character justification. Both writers use these lines.
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import { codes, error } from '../diag/diagnostic.js';
import { fontForCodePoint, type LoadedFont } from '../fonts/registry.js';
import { findBreaks } from './breaks.js';
import { FULLWIDTH_OPENING, FULLWIDTH_PUNCTUATION, hex, isCjk, isSpace } from './chars.js';

/** A stretch of text in one role (body, strong, heading …), with the span of the data it came from. */
export interface StyledText {
  text: string;
  role: string;
  span?: Span;
  /** Part of a link: the address, and the link's ordinal in the paragraph (two links to one address stay two). */
  link?: RunLink;
}

/** The link a run belongs to. */
export interface RunLink {
  href: string;
  n: number;
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

/**
 * One glyph as the engine placed it: what the PDF draws, so the writer never shapes text again. `xPt` is
 * where its origin sits from the run's start; `advancePt` is the glyph's own advance in the font (the
 * writer turns the difference to the next glyph's position into a TJ adjustment); `text` is what it
 * stands for (several characters for a ligature), which the ToUnicode map gives back on copy.
 */
export interface PlacedGlyph {
  id: number;
  xPt: number;
  advancePt: number;
  text: string;
  /** Raised above the baseline (a mark placed by GPOS); absent when on it. */
  risePt?: number;
  /**
   * The advance the glyph is set with where the engine changes it: a closing mark compressed on its
   * blank side, or a character followed by the ¼ em CJK–Latin gap. The PDF writer draws such a glyph
   * with that width (a copy of the glyph whose metrics say so), so that extraction sees neither an
   * overlap nor a gap there. Justification is not in it: that is spacing between glyphs.
   */
  setAdvancePt?: number;
}

/** One drawable run of a line: same font and role, one spacing after every character. */
export interface LineRun {
  text: string;
  /** The run's glyphs as set: compression, CJK–Latin gaps and justification are in their positions. */
  glyphs: PlacedGlyph[];
  fontId: string;
  role: string;
  sizePt: number;
  /** Where the run's first glyph is drawn, from the line's start. */
  xPt: number;
  /** Extra space after each character (PDF Tc): inter-character justification. */
  spacingPt: number;
  /** Advance of the run as set: from xPt to where the next run starts. */
  widthPt: number;
  /** The link the run's text belongs to; a run never spans the edge of a link. */
  link?: RunLink;
}

export interface Line {
  runs: LineRun[];
  /** Width of the text as set before justification (compression and CJK–Latin gaps included). */
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
  /** The glyph advance. */
  widthPt: number;
  /** UTF-16 index of the atom's start in the paragraph text. */
  start: number;
  /** A space that never stretches: inside a digit group or next to CJK (`2013 年`). */
  fixed: boolean;
  /** A line may break before this atom. */
  breakBefore: boolean;
  mustBreakBefore: boolean;
  /** Full-width punctuation: which side of the em its blank space is on, and how much of it may go. */
  punct?: { side: 'left' | 'right'; compressiblePt: number };
  /** Blank removed after the glyph: adjacent punctuation set closer (`」，` → half an em less). */
  pairCutPt: number;
  /** A ideograph next to a Latin letter or digit with no space between: clreq's ¼ em gap. */
  gapAfterPt: number;
  /** The atom's glyphs from its own origin (a word as fontkit shaped it, kerning included). */
  glyphs: AtomGlyph[];
  link?: RunLink;
}

interface AtomGlyph {
  id: number;
  /** Origin from the atom's origin. */
  xPt: number;
  advancePt: number;
  text: string;
  risePt?: number;
}

/** Blank kept on a punctuation mark's compressed side, in font units per 1000 (a hairline of air). */
const KEEP_BLANK = 120;
/** Two adjacent full-width marks keep at least this much blank between their inks (per 1000). */
const KEEP_PAIR_BLANK = 250;
/** clreq §3.2.2 (mixed text): about a quarter em between Han characters and Western letters or digits. */
const CJK_LATIN_GAP_EM = 0.25;

/** Set a paragraph: returns its lines, and diagnostics for characters no font can draw. */
export function typesetParagraph(input: ParagraphInput): ParagraphResult {
  const diagnostics: Diagnostic[] = [];
  const atoms = makeAtoms(input, diagnostics);
  const ends: number[] = [];
  let start = 0;
  while (start < atoms.length) {
    const end = findLineEnd(atoms, start, input.widthPt);
    ends.push(end);
    start = end;
  }
  avoidShortLastLine(atoms, ends, input.widthPt);
  const lines: Line[] = [];
  let from = 0;
  for (const end of ends) {
    const isLast = end >= atoms.length || atoms[end]!.mustBreakBefore;
    lines.push(setLine(atoms.slice(from, end), input, isLast));
    from = end;
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
      const kind: AtomKind = isSpace(cp) ? 'space' : isCjk(cp) && !drawnProportional(font, cp) ? 'cjk' : 'word';
      const prev = atoms[atoms.length - 1];
      const joinsPrev =
        kind === 'word' &&
        prev?.kind === 'word' &&
        prev.font === font &&
        prev.role === run.role &&
        prev.link?.n === run.link?.n &&
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
          pairCutPt: 0,
          gapAfterPt: 0,
          glyphs: [],
          ...(run.link ? { link: run.link } : {}),
        });
      i += ch.length;
    }
    offset += run.text.length;
  }
  const size = input.sizePt;
  for (const a of atoms) {
    a.widthPt = measureAtom(a, size);
    if (a.kind === 'cjk' && FULLWIDTH_PUNCTUATION.has(a.text)) a.punct = punctuation(a, size);
  }
  for (let k = 0; k < atoms.length; k++) {
    const a = atoms[k]!;
    const before = atoms[k - 1];
    const after = atoms[k + 1];
    if (a.kind === 'space') {
      // A space inside `1 400` or beside CJK (`2013 年`) is not a word space: it never stretches, and
      // beside an ideograph it is the same ¼ em gap that clreq asks for where the source has no space.
      a.fixed = before?.kind === 'cjk' || after?.kind === 'cjk' || (after !== undefined && !after.breakBefore);
      if ((isIdeographic(before) && startsAlnum(after)) || (endsAlnum(before) && isIdeographic(after))) {
        // The space glyph is still drawn (copy-paste keeps it); the difference to ¼ em goes after it.
        a.gapAfterPt = CJK_LATIN_GAP_EM * size - a.widthPt;
      }
      continue;
    }
    if ((isIdeographic(a) && startsAlnum(after)) || (endsAlnum(a) && isIdeographic(after))) {
      a.gapAfterPt = CJK_LATIN_GAP_EM * size;
    }
    // clreq §3.1.6: two adjacent full-width marks (`」，`, `。」`, `）「`) are set closer together.
    if (a.punct && after?.punct) {
      const blank = blankAfter(a) + blankBefore(after);
      a.pairCutPt = Math.max(0, Math.min(0.5 * size, blank - (KEEP_PAIR_BLANK / 1000) * size));
    }
  }
  return atoms;
}

/** Latin letters and digits get the CJK gap; Western punctuation such as `/` or `%` does not. */
const startsAlnum = (a: Atom | undefined): boolean => a?.kind === 'word' && /^[\p{L}\p{N}]/u.test(a.text);
const endsAlnum = (a: Atom | undefined): boolean => a?.kind === 'word' && /[\p{L}\p{N}]$/u.test(a.text);

const isIdeographic = (a: Atom | undefined): boolean => a !== undefined && a.kind === 'cjk' && !FULLWIDTH_PUNCTUATION.has(a.text) && !a.punct && /\p{Script=Han}/u.test(a.text);

function inkBounds(a: Atom): { left: number; right: number; advance: number } {
  const g = a.font.font.glyphForCodePoint(a.text.codePointAt(0)!);
  return { left: g.bbox.minX, right: g.advanceWidth - g.bbox.maxX, advance: g.advanceWidth };
}

const unitsToPt = (a: Atom, units: number, size: number): number => (units / a.font.unitsPerEm) * size;

function blankAfter(a: Atom): number {
  return unitsToPt(a, inkBounds(a).right, 1) * (a.widthPt / Math.max(1e-9, unitsToPt(a, inkBounds(a).advance, 1)));
}

function blankBefore(a: Atom): number {
  return unitsToPt(a, inkBounds(a).left, 1) * (a.widthPt / Math.max(1e-9, unitsToPt(a, inkBounds(a).advance, 1)));
}

/** Opening marks carry their blank before the ink, the others (closing, centred stops) after it. */
function punctuation(a: Atom, size: number): Atom['punct'] {
  const ink = inkBounds(a);
  const side = FULLWIDTH_OPENING.has(a.text) ? 'left' : 'right';
  const blank = side === 'left' ? ink.left : ink.right;
  const keep = (KEEP_BLANK / 1000) * a.font.unitsPerEm;
  return { side, compressiblePt: Math.min(0.5 * size, unitsToPt(a, Math.max(0, blank - keep), size)) };
}

/**
 * Quotes, dashes and the ellipsis are full-width in a CJK font and proportional in a Latin one: in an
 * English edition, whose chain puts a Latin font first, `Hong Kong’s` must not be set on the CJK grid.
 */
function drawnProportional(font: LoadedFont, cp: number): boolean {
  if (!AMBIGUOUS_WIDTH.has(cp)) return false;
  return font.font.glyphForCodePoint(cp).advanceWidth < 0.8 * font.unitsPerEm;
}

const AMBIGUOUS_WIDTH = new Set([0x2018, 0x2019, 0x201c, 0x201d, 0x2014, 0x2026, 0x00b7]);

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

/** Glyph id and advance (font units) of one character, per font: most atoms are single ideographs. */
const glyphCache = new WeakMap<LoadedFont, Map<number, { id: number; advance: number }>>();

function glyphOf(f: LoadedFont, cp: number): { id: number; advance: number } {
  let cache = glyphCache.get(f);
  if (!cache) glyphCache.set(f, (cache = new Map()));
  let g = cache.get(cp);
  if (!g) {
    const glyph = f.font.glyphForCodePoint(cp);
    g = { id: glyph.id, advance: glyph.advanceWidth };
    cache.set(cp, g);
  }
  return g;
}

/** Measure an atom and keep its glyphs: the advance is what the line is built from, the glyphs what is drawn. */
function measureAtom(atom: Atom, sizePt: number): number {
  const f = atom.font;
  const scale = sizePt / f.unitsPerEm;
  const cp = atom.text.codePointAt(0)!;
  if (atom.text.length === (cp > 0xffff ? 2 : 1)) {
    const g = glyphOf(f, cp);
    atom.glyphs = [{ id: g.id, xPt: 0, advancePt: g.advance * scale, text: atom.text }];
    return g.advance * scale;
  }
  // Latin words are shaped whole (kerning, ligatures), and drawn as shaped; once per font and word in a process
  // (an English edition sets the same words again and again, and shaping is the slow part).
  let words = shapedWords.get(f.font);
  if (!words) shapedWords.set(f.font, (words = new Map()));
  let shaped = words.get(atom.text);
  if (!shaped) {
    const run = f.font.layout(atom.text);
    let x = 0;
    const glyphs = run.glyphs.map((glyph, k) => {
      const pos = run.positions[k]!;
      const g: ShapedGlyph = { id: glyph.id, x: x + pos.xOffset, advance: glyph.advanceWidth, text: String.fromCodePoint(...glyph.codePoints), rise: pos.yOffset };
      x += pos.xAdvance;
      return g;
    });
    shaped = { glyphs, advance: run.advanceWidth };
    words.set(atom.text, shaped);
  }
  atom.glyphs = shaped.glyphs.map((s) => {
    const g: AtomGlyph = { id: s.id, xPt: s.x * scale, advancePt: s.advance * scale, text: s.text };
    if (s.rise) g.risePt = s.rise * scale;
    return g;
  });
  return shaped.advance * scale;
}

/** A shaped word's glyph in font units. */
interface ShapedGlyph {
  id: number;
  x: number;
  advance: number;
  text: string;
  rise: number;
}

/** Shaped words by font (fonts are parsed once per process and shared by every project and edition). */
const shapedWords = new WeakMap<LoadedFont['font'], Map<string, { glyphs: ShapedGlyph[]; advance: number }>>();

/** The advance an atom takes in a line before justification or push-in. */
const advance = (a: Atom): number => a.widthPt - a.pairCutPt + a.gapAfterPt;

/** Width of atoms[start, end) as set, trailing spaces and the last atom's trailing gap left out. */
function setWidth(atoms: Atom[], start: number, end: number): number {
  let e = end;
  while (e > start && atoms[e - 1]!.kind === 'space') e--;
  let w = 0;
  for (let i = start; i < e; i++) w += advance(atoms[i]!);
  return e > start ? w - atoms[e - 1]!.gapAfterPt : 0;
}

/** How much the punctuation of atoms[start, end) can still give up to let a line take one more mark. */
function pushInBudget(atoms: Atom[], start: number, end: number): number {
  let b = 0;
  for (let i = start; i < end; i++) {
    const p = atoms[i]!.punct;
    if (p) b += Math.max(0, p.compressiblePt - atoms[i]!.pairCutPt);
  }
  return b;
}

/**
 * Index of the first atom of the next line. At the last opportunity where the line still fits; but
 * when that would push a character down only because a closing mark may not start the next line,
 * clreq prefers pulling the mark in by compressing the line's punctuation, if that is enough.
 */
function findLineEnd(atoms: Atom[], start: number, widthPt: number): number {
  let lastBreak = -1;
  for (let i = start; i < atoms.length; i++) {
    const a = atoms[i]!;
    if (i > start && a.mustBreakBefore) return i;
    if (i > start && a.breakBefore) lastBreak = i;
    // Spaces may hang past the measure: they vanish at a line end.
    if (a.kind === 'space' || i === start || setWidth(atoms, start, i + 1) <= widthPt + 1e-6) continue;
    // Atom i does not fit. Push in: extend to the next opportunity if it is only a mark or two away.
    let next = i + 1;
    while (next < atoms.length && !atoms[next]!.breakBefore && !atoms[next]!.mustBreakBefore) next++;
    if (next - i <= 2 && atoms.slice(i, next).every((x) => x.punct) && lastBreak !== i) {
      const over = setWidth(atoms, start, next) - widthPt;
      if (over <= pushInBudget(atoms, start, next) + 1e-6) return next;
    }
    if (lastBreak > start) return lastBreak;
    // No opportunity since the line began (a word longer than the measure): break at the next one.
    for (let j = i; j < atoms.length; j++) if (atoms[j]!.breakBefore || atoms[j]!.mustBreakBefore) return j;
    return atoms.length;
  }
  return atoms.length;
}

/**
 * A paragraph should not end on a line holding a single ideograph (with or without its stop):
 * end the line before it at an earlier opportunity, so that the last line has company.
 */
function avoidShortLastLine(atoms: Atom[], ends: number[], widthPt: number): void {
  if (ends.length < 2) return;
  const lastStart = ends[ends.length - 2]!;
  const lastEnd = ends[ends.length - 1]!;
  const letters = atoms.slice(lastStart, lastEnd).filter((a) => a.kind !== 'space' && !a.punct);
  if (letters.length !== 1 || letters[0]!.kind !== 'cjk') return;
  const prevStart = ends.length >= 3 ? ends[ends.length - 3]! : 0;
  for (let b = lastStart - 1; b > prevStart + 1; b--) {
    if (!atoms[b]!.breakBefore) continue;
    // Leave the previous line at least half full, and let the new last line fit.
    if (setWidth(atoms, prevStart, b) < widthPt / 2) return;
    if (setWidth(atoms, b, lastEnd) > widthPt) return;
    ends[ends.length - 2] = b;
    return;
  }
}

/** An atom's glyph placed in its run, the atom's origin `atomXPt` from the run's start. */
function placed(g: AtomGlyph, atomXPt: number): PlacedGlyph {
  const p: PlacedGlyph = { id: g.id, xPt: atomXPt + g.xPt, advancePt: g.advancePt, text: g.text };
  if (g.risePt !== undefined) p.risePt = g.risePt;
  return p;
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
  const natural = setWidth(atoms, 0, atoms.length);
  const slack = input.widthPt - natural;

  // Overfull by a pushed-in mark: take the excess from the punctuation, in proportion to what each can give.
  const cut = new Map<number, number>();
  if (slack < -1e-6) {
    const budget = pushInBudget(atoms, 0, atoms.length);
    if (budget > 0) {
      const ratio = Math.min(1, -slack / budget);
      atoms.forEach((a, k) => {
        if (a.punct) cut.set(k, Math.max(0, a.punct.compressiblePt - a.pairCutPt) * ratio);
      });
    }
  }
  const gaps: boolean[] = atoms.map((a, k) => k < atoms.length - 1 && expandsAfter(a, atoms[k + 1]!));
  const gapCount = gaps.filter(Boolean).length;
  const justify = input.align === 'justify' && !isLast && gapCount > 0 && slack > 1e-6;
  const perGap = justify ? slack / gapCount : 0;

  // One run per font and role. Tc adds the same space after every glyph, so a run holds atoms
  // separated by equal gaps, single characters only when that gap is not zero, and ends at any
  // atom whose advance differs from its glyph's (compressed marks, CJK–Latin gaps).
  const runs: LineRun[] = [];
  let runAtoms = 0;
  let runSingle = true;
  let runClosed = true;
  let x = 0;
  atoms.forEach((a, k) => {
    const single = [...a.text].length === 1;
    const isLastAtom = k === atoms.length - 1;
    const extraCut = cut.get(k) ?? 0;
    const leftCut = a.punct?.side === 'left' ? extraCut : 0;
    const rightCut = a.pairCutPt + (a.punct?.side === 'right' ? extraCut : 0);
    const gapAfter = isLastAtom ? 0 : a.gapAfterPt;
    const expansion = gaps[k] ? perGap : 0;
    const gapBefore = k > 0 && gaps[k - 1] ? perGap : 0;
    const last = runs[runs.length - 1];
    const spacingFits =
      runAtoms === 1 ? gapBefore === 0 || (runSingle && single) : gapBefore === last?.spacingPt && (gapBefore === 0 || single);
    // The line's last glyph carries no spacing, so the line ends exactly at the measure.
    const endsLine = isLastAtom && (last?.spacingPt ?? 0) !== 0;
    const joins = last && !runClosed && leftCut === 0 && !endsLine && last.fontId === a.font.id && last.role === a.role && last.link?.n === a.link?.n && spacingFits;
    const drawX = x - leftCut;
    if (joins) {
      if (runAtoms === 1) last.spacingPt = gapBefore;
      last.text += a.text;
      runAtoms++;
      runSingle &&= single;
    } else {
      runs.push({ text: a.text, glyphs: [], fontId: a.font.id, role: a.role, sizePt: input.sizePt, xPt: drawX, spacingPt: 0, widthPt: 0, ...(a.link ? { link: a.link } : {}) });
      runAtoms = 1;
      runSingle = single;
    }
    const into = runs[runs.length - 1]!;
    const dx = drawX - into.xPt;
    for (const g of a.glyphs) into.glyphs.push(placed(g, dx));
    if (rightCut !== 0 || gapAfter !== 0) {
      const final = into.glyphs[into.glyphs.length - 1]!;
      final.setAdvancePt = a.widthPt - (final.xPt - dx) - rightCut + gapAfter;
    }
    x += a.widthPt - leftCut - rightCut + gapAfter + expansion;
    const run = runs[runs.length - 1]!;
    run.widthPt = x - run.xPt;
    runClosed = rightCut !== 0 || gapAfter !== 0;
  });
  return {
    runs,
    naturalWidthPt: natural,
    widthPt: justify ? input.widthPt : Math.min(natural, x),
    justified: justify,
    text: atoms.map((a) => a.text).join(''),
  };
}
