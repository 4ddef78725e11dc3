// The committed fonts are the ones the manifest names: same bytes (sha256), licence beside them.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { resetCacheRoot } from '../src/cache/disk.js';
import { fontSha256, loadFonts } from '../src/fonts/registry.js';
import { loadFontManifest } from '../src/theme/theme.js';

describe('fonts/manifest.json', () => {
  const manifest = loadFontManifest('fonts/manifest.json');
  for (const f of manifest) {
    it(`${f.id}: the file matches its recorded sha256 and ships its licence`, () => {
      const bytes = readFileSync(join('fonts', f.file));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
      expect(existsSync(join('fonts', f.licence))).toBe(true);
      expect(readFileSync(join('fonts', f.licence), 'utf8')).toContain('SIL Open Font License');
    });
  }
});

describe("a font's checksum", () => {
  it('is kept under the file as it is on disk, and a file written anew is hashed anew', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silkpress-font-sha-'));
    const before = process.env.SILKPRESS_CACHE_DIR;
    process.env.SILKPRESS_CACHE_DIR = join(dir, 'cache');
    resetCacheRoot();
    try {
      const manifest = loadFontManifest('fonts/manifest.json');
      const entry = manifest.find((f) => f.file.endsWith('.otf') || f.file.endsWith('.ttf'))!;
      const bytes = readFileSync(join('fonts', entry.file));
      writeFileSync(join(dir, entry.file.split('/').pop()!), bytes);
      const load = () => loadFonts({ fontsDir: dir, manifest: [{ ...entry, file: entry.file.split('/').pop()! }], chains: { body: [entry.id] } }).fonts.get(entry.id)!;
      const real = createHash('sha256').update(bytes).digest('hex');
      expect(fontSha256(load())).toBe(real);
      // Read back from the cache in a new registry: the same checksum.
      expect(fontSha256(load())).toBe(real);
      // The same size, other bytes, written anew: a new change time, so hashed again, never the kept checksum.
      const other = Buffer.from(bytes);
      other[other.length - 1]! ^= 0xff;
      writeFileSync(join(dir, entry.file.split('/').pop()!), other);
      expect(fontSha256(load())).toBe(createHash('sha256').update(other).digest('hex'));
    } finally {
      if (before === undefined) delete process.env.SILKPRESS_CACHE_DIR;
      else process.env.SILKPRESS_CACHE_DIR = before;
      resetCacheRoot();
    }
  });
});

describe("glyph 0's advance, read from hmtx when a font is opened", () => {
  it('is the advance fontkit works out, for every shipped font', () => {
    const manifest = loadFontManifest('fonts/manifest.json');
    const registry = loadFonts({ fontsDir: 'fonts', manifest, chains: { all: manifest.map((f) => f.id) } });
    expect(registry.fonts.size).toBe(manifest.length);
    for (const f of registry.fonts.values()) {
      const fresh = fontkit.create(readFileSync(f.file)) as fontkit.Font;
      const seeded = f.font.getGlyph(0);
      // The seed is the glyph's own property (fontkit's getter is never run for it), and the value fontkit gives.
      expect(Object.getOwnPropertyDescriptor(seeded, 'advanceWidth')?.value, f.id).toBe(fresh.getGlyph(0).advanceWidth);
      expect(fresh.getGlyph(0).advanceWidth, f.id).toBeGreaterThan(0);
    }
  });
});
