// The dataset's shape: a zod schema (validation) from which the JSON Schema for editors is exported.
import { z } from 'zod';

/**
 * Text fields hold plain text with one inline mark: `**strong**` for the source's bold phrases.
 * Nothing else is markup: `<`, `&` and `{{` print as themselves.
 */
const text = z.string().min(1).describe('Text; **double asterisks** mark emphasis.');

const id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'an id is lower-case ASCII words joined by hyphens, e.g. "open-economy"');

/** ISO 3166-1 alpha-2 code, a key of `countries`. */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'a country is an ISO 3166-1 alpha-2 code such as "SA"');

export const FactSchema = z
  .object({
    text,
    /** A short phrase for a slide's bullet point; the full text goes to the speaker notes. */
    point: text.optional(),
    countries: z.array(countryCode).optional(),
    themes: z.array(id).optional(),
  })
  .strict();

export const BlockSchema = z.union([
  z.object({ paragraph: text }).strict(),
  z.object({ facts: z.array(FactSchema).min(1) }).strict(),
]);

export interface SectionInput {
  id: string;
  title: string;
  /** Ordinal within its parent, rendered by the layouts (e.g. 「（三）」); set for numbered headings only. */
  number?: number | undefined;
  /** One sentence that opens the section; the deck uses it as the slide's subtitle. */
  lead?: string | undefined;
  body: z.infer<typeof BlockSchema>[];
  sections?: SectionInput[] | undefined;
}

export const SectionSchema: z.ZodType<SectionInput> = z.lazy(() =>
  z
    .object({
      id,
      title: text,
      number: z.number().int().positive().optional(),
      lead: text.optional(),
      body: z.array(BlockSchema),
      sections: z.array(SectionSchema).optional(),
    })
    .strict(),
);

export const FigureSchema = z
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
  })
  .strict();

export const ChartSchema = z
  .object({
    id,
    title: text,
    unit: z.string(),
    section: id,
    /** One label per bar group. */
    categories: z.array(text).min(1),
    /** Each series names one figure id per category, in order. */
    series: z.array(z.object({ name: text, figures: z.array(id).min(1) }).strict()).min(1),
  })
  .strict();

export const DatasetSchema = z
  .object({
    meta: z
      .object({
        title: text,
        subtitle: text.optional(),
        lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag such as "zh-Hant-HK"'),
        publisher: text,
        /** The source's update date, ISO `YYYY-MM-DD`; also the documents' creation date. */
        asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD'),
        source: text,
      })
      .strict(),
    /** Country names by ISO code, as facts and delegations refer to them. */
    countries: z.record(countryCode, text),
    sections: z.array(SectionSchema).min(1),
    figures: z.array(FigureSchema),
    charts: z.array(ChartSchema).default([]),
  })
  .strict();

export type Dataset = z.infer<typeof DatasetSchema>;
export type Section = SectionInput;
export type Fact = z.infer<typeof FactSchema>;
export type Figure = z.infer<typeof FigureSchema>;
export type Chart = z.infer<typeof ChartSchema>;
