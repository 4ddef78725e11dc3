// What the commands print: diagnostics with code frames on stderr (coloured only on a terminal and never with
// NO_COLOR), one JSON document on stdout for --json, and a progress line on stderr while long work runs.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diag/diagnostic.js';

/** https://no-color.org: colour only on a terminal, and never when NO_COLOR is set to anything but "". */
export function colourEnabled(stream: NodeJS.WriteStream = process.stderr): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

const SGR = { bold: '1', dim: '2', red: '31', yellow: '33', cyan: '36', green: '32' } as const;
type Style = keyof typeof SGR;

export function paint(text: string, styles: Style[], on: boolean): string {
  return on && styles.length ? `\x1b[${styles.map((s) => SGR[s]).join(';')}m${text}\x1b[0m` : text;
}

/** Source files read once per run for the code frames: forty findings in one 8 MB dataset read it once. */
const sources = new Map<string, string | undefined>();

function sourceOf(d: Diagnostic): string | undefined {
  if (!d.span?.file || d.span.line === undefined) return undefined;
  if (!sources.has(d.span.file)) {
    let text: string | undefined;
    try {
      text = readFileSync(d.span.file, 'utf8');
    } catch {
      text = undefined;
    }
    sources.set(d.span.file, text);
  }
  return sources.get(d.span.file);
}

/** One diagnostic as formatDiagnostic writes it, with the severity, the caret and the hints coloured. */
export function renderDiagnostic(d: Diagnostic, colour: boolean): string {
  const text = formatDiagnostic(d, sourceOf(d));
  if (!colour) return text;
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0) return line.replace(/\b(error|warning)(\[E\d+\])/, (_m, sev: string, code: string) => paint(sev + code, ['bold', sev === 'error' ? 'red' : 'yellow'], true));
      if (/^\s+\| *\^$/.test(line)) return line.replace('^', paint('^', ['bold', d.severity === 'error' ? 'red' : 'yellow'], true));
      if (line.startsWith('  = hint:')) return paint(line, ['cyan'], true);
      if (line.startsWith('  = in:')) return paint(line, ['dim'], true);
      return line;
    })
    .join('\n');
}

/** Findings printed in full; the rest are counted. The first ones are the ones to fix first, and a terminal or CI log stays readable. */
export const MAX_PRINTED = 20;
/** And no more than this many bytes of them (the first is always printed): findings that quote long texts fill a log quickly. */
export const MAX_PRINTED_BYTES = 6 * 1024;

export function printDiagnostics(diagnostics: Diagnostic[]): void {
  const colour = colourEnabled();
  let bytes = 0;
  let printed = 0;
  for (const d of diagnostics.slice(0, MAX_PRINTED)) {
    const text = renderDiagnostic(d, colour) + '\n';
    bytes += Buffer.byteLength(text);
    if (printed > 0 && bytes > MAX_PRINTED_BYTES) break;
    process.stderr.write(text);
    printed += 1;
  }
  const rest = diagnostics.length - printed;
  if (rest > 0) process.stderr.write(`silkpress: … and ${countLabel(rest, 'more finding')} not shown (--json lists them all)\n`);
}

export function countLabel(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `out/brochure.pdf` from the working folder when that is shorter to read, else the path as it is. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

/** The one JSON document a --json run writes to stdout. */
export function writeJson(value: unknown, compact = false): void {
  process.stdout.write(JSON.stringify(value, null, compact ? undefined : 2) + '\n');
}

export interface Progress {
  /** Show what is happening now (replaces the previous message). */
  show(message: string): void;
  /** Remove the progress line before other output. */
  clear(): void;
}

/**
 * A single self-replacing line on stderr, only on a terminal: in a CI log or a pipe it would be noise, and
 * stdout stays clean for results either way.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const on = Boolean(stream.isTTY);
  const colour = colourEnabled(stream);
  const started = performance.now();
  let shown = false;
  return {
    show(message) {
      if (!on) return;
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      stream.write(`\r\x1b[2K${paint(`silkpress: ${message}… ${secs} s`, ['dim'], colour)}`);
      shown = true;
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/** What each build stage is doing, in a user's words. */
export const STAGE_MESSAGES: Record<string, string> = {
  load: 'loading the dataset, theme and fonts',
  check: 'checking the dataset',
  templates: 'rendering the templates',
  typeset: 'typesetting',
  pdf: 'writing the PDF',
  pptx: 'writing the deck',
  write: 'saving the outputs',
};
