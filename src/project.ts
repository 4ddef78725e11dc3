// A project folder's theme and fonts, loaded once and reused across builds (bench, tests, a later `watch`).
import { join, resolve } from 'node:path';
import { useProjectFontsForSvg } from './images/fontconfig.js';
import { loadFonts, type FontRegistry } from './fonts/registry.js';
import { loadFontManifest, loadTheme, themeFor, type Theme } from './theme/theme.js';

export interface Project {
  theme: Theme;
  fonts: FontRegistry;
  templatesDir: string;
}

/**
 * A session's projects by edition language (`watch`): the project an edition is typeset with depends on its
 * language (theme.languages: fonts, deck typefaces), which is known only once the dataset (or a delegation's
 * profile) is read.
 */
export type ProjectLoader = (lang: string | undefined) => Project;

/** `lang`: the edition language whose fonts and deck typefaces to use (theme.languages); default as authored. */
export function loadProject(root: string, lang?: string): Project {
  const base = loadTheme(join(root, 'templates', 'theme.yaml'));
  const theme = lang ? themeFor(base, lang) : base;
  const manifest = loadFontManifest(join(root, 'fonts', 'manifest.json'));
  // Before any SVG picture is decoded (check) or rasterised (deck): its text in these fonts, never the machine's.
  useProjectFontsForSvg(resolve(root, 'fonts'));
  const fonts = loadFonts({ fontsDir: join(root, 'fonts'), manifest, chains: theme.fonts });
  return { theme, fonts, templatesDir: join(root, 'templates') };
}
