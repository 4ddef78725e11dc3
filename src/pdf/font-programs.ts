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
import { fontSha256, type FontRegistry } from '../fonts/registry.js';
import { subsetAdvances } from './lines.js';

/** The parts of pdfkit's EmbeddedFont (not exported by pdfkit) this touches. */
interface EmbeddedFontInternals {
  font: unknown;
  subset: { glyphs: number[]; encode(): Uint8Array; cff?: unknown };
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
    const embed = embedded.embed.bind(embedded);
    embedded.embed = () => {
      const { subset, document } = embedded;
      const key = `font ${process.versions.zlib} ${fontSha256(loaded)}|${subset.glyphs.join(',')}|${subsetAdvances(embedded).map(([cid, a]) => `${cid}:${a}`).join(',')}`;
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
