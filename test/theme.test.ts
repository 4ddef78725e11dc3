// The theme serves every edition language: each has every label, and its font chains name real fonts.
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/project.js';
import { label, loadFontManifest, loadTheme } from '../src/theme/theme.js';

const theme = loadTheme('templates/theme.yaml');
const manifest = new Set(loadFontManifest('fonts/manifest.json').map((f) => f.id));
const reference = Object.keys(theme.languages['zh-Hant-HK']!.labels);

describe('templates/theme.yaml languages', () => {
  for (const [lang, l] of Object.entries(theme.languages)) {
    it(`${lang}: has every label the Traditional Chinese edition has`, () => {
      expect(Object.keys(l.labels).sort()).toEqual([...reference].sort());
      for (const key of reference) expect(label(theme, lang, key).length).toBeGreaterThan(0);
    });

    it(`${lang}: names only fonts of the manifest, and they load`, () => {
      for (const ids of Object.values(l.fonts ?? {})) for (const id of ids) expect(manifest.has(id), id).toBe(true);
      const project = loadProject('.', lang);
      for (const role of ['body', 'strong', 'heading']) expect(project.fonts.chains.get(role)?.length).toBeGreaterThan(0);
    });
  }

  it('has the three edition languages', () => {
    expect(Object.keys(theme.languages).sort()).toEqual(['en', 'zh-Hans', 'zh-Hant-HK']);
  });
});
