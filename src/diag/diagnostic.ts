// Diagnostics: what went wrong, where (file, line, column, data path), and how to fix it.

/** A place in a source: a data file and field, a template and line, or the rendered markup. */
export interface Span {
  file: string;
  line?: number;
  column?: number;
  /** JSON pointer into the data file, e.g. `/sections/3/body/0/facts/2/text`. */
  path?: string;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable code, e.g. `E101`. The first digit names the stage (see `codes`). */
  code: string;
  message: string;
  span?: Span;
  hints: string[];
  /** Where the problem travelled through: template partial, markup line, … */
  trace: string[];
  /** The offending text itself (a character no font has, a misspelt word), when there is one. */
  text?: string;
}

/** Stable codes, grouped by stage so the exit code and the docs can name them. */
export const codes = {
  yamlSyntax: 'E101',
  schema: 'E102',
  reference: 'E103',
  fileRead: 'E104',
  /** A file reference (font, licence, asset) that leads outside its folder or to nothing. */
  assetPath: 'E105',
  /** A Simplified character in Traditional text, or the reverse (`check`). */
  script: 'E106',
  /** A key figure whose number its section's text never states (`check`). */
  figureNotInText: 'E107',
  /** A text with no translation in a language an edition needs. */
  missingTranslation: 'E108',
  /** A delegation profile built against a dataset it does not name (`dataset:`). */
  profileDataset: 'E109',
  /** A data file or text over silkpress's limits (file size, field length, total text, pages, slides). */
  inputLimit: 'E110',
  /** A data file that is not text: empty, binary, or not UTF-8. */
  notText: 'E111',
  /** A YAML document that parses but cannot be used: aliases past the limit, a value that is no number. */
  yamlValue: 'E112',
  /** A control, invisible or bidirectional formatting character, or an unpaired surrogate, in a text field. */
  invisibleCharacter: 'E113',
  /** A table whose rows, column kinds or English do not match its header. */
  tableShape: 'E130',
  /** A number column's cell that is not a number, a year column's that is not a year. */
  tableCell: 'E131',
  /** A link (`[words](target)`) whose target is not a web or e-mail address. */
  link: 'E132',
  /** A picture file that is not there. */
  imageMissing: 'E145',
  /** A picture in a format silkpress does not place, or one whose bytes cannot be decoded. */
  imageFormat: 'E146',
  /** A picture whose bytes are another format than its extension says. */
  imageMismatch: 'E147',
  /** A picture too large to handle (file size or pixel count). */
  imageTooLarge: 'E148',
  /** A theme picture with no alternative text in a language an edition is made in. */
  imageAlt: 'E149',
  /** A picture path that leads outside its folder (the dataset's or templates/). */
  imagePath: 'E150',
  /** A picture below 150 ppi at its printed size: too coarse to print. */
  imageResolution: 'E151',
  /** A picture below 300 ppi at its printed size (warning): a print shop may reject it. */
  imageLowResolution: 'E510',
  template: 'E201',
  markup: 'E301',
  missingGlyph: 'E401',
  fontLoad: 'E402',
  layout: 'E501',
  /** A table row taller than a whole page or slide: it is set anyway, but runs past the text area. */
  tableRowTooTall: 'E502',
  output: 'E601',
  /** Another build holds the output folder's lock. */
  outputLock: 'E602',
} as const;

/** Thrown when a stage cannot continue; carries every diagnostic collected so far. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = diagnostics;
  }
}

export function error(code: string, message: string, span?: Span, hints: string[] = [], trace: string[] = []): Diagnostic {
  return { severity: 'error', code, message, span, hints, trace };
}

export function formatSpan(span: Span | undefined): string {
  if (!span) return '';
  let s = span.file;
  if (span.line !== undefined) s += `:${span.line}`;
  if (span.line !== undefined && span.column !== undefined) s += `:${span.column}`;
  return s;
}

/**
 * `data/belt-and-road.yaml:14:9: error[E102]: message (at /sections/3/title)`
 * followed by a code frame when the source text is given, then hints and trace.
 */
export function formatDiagnostic(d: Diagnostic, sourceText?: string): string {
  const where = formatSpan(d.span);
  const path = d.span?.path ? ` (at ${clip(visible(d.span.path), 200)})` : '';
  const lines = [`${where ? visible(where) + ': ' : ''}${d.severity}[${d.code}]: ${clip(visible(d.message), 400)}${path}`];
  if (sourceText !== undefined && d.span?.line !== undefined) lines.push(...codeFrame(sourceText, d.span.line, d.span.column));
  for (const h of d.hints) lines.push(`  = hint: ${clip(visible(h), 400)}`);
  for (const t of d.trace) lines.push(`  = in: ${clip(visible(t), 400)}`);
  return lines.join('\n');
}

