// Styled text + measure → lines: atoms measured with fontkit, breaking at clreq-tailored UAX #14
// opportunities, punctuation compression, inter-character justification. Both writers use these lines.
import type { Diagnostic, Span } from '../diag/diagnostic.js';
import { codes, error } from '../diag/diagnostic.js';
import { fontForCodePoint, type LoadedFont } from '../fonts/registry.js';
import { findBreaks, URL_CUT, URL_SEAM } from './breaks.js';
import { Fitter, type FitInput } from './fit.js';
import type { Hyphenator } from './hyphenate.js';
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
  /** `total-fit` (the default): Knuth–Plass over the paragraph; `greedy`: first fit line by line (kept to compare). */
  breaking?: 'total-fit' | 'greedy';
  /** Count the last line's raggedness too, so a title's lines come out of a length. */
  balance?: boolean;
  /** Where a Latin word may be hyphenated: set for English editions only (see hyphenate.ts). */
  hyphenate?: Hyphenator;
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
  /** The line ends inside a word, with a hyphen drawn (its last run holds it; `text` does not). */
  hyphenated?: boolean;
  /**
   * How loose the line is set: the space justification added per gap, in ems; for a line of a justified
   * paragraph with no gap to put its slack in, the whole slack. 0 for ragged and last lines.
   */
  looseEm: number;
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
  /** A piece of a hyphenated word after the first: a line ending before it ends with a hyphen. */
  hyphen?: boolean;
  /**
   * Inside a web address, a line may start with this atom at one of its seams (URL_SEAM) or, dearer, where it has
   * none (URL_CUT); 0 elsewhere (breaks.ts). Always a number: every atom has the same shape for the hot loops.
   */
  url: number;
  /** What the atom can give up in an overfull line: a mark's compressible blank, a word space's shrink. */
  shrinkPt: number;
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
  const greedy = greedyEnds(atoms, input.widthPt);
  const ends = input.breaking === 'greedy' ? greedy : new Fitter(fitInput(atoms, input)).fit(greedy);
  const lines: Line[] = [];
  let from = 0;
  for (const end of ends) {
    const isLast = end >= atoms.length || atoms[end]!.mustBreakBefore;
    lines.push(setLine(atoms.slice(from, end), input, isLast, atoms[end]?.hyphen === true && !isLast));
    from = end;
  }
  return { lines, diagnostics };
}

/**
 * The paragraph as total fit sees it, for tests that search every breaking themselves: the fitter (its line
 * measure), greedy's breaking and the chosen one, and where lines may end.
 */
export function fitModel(input: ParagraphInput): { fitter: Fitter; greedy: number[]; ends: number[]; candidates: number[]; n: number; limitEm: number } {
  const atoms = makeAtoms(input, []);
  const f = fitInput(atoms, input);
  const fitter = new Fitter(f);
  const greedy = greedyEnds(atoms, input.widthPt);
  const candidates = atoms.flatMap((a, k) => (k > 0 && (a.breakBefore || a.mustBreakBefore) ? [k] : []));
  return { fitter, greedy, ends: fitter.fit(greedy), candidates, n: atoms.length, limitEm: f.limitEm };
}

/** First fit, line by line (with push-in and the short-last-line rule): the breaking total fit must not be looser than. */
function greedyEnds(atoms: Atom[], widthPt: number): number[] {
  const ends: number[] = [];
  let start = 0;
  while (start < atoms.length) {
    const end = findLineEnd(atoms, start, widthPt);
    ends.push(end);
    start = end;
  }
  avoidShortLastLine(atoms, ends, widthPt);
  return ends;
}

/** clreq §3.2.1 leaves inter-character expansion to taste; past a tenth of an em a gap reads as a space (pdfjs, too, reads 0.102 em as one). */
export const CJK_STRETCH_LIMIT_EM = 0.1;
/** A word space may open to about twice its width (Noto Sans: 0.26 em) before a line looks loose. */
export const LATIN_STRETCH_LIMIT_EM = 0.25;
/** How much a word space may close up in an overfull line, in ems (TeX: a third of its 0.333 em space). */
const SPACE_SHRINK_EM = 0.08;
/** Costs of breaking (compare: a justified line at the stretch limit costs 1000; see fit.ts). */
const LATIN_PHRASE_PENALTY = 2000;
const HYPHEN_PENALTY = 300;
/**
 * A title or heading broken between two ideographs of one word (`创|新`, as a dictionary reads the text): a
 * balanced title takes lines a character or two apart in length rather than split a word.
 */
const WORD_PENALTY = 600;
/** Ending a line inside a web address: at one of its seams, and, dearer, between two other characters. */
const URL_SEAM_PENALTY = 100;
const URL_CUT_PENALTY = 800;
const BRACKET_DEPTH_PENALTY = 300;

