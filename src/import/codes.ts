// The importer's findings: stable codes and one constructor, so every finding has a place and a hint.
import type { Diagnostic } from '../diag/diagnostic.js';

/**
 * Codes of the import stage (first digit 7, after the build stages' 1–6 in `diag/diagnostic.ts`). All are
 * warnings: an import always produces a dataset, and these say what was repaired or what to review in it.
 */
export const importCodes = {
  /** A sentence split by a page break of the export; joined. */
  pageBreakSplit: 'E701',
  /** A decorative marker such as ➤ before a heading or item; dropped. */
  decorativeMarker: 'E702',
  /** A Simplified character in Traditional text (or the reverse); reported only. */
  script: 'E703',
  /** Numbered headings (（一）, （二）…) that disagree in form, level or sequence; reported only. */
  headingNumbering: 'E704',
  /** A field the fact sheet does not state, filled with a placeholder. */
  placeholder: 'E705',
  /** Text that is the export's furniture, not content (update line, page footer); moved or dropped. */
  furniture: 'E706',
  /** Unbalanced `**`; reported. */
  markup: 'E707',
  /** An update line whose date the calendar does not have (「2026 年 2 月 30 日」); not taken as meta.asOf. */
  badDate: 'E708',
  /** Inline Markdown the dataset cannot hold: a picture, a link to a relative or non-web target, italics; its text is kept. */
  notCarried: 'E709',
  /** A field the fact sheet does not state (meta.source, meta.publisher), left unset: the layouts print nothing for it. */
  unstated: 'E710',
  /** No update line: meta.asOf is the latest date the text writes, or unset when it writes none. */
  noUpdateLine: 'E711',
  /** A table row with more or fewer cells than the header; padded with empty cells or cut to the header. */
  tableShape: 'E712',
} as const;

export function finding(
  code: string,
  message: string,
  place: { file: string; line?: number | undefined; column?: number | undefined },
  hints: string[],
  text?: string,
): Diagnostic {
  const d: Diagnostic = { severity: 'warning', code, message, span: { file: place.file, ...(place.line !== undefined ? { line: place.line } : {}), ...(place.column !== undefined ? { column: place.column } : {}) }, hints, trace: [] };
  if (text !== undefined) d.text = text;
  return d;
}
