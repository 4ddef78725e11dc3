// Take a Markdown fact sheet and make a dataset skeleton: its sections, paragraphs and items, candidate key
// figures and the document's date, as YAML in the schema of src/data/schema.ts, with every artefact found reported.
import { basename } from 'node:path';
import { Document, isMap, isScalar, isSeq, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Dataset, Figure, Section } from '../data/schema.js';
import { finding, importCodes } from './codes.js';
import { findFigureCandidates } from './figures.js';
import { readMarkdown, splitLines } from './markdown.js';
import { outlineBlocks, type OutlineBlock, type OutlineSection, type SourceText } from './outline.js';
import { dropMarkers, excerpt, isoDate, joinPageBreakSplits, reportMarkup, takeFurniture, type RepairContext } from './repair.js';
import { findWrongScript, scriptOfLang } from '../check/script.js';

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

const REPAIRED: ReadonlySet<string> = new Set([importCodes.pageBreakSplit, importCodes.decorativeMarker, importCodes.furniture]);
const PLACEHOLDER = 'TODO';

export function importFactSheet(options: ImportOptions): ImportResult {
  const { file, text } = options;
  const lines = splitLines(text);
  const ctx: RepairContext = { file, lines };
  const diagnostics: Diagnostic[] = [];

  let blocks = readMarkdown(text);
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

  const asOf = furniture.asOf?.date ?? latestDate(text);
  if (!furniture.asOf) {
    diagnostics.push(
      finding(importCodes.placeholder, asOf ? `no update line (「更新日期：…」); meta.asOf is the latest date in the text, ${asOf}` : 'no date in the text; meta.asOf is a placeholder, 1970-01-01', { file }, [
        'set meta.asOf to the date the source was last updated',
      ]),
    );
  }
  diagnostics.push(
    finding(importCodes.placeholder, `the fact sheet does not name its publisher; meta.publisher is '${PLACEHOLDER}'`, { file }, ['set meta.publisher, e.g. 香港特別行政區政府']),
  );
  if (!outline.title) {
    diagnostics.push(finding(importCodes.placeholder, `no single top heading to take as the title; meta.title is '${PLACEHOLDER}'`, { file }, ['set meta.title']));
  }

  const figures: Figure[] = [];
  const figureSources: FigureSource[] = [];
  const year = Number((asOf ?? '1970').slice(0, 4));
  const sections = toSections(outline.sections, [], (id, t) => {
    for (const c of findFigureCandidates(t.text)) {
      figures.push({ id: `figure-${figures.length + 1}`, value: c.value, unit: c.unit, label: c.label, asOf: c.year ?? year, section: id });
      figureSources.push({ line: t.line, written: c.written });
    }
  });
  if (sections.length === 0) {
    sections.push({ id: 'section-1', title: PLACEHOLDER, body: [] });
    diagnostics.push(finding(importCodes.placeholder, 'no headings or text found; the skeleton has one empty section', { file }, ['check that the file is a Markdown fact sheet']));
  }

  const dataset: Dataset = {
    meta: {
      title: outline.title?.text || PLACEHOLDER,
      lang,
      publisher: PLACEHOLDER,
      asOf: asOf ?? '1970-01-01',
      source: furniture.asOf ? `${basename(file)}（${furniture.asOf.text.replace(/^[(（]\s*|\s*[)）]$/gu, '')}）` : basename(file),
    },
    countries: {},
    sections,
    figures,
    charts: [],
  };
  diagnostics.sort((a, b) => (a.span?.line ?? Infinity) - (b.span?.line ?? Infinity) || (a.span?.column ?? 0) - (b.span?.column ?? 0));
  return { dataset, figureSources, diagnostics, repaired: diagnostics.filter((d) => REPAIRED.has(d.code)).length };
}

/** Section ids are ASCII by position (`section-3-2` is the second subsection of the third section): titles are Chinese. */
function toSections(sections: OutlineSection[], path: number[], onText: (sectionId: string, t: SourceText) => void): Section[] {
  return sections.map((s, i) => {
    const here = [...path, i + 1];
    const id = `section-${here.join('-')}`;
    const body = s.body.map((b) => toBlock(b, (t) => onText(id, t)));
    const children = toSections(s.sections, here, onText);
    return {
      id,
      title: s.title || PLACEHOLDER,
      ...(s.number !== undefined ? { number: s.number } : {}),
      body,
      ...(children.length ? { sections: children } : {}),
    };
  });
}

function toBlock(b: OutlineBlock, onText: (t: SourceText) => void): Section['body'][number] {
  if (b.kind === 'paragraph') {
    onText(b.text);
    return { paragraph: b.text.text };
  }
  for (const item of b.items) onText(item);
  return { facts: b.items.map((item) => ({ text: item.text })) };
}

function langFromName(file: string): string | undefined {
  return /\.((?:zh|en|ja|ko)(?:-[A-Za-z0-9]{2,8})*)\.(?:md|markdown)$/iu.exec(basename(file))?.[1];
}

function latestDate(text: string): string | undefined {
  const dates = [...text.matchAll(/(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/gu)].map((m) => isoDate(m));
  return dates.sort().at(-1);
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
    ` Dataset skeleton imported by \`silkpress import\` from ${source}.`,
    ' Review before use: fill in the TODO fields, name countries by ISO code under `countries` and in facts,',
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
