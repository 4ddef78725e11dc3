// The dataset's shape: a zod schema (validation) from which the JSON Schema for editors is exported.
import { z } from 'zod';
import { parsePartialDate } from './asof.js';
import type { NamedSchema } from './yaml.js';

/**
 * English kept beside the Chinese: each node may carry an `en` holding its own text fields in English, so an
 * English edition is made from the same dataset (facts, figures and tags are not copied). The rules, which the
 * tests check: every number in the English is the number the Chinese prints, digit for digit (a thousands
 * separator may differ: 1 400 → 1,400); a Chinese multiplier stays a word in the English unit instead of being
 * multiplied out (1 330 億美元 → US$1,330 hundred million; 1 000 萬公噸 → 1,000 ten-thousand tonnes), so the
 * English and the Chinese brochure print the same figures; names are the organisations' own English names;
 * `**bold**` marks the same phrases as in the Chinese.
 */
const englishNote = 'English of this node\'s text fields, kept beside the Chinese for the English edition.';

export const MULTIPLIER_RULE =
  'A Chinese multiplier is not multiplied out: the number stays as the Chinese prints it and the English unit names the multiplier in words ' +
  '(億 → "hundred million", 萬 → "ten thousand"; 萬億 → "trillion"), e.g. 1330 億美元 → value 1330, English unit "US$ hundred million".';

/** A fact as written: its text, slide point, English, countries and themes, and the facts under it. */
export interface FactInput {
  text: string;
  point?: string | undefined;
  en?: { text: string; point?: string | undefined } | undefined;
  countries?: string[] | undefined;
  themes?: string[] | undefined;
  /** Sub-facts: facts that detail this one, set as a list under it. */
  facts?: FactInput[] | undefined;
}

/** A list item as written: its text alone, or its text with the items under it. */
export type ListItemInput =
  | string
  | {
      text: string;
      en?: { text: string } | undefined;
      /** Whether the items under this one are numbered. */
      ordered?: boolean | undefined;
      items?: ListItemInput[] | undefined;
    };

export const COLUMN_KINDS = ['text', 'number', 'year'] as const;

export interface SectionInput {
  id: string;
  title: string;
  /** Ordinal within its parent, rendered by the layouts (e.g. 「（三）」); set for numbered headings only. */
  number?: number | undefined;
  /** One sentence that opens the section; the deck uses it as the slide's subtitle. */
  lead?: string | undefined;
  /** English of the title and lead (`lead` when the section has one). */
  en?: { title: string; lead?: string | undefined } | undefined;
  /** The picture that opens the section (full bleed on a top-level section's first page). */
  picture?: ImageInput | undefined;
  body: Block[];
  sections?: SectionInput[] | undefined;
}

const AS_OF_RULE = 'a real date as YYYY, YYYY-MM or YYYY-MM-DD (e.g. "2026", "2026-03", "2026-03-15")';

/**
 * The schemas, made on first use and kept: making them (a few hundred zod objects) is ~8 ms of a cold start, and a
 * build whose dataset and theme were validated before takes their values from the disk cache without them
 * (src/data/yaml.ts).
 */