/** A paragraph's atoms as total fit reads them. */
function fitInput(atoms: Atom[], input: ParagraphInput): FitInput {
  const n = atoms.length;
  const f: FitInput = {
    n,
    advance: new Float64Array(n),
    gapAfter: new Float64Array(n),
    isSpace: new Uint8Array(n),
    canBreak: new Uint8Array(n),
    mustBreak: new Uint8Array(n),
    shrink: new Float64Array(n),
    expands: new Uint8Array(n),
    penalty: new Float64Array(n),
    endExtraPt: new Float64Array(n),
    letter: new Uint8Array(n),
    ideograph: new Uint8Array(n),
    widthPt: input.widthPt,
    sizePt: input.sizePt,
    justify: input.align === 'justify',
    balance: input.balance === true,
    limitEm: atoms.some((a) => a.kind === 'cjk') ? CJK_STRETCH_LIMIT_EM : LATIN_STRETCH_LIMIT_EM,
  };
  const cjkText = atoms.some((a) => a.kind === 'cjk');
  const ragged = input.align !== 'justify';
  // Only a title that needs more than one line is split into words: ICU's segmenter costs ~13 ms to make.
  const words = input.balance && cjkText && atoms.reduce((w, a) => w + advance(a), 0) > input.widthPt ? wordStarts(input.runs.map((r) => r.text).join('')) : undefined;
  let depth = 0;
  for (let k = 0; k < n; k++) {
    const a = atoms[k]!;
    let penalty = 0;
    const before = atoms[k - 1];
    f.advance[k] = advance(a);
    f.gapAfter[k] = a.gapAfterPt;
    f.isSpace[k] = a.kind === 'space' ? 1 : 0;
    f.canBreak[k] = a.breakBefore ? 1 : 0;
    f.mustBreak[k] = a.mustBreakBefore ? 1 : 0;
    f.shrink[k] = a.shrinkPt;
    f.expands[k] = k < n - 1 && expandsAfter(a, atoms[k + 1]!) ? 1 : 0;
    f.letter[k] = a.kind !== 'space' && !a.punct ? 1 : 0;
    f.ideograph[k] = a.kind === 'cjk' && !a.punct ? 1 : 0;
    if (a.hyphen) {
      f.endExtraPt[k] = hyphenAtom(atoms[k - 1]!, input.sizePt).widthPt;
      penalty += HYPHEN_PENALTY;
    }
    if (words && a.kind === 'cjk' && !a.punct && before?.kind === 'cjk' && !before.punct && !words.has(a.start)) penalty += WORD_PENALTY;
    if (a.url === URL_CUT) penalty += URL_CUT_PENALTY;
    else if (a.url === URL_SEAM) penalty += URL_SEAM_PENALTY;
    // A space between two Latin words in Chinese text sits inside a name or phrase (Greater Bay Area).
    if (cjkText && a.kind === 'word' && before?.kind === 'space' && atoms[k - 2]?.kind === 'word') penalty += LATIN_PHRASE_PENALTY;
    // Titles, labels and other ragged text break between phrases: not inside brackets or quotes.
    if (ragged) penalty += BRACKET_DEPTH_PENALTY * depth;
    f.penalty[k] = penalty;
    if (FULLWIDTH_OPENING.has(a.text) || a.text === '(') depth++;
    else if (depth > 0 && (CLOSING_BRACKETS.has(a.text) || a.text === ')')) depth--;
  }
  return f;
}

let segmenter: Intl.Segmenter | undefined;
/** Where the words of Chinese text start, by ICU's dictionary (node's own: the same answer on every run of a build). */
function wordStarts(text: string): Set<number> {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' });
  const starts = new Set<number>();
  for (const s of segmenter.segment(text)) starts.add(s.index);
  return starts;
}

const CLOSING_BRACKETS = new Set(Array.from('）」』》〉】〕〗｝］”’'));

/** The hyphen a line broken inside a word ends with, in the word's font. */
function hyphenAtom(before: Atom, sizePt: number): Atom {
  const a: Atom = { ...before, kind: 'word', text: '-', widthPt: 0, start: before.start + before.text.length, fixed: false, breakBefore: false, mustBreakBefore: false, url: 0, pairCutPt: 0, gapAfterPt: 0, glyphs: [], shrinkPt: 0 };
  delete a.punct;
  delete a.hyphen;
  a.widthPt = measureAtom(a, sizePt);
  return a;
}

