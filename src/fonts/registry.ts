// Fonts by id from fonts/manifest.json, opened once with fontkit; per role, the theme's fallback chain.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import * as fontkit from 'fontkit';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { fileStamp } from '../cache/stamp.js';
import { FontChangedError, readFontFile, type FontFile } from './font-file.js';
import { codes, DiagnosticError, error } from '../diag/diagnostic.js';
import type { FontManifest } from '../theme/theme.js';

export interface LoadedFont {
  id: string;
  family: string;
  weight: number;
  file: string;
  /** The file on disk as it was read: device, inode, size, modification and change times (ns). */
  stamp: string;
  /** The whole file (its checksum is the manifest's); its outlines are read on first use (font-file.ts). */
  readonly bytes: Buffer;
  font: fontkit.Font;
  unitsPerEm: number;
  /** Advance widths of single code points in font units, cached: CJK text is measured a character at a time. */
  advanceCache: Map<number, number>;
}

export interface FontRegistry {
  fonts: Map<string, LoadedFont>;
  /** Role → fonts in fallback order (theme.fonts). */
  chains: Map<string, LoadedFont[]>;
}

export function loadFonts(input: { fontsDir: string; manifest: FontManifest; chains: Record<string, string[]> }): FontRegistry {
  const fonts = new Map<string, LoadedFont>();
  // Only the fonts some chain names are read: the manifest may list fonts for other editions.
  const wanted = new Set(Object.values(input.chains).flat());
  for (const entry of input.manifest) {
    if (!wanted.has(entry.id)) continue;
    const path = join(input.fontsDir, entry.file);
    const { file, font: opened, stamp } = openFont(entry.id, path);
    fonts.set(entry.id, {
      id: entry.id,
      family: entry.family,
      weight: entry.weight,
      file: path,
      stamp,
      get bytes() {
        return file.bytes();
      },
      font: opened,
      unitsPerEm: opened.unitsPerEm,
      advanceCache: new Map(),
    });
  }
  const chains = new Map<string, LoadedFont[]>();
  for (const [role, ids] of Object.entries(input.chains)) {
    chains.set(
      role,
      ids.map((id) => {
        const f = fonts.get(id);
        if (!f) {
          throw new DiagnosticError([
            error(codes.fontLoad, `theme font role '${role}' names font '${id}', which fonts/manifest.json does not list`, {
              file: 'templates/theme.yaml',
            }),
          ]);
        }
        return f;
      }),
    );
  }
  return { fonts, chains };
}

/**
 * Fonts parsed in this process, by path, with the file's size and modification time: every project, edition
 * language and PDF of a process shares one parse of each font (a CJK font is 7–11 MB), and a font file changed
 * on disk (`watch`) is parsed again.
 */
const parsed = new Map<string, { stamp: string; file: FontFile; font: fontkit.Font }>();

function openFont(id: string, path: string): { file: FontFile; font: fontkit.Font; stamp: string } {
  let stamp: string;
  try {
    stamp = fileStamp(path);
  } catch {
    throw new DiagnosticError([error(codes.fontLoad, `font '${id}' not found at ${path}`, { file: path })]);
  }
  const known = parsed.get(path);
  if (known && known.stamp === stamp) return known;
  let file: FontFile;
  try {
    file = readFontFile(path, stamp);
  } catch (e) {
    if (e instanceof FontChangedError) throw new DiagnosticError([error(codes.fontLoad, `font '${id}' at ${path} changed while it was being read: build again`, { file: path })]);
    throw new DiagnosticError([error(codes.fontLoad, `font '${id}' not found at ${path}`, { file: path })]);
  }
  const opened = fontkit.create(file.partial);
  if (!('unitsPerEm' in opened)) {
    throw new DiagnosticError([error(codes.fontLoad, `${path} is a font collection; name one font file`, { file: path })]);
  }
  outlinesOnDemand(opened, file, path);
  glyphsKeepTheirCharacters(opened);
  seedNotdefAdvance(opened, file.partial);
  const entry = { stamp, file, font: opened };
  parsed.set(path, entry);
  return entry;
}

/**
 * fontkit reads a table through `_getTableStream(tag)` (its glyphs' outlines, its subsetter, and silkpress's own,
 * src/pdf/font-programs.ts): the outlines are read into the buffer (font-file.ts) before `glyf`'s stream is first
 * handed out. A font file changed on disk since it was opened is an error then, never a mix of two fonts.
 */
