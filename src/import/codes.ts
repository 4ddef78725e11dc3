// The importer's findings: stable codes and one constructor, so every finding has a place and a hint.
import type { Diagnostic } from '../diag/diagnostic.js';

/**
 * Codes of the import stage (first digit 7, after the build stages' 1–6 in `diag/diagnostic.ts`). All are
 * warnings: an import always produces a skeleton, and these say what to review in it.
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
  /** Markdown the importer does not carry into the dataset (links, unbalanced `**`); reported. */
  markup: 'E707',
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
