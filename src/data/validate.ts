// Checks the schema cannot express: unique ids, references between sections, figures, charts and countries, and
// (for the English edition) which texts have no English beside them.
import type { Dataset, Fact, ImageInput, Section, Table } from './schema.js';
import type { LoadedYaml } from './yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';

/** `did you mean 'x'? ` when a name is one slip away from one that exists, else nothing. */
function suggest(name: string, names: Iterable<string>): string {
  const near = didYouMean(name, names);
  return near ? `did you mean '${near}'? otherwise ` : '';
}
import { blockTexts, cellText, columnKinds } from './blocks.js';
import { findLinks, LINK_TARGET } from './inline.js';

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
        if ('table' in b) out.push(...checkTable(data, b.table, `${p}/body/${j}/table`));
        if (!('facts' in b)) return;
        const facts = (list: Fact[], base: string): void =>
          list.forEach((f, k) => {
            (f.countries ?? []).forEach((c, m) => {
              if (!(c in d.countries)) {
                out.push(error(codes.reference, `country '${c}' is not listed under 'countries'`, data.locate(`${base}/${k}/countries/${m}`), [`${suggest(c, Object.keys(d.countries))}add ${c}: <name> under 'countries'`]));
              }
            });
            facts(f.facts ?? [], `${base}/${k}/facts`);
          });
        facts(b.facts, `${p}/body/${j}/facts`);
      });
      if (s.sections) walk(s.sections, `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  out.push(...checkLinks(data));
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
  // A picture's alternative text, caption and credit are read in every edition, like any other text.
  const addImage = (pointer: string, image: ImageInput): void => {
    add(`${pointer}/alt`, image.alt, image.en?.alt);
    add(`${pointer}/caption`, image.caption, image.en?.caption);
    add(`${pointer}/credit`, image.credit, image.en?.credit);
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
      if (s.picture) addImage(`${p}/picture`, s.picture);
      s.body.forEach((b, j) => {
        for (const t of blockTexts(b, `${p}/body/${j}`)) if (t.translatable) add(t.pointer, t.text, t.english);
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
        const facts = (list: Fact[], base: string): void =>
          list.forEach((f, k) => {
            if (f.en?.point !== undefined && f.point === undefined) stray(`${base}/${k}/en/point`);
            facts(f.facts ?? [], `${base}/${k}/facts`);
          });
        if ('facts' in b) facts(b.facts, `${p}/body/${j}/facts`);
        if ('table' in b && b.table.en?.note !== undefined && b.table.note === undefined) stray(`${p}/body/${j}/table/en/note`);
      });
      walk(s.sections ?? [], `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  return out;
}

/** A number as fact sheets print it: `16688`, `16 688`, `16,688`, `1,668.8`, `-3.5`, with a unit or sign around it. */
const NUMBER_CELL = /^(?:[A-Z]{0,3}\$|[¥€£約逾近])?\s*[-+−]?(?:\d{1,3}(?:[ ,\u00a0\u2009\u202f]\d{3})+|\d+)(?:\.\d+)?\s*(?:[^\d\s][^\d]*)?$/;
/** A year, a span of years (`2023–2024`, `2023/24`), or a year with 年. */
const YEAR_CELL = /^(?:\d{4})(?:\s*年)?(?:\s*[–—\-~至/]\s*\d{2,4}(?:\s*年)?)?$/;
/** What a table prints for "no value". */
const EMPTY_CELL = /^(?:[—–\-－…]+|N\/A|n\/a|不適用|不适用|暫缺|暂缺|\*)$/;

/**
 * A table's shape and cells: every row as wide as the header, one column kind per column, number columns holding
 * numbers and year columns years (so the layouts can align them), English of the same shape.
 */
function checkTable(data: LoadedYaml<Dataset>, t: Table, pointer: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const width = t.header.length;
  if (t.columns && t.columns.length !== width) {
    out.push(error(codes.tableShape, `the table has ${width} header cells but ${t.columns.length} column kinds`, data.locate(`${pointer}/columns`), ['give one kind (text, number, year) per column, in order']));
  }
  t.rows.forEach((row, r) => {
    if (row.length !== width) {
      out.push(
        error(codes.tableShape, `row ${r + 1} of the table has ${row.length} cells; the header has ${width}`, data.locate(`${pointer}/rows/${r}`), [
          'give every row one cell per header cell; write "—" in a cell with no value',
        ]),
      );
    }
  });
  const kinds = columnKinds(t);
  t.rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const kind = kinds[c]?.kind;
      if (kind === undefined || kind === 'text') return;
      const value = cellText(cell).replace(/\*\*/g, '').trim();
      if (EMPTY_CELL.test(value)) return;
      if (kind === 'number' && !NUMBER_CELL.test(value)) {
        out.push(error(codes.tableCell, `the cell "${value}" is in a number column but is not a number`, data.locate(`${pointer}/rows/${r}/${c}`), ['write the number as the source prints it (16 688, 16,688, 1,668.8), or mark the column text']));
      }
      if (kind === 'year' && !YEAR_CELL.test(value)) {
        out.push(error(codes.tableCell, `the cell "${value}" is in a year column but is not a year`, data.locate(`${pointer}/rows/${r}/${c}`), ['write a year (2025) or a span of years (2024–2025), or mark the column text']));
      }
    }),
  );
  if (t.en) {
    if (t.en.header.length !== width) {
      out.push(error(codes.tableShape, `the table has ${width} header cells but ${t.en.header.length} in English`, data.locate(`${pointer}/en/header`), ['give one English heading per column, in order']));
    }
    if (t.en.rows && t.en.rows.length !== t.rows.length) {
      out.push(error(codes.tableShape, `the table has ${t.rows.length} rows but ${t.en.rows.length} in English`, data.locate(`${pointer}/en/rows`), ['give the English of every row, in order, or leave `en.rows` out']));
    }
    t.en.rows?.forEach((row, r) => {
      if (row.length !== width) out.push(error(codes.tableShape, `English row ${r + 1} has ${row.length} cells; the header has ${width}`, data.locate(`${pointer}/en/rows/${r}`)));
    });
  }
  return out;
}

/** Every `[words](target)` of the dataset's texts must lead somewhere a reader can follow. */
function checkLinks(data: LoadedYaml<Dataset>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const check = (pointer: string, text: string | undefined): void => {
    for (const link of findLinks(text ?? '')) {
      if (LINK_TARGET.test(link.href)) continue;
      out.push(
        error(codes.link, `the link 「${link.words}」 leads to "${link.href}", which is not a web or e-mail address`, data.locate(pointer), [
          'write the full address: [words](https://www.example.gov.hk/page) or [words](mailto:name@example.org)',
        ]),
      );
    }
  };
  const walk = (sections: Section[], base: string): void =>
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      check(`${p}/title`, s.title);
      check(`${p}/lead`, s.lead);
      s.body.forEach((b, j) => {
        for (const t of blockTexts(b, `${p}/body/${j}`)) {
          check(t.pointer, t.text);
          if (t.english !== undefined && t.english !== t.text) check(t.pointer, t.english);
        }
      });
      walk(s.sections ?? [], `${p}/sections`);
    });
  walk(data.value.sections, '/sections');
  return out;
}
