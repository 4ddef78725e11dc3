// Take a Markdown fact sheet and make a dataset skeleton: its sections, paragraphs and items, candidate key
// figures and the document's date, as YAML in the schema of src/data/schema.ts, with every artefact found reported.
import { basename } from 'node:path';
import { Document, isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Dataset, Figure, Section } from '../data/schema.js';
import { finding, importCodes } from './codes.js';
import { findFigureCandidates } from './figures.js';
import { readMarkdownWithFindings, splitLines } from './markdown.js';
import { outlineBlocks, type OutlineBlock, type OutlineItem, type OutlineSection, type SourceText } from './outline.js';
import { dropMarkers, excerpt, joinPageBreakSplits, latestDate, reportMarkup, takeFurniture, type RepairContext } from './repair.js';
import { tableModel, type TableModel } from './tables.js';
import { findWrongScript } from '../check/opencc.js';
import { scriptOfLang } from '../check/script.js';

export interface ImportOptions {
  /** The Markdown file's name as it should appear in diagnostics. */
  file: string;
  text: string;
  /** BCP 47 tag for meta.lang; by default taken from the file name (`….zh-Hant.md`), else zh-Hant. */
  lang?: string | undefined;
}

/** Where a figure candidate was found, for the comment above it in the YAML. */
export interface FigureSource {
  line: number;
  written: string;
}

export interface ImportResult {
  dataset: Dataset;
  figureSources: FigureSource[];
  /** Every finding, in source order: repairs made and things to review. */
  diagnostics: Diagnostic[];
  /** How many findings were repaired (the rest are for the reader to decide). */
  repaired: number;
}

const REPAIRED: ReadonlySet<string> = new Set([importCodes.pageBreakSplit, importCodes.decorativeMarker, importCodes.furniture, importCodes.tableShape]);
const PLACEHOLDER = 'TODO';

/** A dataset as import writes it: meta.asOf may be missing when the sheet writes no date at all. */
export type ImportedDataset = Omit<Dataset, 'meta'> & { meta: Omit<Dataset['meta'], 'asOf'> & { asOf?: string } };

export function importFactSheet(options: ImportOptions): ImportResult {
  const { file, text } = options;
  const lines = splitLines(text);
  const ctx: RepairContext = { file, lines };
  const diagnostics: Diagnostic[] = [];

  const read = readMarkdownWithFindings(text);
  let blocks = read.blocks;
  for (const f of read.findings) diagnostics.push(finding(importCodes.notCarried, f.message, { file, line: f.line, column: f.column }, ['the dataset keeps the text; add what is missing by hand if it matters']));
  const steps = [dropMarkers, reportMarkup];
  for (const step of steps) {
    const r = step(blocks, ctx);
    blocks = r.blocks;
    diagnostics.push(...r.diagnostics);
  }
  const furniture = takeFurniture(blocks, ctx);
  diagnostics.push(...furniture.diagnostics);
  const joined = joinPageBreakSplits(furniture.blocks, ctx);
  diagnostics.push(...joined.diagnostics);
  const outline = outlineBlocks(joined.blocks, file);
  diagnostics.push(...outline.diagnostics);

  const lang = options.lang ?? langFromName(file) ?? 'zh-Hant';
  diagnostics.push(...scriptFindings(lines, lang, file));

  // The update line gives the date at its precision; without one, the latest date the text writes (never 1970).
  const asOf = furniture.asOf?.date ?? latestDate(text);
  if (!furniture.asOf) {
    diagnostics.push(
      finding(
        importCodes.noUpdateLine,
        asOf
          ? `no update line (「更新日期：…」); meta.asOf is the latest date the text writes, ${asOf}`
          : 'no update line (「更新日期：…」) and no date in the text; meta.asOf is left unset, so check will ask for it',
        { file },
        ['set meta.asOf to the date the source was last updated: 2026, 2026-03 or 2026-03-15'],
      ),
    );
  }
  for (const field of ['source', 'publisher'] as const) {
    diagnostics.push(
      finding(importCodes.unstated, `the fact sheet does not state its ${field}; meta.${field} is left unset, and the documents print nothing in its place`, { file }, [
        field === 'source' ? 'set meta.source to name where the facts come from, e.g. 政府新聞處《香港便覽》' : 'set meta.publisher, e.g. 香港特別行政區政府',
      ]),
    );
  }
  if (!outline.title) {
    diagnostics.push(finding(importCodes.placeholder, `no single top heading to take as the title; meta.title is '${PLACEHOLDER}'`, { file }, ['set meta.title']));
  }

  const figures: Figure[] = [];
  const figureSources: FigureSource[] = [];
  const add = (sectionId: string, c: { value: number; unit: string; label: string; year: number }, source: FigureSource): void => {
    figures.push({ id: `figure-${figures.length + 1}`, value: c.value, unit: c.unit, label: c.label, asOf: c.year, section: sectionId });
    figureSources.push(source);
  };
  const sections = toSections(outline.sections, [], {
    text: (id, t) => {
      for (const c of findFigureCandidates(t.text)) add(id, { ...c, year: c.year! }, { line: t.line, written: c.written });
    },
    table: (id, b) => {
      const r = tableModel(b.table, b.caption, b.note, file);
      diagnostics.push(...r.diagnostics);
      for (const f of r.figures) add(id, f, { line: f.line, written: f.written });
      return r.model;
    },
  });
  if (sections.length === 0) {
    sections.push({ id: 'section-1', title: PLACEHOLDER, body: [] });
    diagnostics.push(finding(importCodes.placeholder, 'no headings or text found; the skeleton has one empty section', { file }, ['check that the file is a Markdown fact sheet']));
  }

  const dataset: ImportedDataset = {
    meta: {
      title: outline.title?.text || PLACEHOLDER,
      lang,
      ...(asOf ? { asOf } : {}),
    },
    countries: {},
    sections,
    figures,
    charts: [],
  };
  diagnostics.sort((a, b) => (a.span?.line ?? Infinity) - (b.span?.line ?? Infinity) || (a.span?.column ?? 0) - (b.span?.column ?? 0));
  return { dataset: dataset as Dataset, figureSources, diagnostics, repaired: diagnostics.filter((d) => REPAIRED.has(d.code)).length };
}

