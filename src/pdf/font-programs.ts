// pdfkit's embedded fonts → their font programs (the TrueType subset fontkit encodes, deflated) made once per
// font and glyph set: in memory for the next PDF of this process (the print edition draws the glyphs the screen
// edition drew; a batch builds the same editions again), and in the disk cache (src/cache/disk.ts) for the
// next process. Encoding a CJK subset and deflating it cost about 50 ms per font and PDF.
//
// The file is the same bytes as pdfkit's own: the program is what fontkit's encode gives, deflated with zlib's
// defaults as pdfkit's stream compression does, and the stream's dictionary gets Length then Filter, in the
// order pdfkit's compression adds them. The disk cache's key carries zlib's version: another zlib may deflate
// the same program into other bytes, and a warm cache must give what a cold one gives.
import { deflateSync } from 'node:zlib';
import { packEntry, readCacheEntry, unpackEntry, writeCacheEntry } from '../cache/disk.js';
import { keepRecent } from '../cache/recent.js';
import { zlibIdentity } from '../cache/zlib-identity.js';
import { fontSha256, type FontRegistry } from '../fonts/registry.js';
import { subsetAdvances } from './lines.js';

/** The parts of pdfkit's EmbeddedFont (not exported by pdfkit) this touches. */
interface EmbeddedFontInternals {
  font: unknown;
  subset: TrueTypeSubset;
  document: { ref(data?: object): StreamRef };
  embed(): unknown;
}

interface StreamRef {
  compress: boolean;
  data: Record<string, unknown>;
}

interface Program {
  /** The subset's glyph ids after encoding (encoding adds the components of composite glyphs). */
  glyphs: number[];
  deflated: Buffer;
}

// Bounded: a long `watch` session sees many glyph sets.
const MEMORY_LIMIT = 32;
const memory = new Map<string, Program>();

/**
 * Make the fonts registered under `fontIds` take their font programs from the caches. Patches each font
 * instance of this document only (as tounicode.ts does), so other documents are untouched.
 */
export function reuseFontPrograms(doc: PDFKit.PDFDocument, fontIds: Iterable<string>, fonts: FontRegistry): void {
  const internals = doc as unknown as { _font: unknown };
  const hashOf = new Map([...fonts.fonts.values()].map((f) => [f.font as unknown, f]));
  for (const id of fontIds) {
    doc.font(id);
    const font = internals._font as Partial<EmbeddedFontInternals>;
    const loaded = hashOf.get(font.font);
    // Standard fonts have no subset; CFF subsets are left to pdfkit (the theme's fonts are TrueType).
    if (!loaded || !font.subset || font.subset.cff != null || typeof font.embed !== 'function' || !font.document) continue;
    const embedded = font as EmbeddedFontInternals;
    addGlyphsFromRecords(embedded.subset);
    const embed = embedded.embed.bind(embedded);
    embedded.embed = () => {
      const { subset, document } = embedded;
      const key = `font ${zlibIdentity()} ${fontSha256(loaded)}|${subset.glyphs.join(',')}|${subsetAdvances(embedded).map(([cid, a]) => `${cid}:${a}`).join(',')}`;
      const program = memory.get(key) ?? fromDisk(key) ?? encode(key, subset);
      keepRecent(memory, key, program, MEMORY_LIMIT);
      // pdfkit's embed makes the font file's stream first, then ends it with `subset.encode()`.
      let fontFile: StreamRef | undefined;
      const ref = document.ref.bind(document);
      document.ref = (data?: object) => {
        const made = ref(data);
        fontFile ??= made;
        return made;
      };
      subset.encode = () => {
        // Already deflated: pdfkit must not deflate it again.
        fontFile!.compress = false;
        fontFile!.data.Length = 0;
        fontFile!.data.Filter = 'FlateDecode';
        subset.glyphs = [...program.glyphs];
        return program.deflated;
      };
      try {
        return embed();
      } finally {
        document.ref = ref;
      }
    };
  }
}

function encode(key: string, subset: EmbeddedFontInternals['subset']): Program {
  const bytes = subset.encode();
  const program = { glyphs: [...subset.glyphs], deflated: deflateSync(bytes) };
  writeCacheEntry('fonts', key, packEntry(program.glyphs, program.deflated));
  return program;
}

