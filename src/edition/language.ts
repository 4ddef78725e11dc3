// A dataset in the language an edition needs: as authored (zh-Hant-HK), converted to mainland
// Simplified Chinese (zh-Hans, OpenCC), or the English kept beside the Chinese (en).
import type { DelegationLanguage } from '../data/delegation.js';
import type { Dataset } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { mapDatasetText, toSimplified, type TextField } from './text.js';

/** The languages an edition can be made in: the same list delegation profiles choose from. */
export type EditionLanguage = DelegationLanguage;

export interface Localised {
  data: LoadedYaml<Dataset>;
  /** A text with no translation in the edition's language: one error per field. */
  diagnostics: Diagnostic[];
}

/** The English of a field, from the `en` the dataset keeps on the field's node. */
function englishOf(where: TextField): string | undefined {
  const en = where.node.en as unknown;
  if (typeof en === 'string') return en; // a paragraph block, a country name
  if (typeof en !== 'object' || en === null) return undefined;
  const e = en as Record<string, unknown>;
  const category = /^categories\/(\d+)$/.exec(where.field);
  if (category) return (e.categories as string[] | undefined)?.[Number(category[1])];
  const series = /^series\/(\d+)\/name$/.exec(where.field);
  if (series) return (e.series as string[] | undefined)?.[Number(series[1])];
  const value = e[where.field];
  return typeof value === 'string' ? value : undefined;
}

export function localise(data: LoadedYaml<Dataset>, lang: EditionLanguage): Localised {
  const diagnostics: Diagnostic[] = [];
  if (lang === 'zh-Hant-HK' || data.value.meta.lang === lang) return { data, diagnostics };
  let value: Dataset;
  if (lang === 'zh-Hans') {
    value = mapDatasetText(data.value, (text) => toSimplified(text));
  } else {
    value = mapDatasetText(data.value, (text, where) => {
      const en = englishOf(where);
      if (en !== undefined) return en;
      diagnostics.push(
        error(codes.missingTranslation, `no English for this text, which the English edition needs`, data.locate(where.pointer), [
          `add the English beside it (see data/dataset.schema.json: \`en\`)`,
        ]),
      );
      return text;
    });
  }
  return { data: { ...data, value: { ...value, meta: { ...value.meta, lang } } }, diagnostics };
}
