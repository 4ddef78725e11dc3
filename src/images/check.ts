// The pictures a dataset and a theme name → located problems (missing, unsupported, mislabelled, too large, no
// alternative text, outside their folder); and a laid-out brochure → the effective resolution of every placed
// picture at its printed size, with a warning below 300 ppi and an error below 150, naming the picture and page.
import { dirname, resolve } from 'node:path';
import { staysInside } from '../check/assets.js';
import type { Dataset, ImageInput, Section } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import type { ImageItem, Page } from '../layout/types.js';
import { THEME_SCHEMA, type Theme, type ThemeImageRole } from '../theme/theme.js';
import { loadYamlFile } from '../data/yaml.js';
import { effectivePpi } from './crop.js';
import { probeImage, type ProbeProblem } from './probe.js';
import { inPixelProcess } from './pixels-process.js';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { dependencyVersion } from '../cache/versions.js';

/** Printing wants 300 ppi at the printed size; below 150 the picture visibly breaks into pixels. */
export const PRINT_PPI = 300;
export const MIN_PPI = 150;

const PROBLEM_CODES: Record<ProbeProblem['kind'], string> = {
  missing: codes.imageMissing,
  unsupported: codes.imageFormat,
  unreadable: codes.imageFormat,
  mismatch: codes.imageMismatch,
  tooLarge: codes.imageTooLarge,
};

const PROBLEM_HINTS: Record<ProbeProblem['kind'], string> = {
  missing: 'check the spelling; the path is relative to the folder of the file that names it',
  unsupported: 'save the picture as PNG (line art, transparency), JPEG (photographs) or SVG (vectors)',
  unreadable: 'the file is damaged: export it again from the original',
  mismatch: 'rename the file to the extension of its real format, or convert it to the format its name says',
  tooLarge: 'scale the picture down to what its frame needs: 300 ppi at the printed size (an A4 page is 2 480 × 3 508 px)',
};

/** One picture named by a data or theme file: where it is named, and the folder its path is relative to. */
export interface PictureUse {
  file: string;
  baseDir: string;
  span: Span | undefined;
}

/** Problems with one picture's file, located at the field that names it. */
export function checkPictureFile(use: PictureUse): Diagnostic[] {
  if (!staysInside(use.file)) {
    return [
      {
        ...error(codes.imagePath, `picture '${use.file}' is outside ${use.baseDir}`, use.span, [
          `copy the picture into ${use.baseDir} (e.g. its images/ folder) and name it relative to that folder`,
        ]),
        text: use.file,
      },
    ];
  }
  const probe = probeImage(resolve(use.baseDir, use.file));
  if (probe.ok) return [];
  const { kind, message } = probe.problem;
  return [{ ...error(PROBLEM_CODES[kind], `picture '${use.file}': ${message}`, use.span, [PROBLEM_HINTS[kind]]), text: use.file }];
}

