// A typeset line's glyph runs (the engine's glyph ids and positions) → one PDF text object: `BT`, the
// line's origin, then for each run its font and colour and one `TJ` array whose numbers are the engine's
// adjustments (compressed punctuation, the ¼ em CJK–Latin gap, justification), `ET`.
//
// Why not pdfkit's `text()`: it shapes each run again and opens a text object per run, so a compressed
// mark became a separately placed item overlapping its neighbour, and extraction (pdftotext, a viewer's
// copy, a screen reader) broke the line there. Drawing the engine's glyphs keeps what was measured and
// what is drawn the same, and one line stays one unit of text.
import type { GlyphRunItem } from '../layout/types.js';

/** fontkit's subset as pdfkit holds it: glyph ids of the font in the order they get CIDs. */
interface SubsetInternals {
  glyphs: number[];
  includeGlyph(glyphId: number): number;
  /** TrueType subsets only: copies glyph `gid` into the subset, its hmtx metrics included. */
  _addGlyph?: (gid: number) => number;
  hmtx?: { metrics: { advance: number }[] };
}

/**
 * A font's units per em, read once per font: fontkit's unitsPerEm is a getter that looks the head table up on every
 * call (~7 ms an English edition when it was asked per glyph; asked per run, still ~2 ms of each batch edition).
 */
const upemOf = new WeakMap<object, number>();
function unitsPerEm(font: { unitsPerEm: number }): number {
  let upem = upemOf.get(font);
  if (upem === undefined) upemOf.set(font, (upem = font.unitsPerEm));
  return upem;
}

/** The parts of pdfkit's EmbeddedFont (not exported by pdfkit) that drawing glyph ids needs. */
interface EmbeddedFontInternals {
  id: string;
  font: { unitsPerEm: number };
  /** fontkit's subset: maps a glyph id of the font to its id (CID) in the embedded subset. */
  subset: SubsetInternals;
  /** CID → advance in text space units (1000 per em): the font's W array. */
  widths: number[];
  /** CID → code points, for the ToUnicode map (see tounicode.ts). */
  unicode: (number[] | undefined)[];
  scale: number;
  ref(): unknown;
}

interface DocInternals {
  _font: unknown;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(s: string): void;
}

