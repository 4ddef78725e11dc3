// Load templates/theme.yaml (page geometry, colours, type scale, font chains) and fonts/manifest.json.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from '../data/yaml.js';

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'an RGB colour as #rrggbb');
const cmyk = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('C, M, Y, K in percent (0–100)');

/** Every colour is defined twice: RGB for screens, CMYK for print. */
export const ColourSchema = z.object({ rgb: hex, cmyk }).strict();

/**
 * A picture of the theme (cover, back cover, logo): a PNG, JPEG or SVG file relative to templates/, its
 * alternative text in every edition language (keys of `languages`), and the point to keep in view when cropped.
 */
export const ThemeImageSchema = z
  .object({
    file: z.string().min(1).describe('A PNG, JPEG or SVG file relative to templates/, e.g. images/cover.jpg.'),
    alt: z.record(z.string(), z.string().min(1)).describe('Alternative text by edition language: one per key of `languages`.'),
    focus: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).optional(),
  })
  .strict();

const typeStyle = z
  .object({
    role: z.string(),
    sizePt: z.number().positive(),
    leadingPt: z.number().positive(),
    colour: z.string(),
  })
  .strict();

export const ThemeSchema = z
  .object({
    page: z
      .object({
        widthMm: z.number().positive(),
        heightMm: z.number().positive(),
        bleedMm: z.number().min(0),
        marginsMm: z.object({ top: z.number(), bottom: z.number(), inside: z.number(), outside: z.number() }).strict(),
        /** Extra space below paragraphs and lists, in points. */
        paragraphGapPt: z.number().min(0),
      })
      .strict(),
    /** Pictures the layouts place themselves: a full-bleed cover picture, the back cover's, the publisher's logo. */
    images: z
      .object({ cover: ThemeImageSchema.optional(), back: ThemeImageSchema.optional(), logo: ThemeImageSchema.optional() })
      .strict()
      .default({}),
    /** Font chains per role: the first font that has a glyph draws the character. Ids from fonts/manifest.json. */
    fonts: z.record(z.string(), z.array(z.string()).min(1)),
    colours: z.record(z.string(), ColourSchema),
    type: z
      .object({
        body: typeStyle,
        h1: typeStyle,
        h2: typeStyle,
        h3: typeStyle,
        lead: typeStyle,
        caption: typeStyle,
        runningHead: typeStyle,
        statValue: typeStyle,
        statLabel: typeStyle,
        coverTitle: typeStyle,
        coverSubtitle: typeStyle,
      })
      .strict(),
    deck: z
      .object({
        widthIn: z.number().positive(),
        heightIn: z.number().positive(),
        /** Text never shrinks below this size; more text continues on a following slide. */
        minSizePt: z.number().positive(),
        titleSizePt: z.number().positive(),
        pointSizePt: z.number().positive(),
        pointLeading: z.number().positive(),
        maxPoints: z.number().int().positive(),
        /** pptxgenjs needs a typeface name per script: Latin and East Asian. */
        latinTypeface: z.string(),
        eastAsianTypeface: z.string(),
      })
      .strict(),
    /**
     * What changes for an edition in another language or script: its font chains (merged over
     * `fonts`), the deck's typefaces, and the words the layouts print themselves (labels).
     */
    languages: z
      .record(
        z.string(),
        z
          .object({
            fonts: z.record(z.string(), z.array(z.string()).min(1)).optional(),
            deck: z.object({ latinTypeface: z.string(), eastAsianTypeface: z.string() }).strict().optional(),
            labels: z.record(z.string(), z.string()).default({}),
          })
          .strict(),
      )
      .default({}),
  })
  .strict();

export type Theme = z.infer<typeof ThemeSchema>;

/** The theme as an edition in `lang` uses it: that language's fonts and deck typefaces merged in. */
export function themeFor(theme: Theme, lang: string): Theme {
  const l = theme.languages[lang];
  if (!l) return theme;
  return {
    ...theme,
    fonts: { ...theme.fonts, ...(l.fonts ?? {}) },
    deck: { ...theme.deck, ...(l.deck ?? {}) },
  };
}

/** A word the layouts print themselves (目錄, 議程 …), in the edition's language. */
export function label(theme: Theme, lang: string, key: string): string {
  const value = theme.languages[lang]?.labels[key];
  if (value === undefined) throw new Error(`theme has no label '${key}' for ${lang}`); // the theme test checks every language has every label
  return value;
}
export type Colour = z.infer<typeof ColourSchema>;
export type ThemeImage = z.infer<typeof ThemeImageSchema>;
export type ThemeImageRole = 'cover' | 'back' | 'logo';
export type TypeStyle = z.infer<typeof typeStyle>;

export const FontManifestSchema = z.array(
  z
    .object({
      id: z.string(),
      family: z.string(),
      weight: z.number().int(),
      style: z.enum(['normal', 'italic']),
      file: z.string(),
      licence: z.string(),
      source: z.string(),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
    })
    .strict(),
);
export type FontManifest = z.infer<typeof FontManifestSchema>;

/** The theme, its pictures' files resolved against its folder (templates/): every later stage gets absolute paths. */
export function loadTheme(file: string): Theme {
  const theme = loadYamlFile(file, ThemeSchema).value;
  const dir = dirname(resolve(file));
  const images: Theme['images'] = {};
  for (const role of ['cover', 'back', 'logo'] as const) {
    const image = theme.images[role];
    if (image) images[role] = { ...image, file: resolve(dir, image.file) };
  }
  return { ...theme, images };
}

export function loadFontManifest(file: string): FontManifest {
  // zod's own parser, as for every YAML file (data/yaml.ts), not the `new Function` fast path it generates on first
  // use. The profile charged that generation ~7 ms here, but a cold build's wall time did not measurably change:
  // kept for consistency, not for speed.
  return FontManifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')), { jitless: true });
}

export const mmToPt = (mm: number): number => (mm * 72) / 25.4;
