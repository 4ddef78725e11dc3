// A data field's span + a piece of its text → the span of that piece: the line and column a reader can jump to.
import type { Span } from '../diag/diagnostic.js';

/**
 * The place of the `occurrence`-th (0-based) `needle` at or after the start of the field at `span`, found in
 * the file's text. Searching the text rather than adding offsets keeps it right for quoted, folded and
 * multi-line scalars, where the value's characters are not where a column count would put them. When the
 * needle is not written literally (an escape such as `\u8d44`), the field's own span is the best we have.
 */
export function pointAtText(fileText: string, span: Span, needle: string, occurrence = 0): Span {
  if (span.line === undefined || span.column === undefined || needle === '') return span;
  const lines = fileText.split('\n');
  let left = occurrence;
  for (let n = span.line - 1; n < lines.length; n++) {
    let from = n === span.line - 1 ? span.column - 1 : 0;
    for (;;) {
      const at = lines[n]!.indexOf(needle, from);
      if (at < 0) break;
      // Columns count UTF-16 units, as the yaml package's LineCounter does for the field's own span.
      if (left === 0) return { ...span, line: n + 1, column: at + 1 };
      left -= 1;
      from = at + needle.length;
    }
  }
  return span;
}

