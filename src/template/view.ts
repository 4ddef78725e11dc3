// Dataset → the view the layouts render: every optional field present (templates run in strict mode),
// figures and charts attached to their sections, chart values resolved, and each object's JSON pointer recorded.
import { dirname, resolve } from 'node:path';
import { cellText, columnKinds } from '../data/blocks.js';
import type { Chart, Dataset, Fact, Figure, ImageInput, ListItemInput, Section, Table } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, DiagnosticError, error, type Diagnostic } from '../diag/diagnostic.js';
import { groupingOf } from '../data/numbers.js';
import { sectionText } from '../data/walk.js';
import { formatFigure } from './text.js';

/**
 * View object → JSON pointer of the data it came from. The `src` helper reads it for `this`; view objects
 * are made fresh per render, so one weak map serves every render and forgets them afterwards.
 */
const pointers = new WeakMap<object, string>();

export function pointerOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? pointers.get(value) : undefined;
}

function at<T extends object>(value: T, pointer: string): T {
  pointers.set(value, pointer);
  return value;
}

export interface MetaView {
  title: string;
  subtitle: string | null;
  lang: string;
  /** Null when the dataset names none: the layouts then print nothing in its place. */
  publisher: string | null;
  /** `2026`, `2026-03` or `2026-03-15`: the `date` helper prints it at that precision. */
  asOf: string;
  source: string | null;
}

export interface CountryView {
  code: string;
  name: string;
}

export interface FactView {
  text: string;
  point: string | null;
  countries: CountryView[];
  themes: string[];
  /** Sub-facts, set as a list under the fact ([] when none). */
  facts: FactView[];
}

/** A list item; its `src` (no field) names its text. */
export interface ListItemView {
  text: string;
  /** Whether `items` are numbered. */
  ordered: boolean;
  items: ListItemView[];
}

export interface ListView {
  ordered: boolean;
  items: ListItemView[];
}

/** A table cell; its `src` (no field) names the cell. `number` cells align right, or on the point (`decimal`). */
export interface CellView {
  text: string;
  kind: 'text' | 'number' | 'year';
  align: 'left' | 'right' | 'decimal';
}

export interface TableView {
  caption: string | null;
  header: CellView[];
  rows: { cells: CellView[] }[];
  note: string | null;
}

/** Exactly one of `paragraph`, `facts`, `list`, `table`, `quote`, `note` and `image` is set. */
export interface BlockView {
  paragraph: string | null;
  facts: FactView[] | null;
  list: ListView | null;
  table: TableView | null;
  quote: string | null;
  /** Who said the quote, when the dataset says. */
  by: string | null;
  note: string | null;
  image: ImageView | null;
}

/** A picture, its file resolved against the dataset's folder (the markup carries the absolute path). */
export interface ImageView {
  /** Absolute path of the file. */
  path: string;
  /** As written in the dataset, for messages. */
  file: string;
  alt: string;
  caption: string | null;
  credit: string | null;
  /** The focal point as "x y" (fractions), or null for the centre. */
  focus: string | null;
}

export interface FigureView {
  id: string;
  value: number;
  /** The value as printed, grouped as the section's text writes it (3,200 / 3 200 / 3200), else as the language does. */
  display: string;
  unit: string;
  label: string;
  asOf: number;
  section: string;
}

export interface CategoryView {
  label: string;
}

export interface SeriesView {
  name: string;
  figures: string[];
  /** The figures' values, in category order. */
  values: number[];
}

export interface ChartView {
  id: string;
  title: string;
  unit: string;
  section: string;
  categories: CategoryView[];
  series: SeriesView[];
}

export interface SectionView {
  id: string;
  title: string;
  number: number | null;
  lead: string | null;
  /** The picture that opens the section. */
  picture: ImageView | null;
  /** 1 for a top-level section, parent's level + 1 below. */
  level: number;
  body: BlockView[];
  sections: SectionView[];
  /** Figures and charts whose `section` is this section. */
  figures: FigureView[];
  charts: ChartView[];
  /** Every section below this one, depth first (a deck folds topics into their action's slide). */
  descendants: SectionView[];
  /** Figures and charts of this section and all its descendants. */
  figuresWithin: FigureView[];
  chartsWithin: ChartView[];
}

