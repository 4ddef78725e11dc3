// Dataset → the same dataset in another language or script: every text field mapped, structure and
// positions unchanged, so spans still point at the authored YAML.
import { mapBlockText } from '../data/blocks.js';
import type { Dataset, ImageInput, Section } from '../data/schema.js';

/** Where a text field sits: its JSON pointer, its name, and the node that holds it (for its `en`). */
export interface TextField {
  pointer: string;
  field: string;
  node: Record<string, unknown>;
}

export type MapText = (text: string, where: TextField) => string;

/** Apply `f` to every human-readable text of the dataset; ids, codes, numbers and dates stay. */
export function mapDatasetText(d: Dataset, f: MapText): Dataset {
  const t = (node: object, pointer: string, field: string, value: string): string =>
    f(value, { pointer: `${pointer}/${field}`, field, node: node as Record<string, unknown> });
  const opt = (node: object, pointer: string, field: string, value: string | undefined): string | undefined =>
    value === undefined ? undefined : t(node, pointer, field, value);

  const image = (im: ImageInput, p: string): ImageInput => ({
    ...im,
    alt: t(im, p, 'alt', im.alt),
    caption: opt(im, p, 'caption', im.caption),
    credit: opt(im, p, 'credit', im.credit),
  });
  const section = (s: Section, p: string): Section => ({
    ...s,
    title: t(s, p, 'title', s.title),
    lead: opt(s, p, 'lead', s.lead),
    ...(s.picture ? { picture: image(s.picture, `${p}/picture`) } : {}),
    body: s.body.map((b, i) =>
      mapBlockText(b, `${p}/body/${i}`, (text, pointer, node, field) => f(text, { pointer, field, node: node as Record<string, unknown> })),
    ),
    sections: s.sections?.map((c, i) => section(c, `${p}/sections/${i}`)),
  });

  return {
    ...d,
    meta: {
      ...d.meta,
      title: t(d.meta, '/meta', 'title', d.meta.title),
      subtitle: opt(d.meta, '/meta', 'subtitle', d.meta.subtitle),
      publisher: opt(d.meta, '/meta', 'publisher', d.meta.publisher),
      source: opt(d.meta, '/meta', 'source', d.meta.source),
    },
    // A country's English sits in `countriesEn` (the schema's loaded form of `{ name, en }`).
    countries: Object.fromEntries(
      Object.entries(d.countries).map(([code, name]) => [code, t({ en: d.countriesEn?.[code] }, '/countries', code, name)]),
    ),
    sections: d.sections.map((s, i) => section(s, `/sections/${i}`)),
    figures: d.figures.map((fig, i) => ({
      ...fig,
      label: t(fig, `/figures/${i}`, 'label', fig.label),
      unit: fig.unit === '' ? '' : t(fig, `/figures/${i}`, 'unit', fig.unit),
    })),
    charts: d.charts.map((c, i) => {
      const p = `/charts/${i}`;
      return {
        ...c,
        title: t(c, p, 'title', c.title),
        unit: c.unit === '' ? '' : t(c, p, 'unit', c.unit),
        categories: c.categories.map((cat, k) => t(c, p, `categories/${k}`, cat)),
        series: c.series.map((s, k) => ({ ...s, name: t(c, p, `series/${k}/name`, s.name) })),
      };
    }),
  };
}

// Hong Kong text → mainland conventions: first OpenCC's Hong Kong variants to its standard
// Traditional, then Taiwan phrases (which Hong Kong mostly shares: 資訊 → 信息) to mainland
// Simplified, then corner brackets to the quotation marks mainland text uses.
// Built on first use, once per process: building OpenCC's tables is slow, and only Simplified editions need them.
// OpenCC itself (2 MB of tables and code, ~55 ms to load) is loaded by loadSimplifiedConversion, which whatever
// makes a Simplified edition awaits first (runPreflight), so that other builds never load it.
let OpenCC: typeof import('opencc-js') | undefined;
let toMainland: ((text: string) => string) | undefined;

export async function loadSimplifiedConversion(): Promise<void> {
  OpenCC ??= await import('opencc-js');
}

/** Whether text in `lang` is Simplified Chinese: such an edition converts its text, and its SVGs' text, with toSimplified. */
export function isSimplifiedChinese(lang: string | undefined): boolean {
  return !!lang && /^zh-(Hans|CN|SG)/i.test(lang);
}
const QUOTES: Record<string, string> = { '「': '“', '」': '”', '『': '‘', '』': '’' };

export function toSimplified(text: string): string {
  toMainland ??= (() => {
    if (!OpenCC) throw new Error('toSimplified: loadSimplifiedConversion() was not awaited first');
    const hkToStandard = OpenCC.Converter({ from: 'hk', to: 't' });
    const phrasesToMainland = OpenCC.Converter({ from: 'twp', to: 'cn' });
    return (t: string) => phrasesToMainland(hkToStandard(t));
  })();
  return toMainland(text).replace(/[「」『』]/g, (q: string) => QUOTES[q]!);
}