function makeSchemas() {
  /**
   * Text fields hold plain text with inline marks: `**strong**` for the source's bold phrases, `[words](https://…)`
   * for a link, and a bare `https://…` address, which is a link too. Nothing else is markup: `<`, `&` and `{{` print
   * as themselves.
   */
  const text = z.string().min(1).describe('Text; **double asterisks** mark emphasis, [words](https://…) a link; a bare https://… address is a link too.');

  const id = z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id is lower-case ASCII words joined by hyphens, e.g. "open-economy"');

  /** The text and id rules, for other data files (delegation profiles) that follow the dataset's conventions. */
  const TextSchema = text;
  const IdSchema = id;

  /** ISO 3166-1 alpha-2 code, a key of `countries`. */
  const countryCode = z.string().regex(/^[A-Z]{2}$/, 'a country is an ISO 3166-1 alpha-2 code such as "SA"');

  const FactSchema: z.ZodType<FactInput> = z.lazy(() =>
    z
      .object({
        text,
        /** A short phrase for a slide's bullet point; the full text goes to the speaker notes. */
        point: text.optional(),
        en: z
          .object({ text, point: text.optional() })
          .strict()
          .optional()
          .describe(`${englishNote} \`point\` is needed when the fact has one.`),
        /** The countries the fact names, by ISO code: an edition for a delegation puts these facts first. */
        countries: z.array(countryCode).optional(),
        /** What the fact is about (aviation, finance, integrity …): an edition without a country selects by these. */
        themes: z.array(id).optional(),
        facts: z.array(FactSchema).min(1).optional().describe('Sub-facts: facts that detail this one, set as a list under it (any depth).'),
      })
      .strict(),
  );

  const ListItemSchema: z.ZodType<ListItemInput> = z.lazy(() =>
    z.union([
      text,
      z
        .object({
          text,
          en: z.object({ text }).strict().optional().describe(englishNote),
          ordered: z.boolean().optional().describe('Whether the items under this one are numbered (default: bulleted).'),
          items: z.array(ListItemSchema).min(1).optional().describe('The items under this one: a nested list, any depth.'),
        })
        .strict(),
    ], { error: 'a list item is its text, or { text, items } for an item with items under it' }),
  );

  const ListSchema = z
    .object({
      ordered: z.boolean().optional().describe('Numbered (1. 2. 3. in the dataset language\'s style) or bulleted (the default).'),
      items: z.array(ListItemSchema).min(1),
    })
    .strict();

  const columnKind = z.enum(COLUMN_KINDS, { error: 'a column kind is text, number or year' });

  /** A table column: its kind alone (`number`), or its kind with how numbers align (`{ kind: number, align: decimal }`). */
  const ColumnSchema = z.union(
    [
      columnKind,
      z
        .object({
          kind: columnKind,
          align: z.enum(['right', 'decimal']).optional().describe('How a number column aligns: right (the default) or on the decimal point.'),
        })
        .strict(),
    ],
    { error: 'a column is text, number or year, or { kind: number, align: decimal }' },
  );

  /** A table cell: text (with the inline marks of any text), or a number as YAML writes it. */
  const cell = z.union([text, z.number()], { error: 'a cell is text or a number' });

  const TableSchema = z
    .object({
      caption: text.optional().describe('What the table shows; a table continued on the next page repeats it with 「（續）」.'),
      columns: z.array(ColumnSchema).min(1).optional().describe('One kind per column (text, number, year); all text when absent.'),
      header: z.array(text).min(1).describe('The header row: one heading per column.'),
      rows: z.array(z.array(cell).min(1)).min(1).describe('The body rows, each with one cell per column.'),
      note: text.optional().describe('A line under the table: a note or its source.'),
      en: z
        .object({
          caption: text.optional(),
          header: z.array(text).min(1),
          rows: z.array(z.array(cell).min(1)).optional().describe('The rows in English; absent, the English edition prints the cells as they are.'),
          note: text.optional(),
        })
        .strict()
        .optional()
        .describe(`${englishNote} \`caption\` and \`note\` are needed when the table has them.`),
    })
    .strict();

  /** A focal point: x and y as fractions of the picture's width and height (0–1), kept in view when a frame crops it. */
  const FocusSchema = z
    .tuple([z.number().min(0).max(1), z.number().min(0).max(1)])
    .describe('The point to keep in view when a frame crops the picture: [x, y] as fractions of its width and height, 0–1 ([0.5, 0.5] is the centre).');

  /**
   * A picture: a PNG, JPEG or SVG file under the dataset's folder (e.g. `images/port.jpg` for
   * data/images/port.jpg), its alternative text (what a screen reader says, required), and optionally a
   * caption, a credit and a focal point for cropping. `en` holds the English of alt, caption and credit.
   */
  const ImageSchema = z
    .object({
      file: z.string().min(1).describe('A PNG, JPEG or SVG file, relative to the dataset\'s folder, e.g. images/port.jpg.'),
      alt: text.describe('Alternative text: what the picture shows, for readers who cannot see it. Required.'),
      caption: text.optional(),
      credit: text.optional().describe('Who made the picture, as printed after the caption.'),
      focus: FocusSchema.optional(),
      en: z
        .object({ alt: text, caption: text.optional(), credit: text.optional() })
        .strict()
        .optional()
        .describe(`${englishNote} \`caption\` and \`credit\` are needed when the picture has them.`),
    })
    .strict();

  const BlockSchema = z.union([
    z.object({ paragraph: text, en: text.optional().describe(englishNote) }).strict(),
    z.object({ facts: z.array(FactSchema).min(1) }).strict(),
    z.object({ list: ListSchema }).strict(),
    z.object({ table: TableSchema }).strict(),
    z
      .object({
        quote: text.describe('A quotation, set apart from the text.'),
        by: text.optional().describe('Who said or wrote it.'),
        en: z.object({ quote: text, by: text.optional() }).strict().optional().describe(englishNote),
      })
      .strict(),
    z
      .object({
        note: text.describe('A note (「註：…」 in the source), printed after the label 「註：」: write the text without it.'),
        en: text.optional().describe(englishNote),
      })
      .strict(),
    z.object({ image: ImageSchema }).strict(),
  ]);

  const SectionSchema: z.ZodType<SectionInput> = z.lazy(() =>
    z
      .object({
        id,
        title: text,
        number: z.number().int().positive().optional(),
        lead: text.optional(),
        en: z
          .object({ title: text, lead: text.optional() })
          .strict()
          .optional()
          .describe(`${englishNote} \`lead\` is needed when the section has one.`),
        picture: ImageSchema.optional().describe('The picture that opens the section: full bleed above a top-level section\'s heading.'),
        body: z.array(BlockSchema),
        sections: z.array(SectionSchema).optional(),
      })
      .strict(),
  );

  const FigureSchema = z
    .object({
      id,
      value: z.number(),
      /** Unit as printed after the number: 家, 億美元, %, 個 … */
      unit: z.string(),
      label: text,
      /** Year the figure refers to. */
      asOf: z.number().int().min(1900).max(2100),
      /** Id of the section whose text states this figure. */
      section: id,
      en: z
        .object({
          label: text,
          /** Unit as printed after the number in English: "countries", "%", "US$ hundred million" … */
          unit: z.string().describe(`Unit as printed after the number in English. ${MULTIPLIER_RULE}`),
        })
        .strict()
        .optional()
        .describe(`${englishNote} The value is shared: the English prints the same number.`),
    })
    .strict();

  const ChartSchema = z
    .object({
      id,
      title: text,
      unit: z.string(),
      section: id,
      /** One label per bar group. */
      categories: z.array(text).min(1),
      /** Each series names one figure id per category, in order. */
      series: z.array(z.object({ name: text, figures: z.array(id).min(1) }).strict()).min(1),
      en: z
        .object({
          title: text,
          unit: z.string(),
          /** One per category, in the same order. */
          categories: z.array(text).min(1),
          /** One name per series, in the same order. */
          series: z.array(text).min(1),
        })
        .strict()
        .optional()
        .describe(`${englishNote} \`categories\` and \`series\` list the English names in the order of the Chinese ones.`),
    })
    .strict();

  /** A country's name: the name alone, or the name with its English. */
  const CountryNameSchema = z
    .union([text, z.object({ name: text, en: text.describe('The country\'s English name, as the English edition prints it.') }).strict()], {
      error: 'a country is its name ("沙特阿拉伯") or its name with the English ({ name: 沙特阿拉伯, en: Saudi Arabia })',
    })
    .describe('The country\'s name in the dataset\'s language, or { name, en } to give its English name too.');

  /**
   * An as-of date at its source's precision. A bare year is a number to YAML (`asOf: 2026`), so a whole number is
   * taken as the year it writes; the calendar is checked too: 2026-13 and 2026-02-30 are refused, not printed.
   */
  const asOfSchema = z
    .union([z.string(), z.number().int().min(1000).max(9999)], { error: AS_OF_RULE })
    .transform((v) => String(v))
    .refine((v) => parsePartialDate(v) !== undefined, { error: AS_OF_RULE })
    .describe(`The source's update date: ${AS_OF_RULE}.`);

  const DatasetSchema = z
    .object({
      meta: z
        .object({
          title: text,
          subtitle: text.optional(),
          lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "zh-Hant-HK"'),
          /** Who publishes the source. Optional: a fact sheet that does not say is left without one, and nothing is printed. */
          publisher: text.optional(),
          /**
           * The source's update date at the precision the source gives it: `2026`, `2026-03` or `2026-03-15`. The
           * documents print it at that precision (never with an invented day or month); its first instant is the
           * files' creation date.
           */
          asOf: asOfSchema,
          /** The source line (「資料來源：…」). Optional: without it the layouts print no source line, only the date. */
          source: text.optional(),
          en: z
            .object({ title: text, subtitle: text.optional(), publisher: text.optional(), source: text.optional() })
            .strict()
            .optional()
            .describe(`${englishNote} \`subtitle\` is needed when the dataset has one.`),
        })
        .strict(),
      /** Country names by ISO code, as facts and delegations refer to them. */
      countries: z
        .record(countryCode, CountryNameSchema)
        .default({})
        .describe('Country names by ISO 3166-1 alpha-2 code, as facts and delegations refer to them. Optional: a dataset whose facts name no country leaves it out.'),
      sections: z.array(SectionSchema).min(1),
      /** Key figures. Optional: a dataset without any leaves them out (the brochure then shows none). */
      figures: z.array(FigureSchema).default([]),
      charts: z.array(ChartSchema).default([]),
    })
    .strict()
    // The loaded dataset keeps `countries` as names (what every stage reads) and gathers the English names written
    // as { name, en } into `countriesEn`, so a stage that does not translate never meets the two forms.
    .transform(({ countries, ...rest }) => {
      const names: Record<string, string> = {};
      const english: Record<string, string> = {};
      for (const [code, value] of Object.entries(countries)) {
        names[code] = typeof value === 'string' ? value : value.name;
        if (typeof value !== 'string') english[code] = value.en;
      }
      // Optional in the type: a dataset made in code (an importer's skeleton) need not carry it.
      const loaded: typeof rest & { countries: Record<string, string>; countriesEn?: Record<string, string> } = {
        ...rest,
        countries: names,
        countriesEn: english,
      };
      return loaded;
    });
  return { TextSchema, IdSchema, countryCode, FactSchema, ListItemSchema, ListSchema, ColumnSchema, TableSchema, FocusSchema, ImageSchema, BlockSchema, SectionSchema, FigureSchema, ChartSchema, CountryNameSchema, DatasetSchema };
}