/** At most `max` characters, the rest said to be left out: a diagnostic is read on a terminal, never megabytes. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}… (${chars.length - max} more characters)`;
}

/** Columns a code frame shows around the offending column: a 5 MB line prints as one screen line. */
export const FRAME_COLUMNS = 120;

/**
 * A character as a terminal should show it: control characters (ESC, BEL, …), bidirectional overrides,
 * zero-width and replacement characters and unpaired surrogates as visible escapes, so data can neither
 * drive the terminal nor hide or reorder what the frame shows.
 */
function visibleChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (ch === '\t') return ch;
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (
    (cp >= 0x80 && cp <= 0x9f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0xfffd ||
    (cp >= 0xd800 && cp <= 0xdfff)
  )
    return `\\u${cp.toString(16).padStart(4, '0')}`;
  return ch;
}

/** Every character of `text` as visibleChar shows it. */
export function visible(text: string): string {
  let out = '';
  for (const ch of text) out += visibleChar(ch);
  return out;
}

/** Terminal cells a shown character takes. */
function cells(shown: string): number {
  if (shown === '\t') return 4;
  let n = 0;
  for (const ch of shown) n += /\p{M}/u.test(ch) ? 0 : isWide(ch.codePointAt(0)!) ? 2 : 1;
  return n;
}

function codeFrame(text: string, line: number, column?: number): string[] {
  const all = text.split('\n');
  const out: string[] = [];
  const width = String(line + 1).length;
  // Only a stretch of a long line is looked at (a 5 MB line is not split into characters): `cut` code units
  // before the column, enough after it for any window.
  const col = Math.max(0, (column ?? 1) - 1);
  const cut = Math.max(0, col - 4 * FRAME_COLUMNS);
  const stretch = (raw: string): string[] => [...raw.replace(/\r$/, '').slice(cut, col + 4 * FRAME_COLUMNS)].map(visibleChar);
  const clipped = (raw: string): boolean => raw.replace(/\r$/, '').length > col + 4 * FRAME_COLUMNS;
  // The window: characters [from, to) of the offending line's stretch around its column, about FRAME_COLUMNS cells wide.
  const target = stretch(all[line - 1] ?? '');
  const at = Math.min([...(all[line - 1] ?? '').slice(cut, col)].length, target.length);
  let from = at;
  let to = at;
  let used = 0;
  // Up to a third of the window before the column, the rest after it.
  while (from > 0 && used + cells(target[from - 1]!) <= FRAME_COLUMNS / 3) used += cells(target[--from]!);
  while (to < target.length && used + cells(target[to]!) <= FRAME_COLUMNS) used += cells(target[to++]!);
  while (from > 0 && used + cells(target[from - 1]!) <= FRAME_COLUMNS) used += cells(target[--from]!);
  const before = cut > 0 || from > 0;
  const show = (raw: string, n: number): string => {
    const chars = stretch(raw);
    // The offending line's window; a line above or below starts at the same column and takes as many cells.
    let end = from;
    for (let w = 0; end < chars.length && w + cells(chars[end]!) <= FRAME_COLUMNS; end++) w += cells(chars[end]!);
    const last = n === line ? to : end;
    return `${before ? '…' : ''}${chars.slice(from, last).join('')}${last < chars.length || clipped(raw) ? '…' : ''}`;
  };
  for (let n = Math.max(1, line - 1); n <= Math.min(all.length, line + 1); n++) {
    out.push(`  ${String(n).padStart(width)} | ${show(all[n - 1] ?? '', n)}`);
    if (n === line && column !== undefined) out.push(`  ${' '.repeat(width)} | ${before ? ' ' : ''}${caretPadding(target.slice(from, at).join(''))}^`);
  }
  return out;
}

/**
 * What puts the caret under the column on a terminal: Chinese characters and fullwidth punctuation take two
 * cells (Unicode East Asian Width W/F), a tab stays a tab, combining marks take none.
 */
function caretPadding(before: string): string {
  let pad = '';
  for (const ch of before) {
    const cp = ch.codePointAt(0)!;
    if (ch === '\t') pad += '\t';
    else if (/\p{M}/u.test(ch)) continue;
    else pad += isWide(cp) ? '  ' : ' ';
  }
  return pad;
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}
