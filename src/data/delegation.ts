// A delegation profile (data/delegations/*.yaml) → a validated Delegation, and its cross-check against the dataset.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { schemas, type Dataset, type Section } from './schema.js';
import { loadYamlFile, type LoadedYaml, type NamedSchema } from './yaml.js';

/** The languages an edition can be made in: as authored, mainland Simplified (converted), English (from `en`). */
export const DELEGATION_LANGUAGES = ['zh-Hant-HK', 'zh-Hans', 'en'] as const;
export type DelegationLanguage = (typeof DELEGATION_LANGUAGES)[number];

/** Who reads the edition; the deck's speaker notes and the selection may differ by audience. */
export const AUDIENCES = ['officials', 'business', 'academic', 'media', 'general'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The dataset a profile belongs to when it does not name one: the four shipped profiles are Belt and Road's. */
export const DEFAULT_PROFILE_DATASET = 'data/belt-and-road.yaml';

/** The profile's schema; made on first use, as the dataset's (src/data/schema.ts). */
function makeDelegationSchema() {
  const { IdSchema, TextSchema, countryCode } = schemas();
  return z
    .object({
      dataset: z
        .string()
        .min(1)
        .default(DEFAULT_PROFILE_DATASET)
        .describe(
          'The dataset this profile is an edition of, relative to the project folder (default data/belt-and-road.yaml). ' +
            '`check --data X` checks only the profiles of X, and `build --delegations --data X` builds only them.',
        ),
      id: IdSchema.describe('Lower-case words joined by hyphens; the edition is written to out/<id>/.'),
      name: TextSchema.describe("The delegation's name in the edition's language, as the cover prints it."),
      country: countryCode
        .optional()
        .describe(
          "ISO 3166-1 alpha-2 code of the delegation's country, a key of the dataset's `countries`; its facts open the edition. " +
            'Leave it out for a delegation with no single foreign country, such as one from the mainland (the dataset names no ' +
            'facts by China itself): its `themes` then choose the opening facts.',
        ),
      visitDate: z.iso
        .date({ error: 'a visit date is a calendar date written YYYY-MM-DD, e.g. "2026-05-12"' })
        .describe('First day of the visit, YYYY-MM-DD; the cover prints it.'),
      language: z
        .enum(DELEGATION_LANGUAGES, { error: `a language is one of ${DELEGATION_LANGUAGES.join(', ')}` })
        .describe('zh-Hant-HK: as authored; zh-Hans: mainland Simplified Chinese; en: English from the dataset.'),
      audience: z.enum(AUDIENCES, { error: `an audience is one of ${AUDIENCES.join(', ')}` }).describe('Who will read the edition.'),
      themes: z
        .array(IdSchema)
        .min(1)
        .optional()
        .describe("Theme ids used by the dataset's facts (finance, aviation, integrity …) that the delegation cares about most."),
      greeting: TextSchema.optional().describe("A word of welcome in the edition's language; **bold** marks emphasis."),
    })
    .strict();
}

let made: ReturnType<typeof makeDelegationSchema> | undefined;

export function delegationSchema(): ReturnType<typeof makeDelegationSchema> {
  return (made ??= makeDelegationSchema());
}

/** A profile's schema, named: a profile validated before takes its value from the disk cache (src/data/yaml.ts). */
export const DELEGATION_SCHEMA: NamedSchema<ReturnType<typeof makeDelegationSchema>> = { name: 'delegation', make: delegationSchema };

export type Delegation = z.infer<ReturnType<typeof delegationSchema>>;

/** Read and validate one profile; a problem is thrown as a DiagnosticError located at file:line:column. */
export function loadDelegation(file: string): LoadedYaml<Delegation> {
  return loadYamlFile(file, DELEGATION_SCHEMA);
}

/** The profiles in a folder (`*.yaml`, `*.yml`), sorted by file name so every batch runs in the same order. */
export function delegationFiles(dir = 'data/delegations'): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Whether a profile is an edition of this dataset (paths compared resolved, the profile's from the project folder). */
export function belongsTo(profile: Delegation, dataFile: string, root: string): boolean {
  return resolve(root, profile.dataset) === resolve(dataFile);
}

/**
 * A profile built against a dataset it does not name: its country and themes were chosen from another one, so
 * the edition would open on the wrong facts (or none).
 */
export function checkBelongs(delegation: LoadedYaml<Delegation>, dataFile: string, root: string): Diagnostic[] {
  if (belongsTo(delegation.value, dataFile, root)) return [];
  const named = delegation.value.dataset;
  // Unwritten, the field defaults: point at the profile's first field, where it would go.
  const span = delegation.locate('/dataset');
  return [
    error(
      codes.profileDataset,
      `profile '${delegation.value.id}' is an edition of ${named}, not of ${dataFile}`,
      span.line !== undefined ? span : { ...delegation.locate(''), path: '/dataset' },
      [`build it with --data ${named}, or write \`dataset: ${dataFile}\` in the profile if it was written for that dataset`],
    ),
  ];
}

/** Every theme id some fact of the dataset carries. */
export function datasetThemes(d: Dataset): Set<string> {
  const out = new Set<string>();
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      for (const b of s.body) if ('facts' in b) for (const f of b.facts) for (const t of f.themes ?? []) out.add(t);
      walk(s.sections ?? []);
    }
  };
  walk(d.sections);
  return out;
}

