// Checks the schema cannot express: unique ids, references between sections, figures, charts and countries, and
// (for the English edition) which texts have no English beside them.
import type { Dataset, Section } from './schema.js';
import type { LoadedYaml } from './yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';

/** `did you mean 'x'? ` when a name is one slip away from one that exists, else nothing. */
function suggest(name: string, names: Iterable<string>): string {
  const near = didYouMean(name, names);
  return near ? `did you mean '${near}'? otherwise ` : '';
}

export function checkReferences(data: LoadedYaml<Dataset>): Diagnostic[] {
  const d = data.value;
  const out: Diagnostic[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, pointer: string): void => {
    const first = ids.get(id);
    if (first) out.push(error(codes.reference, `id '${id}' is used twice (first at ${first})`, data.locate(pointer), ['ids must be unique across sections, figures and charts']));
    else ids.set(id, pointer);
  };
  const sectionIds = new Set<string>();
  const walk = (sections: Section[], base: string): void => {
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      claim(s.id, `${p}/id`);
      sectionIds.add(s.id);
      s.body.forEach((b, j) => {
        if (!('facts' in b)) return;
        b.facts.forEach((f, k) => {
          (f.countries ?? []).forEach((c, m) => {
            if (!(c in d.countries)) {
              out.push(error(codes.reference, `country '${c}' is not listed under 'countries'`, data.locate(`${p}/body/${j}/facts/${k}/countries/${m}`), [`${suggest(c, Object.keys(d.countries))}add ${c}: <name> under 'countries'`]));
            }
          });
        });
      });
      if (s.sections) walk(s.sections, `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  const figureIds = new Set<string>();
  d.figures.forEach((f, i) => {
    claim(f.id, `/figures/${i}/id`);
    figureIds.add(f.id);
    if (!sectionIds.has(f.section)) out.push(error(codes.reference, `figure '${f.id}' names section '${f.section}', which does not exist`, data.locate(`/figures/${i}/section`), [`${suggest(f.section, sectionIds)}name the id of the section whose text states the figure`]));
  });
  d.charts.forEach((c, i) => {
    claim(c.id, `/charts/${i}/id`);
    if (!sectionIds.has(c.section)) out.push(error(codes.reference, `chart '${c.id}' names section '${c.section}', which does not exist`, data.locate(`/charts/${i}/section`), [`${suggest(c.section, sectionIds)}name the id of the section the chart belongs to`]));
    if (c.en && c.en.categories.length !== c.categories.length) {
      out.push(error(codes.reference, `chart '${c.id}' has ${c.categories.length} categories but ${c.en.categories.length} in English`, data.locate(`/charts/${i}/en/categories`), ['list one English name per category, in the same order']));
    }
    if (c.en && c.en.series.length !== c.series.length) {
      out.push(error(codes.reference, `chart '${c.id}' has ${c.series.length} series but ${c.en.series.length} English series names`, data.locate(`/charts/${i}/en/series`), ['list one English name per series, in the same order']));
    }
    c.series.forEach((s, j) => {
      if (s.figures.length !== c.categories.length) {
        out.push(error(codes.reference, `series '${s.name}' has ${s.figures.length} figures for ${c.categories.length} categories`, data.locate(`/charts/${i}/series/${j}/figures`)));
      }
      s.figures.forEach((f, k) => {
        if (!figureIds.has(f)) out.push(error(codes.reference, `chart '${c.id}' names figure '${f}', which does not exist`, data.locate(`/charts/${i}/series/${j}/figures/${k}`), [`${suggest(f, figureIds)}a chart names figures by the id they have under 'figures'`]));
      });
    });
  });
  return out;
}

/** A field of the dataset whose English an edition needs, and whether the dataset holds it. */
interface TranslatedField {
  /** JSON pointer of the Chinese text. */
  pointer: string;
  chinese: string;
  english: string | undefined;
}

/**
 * Every text field of the dataset paired with its English (`undefined` when missing), in document order. Ids,
 * codes, numbers and dates are not text; an empty unit has nothing to translate.
 */
export function translatedFields(d: Dataset): TranslatedField[] {
  const out: TranslatedField[] = [];
  const add = (pointer: string, chinese: string | undefined, english: string | undefined): void => {
    if (chinese !== undefined && chinese !== '') out.push({ pointer, chinese, english });
  };
  const m = d.meta;
  add('/meta/title', m.title, m.en?.title);
  add('/meta/subtitle', m.subtitle, m.en?.subtitle);
  add('/meta/publisher', m.publisher, m.en?.publisher);
  add('/meta/source', m.source, m.en?.source);
  for (const [code, name] of Object.entries(d.countries)) add(`/countries/${code}`, name, d.countriesEn?.[code]);
  const walk = (sections: Section[], base: string): void => {
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      add(`${p}/title`, s.title, s.en?.title);
      add(`${p}/lead`, s.lead, s.en?.lead);
      s.body.forEach((b, j) => {
        if ('paragraph' in b) add(`${p}/body/${j}/paragraph`, b.paragraph, b.en);
        else
          b.facts.forEach((f, k) => {
            const fp = `${p}/body/${j}/facts/${k}`;
            add(`${fp}/text`, f.text, f.en?.text);
            add(`${fp}/point`, f.point, f.en?.point);
          });
      });
      walk(s.sections ?? [], `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  d.figures.forEach((f, i) => {
    add(`/figures/${i}/label`, f.label, f.en?.label);
    add(`/figures/${i}/unit`, f.unit, f.en?.unit);
  });
  d.charts.forEach((c, i) => {
    add(`/charts/${i}/title`, c.title, c.en?.title);
    add(`/charts/${i}/unit`, c.unit, c.en?.unit);
    c.categories.forEach((cat, k) => add(`/charts/${i}/categories/${k}`, cat, c.en?.categories[k]));
    c.series.forEach((s, k) => add(`/charts/${i}/series/${k}/name`, s.name, c.en?.series[k]));
  });
  return out;
}

/**
 * The English edition's needs: one error per text with no English beside it, at the Chinese text, and one per
 * English text with no Chinese to translate (a `point` in `en` for a fact without one), which would never print.
 */
export function checkTranslations(data: LoadedYaml<Dataset>): Diagnostic[] {
  const d = data.value;
  const out: Diagnostic[] = translatedFields(d)
    .filter((f) => f.english === undefined)
    .map((f) =>
      error(codes.missingTranslation, `no English for this text, which the English edition needs`, data.locate(f.pointer), [
        f.pointer.startsWith('/countries/')
          ? `write it as ${f.pointer.slice('/countries/'.length)}: { name: ${f.chinese}, en: <English name> }`
          : `add the English beside it in \`en\` (data/dataset.schema.json describes each node's \`en\`)`,
      ]),
    );
  const stray = (pointer: string): void => {
    out.push(error(codes.missingTranslation, `English with no Chinese text to translate`, data.locate(pointer), ['remove it, or add the Chinese it translates']));
  };
  if (d.meta.en?.subtitle !== undefined && d.meta.subtitle === undefined) stray('/meta/en/subtitle');
  const walk = (sections: Section[], base: string): void => {
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      if (s.en?.lead !== undefined && s.lead === undefined) stray(`${p}/en/lead`);
      s.body.forEach((b, j) => {
        if ('facts' in b) b.facts.forEach((f, k) => f.en?.point !== undefined && f.point === undefined && stray(`${p}/body/${j}/facts/${k}/en/point`));
      });
      walk(s.sections ?? [], `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  return out;
}