function outlinesOnDemand(font: fontkit.Font, file: FontFile, path: string): void {
  if (file.whole) return;
  const internals = font as unknown as { _getTableStream(tag: string): unknown };
  const tableStream = internals._getTableStream.bind(font);
  internals._getTableStream = (tag: string) => {
    if (tag === 'glyf') {
      try {
        file.loadOutlines();
      } catch (e) {
        // Changed, removed or unreadable since it was opened (`watch` keeps fonts open across saves).
        const why = e instanceof FontChangedError ? e.message : `${path} could not be read again for its outlines (${(e as Error).message})`;
        throw new DiagnosticError([error(codes.fontLoad, `${why}: build again`, { file: path })]);
      }
    }
    return tableStream(tag);
  };
}

/**
 * pdfkit's embedded font asks for glyph 0's advance width when a PDF first uses the font. fontkit's answer also
 * works out the glyph's vertical metrics, which, in a font without `vmtx`, decodes the whole `loca` table of a
 * CJK font (65 000 entries) and its outline: ~4–7 ms per font of a cold build, whose lines come from the cache
 * and need neither. The advance is the first entry of `hmtx`, read here from the bytes; fontkit keeps a glyph's
 * advance as an own property of the glyph once worked out, so this is the value it would have kept (checked
 * against fontkit for every shipped font in test/fonts.test.ts).
 */
function seedNotdefAdvance(font: fontkit.Font, bytes: Buffer): void {
  const internals = font as unknown as { type?: string; directory?: { tables?: Record<string, { offset: number; length: number } | undefined> }; hhea?: { numberOfMetrics?: number } };
  // A plain sfnt (TrueType or OpenType) only: a WOFF's table offsets are into the tables it decompresses.
  if (internals.type !== 'TTF') return;
  const hmtx = internals.directory?.tables?.hmtx;
  if (!hmtx || hmtx.length < 2 || hmtx.offset + 2 > bytes.length || !(internals.hhea?.numberOfMetrics && internals.hhea.numberOfMetrics > 0)) return;
  const glyph = font.getGlyph(0);
  if (Object.prototype.hasOwnProperty.call(glyph, 'advanceWidth')) return;
  Object.defineProperty(glyph, 'advanceWidth', { value: bytes.readUInt16BE(hmtx.offset) });
}

/**
 * fontkit keeps one Glyph object per glyph id, with the characters it was first asked for: a glyph first made by
 * a subset (pdfkit's, which passes none) or for another character sharing the glyph keeps those, and every later
 * `layout()` hands back that object. The text engine takes a shaped glyph's text from its code points, so a word
 * shaped after a PDF had embedded its glyphs came out with empty text (no ToUnicode entry, nothing to copy),
 * depending on what the process had done before. Here a request with characters of its own gets a view of the
 * shared glyph that carries them.
 */
function glyphsKeepTheirCharacters(font: fontkit.Font): void {
  const internals = font as unknown as { getGlyph(id: number, characters?: number[]): { codePoints: number[] } | null };
  const shared = internals.getGlyph.bind(font);
  internals.getGlyph = (id: number, characters: number[] = []) => {
    const glyph = shared(id, characters);
    if (!glyph || characters.length === 0 || sameNumbers(glyph.codePoints, characters)) return glyph;
    return Object.create(glyph, { codePoints: { value: characters, enumerable: true } }) as typeof glyph;
  };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function chainFor(registry: FontRegistry, role: string): LoadedFont[] {
  const chain = registry.chains.get(role);
  if (!chain) throw new Error(`no font chain for role '${role}'`); // the theme schema guarantees the roles the layouts use
  return chain;
}

/** The first font of the chain that has a glyph for the code point, or undefined (tofu: the caller reports it). */
export function fontForCodePoint(chain: LoadedFont[], codePoint: number): LoadedFont | undefined {
  return chain.find((f) => f.font.hasGlyphForCodePoint(codePoint));
}

/**
 * Font files are large and do not change while a project is loaded: each loaded font is hashed once per process,
 * and its checksum is kept in the disk cache under the file's stamp (hashing two CJK fonts cost ~35 ms of every
 * start). A file written anew gets a new change time (which no program can set back), so a stale checksum is never
 * read: the same rule git's index and make rely on.
 */
const fontHashes = new WeakMap<LoadedFont, string>();

/** The sha256 of a loaded font's file: the build manifest's input checksum, and the key of its font programs. */
export function fontSha256(font: LoadedFont): string {
  let h = fontHashes.get(font);
  if (h === undefined) {
    // The stamp holds the file's size: the bytes themselves (outlines and all) are read only to hash them.
    const key = `font sha256 ${resolve(font.file)}|${font.stamp}`;
    const kept = readCacheEntry('fonts', key)?.toString('latin1');
    h = kept && /^[0-9a-f]{64}$/.test(kept) ? kept : createHash('sha256').update(font.bytes).digest('hex');
    if (h !== kept) writeCacheEntry('fonts', key, Buffer.from(h, 'latin1'));
    fontHashes.set(font, h);
  }
  return h;
}