function countryHasFacts(d: Dataset, code: string): boolean {
  const walk = (sections: Section[]): boolean =>
    sections.some((s) => s.body.some((b) => 'facts' in b && b.facts.some((f) => (f.countries ?? []).includes(code))) || walk(s.sections ?? []));
  return walk(d.sections);
}

/**
 * What the schema cannot know: the country and themes must be ones the dataset uses, and an English edition needs
 * the country's English name. A country the dataset holds no fact on is only a warning: the edition says so.
 */
export function checkDelegation(delegation: LoadedYaml<Delegation>, dataset: Dataset): Diagnostic[] {
  const p = delegation.value;
  const out: Diagnostic[] = [];
  if (p.country !== undefined) {
    if (!(p.country in dataset.countries)) {
      out.push(
        error(codes.reference, `country '${p.country}' is not listed under the dataset's 'countries'`, delegation.locate('/country'), [
          `${listed('the dataset names', Object.keys(dataset.countries), 'the dataset names no country yet')}; add ${p.country}: <name> under its 'countries', or leave 'country' out and choose 'themes'`,
        ]),
      );
    } else {
      if (p.language === 'en' && dataset.countriesEn?.[p.country] === undefined) {
        out.push(
          error(codes.missingTranslation, `the dataset has no English name for country '${p.country}', which this English edition needs`, delegation.locate('/country'), [
            `write the dataset's entry as ${p.country}: { name: ${dataset.countries[p.country]}, en: <English name> }`,
          ]),
        );
      }
      if (!countryHasFacts(dataset, p.country)) {
        out.push({
          ...error(codes.reference, `no fact in the dataset is tagged with '${p.country}'; the edition will say it holds nothing on ${dataset.countries[p.country]}`, delegation.locate('/country'), [
            `tag the facts about ${dataset.countries[p.country]} with countries: [${p.country}], or choose 'themes' for this delegation instead`,
          ]),
          severity: 'warning',
        });
      }
    }
  }
  const themes = datasetThemes(dataset);
  (p.themes ?? []).forEach((t, i) => {
    if (!themes.has(t)) {
      out.push(
        error(codes.reference, `theme '${t}' is not used by any fact of the dataset`, delegation.locate(`/themes/${i}`), [
          `${listed("the dataset's themes are", [...themes], 'no fact of the dataset carries a theme yet')}${nearest(t, [...themes])}; tag facts with it (themes: [${t}]) or remove it here`,
        ]),
      );
    }
  });
  return out;
}

/** `intro a, b, c` (at most 12, then how many more), or `none` when there is nothing to list: a hint never trails off. */
function listed(intro: string, items: string[], none: string): string {
  if (items.length === 0) return none;
  const sorted = [...items].sort();
  const shown = sorted.slice(0, 12).join(', ');
  return `${intro} ${shown}${sorted.length > 12 ? ` and ${sorted.length - 12} more` : ''}`;
}

/** `; did you mean 'x'?` for the closest candidate, or nothing. */
function nearest(word: string, candidates: string[]): string {
  const best = didYouMean(word, candidates);
  return best ? `; did you mean '${best}'?` : '';
}

/** Ids name output folders: two profiles with one id would write over each other. */
export function checkDelegationIds(delegations: LoadedYaml<Delegation>[]): Diagnostic[] {
  const first = new Map<string, LoadedYaml<Delegation>>();
  const out: Diagnostic[] = [];
  for (const d of delegations) {
    const other = first.get(d.value.id);
    if (other) out.push(error(codes.reference, `id '${d.value.id}' is also the id of ${other.file}`, d.locate('/id'), ['each profile needs its own id: it names the output folder']));
    else first.set(d.value.id, d);
  }
  return out;
}