/** Numbers as content-stream operands: three decimals are a micron at 1 000 units per em of a 10 pt font. */
function num(n: number): string {
  const r = Math.round(n * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

/**
 * `<cid>` as a TJ operand, made once per CID for the process: every glyph of every line wanted one, three strings
 * each (~2 MB of garbage per PDF).
 */
const cidOperands: string[] = [];
const cidOperand = (cid: number): string => (cidOperands[cid] ??= `<${hex4(cid)}>`);

/** Per embedded font: the CIDs of glyphs copied with another advance, by `glyph id/advance`, and their advances. */
const variants = new WeakMap<EmbeddedFontInternals, { byKey: Map<string, number>; advance: Map<number, number> }>();

/**
 * The CID of glyph `glyphId` drawn with advance `advanceUnits` (font units). A compressed mark or a
 * character before the CJK–Latin gap keeps its outline but not its advance; giving it a copy in the
 * subset whose hmtx advance and W width both say the set advance keeps the font program and the font
 * dictionary consistent (PDF/UA-1 §7.21.5) and lets extraction see a mark set half-width as just that.
 * Only TrueType subsets carry hmtx; for others the adjustment stays in the TJ array.
 */
function cidWithAdvance(font: EmbeddedFontInternals, glyphId: number, advanceUnits: number): number {
  const subset = font.subset;
  const own = subset.includeGlyph(glyphId);
  if (!subset._addGlyph || advanceUnits === Math.round((font.widths[own] ?? Number.NaN) / font.scale)) return own;
  let state = variants.get(font);
  if (!state) {
    const s = { byKey: new Map<string, number>(), advance: new Map<number, number>() };
    const addGlyph = subset._addGlyph.bind(subset);
    subset._addGlyph = (gid: number): number => {
      const index = addGlyph(gid);
      const advance = s.advance.get(index);
      if (advance !== undefined) subset.hmtx!.metrics[index]!.advance = advance;
      return index;
    };
    variants.set(font, s);
    state = s;
  }
  const key = `${glyphId}/${advanceUnits}`;
  let cid = state.byKey.get(key);
  if (cid === undefined) {
    subset.glyphs.push(glyphId);
    cid = subset.glyphs.length - 1;
    state.byKey.set(key, cid);
    state.advance.set(cid, advanceUnits);
    font.widths[cid] = advanceUnits * font.scale;
  }
  return cid;
}

/**
 * The advances given to glyph copies in `font`'s subset (CID → font units), in CID order: with the glyph ids,
 * what decides the subset's font program (the copies' hmtx entries say these advances).
 */
export function subsetAdvances(font: unknown): [number, number][] {
  const state = variants.get(font as EmbeddedFontInternals);
  return state ? [...state.advance].sort((a, b) => a[0] - b[0]) : [];
}

/**
 * Consecutive text items drawn as one line: same baseline. The layout emits a line's runs one after
 * another, so grouping neighbours is enough.
 */
export function sameLine(a: GlyphRunItem, b: GlyphRunItem): boolean {
  return Math.abs(a.yPt - b.yPt) < 0.01 && b.xPt >= a.xPt - 0.01;
}

/**
 * Draw `runs` (one typeset line, layout coordinates: y down from the top) as one text object.
 * `colour` sets the fill colour through pdfkit (it knows the colour space of the edition).
 */
export function drawLine(doc: PDFKit.PDFDocument, runs: GlyphRunItem[], colour: (run: GlyphRunItem) => void): void {
  const d = doc as unknown as DocInternals;
  if (runs.every((r) => r.glyphs.length === 0)) return;
  doc.save();
  // pdfkit's page space has y down; text space wants y up (as pdfkit's own text() does).
  doc.transform(1, 0, 0, -1, 0, d.page.height);
  d.addContent('BT');
  let started = false;
  /** Where the next glyph would be drawn without an adjustment, in layout points. */
  let penPt = 0;
  let fontKey = '';
  let colourKey = '';
  let rise = 0;
  let array: string[] = [];
  const flush = (): void => {
    if (array.length > 0) d.addContent(`[${array.join(' ')}] TJ`);
    array = [];
  };
  for (const run of runs) {
    if (run.glyphs.length === 0) continue;
    doc.font(run.fontId);
    const font = d._font as EmbeddedFontInternals;
    if (d.page.fonts[font.id] == null) d.page.fonts[font.id] = font.ref();
    const key = `${font.id}/${run.sizePt}`;
    if (key !== fontKey) {
      flush();
      d.addContent(`/${font.id} ${num(run.sizePt)} Tf`);
      fontKey = key;
    }
    if (run.colour !== colourKey) {
      flush();
      colour(run);
      colourKey = run.colour;
    }
    const perPt = 1000 / run.sizePt;
    const upem = unitsPerEm(font.font);
    for (const g of run.glyphs) {
      const x = run.xPt + g.xPt;
      const glyphRise = g.risePt ?? 0;
      if (!started) {
        d.addContent(`1 0 0 1 ${num(x)} ${num(d.page.height - run.yPt)} Tm`);
        started = true;
        penPt = x;
      }
      if (glyphRise !== rise) {
        flush();
        d.addContent(`${num(glyphRise)} Ts`);
        rise = glyphRise;
      }
      // TJ: a number is subtracted from the position, in thousandths of the font size.
      const adjust = (penPt - x) * perPt;
      if (Math.abs(adjust) >= 0.0005) array.push(num(adjust));
      let cid = font.subset.includeGlyph(g.id);
      if (font.widths[cid] == null) font.widths[cid] = Math.round((g.advancePt / run.sizePt) * upem) * font.scale;
      if (g.setAdvancePt !== undefined) cid = cidWithAdvance(font, g.id, Math.max(0, Math.round((g.setAdvancePt / run.sizePt) * upem)));
      if (font.unicode[cid] == null) font.unicode[cid] = [...g.text].map((c) => c.codePointAt(0)!);
      array.push(cidOperand(cid));
      // The viewer advances by the width the file states for this CID.
      penPt = x + (font.widths[cid]! / perPt);
    }
  }
  flush();
  if (rise !== 0) d.addContent('0 Ts');
  d.addContent('ET');
  doc.restore();
}