/** What an edition for a delegation adds: the facts it puts first, and who it is for. */
export interface EditionInput {
  focus?: {
    title: string;
    /** Said plainly when the dataset holds nothing for the delegation. */
    empty: string | null;
    /** JSON pointers of the facts to put first, as `selectFocusFacts` found them. */
    facts: string[];
  };
}

export interface EditionView {
  focus: { title: string; empty: string | null; facts: FactView[] } | null;
}

export interface DatasetView {
  meta: MetaView;
  edition: EditionView;
  countries: CountryView[];
  sections: SectionView[];
  figures: FigureView[];
  charts: ChartView[];
}

export function buildView(data: LoadedYaml<Dataset>, edition: EditionInput = {}): DatasetView {
  const d = data.value;
  const problems: Diagnostic[] = [];
  const factsByPointer = new Map<string, FactView>();
  const countries = Object.entries(d.countries).map(([code, name]) => at({ code, name }, `/countries/${code}`));
  const countryByCode = new Map(countries.map((c) => [c.code, c]));

  const textOf = new Map<string, string>();
  const collect = (ss: Section[]): void => {
    for (const s of ss) {
      textOf.set(s.id, sectionText(s));
      collect(s.sections ?? []);
    }
  };
  collect(d.sections);
  const figures = d.figures.map((f, i) =>
    figureView(f, `/figures/${i}`, formatFigure(f.value, d.meta.lang, groupingOf(textOf.get(f.section) ?? '', f.value))),
  );
  const figureById = new Map(figures.map((f) => [f.id, f]));
  const charts = d.charts.map((c, i) =>
    chartView(c, `/charts/${i}`, (id, pointer) => {
      const figure = figureById.get(id);
      if (figure) return figure.value;
      problems.push(
        error(codes.reference, `chart series names figure '${id}', which does not exist`, data.locate(pointer), [
          'a series lists ids from `figures`, one per category',
        ]),
      );
      return NaN;
    }),
  );

  const fact = (f: Fact, pointer: string): FactView => {
    const view = factView(f, pointer);
    factsByPointer.set(pointer, view);
    return view;
  };
  const factView = (f: Fact, pointer: string): FactView =>
    at(
      {
        text: f.text,
        point: f.point ?? null,
        countries: (f.countries ?? []).map((code, i) => {
          const c = countryByCode.get(code);
          if (c) return c;
          problems.push(
            error(codes.reference, `country '${code}' is not listed under \`countries\``, data.locate(`${pointer}/countries/${i}`)),
          );
          return at({ code, name: code }, `${pointer}/countries/${i}`);
        }),
        themes: [...(f.themes ?? [])],
        facts: (f.facts ?? []).map((sub, k) => factView(sub, `${pointer}/facts/${k}`)),
      },
      pointer,
    );

  const dataDir = dirname(resolve(data.file));
  const image = (im: ImageInput, pointer: string): ImageView =>
    at(
      {
        path: resolve(dataDir, im.file),
        file: im.file,
        alt: im.alt,
        caption: im.caption ?? null,
        credit: im.credit ?? null,
        focus: im.focus ? im.focus.join(' ') : null,
      },
      pointer,
    );
  const section = (s: Section, pointer: string, level: number): SectionView => {
    const body = s.body.map((b, i): BlockView => {
      const p = `${pointer}/body/${i}`;
      const none: BlockView = { paragraph: null, facts: null, list: null, table: null, quote: null, by: null, note: null, image: null };
      if ('paragraph' in b) return at({ ...none, paragraph: b.paragraph }, p);
      if ('facts' in b) return at({ ...none, facts: b.facts.map((f, j) => fact(f, `${p}/facts/${j}`)) }, p);
      if ('list' in b) return at({ ...none, list: at({ ordered: b.list.ordered ?? false, items: listItems(b.list.items, `${p}/list/items`) }, `${p}/list`) }, p);
      if ('table' in b) return at({ ...none, table: tableView(b.table, `${p}/table`) }, p);
      if ('image' in b) return at({ ...none, image: image(b.image, `${p}/image`) }, p);
      if ('quote' in b) return at({ ...none, quote: b.quote, by: b.by ?? null }, p);
      return at({ ...none, note: b.note }, p);
    });
    const children = (s.sections ?? []).map((c, i) => section(c, `${pointer}/sections/${i}`, level + 1));
    const descendants = children.flatMap((c) => [c, ...c.descendants]);
    const own = {
      figures: figures.filter((f) => f.section === s.id),
      charts: charts.filter((c) => c.section === s.id),
    };
    return at(
      {
        id: s.id,
        title: s.title,
        number: s.number ?? null,
        lead: s.lead ?? null,
        picture: s.picture ? image(s.picture, `${pointer}/picture`) : null,
        level,
        body,
        sections: children,
        ...own,
        descendants,
        figuresWithin: [...own.figures, ...descendants.flatMap((c) => c.figures)],
        chartsWithin: [...own.charts, ...descendants.flatMap((c) => c.charts)],
      },
      pointer,
    );
  };

  const sections = d.sections.map((s, i) => section(s, `/sections/${i}`, 1));
  const focus = edition.focus;
  const view: DatasetView = {
    edition: {
      focus: focus
        ? {
            title: focus.title,
            empty: focus.empty,
            // The same fact objects as in their sections: `src` still names where each was written.
            facts: focus.facts.flatMap((p) => factsByPointer.get(p) ?? []),
          }
        : null,
    },
    meta: at(
      {
        title: d.meta.title,
        subtitle: d.meta.subtitle ?? null,
        lang: d.meta.lang,
        publisher: d.meta.publisher ?? null,
        asOf: d.meta.asOf,
        source: d.meta.source ?? null,
      },
      '/meta',
    ),
    countries,
    sections,
    figures,
    charts,
  };
  if (problems.length > 0) throw new DiagnosticError(problems);
  return at(view, '');
}