interface OnContent {
  /** Each text that may state a key figure (paragraphs, facts and list items at every depth). */
  text: (sectionId: string, t: SourceText) => void;
  /** A table: its model, and its figures through `text`'s sibling. */
  table: (sectionId: string, b: Extract<OutlineBlock, { kind: 'table' }>) => TableModel;
}

/** Section ids are ASCII by position (`section-3-2` is the second subsection of the third section): titles are Chinese. */
function toSections(sections: OutlineSection[], path: number[], on: OnContent): Section[] {
  return sections.map((s, i) => {
    const here = [...path, i + 1];
    const id = `section-${here.join('-')}`;
    const body = s.body.map((b) => toBlock(b, id, on));
    const children = toSections(s.sections, here, on);
    return {
      id,
      title: s.title || PLACEHOLDER,
      ...(s.number !== undefined ? { number: s.number } : {}),
      body,
      ...(children.length ? { sections: children } : {}),
    };
  });
}

type Block = Section['body'][number];
type FactOut = { text: string; facts?: FactOut[] };
type ListItemOut = string | { text: string; ordered?: boolean; items?: ListItemOut[] };

function toBlock(b: OutlineBlock, sectionId: string, on: OnContent): Block {
  const onText = (t: SourceText): void => on.text(sectionId, t);
  switch (b.kind) {
    case 'paragraph':
      onText(b.text);
      return { paragraph: b.text.text };
    case 'facts': {
      const fact = (item: OutlineItem): FactOut => {
        onText(item);
        return { text: item.text, ...(item.items.length ? { facts: item.items.map(fact) } : {}) };
      };
      return { facts: b.items.map(fact) } as Block;
    }
    case 'list': {
      const listItem = (item: OutlineItem): ListItemOut => {
        onText(item);
        if (item.items.length === 0) return item.text;
        return { text: item.text, ...(item.ordered ? { ordered: true } : {}), items: item.items.map(listItem) };
      };
      return { list: { ...(b.ordered ? { ordered: true } : {}), items: b.items.map(listItem) } } as unknown as Block;
    }
    case 'table':
      return { table: on.table(sectionId, b) } as unknown as Block;
    case 'quote':
      return { quote: b.text.text, ...(b.by ? { by: b.by } : {}) } as unknown as Block;
    case 'note':
      return { note: b.text.text } as unknown as Block;
  }
}

function langFromName(file: string): string | undefined {
  return /\.((?:zh|en|ja|ko)(?:-[A-Za-z0-9]{2,8})*)\.(?:md|markdown)$/iu.exec(basename(file))?.[1];
}

/** Characters of the other script, one finding per occurrence, at its line and column in the source. */
function scriptFindings(lines: string[], lang: string, file: string): Diagnostic[] {
  const script = scriptOfLang(lang);
  if (!script) return [];
  const other = script === 'Hant' ? 'Simplified' : 'Traditional';
  const own = script === 'Hant' ? 'Traditional' : 'Simplified';
  return lines.flatMap((line, n) =>
    findWrongScript(line, script).map((m) => {
      const cp = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      return finding(
        importCodes.script,
        `${other} character '${m.char}' (${cp(m.char)}) in ${own} text (${lang}) in 「${excerpt([...line].slice(Math.max(0, m.index - 6), m.index + 7).join(''), 13)}」`,
        { file, line: n + 1, column: m.index + 1 },
        [`write '${m.suggestion}' (${cp(m.suggestion)}) instead of '${m.char}'; the importer leaves the text as the source has it`],
        m.char,
      );
    }),
  );
}

/** The skeleton as YAML: the dataset's order of fields, a header saying what to do next, each figure's source line. */
export function skeletonToYaml(result: ImportResult, source: string): string {
  const doc = new Document(result.dataset);
  doc.commentBefore = [
    ` Dataset imported by \`silkpress import\` from ${source}.`,
    ' It passes `silkpress check` as it is when the fact sheet is well formed. Then review: set meta.source and',
    ' meta.publisher if the documents should name them, name countries by ISO code under `countries` and in facts,',
    ' keep only the key figures that matter (each was found as a number in the text; the comment says where),',
    ' give each figure a meaningful id, and add `point:` (a slide bullet) to the facts the deck should show.',
  ].join('\n');
  // Quoted so that YAML 1.1 readers do not take the date for a timestamp.
  const asOf = doc.getIn(['meta', 'asOf'], true);
  if (isScalar(asOf)) asOf.type = 'QUOTE_DOUBLE';
  const figures = doc.get('figures');
  if (isSeq(figures)) {
    (figures as YAMLSeq).items.forEach((item, i) => {
      const src = result.figureSources[i];
      if (src && isMap(item)) (item as YAMLMap).commentBefore = ` line ${src.line}: 「${src.written}」`;
    });
  }
  return doc.toString({ lineWidth: 0 });
}
