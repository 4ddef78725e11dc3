// A font file is read without its outlines (glyf) until something needs them (src/fonts/font-file.ts): whatever
// the file holds, the bytes handed out are the file's, and what fontkit makes of a font read so (outlines,
// subsets, the PDF's font programs) is what it makes of the whole file.
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { fileStamp } from '../src/cache/stamp.js';
import { DiagnosticError } from '../src/diag/diagnostic.js';
import { FontChangedError, readFontFile } from '../src/fonts/font-file.js';
import { fontSha256, loadFonts, type LoadedFont } from '../src/fonts/registry.js';
import { loadFontManifest } from '../src/theme/theme.js';
import { tempDir } from './support/cli.js';

const HK = 'fonts/NotoSansHK-Regular.ttf';

/** Where glyf lies, read with fontkit from the whole file. */
function glyfOf(bytes: Buffer): { offset: number; length: number } {
  return (fontkit.create(bytes) as unknown as { directory: { tables: Record<string, { offset: number; length: number }> } }).directory.tables.glyf!;
}

/** What asking a loaded font for an outline (路's) throws, or undefined. */
function outlineError(font: LoadedFont): unknown {
  try {
    font.font.getGlyph(font.font.glyphsForString('路')[0]!.id).path;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('a TrueType font read without its outlines', () => {
  it('holds every byte of the file but glyf until the outlines are asked for, then the whole file', () => {
    const whole = readFileSync(HK);
    const file = readFontFile(HK, fileStamp(HK));
    expect(file.whole).toBe(false);
    expect(file.partial.length).toBe(whole.length);
    const glyf = glyfOf(whole);
    // The outlines are most of a CJK font: that is what a cached build no longer reads.
    expect(glyf.length / whole.length).toBeGreaterThan(0.9);
    expect(file.partial.subarray(0, glyf.offset).equals(whole.subarray(0, glyf.offset))).toBe(true);
    expect(file.partial.subarray(glyf.offset + glyf.length).equals(whole.subarray(glyf.offset + glyf.length))).toBe(true);
    expect(file.partial.subarray(glyf.offset, glyf.offset + glyf.length).every((b) => b === 0)).toBe(true);
    expect(file.bytes().equals(whole)).toBe(true);
    expect(file.partial.equals(whole)).toBe(true);
  });

  it('gives the outlines, subsets and checksum of the whole file through the registry, for every shipped font', () => {
    const dir = tempDir('font-file-');
    const manifest = loadFontManifest('fonts/manifest.json');
    // Copies: the registry keeps one parse per path for the process, and other tests may have opened fonts/.
    for (const f of manifest) copyFileSync(join('fonts', f.file), join(dir, f.file));
    const registry = loadFonts({ fontsDir: dir, manifest, chains: { all: manifest.map((f) => f.id) } });
    for (const entry of manifest) {
      const lazy = registry.fonts.get(entry.id)!;
      const eager = fontkit.create(readFileSync(join('fonts', entry.file))) as fontkit.Font;
      const gids = eager.layout('一帶一路 Belt and Road 1 400 億美元（續）').glyphs.map((g) => g.id);
      for (const id of gids) expect(lazy.font.getGlyph(id).path.toSVG(), `${entry.id} glyph ${id}`).toBe(eager.getGlyph(id).path.toSVG());
      const subset = (font: fontkit.Font): Buffer => {
        // fontkit's subset takes glyph ids too (its types say Glyph).
        const s = font.createSubset() as unknown as { includeGlyph(id: number): number; encode(): Uint8Array };
        for (const id of gids) s.includeGlyph(id);
        return Buffer.from(s.encode());
      };
      expect(subset(lazy.font).equals(subset(eager)), entry.id).toBe(true);
      expect(fontSha256(lazy), entry.id).toBe(entry.sha256);
    }
  });

  it('is refused, naming the file, when the file changes on disk before its outlines are read', () => {
    const dir = tempDir('font-changed-');
    const manifest = loadFontManifest('fonts/manifest.json');
    const entry = manifest.find((f) => f.file === 'NotoSansHK-Regular.ttf')!;
    const path = join(dir, entry.file);
    copyFileSync(HK, path);
    const file = readFontFile(path, fileStamp(path));
    const other = readFileSync(HK);
    other[other.length - 1]! ^= 0xff;
    writeFileSync(path, other);
    expect(() => file.loadOutlines()).toThrow(FontChangedError);

    copyFileSync(HK, path);
    const font = loadFonts({ fontsDir: dir, manifest: [entry], chains: { body: [entry.id] } }).fonts.get(entry.id)!;
    writeFileSync(path, other);
    const thrown = outlineError(font);
    expect(thrown).toBeInstanceOf(DiagnosticError);
    const [d] = (thrown as DiagnosticError).diagnostics;
    expect(d!.message).toContain(path);
    expect(d!.message).toContain('changed');

    // Removed before its outlines are read: a located error too, not a stack trace.
    const gone = join(dir, 'gone.ttf');
    copyFileSync(HK, gone);
    const opened = loadFonts({ fontsDir: dir, manifest: [{ ...entry, file: 'gone.ttf' }], chains: { body: [entry.id] } }).fonts.get(entry.id)!;
    rmSync(gone);
    const missing = outlineError(opened);
    expect(missing).toBeInstanceOf(DiagnosticError);
    expect((missing as DiagnosticError).diagnostics[0]!.message).toContain(gone);
  });

  it('hands out exactly the file’s bytes whatever its table directory says (property)', () => {
    const dir = tempDir('font-fuzz-');
    const head = readFileSync(HK).subarray(0, 2048);
    // A shipped font's first bytes, cut short and with bytes changed.
    const mutated = fc
      .tuple(fc.array(fc.tuple(fc.nat(head.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }), fc.integer({ min: 0, max: head.length }), fc.uint8Array({ maxLength: 4096 }))
      .map(([edits, cut, tail]) => {
        const bytes = Buffer.concat([head.subarray(0, cut), Buffer.from(tail)]);
        for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
        return bytes;
      });
    // A TrueType directory of a few tables (glyf among them, or fvar) anywhere in or past a file of random bytes.
    const table = fc.record({ tag: fc.constantFrom('glyf', 'fvar', 'cmap', 'head', 'loca'), offset: fc.nat(3000), length: fc.nat(2500) });
    const built = fc.tuple(fc.array(table, { minLength: 1, maxLength: 6 }), fc.uint8Array({ minLength: 2000, maxLength: 5000 })).map(([tables, body]) => {
      const dirBytes = Buffer.alloc(12 + tables.length * 16);
      dirBytes.writeUInt32BE(0x00010000, 0);
      dirBytes.writeUInt16BE(tables.length, 4);
      tables.forEach((t, i) => {
        dirBytes.write(t.tag, 12 + i * 16, 'latin1');
        dirBytes.writeUInt32BE(t.offset, 12 + i * 16 + 8);
        dirBytes.writeUInt32BE(t.length, 12 + i * 16 + 12);
      });
      return Buffer.concat([dirBytes, Buffer.from(body)]);
    });
    // And directories that describe their file, glyf inside it and no fvar: these must take the lazy path.
    const plain = fc
      .tuple(fc.array(fc.constantFrom('cmap', 'head', 'loca', 'hmtx'), { maxLength: 5 }), fc.uint8Array({ minLength: 200, maxLength: 5000 }), fc.nat(), fc.nat())
      .map(([others, body, a, b]) => {
        const tags = ['glyf', ...others];
        const start = 12 + tags.length * 16;
        const size = start + body.length;
        const offset = start + (a % body.length);
        const length = 1 + (b % (size - offset));
        const dirBytes = Buffer.alloc(start);
        dirBytes.writeUInt32BE(0x00010000, 0);
        dirBytes.writeUInt16BE(tags.length, 4);
        tags.forEach((tag, i) => {
          dirBytes.write(tag, 12 + i * 16, 'latin1');
          dirBytes.writeUInt32BE(tag === 'glyf' ? offset : start, 12 + i * 16 + 8);
          dirBytes.writeUInt32BE(tag === 'glyf' ? length : 0, 12 + i * 16 + 12);
        });
        return Buffer.concat([dirBytes, Buffer.from(body)]);
      });
    let n = 0;
    const handsOut = (bytes: Buffer): ReturnType<typeof readFontFile> => {
      const path = join(dir, `f${n++}.ttf`);
      writeFileSync(path, bytes);
      const file = readFontFile(path, fileStamp(path));
      expect(file.partial.length).toBe(bytes.length);
      expect(file.bytes().equals(bytes)).toBe(true);
      return file;
    };
    fc.assert(
      fc.property(fc.oneof(mutated, built), (bytes) => {
        handsOut(bytes);
      }),
      { numRuns: 400 },
    );
    // The path that leaves the outlines for later is taken, and hands out the same bytes.
    fc.assert(
      fc.property(plain, (bytes) => {
        expect(handsOut(bytes).whole).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a font of another flavour whole at once', () => {
    const dir = tempDir('font-otto-');
    const bytes = Buffer.from(readFileSync(HK));
    bytes.write('OTTO', 0, 'latin1');
    const path = join(dir, 'otto.otf');
    writeFileSync(path, bytes);
    const file = readFontFile(path, fileStamp(path));
    expect(file.whole).toBe(true);
    expect(file.partial.equals(bytes)).toBe(true);
    expect(createHash('sha256').update(file.bytes()).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