/** Every picture of a dataset (section openers and pictures in the body), with its data path. */
export function datasetPictures(d: Dataset): { pointer: string; image: ImageInput }[] {
  const out: { pointer: string; image: ImageInput }[] = [];
  const walk = (sections: Section[], base: string): void => {
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      if (s.picture) out.push({ pointer: `${p}/picture`, image: s.picture });
      s.body.forEach((b, j) => {
        if ('image' in b) out.push({ pointer: `${p}/body/${j}/image`, image: b.image });
      });
      walk(s.sections ?? [], `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  return out;
}

/** The dataset's pictures: each file inside the dataset's folder, there, and a PNG, JPEG or SVG it says it is. */
export function checkDatasetImages(data: LoadedYaml<Dataset>): Diagnostic[] {
  const baseDir = dirname(resolve(data.file));
  return datasetPictures(data.value).flatMap(({ pointer, image }) => checkPictureFile({ file: image.file, baseDir, span: data.locate(`${pointer}/file`) }));
}

/**
 * The theme's pictures (templates/theme.yaml `images`): their files, and alternative text in every language the
 * theme makes editions in. Reads the theme again for positions; nothing when it does not load (reported elsewhere).
 */
export function checkThemeImages(themeFile: string): Diagnostic[] {
  let loaded;
  try {
    loaded = loadYamlFile(themeFile, THEME_SCHEMA);
  } catch {
    return [];
  }
  const theme: Theme = loaded.value;
  const baseDir = dirname(resolve(themeFile));
  const out: Diagnostic[] = [];
  for (const role of ['cover', 'back', 'logo'] as ThemeImageRole[]) {
    const image = theme.images[role];
    if (!image) continue;
    const pointer = `/images/${role}`;
    out.push(...checkPictureFile({ file: image.file, baseDir, span: loaded.locate(`${pointer}/file`) }));
    for (const lang of Object.keys(theme.languages)) {
      if (image.alt[lang] === undefined)
        out.push(
          error(codes.imageAlt, `the ${role} picture has no alternative text in ${lang}, a language the theme makes editions in`, loaded.locate(`${pointer}/alt`), [
            `add ${lang}: <what the picture shows> under alt`,
          ]),
        );
    }
  }
  return out;
}

/**
 * Decode every picture fully (check only): a file whose header is sound but whose data is damaged fails here,
 * not halfway through a build. SVG is parsed by librsvg.
 */
export async function checkPicturesDecode(uses: PictureUse[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const use of uses) {
    const path = resolve(use.baseDir, use.file);
    const probe = probeImage(path);
    if (!probe.ok) continue; // already reported
    // Whether a file decodes depends only on its bytes and the decoder: a file that did is in the disk cache,
    // and a build whose pictures all did neither decodes them again nor loads sharp.
    const key = `decodes ${dependencyVersion('sharp')}|${probe.info.sha256}`;
    if (readCacheEntry('checks', key)) continue;
    try {
      await inPixelProcess({ op: 'decode', path });
      writeCacheEntry('checks', key, Buffer.from('decodes'));
    } catch (e) {
      out.push({
        ...error(codes.imageFormat, `picture '${use.file}' cannot be decoded: ${(e as Error).message.split('\n')[0]}`, use.span, [PROBLEM_HINTS.unreadable]),
        text: use.file,
      });
    }
  }
  return out;
}

/** A placed picture's effective resolution at its printed size. */
export interface PlacedPicture {
  file: string;
  /** 1-based page number. */
  page: number;
  widthPt: number;
  heightPt: number;
  /** Source pixels shown (after the crop). */
  widthPx: number;
  heightPx: number;
  /** Undefined for SVG: vectors have no resolution. */
  ppi?: number;
}

/** Every picture placed on the pages, with the resolution it prints at. */
export function placedPictures(pages: Page[]): PlacedPicture[] {
  const out: PlacedPicture[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'image') continue;
      out.push({
        file: item.file,
        page: page.number,
        widthPt: round(item.wPt),
        heightPt: round(item.hPt),
        widthPx: item.crop.width,
        heightPx: item.crop.height,
        ...(item.format === 'svg' ? {} : { ppi: Math.round(effectivePpi(item.crop, item.wPt, item.hPt)) }),
      });
    }
  }
  return out;
}

const round = (n: number): number => Math.round(n * 10) / 10;

/** A warning below 300 ppi, an error below 150: one per picture and page, at the field naming the picture. */
export function checkResolution(pages: Page[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'image' || item.format === 'svg') continue;
      const ppi = Math.round(effectivePpi(item.crop, item.wPt, item.hPt));
      if (ppi >= PRINT_PPI) continue;
      const need = neededPixels(item);
      const d = error(
        ppi < MIN_PPI ? codes.imageResolution : codes.imageLowResolution,
        `picture '${item.file}' prints at ${ppi} ppi on page ${page.number} (${round(item.wPt / 72 * 25.4)} × ${round(item.hPt / 72 * 25.4)} mm from ${item.crop.width} × ${item.crop.height} px); print wants ${PRINT_PPI}`,
        item.span,
        [`supply at least ${need.w} × ${need.h} px for this frame, or place the picture smaller`],
      );
      out.push({ ...d, severity: ppi < MIN_PPI ? 'error' : 'warning', text: item.file });
    }
  }
  return out;
}

function neededPixels(item: ImageItem): { w: number; h: number } {
  return { w: Math.ceil((item.wPt / 72) * PRINT_PPI), h: Math.ceil((item.hPt / 72) * PRINT_PPI) };
}