function fromDisk(key: string): Program | undefined {
  const payload = readCacheEntry('fonts', key);
  if (!payload) return undefined;
  try {
    const { head: glyphs, body: deflated } = unpackEntry<number[]>(payload);
    return { glyphs, deflated };
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Glyphs into a subset from records kept per font

/** The parts of fontkit's TTFSubset (not exported by fontkit) that adding a glyph touches. */
export interface TrueTypeSubset {
  font: FontkitFontInternals;
  glyphs: number[];
  cff?: unknown;
  encode(): Uint8Array;
  includeGlyph(gid: number): number;
  _addGlyph?: (gid: number) => number;
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
}

interface FontkitFontInternals {
  type?: string;
  _variationProcessor?: unknown;
  loca?: { offsets: number[] };
  directory: { tables: Record<string, unknown> };
  getGlyph(gid: number): { _decode(): GlyphHeader | null; advanceWidth: number; _getMetrics(): { leftBearing: number } };
  _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
}

interface GlyphHeader {
  numberOfContours: number;
  components?: { glyphID: number; pos: number }[];
}

/** What a glyph puts in a subset: its bytes in the font's glyf table, its components if composite, its metrics. */
interface GlyphRecord {
  bytes: Uint8Array;
  components: { glyphID: number; pos: number }[] | undefined;
  advance: number;
  bearing: number;
}

const glyphRecords = new WeakMap<object, Map<number, GlyphRecord>>();

/**
 * Make `subset` add each glyph from a record kept per font, with what fontkit's `TTFSubset._addGlyph` would add:
 * fontkit decodes the glyph's whole outline to learn whether it is composite, for every glyph of every subset it
 * encodes. A `watch` edit that brings one new character makes new subsets of a few thousand glyphs each; decoding
 * them all again took ~10 ms of each rebuild. Records are kept per font for the process (one per glyph used, the
 * glyph's bytes and a few numbers). Fonts with variations are left to fontkit, which re-encodes their outlines.
 */
export function addGlyphsFromRecords(subset: TrueTypeSubset): void {
  const font = subset.font;
  // A plain sfnt's directory says whether there is a `loca` table; asking fontkit for it would decode all of it
  // (65 000 offsets of a CJK font, ~6 ms of a cold build) where the subset's program comes from the cache and adds
  // no glyph. A WOFF2 font's directory lists a `loca` it rebuilds from its transformed glyphs: fontkit is asked.
  const hasLoca = font.type === 'TTF' ? Boolean(font.directory.tables.loca) : Boolean(font.loca);
  if (typeof subset._addGlyph !== 'function' || font._variationProcessor || !hasLoca || !font.directory.tables.glyf) return;
  let records = glyphRecords.get(font);
  if (!records) glyphRecords.set(font, (records = new Map()));
  const known = records;
  subset._addGlyph = (gid: number): number => {
    let record = known.get(gid);
    if (!record) {
      record = glyphRecord(font, gid);
      known.set(gid, record);
    }
    let buffer = record.bytes;
    if (record.components) {
      // A composite names its components by glyph id: the subset's ids, as it includes them in this order.
      buffer = new Uint8Array(record.bytes);
      const view = new DataView(buffer.buffer);
      for (const component of record.components) view.setUint16(component.pos, subset.includeGlyph(component.glyphID));
    }
    subset.glyf.push(buffer);
    subset.loca.offsets.push(subset.offset);
    subset.hmtx.metrics.push({ advance: record.advance, bearing: record.bearing });
    subset.offset += buffer.length;
    return subset.glyf.length - 1;
  };
}

function glyphRecord(font: FontkitFontInternals, gid: number): GlyphRecord {
  const glyph = font.getGlyph(gid);
  const header = glyph._decode();
  const start = font.loca!.offsets[gid]!;
  const end = font.loca!.offsets[gid + 1]!;
  const stream = font._getTableStream('glyf');
  stream.pos += start;
  const bytes = Uint8Array.from(stream.readBuffer(end - start));
  const components = header && header.numberOfContours < 0 ? (header.components ?? []).map((c) => ({ glyphID: c.glyphID, pos: c.pos })) : undefined;
  return { bytes, components, advance: glyph.advanceWidth, bearing: glyph._getMetrics().leftBearing };
}
