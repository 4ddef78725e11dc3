// The committed fonts are the ones the manifest names: same bytes (sha256), licence beside them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