function listItems(items: ListItemInput[], pointer: string): ListItemView[] {
  return items.map((item, k) =>
    typeof item === 'string'
      ? at({ text: item, ordered: false, items: [] }, `${pointer}/${k}`)
      : at({ text: item.text, ordered: item.ordered ?? false, items: listItems(item.items ?? [], `${pointer}/${k}/items`) }, `${pointer}/${k}/text`),
  );
}

function tableView(t: Table, pointer: string): TableView {
  const kinds = columnKinds(t);
  const cell = (text: string, c: number, p: string): CellView => {
    const k = kinds[c] ?? { kind: 'text', align: 'right' };
    return at({ text, kind: k.kind, align: k.kind === 'text' ? 'left' : k.kind === 'year' ? 'right' : k.align }, p);
  };
  return at(
    {
      caption: t.caption ?? null,
      header: t.header.map((h, c) => cell(h, c, `${pointer}/header/${c}`)),
      rows: t.rows.map((row, r) => at({ cells: row.map((v, c) => cell(cellText(v), c, `${pointer}/rows/${r}/${c}`)) }, `${pointer}/rows/${r}`)),
      note: t.note ?? null,
    },
    pointer,
  );
}

function figureView(f: Figure, pointer: string, display: string): FigureView {
  return at({ id: f.id, value: f.value, display, unit: f.unit, label: f.label, asOf: f.asOf, section: f.section }, pointer);
}

function chartView(c: Chart, pointer: string, valueOf: (figureId: string, pointer: string) => number): ChartView {
  return at(
    {
      id: c.id,
      title: c.title,
      unit: c.unit,
      section: c.section,
      categories: c.categories.map((label, i) => at({ label }, `${pointer}/categories/${i}`)),
      series: c.series.map((s, i) =>
        at(
          {
            name: s.name,
            figures: [...s.figures],
            values: s.figures.map((id, j) => valueOf(id, `${pointer}/series/${i}/figures/${j}`)),
          },
          `${pointer}/series/${i}`,
        ),
      ),
    },
    pointer,
  );
}
