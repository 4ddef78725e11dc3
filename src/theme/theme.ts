// Load templates/theme.yaml (page geometry, colours, type scale, font chains) and fonts/manifest.json.
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { loadYamlFile, type NamedSchema } from '../data/yaml.js';

/**
 * The theme's and the font manifest's schemas, made on first use: a build whose theme was validated before takes
 * its value from the disk cache without them (src/data/yaml.ts, src/data/schema.ts).
 */
function makeThemeSchemas() {
  const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'an RGB colour as #rrggbb');
  const cmyk = z.tuple([z.number(), z.number(), z.number(), z.number()]).describe('C, M, Y, K in percent (0–100)');

  /** Every colour is defined twice: RGB for screens, CMYK for print. */
  const ColourSchema = z.object({ rgb: hex, cmyk }).strict();

  /**
   * A picture of the theme (cover, back cover, logo): a PNG, JPEG or SVG file relative to templates/, its
   * alternative text in every edition language (keys of `languages`), and the point to keep in view when cropped.
   */
  const ThemeImageSchema = z
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

  const ThemeSchema = z
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

  const FontManifestSchema = z.array(
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
  return { ColourSchema, ThemeImageSchema, typeStyle, ThemeSchema, FontManifestSchema };
}

let made: ReturnType<typeof makeThemeSchemas> | undefined;

export function themeSchemas(): ReturnType<typeof makeThemeSchemas> {
  return (made ??= makeThemeSchemas());
}

type ThemeSchemas = ReturnType<typeof makeThemeSchemas>;

/** templates/theme.yaml's schema, named for the disk cache of validated values. */
export const THEME_SCHEMA: NamedSchema<ThemeSchemas['ThemeSchema']> = { name: 'theme', make: () => themeSchemas().ThemeSchema };

/** fonts/manifest.json's schema, named likewise. */
export const FONT_MANIFEST_SCHEMA: NamedSchema<ThemeSchemas['FontManifestSchema']> = { name: 'font-manifest', make: () => themeSchemas().FontManifestSchema };

export type Theme = z.infer<ThemeSchemas['ThemeSchema']>;

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
export type Colour = z.infer<ThemeSchemas['ColourSchema']>;
export type ThemeImage = z.infer<ThemeSchemas['ThemeImageSchema']>;
export type ThemeImageRole = 'cover' | 'back' | 'logo';
export type TypeStyle = z.infer<ThemeSchemas['typeStyle']>;

export type FontManifest = z.infer<ThemeSchemas['FontManifestSchema']>;

/** The theme, its pictures' files resolved against its folder (templates/): every later stage gets absolute paths. */
export function loadTheme(file: string): Theme {
  const theme = loadYamlFile(file, THEME_SCHEMA).value;
  const dir = dirname(resolve(file));
  const images: Theme['images'] = {};
  for (const role of ['cover', 'back', 'logo'] as const) {
    const image = theme.images[role];
    if (image) images[role] = { ...image, file: resolve(dir, image.file) };
  }
  return { ...theme, images };
}

/** fonts/manifest.json, validated; as YAML (JSON is YAML), so a bad entry is reported at its line, as `check` does. */
export function loadFontManifest(file: string): FontManifest {
  return loadYamlFile(file, FONT_MANIFEST_SCHEMA).value;
}

export const mmToPt = (mm: number): number => (mm * 72) / 25.4;