function makeAtoms(input: ParagraphInput, diagnostics: Diagnostic[]): Atom[] {
  const text = input.runs.map((r) => r.text).join('');
  const { allowed, required, url } = findBreaks(text);
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
        url[at] !== URL_CUT &&
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
          breakBefore: at > 0 && (allowed[at] === 1 || url[at] === URL_CUT),
          mustBreakBefore: at > 0 && required[at] === 1,
          url: at > 0 ? url[at]! : 0,
          pairCutPt: 0,
          gapAfterPt: 0,
          glyphs: [],
          shrinkPt: 0,
          ...(run.link ? { link: run.link } : {}),
        });
      i += ch.length;
    }
    offset += run.text.length;
  }
  const size = input.sizePt;
  if (input.hyphenate) atoms.splice(0, atoms.length, ...atoms.flatMap((a) => hyphenPieces(a, input.hyphenate!)));
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
  for (const a of atoms) {
    if (a.punct) a.shrinkPt = Math.max(0, a.punct.compressiblePt - a.pairCutPt);
    // A word space may close up a little, as TeX's interword glue does (shrink a third of a 0.333 em space).
    else if (a.kind === 'space' && !a.fixed) a.shrinkPt = SPACE_SHRINK_EM * size;
  }
  return atoms;
}

/**
 * A Latin word cut where it may be hyphenated: each piece after the first may start a line, the line before
 * it then ending with a hyphen. Trailing punctuation (`expanded,`) stays with the last piece.
 */
function hyphenPieces(a: Atom, hyphenate: Hyphenator): Atom[] {
  if (a.kind !== 'word') return [a];
  const m = /^([A-Za-z]+)([^A-Za-z]*)$/.exec(a.text);
  if (!m) return [a];
  // A copy: the hyphenator caches its answers.
  const pieces = [...hyphenate(m[1]!)];
  if (pieces.length < 2) return [a];
  pieces[pieces.length - 1] += m[2]!;
  let start = a.start;
  return pieces.map((text, k) => {
    const piece: Atom = { ...a, text, start, glyphs: [] };
    if (k > 0) Object.assign(piece, { breakBefore: true, mustBreakBefore: false, hyphen: true, url: 0 });
    start += text.length;
    return piece;
  });
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

/** How much the punctuation and word spaces of atoms[start, end) can still give up to let a line take more. */
function pushInBudget(atoms: Atom[], start: number, end: number): number {
  let b = 0;
  for (let i = start; i < end; i++) {
    b += atoms[i]!.shrinkPt;
  }
  return b;
}

/** Greedy breaks where clreq allows, never inside a word: it is the setter total fit is held against. */
const opens = (a: Atom): boolean => a.breakBefore && !a.hyphen && a.url !== URL_CUT;

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
    if (i > start && opens(a)) lastBreak = i;
    // Spaces may hang past the measure: they vanish at a line end.
    if (a.kind === 'space' || i === start || setWidth(atoms, start, i + 1) <= widthPt + 1e-6) continue;
    // Atom i does not fit. Push in: extend to the next opportunity if it is only a mark or two away.
    let next = i + 1;
    while (next < atoms.length && !opens(atoms[next]!) && !atoms[next]!.mustBreakBefore) next++;
    if (next - i <= 2 && atoms.slice(i, next).every((x) => x.punct) && lastBreak !== i) {
      const over = setWidth(atoms, start, next) - widthPt;
      if (over <= pushInBudget(atoms, start, next) + 1e-6) return next;
    }
    if (lastBreak > start) return lastBreak;
    // No opportunity since the line began (a word longer than the measure): break at the next one.
    for (let j = i; j < atoms.length; j++) if (opens(atoms[j]!) || atoms[j]!.mustBreakBefore) return j;
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
    if (!opens(atoms[b]!)) continue;
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

function setLine(lineAtoms: Atom[], input: ParagraphInput, isLast: boolean, hyphenated: boolean): Line {
  let end = lineAtoms.length;
  while (end > 0 && lineAtoms[end - 1]!.kind === 'space') end--;
  const atoms = lineAtoms.slice(0, end);
  const text = atoms.map((a) => a.text).join('');
  if (hyphenated && atoms.length > 0) atoms.push(hyphenAtom(atoms[atoms.length - 1]!, input.sizePt));
  const natural = setWidth(atoms, 0, atoms.length);
  const slack = input.widthPt - natural;

  // Overfull by a pushed-in mark (or, in Latin text, a word that fits with spaces closed up): take the excess
  // from the punctuation and word spaces, in proportion to what each can give.
  const cut = new Map<number, number>();
  if (slack < -1e-6) {
    const budget = pushInBudget(atoms, 0, atoms.length);
    if (budget > 0) {
      const ratio = Math.min(1, -slack / budget);
      atoms.forEach((a, k) => {
        if (a.shrinkPt > 0) cut.set(k, a.shrinkPt * ratio);
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
    const rightCut = a.pairCutPt + (a.punct?.side !== 'left' ? extraCut : 0);
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
    // A line set to the measure by compressing its punctuation is justified too.
    justified: justify || (input.align === 'justify' && !isLast && slack <= 1e-6 && Math.abs(x - input.widthPt) < 1e-3),
    text,
    looseEm: justify ? perGap / input.sizePt : input.align === 'justify' && !isLast && slack > 1e-6 ? slack / input.sizePt : 0,
    ...(hyphenated ? { hyphenated: true } : {}),
  };
}