let made: ReturnType<typeof makeSchemas> | undefined;

/** The dataset's schemas (zod), made on first use. */
export function schemas(): ReturnType<typeof makeSchemas> {
  return (made ??= makeSchemas());
}

type Schemas = ReturnType<typeof makeSchemas>;

/** The dataset's schema, made on first use; a dataset validated before takes its value from the disk cache (yaml.ts). */
export const DATASET_SCHEMA: NamedSchema<Schemas['DatasetSchema']> = { name: 'dataset', make: () => schemas().DatasetSchema };

/** The dataset as loaded; `countriesEn` holds the English name of each country written as { name, en } (always set by the schema). */
export type Dataset = z.output<Schemas['DatasetSchema']>;
/** The dataset as written in YAML. */
export type DatasetInput = z.input<Schemas['DatasetSchema']>;
export type Section = SectionInput;
export type Fact = FactInput;
export type Block = z.infer<Schemas['BlockSchema']>;
export type Table = z.infer<Schemas['TableSchema']>;
export type List = z.infer<Schemas['ListSchema']>;
export type ColumnKind = (typeof COLUMN_KINDS)[number];
export type Figure = z.infer<Schemas['FigureSchema']>;
export type Chart = z.infer<Schemas['ChartSchema']>;
export type ImageInput = z.infer<Schemas['ImageSchema']>;
