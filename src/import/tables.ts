// A Markdown table → the dataset's table (caption, column kinds, header, rows as written, note), and the key figures
// a table can honestly propose: a number cell whose column names what it counts and whose row, column or caption
// names the year.
import type { Diagnostic } from '../diag/diagnostic.js';
import { findNumbers } from '../data/numbers.js';
import { finding, importCodes } from './codes.js';
import type { TableBlock } from './markdown.js';
import type { SourceText } from './outline.js';

export type ColumnKind = 'text' | 'number' | 'year';

export interface TableModel {
  caption?: string;
  columns?: ColumnKind[];
  header: string[];
  rows: string[][];
  note?: string;
}

export interface TableFigure {
  value: number;
  unit: string;
  label: string;
  year: number;
  written: string;
  line: number;
}

/** A number as a table cell writes it: `16,688`, `16 688`, `1,668.8`, `8 600 萬`, `35%`, with 約 or ~ before it. */
const NUMBER_CELL = /^(?:約|约|~|≈)?\s*(?<n>[-−]?[\d][\d, \u00a0\u202f.]*)\s*(?<unit>萬億|万亿|億|亿|萬|万|千|%|％)?$/u;
const YEAR_CELL = /^(?:19|20)\d{2}(?:\s*[-–—/]\s*(?:(?:19|20)?\d{2}))?\s*(?:年|年度)?$/u;
const EMPTY_CELL = /^(?:|—|–|-|N\/A|n\/a|不適用|不适用)$/u;

export function numberCell(text: string): { value: number; unit: string } | undefined {
  const m = NUMBER_CELL.exec(text.replace(/\*\*/g, '').trim());
  if (!m) return undefined;
  const found = findNumbers(m.groups!.n!.replace('−', '-'));
  if (found.length !== 1 || found[0]!.written !== m.groups!.n!.replace('−', '-').trim()) return undefined;
  return { value: found[0]!.value, unit: m.groups!.unit ?? '' };
}

const isYearCell = (t: string): boolean => YEAR_CELL.test(t.replace(/\*\*/g, '').trim());

/** A column's kind: number when every filled body cell is a number, year when every one is a year, else text. */
function kindOf(cells: string[]): ColumnKind {
  const filled = cells.filter((c) => !EMPTY_CELL.test(c.trim()));
  if (filled.length === 0) return 'text';
  if (filled.every(isYearCell)) return 'year';
  if (filled.every((c) => numberCell(c) !== undefined)) return 'number';
  return 'text';
}

/** `貿易額（億港元）` → label 貿易額, unit 億港元. */
function splitHeader(text: string): { label: string; unit: string } {
  const plain = text.replace(/\*\*/g, '').trim();
  const m = /^(.*?)\s*[（(]\s*(?:單位|单位)?\s*[：:]?\s*([^（）()]+?)\s*[）)]$/u.exec(plain);
  return m ? { label: m[1]!.trim(), unit: m[2]!.trim() } : { label: plain, unit: '' };
}

const YEAR_IN = /(?<!\d)((?:19|20)\d{2})\s*(?:年|年度)?(?!\d)/u;

export function tableModel(
  table: TableBlock,
  caption: SourceText | undefined,
  note: SourceText | undefined,
  file: string,
): { model: TableModel; figures: TableFigure[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const width = table.header.length;
  // A cell the source leaves empty is written 「—」, the model's "no value" (a cell is never empty text).
  let empties = 0;
  const filled = (text: string | undefined): string => {
    if (text !== undefined && text.trim() !== '') return text;
    empties++;
    return '—';
  };
  const header = table.header.map((c) => filled(c.text));
  const rows = table.rows.map((row) => {
    if (row.length !== width) {
      diagnostics.push(
        finding(importCodes.tableShape, `a table row has ${row.length} cells where the header has ${width}; ${row.length < width ? 'padded with empty cells' : 'cut to the header'}`, { file, line: row[0]?.line ?? table.line, column: row[0]?.column ?? table.column }, [
          'give every row as many cells as the header row (an empty cell is `|  |`)',
        ]),
      );
    }
    return Array.from({ length: width }, (_, i) => filled(row[i]?.text));
  });
  if (empties) {
    diagnostics.push(
      finding(importCodes.tableShape, `${empties} empty table cell${empties === 1 ? '' : 's'} written 「—」 (no value)`, { file, line: table.line, column: table.column }, [
        'a cell is never empty in the dataset; replace 「—」 if the cell has a value',
      ]),
    );
  }
  const kinds = header.map((_, i) => kindOf(rows.map((r) => r[i]!)));
  const model: TableModel = {
    ...(caption ? { caption: caption.text } : {}),
    ...(kinds.some((k) => k !== 'text') ? { columns: kinds } : {}),
    header,
    rows,
    ...(note ? { note: note.text } : {}),
  };

  // Key figures: the first number column, in the first rows, when the row names its subject and a year is stated.
  const figures: TableFigure[] = [];
  const numberColumn = kinds.indexOf('number');
  const yearColumn = kinds.indexOf('year');
  const subjectColumn = kinds.indexOf('text');
  if (numberColumn >= 0 && subjectColumn >= 0) {
    const col = splitHeader(header[numberColumn]!);
    const captionYear = YEAR_IN.exec(caption?.text ?? '')?.[1];
    const headerYear = YEAR_IN.exec(header[numberColumn]!)?.[1];
    table.rows.forEach((row, r) => {
      if (figures.length >= MAX_TABLE_FIGURES) return;
      const cells = rows[r]!;
      const cell = numberCell(cells[numberColumn]!);
      const subject = cells[subjectColumn]!.replace(/\*\*/g, '').trim();
      if (!cell || subject === '' || col.label === '') return;
      const yearText = yearColumn >= 0 ? /(?:19|20)\d{2}/u.exec(cells[yearColumn]!)?.[0] : (headerYear ?? captionYear);
      if (!yearText) return;
      const label = `${col.label}（${subject}）`;
      if (/\d/u.test(label) || [...label].length > 30) return;
      figures.push({ value: cell.value, unit: `${cell.unit}${col.unit}`, label, year: Number(yearText), written: cells[numberColumn]!, line: row[numberColumn]?.line ?? table.line });
    });
  }
  return { model, figures, diagnostics };
}

/** A table proposes at most this many key figures: a skeleton's callouts should not repeat the table. */
const MAX_TABLE_FIGURES = 2;
