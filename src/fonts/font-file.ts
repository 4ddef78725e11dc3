// A font file's bytes, read so that a build whose lines and font programs all come from the disk cache does not
// read the outlines it never draws.
//
// A TrueType CJK font is mostly its `glyf` table: 6.7 of NotoSansHK's 7.1 MB. Everything fontkit reads to open a
// font, map characters and measure them (cmap, hmtx, GSUB, GPOS …) is in the rest; the outlines are read only to
// subset the font for a PDF, and a cached build takes its subsets from the cache. Reading both HK fonts whole was
// ~12 ms of every cold build. Here the file's other tables are read at once into a buffer of the file's size, and
// `glyf` is read into its place the first time fontkit (or the subsetter, src/pdf/font-programs.ts) asks for the
// table's stream, or anyone asks for the whole file's bytes (its checksum). A font that is not a plain static
// TrueType file (CFF, WOFF, a collection, a variable font, whose instances fontkit makes from the buffer directly) is
// read whole, as before.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stampOf } from '../cache/stamp.js';

export interface FontFile {
  /** The whole file; the outlines are read first if they have not been. */
  bytes(): Buffer;
  /** The buffer as it stands: every table but `glyf` is there; `glyf` only once loaded. */
  partial: Buffer;
  /** Reads `glyf` into `partial` if it is not there yet. */
  loadOutlines(): void;
  /** Whether the file was read whole at once (not a plain static TrueType file). */
  whole: boolean;
}

/** The error a font file that changed on disk between its first read and its outlines' gets. */
export class FontChangedError extends Error {}

/** Reads `path` (whose stamp, src/cache/stamp.ts, was `stamp` when the build looked), all but its outlines. */
export function readFontFile(path: string, stamp: string): FontFile {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd, { bigint: true });
    if (stampOf(st) !== stamp) throw new FontChangedError(`${path} changed while it was being read`);
    const size = Number(st.size);
    const glyf = outlinesTable(fd, size);
    if (!glyf) {
      const bytes = Buffer.allocUnsafe(size);
      readAll(fd, bytes, 0, size);
      return { bytes: () => bytes, partial: bytes, loadOutlines: () => undefined, whole: true };
    }
    // Zero-filled: the pages of the outlines' place are not touched until they are read.
    const buffer = Buffer.alloc(size);
    readAll(fd, buffer, 0, glyf.offset);
    readAll(fd, buffer, glyf.end, size - glyf.end);
    let loaded = false;
    const loadOutlines = (): void => {
      if (loaded) return;
      // The same file as before, or nothing: a font rewritten since would mix two fonts' tables.
      const again = openSync(path, 'r');
      try {
        if (stampOf(fstatSync(again, { bigint: true })) !== stamp) throw new FontChangedError(`${path} changed on disk while the build was using it`);
        readAll(again, buffer, glyf.offset, glyf.end - glyf.offset);
      } finally {
        closeSync(again);
      }
      loaded = true;
    };
    return {
      bytes: () => {
        loadOutlines();
        return buffer;
      },
      partial: buffer,
      loadOutlines,
      whole: false,
    };
  } finally {
    closeSync(fd);
  }
}

/**
 * Where `glyf` lies in a plain static TrueType file, or undefined for anything else: another flavour, no `glyf`, a
 * variable font (fvar), or a table directory that does not describe the file.
 */
function outlinesTable(fd: number, size: number): { offset: number; end: number } | undefined {
  if (size < 12) return undefined;
  const head = Buffer.alloc(12);
  readAll(fd, head, 0, 12, 0);
  const version = head.readUInt32BE(0);
  // 0x00010000 or 'true': TrueType outlines. 'OTTO' (CFF), 'ttcf' (a collection), 'wOFF'/'wOF2' are read whole.
  if (version !== 0x00010000 && version !== 0x74727565) return undefined;
  const count = head.readUInt16BE(4);
  if (count === 0 || count > 512 || 12 + count * 16 > size) return undefined;
  const records = Buffer.alloc(count * 16);
  readAll(fd, records, 12, count * 16, 0);
  let glyf: { offset: number; end: number } | undefined;
  for (let i = 0; i < count; i++) {
    const tag = records.toString('latin1', i * 16, i * 16 + 4);
    const offset = records.readUInt32BE(i * 16 + 8);
    const length = records.readUInt32BE(i * 16 + 12);
    if (tag === 'fvar') return undefined;
    if (tag === 'glyf') glyf = { offset, end: offset + length };
  }
  if (!glyf || glyf.offset < 12 + count * 16 || glyf.end > size || glyf.end <= glyf.offset) return undefined;
  return glyf;
}

/** Reads exactly `length` bytes at `position` into `into` at `at` (default: at `position`, as in the file). */
function readAll(fd: number, into: Buffer, position: number, length: number, at = position): void {
  let done = 0;
  while (done < length) {
    const n = readSync(fd, into, at + done, length - done, position + done);
    if (n === 0) throw new Error(`font file ended ${length - done} bytes early`);
    done += n;
  }
}
