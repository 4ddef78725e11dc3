// A data file's bytes → its text, or a located refusal: a folder, a file too large, an empty or binary file, bytes
// that are not UTF-8. And a parsed dataset → text fields too long, or more text than a brochure can hold. Limits
// keep `check` and `build` bounded in time, memory and output whatever file they are given.
//
// The limits are set by memory: `check` and `build` must stay under 300 MiB for any input within them (measured
// on the worst inputs just under each, test/memory.test.ts). A delegation's fact sheet is a few dozen pages;
// the shipped dataset has 48 000 characters of text in 1 316 values, nested 12 deep, and makes 16 pages and 39 slides.
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';
import { CST, Lexer } from 'yaml';
import { codes, DiagnosticError, error, type Span } from '../diag/diagnostic.js';

/** Largest data file read: 8 MiB, a hundred times the shipped dataset (86 KB); comments and blank lines cost little. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;
/**
 * Longest single text field, in characters: the shipped dataset's longest is 909; this is a page of one paragraph.
 * A paragraph is set as a whole (total fit), and the deck tries a long text at every size down to its smallest,
 * so the memory a text takes while set grows with its length.
 */
export const MAX_FIELD_CHARS = 2_000;
/** Longest line read: a field's text may run over several lines, but one this long is a paste gone wrong and is refused before the parser holds it. */
export const MAX_LINE_CHARS = 21_000;
/**
 * All text together, in characters (numbers as they print): twice the shipped dataset, some 40 pages. The typeset
 * pages are what a build holds in memory, up to 2 MiB a page of dense text.
 */
export const MAX_TEXT_CHARS = 100_000;
/**
 * Values in the dataset (texts, numbers, lists and mappings): four and a half times the shipped dataset's 1 316.
 * What the YAML parser holds per value, and the layout per fact, list item or table cell, is many times its text:
 * a file of a hundred thousand one-character facts is far under the text cap and would need gigabytes.
 */
export const MAX_VALUES = 6_000;
/** Deepest nesting of lists and mappings: sections, facts and list items inside each other, three times the shipped dataset's 12. */
export const MAX_DEPTH = 36;
/** Scalars (keys and values) the YAML parser is given, counted by its lexer before it builds a document of them. */
export const MAX_SCALARS = 2 * MAX_VALUES;
/** Most pages a brochure, and slides a deck, may have: a few times what the text cap makes, which only lists of very short items reach. */
export const MAX_PAGES = 150;
export const MAX_SLIDES = 150;

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/** Line and column (1-based, in characters) of a byte offset in a buffer, counting only what is before it. */
function position(bytes: Buffer, offset: number): { line: number; column: number } {
  const before = bytes.subarray(0, offset);
  let line = 1;
  let start = 0;
  for (let i = 0; i < before.length; i++) if (before[i] === 0x0a) ((line += 1), (start = i + 1));
  return { line, column: new TextDecoder('utf-8').decode(before.subarray(start)).length + 1 };
}

/**
 * The first byte where the buffer stops being well-formed UTF-8, or -1. Node's native check answers first (a
 * dataset is almost always UTF-8; this loop took ~3 ms of a cold build); the loop only finds where it fails.
 */
export function firstInvalidUtf8(bytes: Buffer): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const need = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    // Overlong forms, surrogates and code points past U+10FFFF.
    const c1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && c1 < 0xa0) || (b === 0xed && c1 > 0x9f) || (b === 0xf0 && c1 < 0x90) || (b === 0xf4 && c1 > 0x8f)) return i;
    i += need + 1;
  }
  return -1;
}

/** The text of a data file, refusing what is not a YAML text of reasonable size. A UTF-8 byte order mark is dropped. */
export function readDataText(file: string): string {
  const refuse = (code: string, message: string, span: Span, hint: string): never => {
    throw new DiagnosticError([error(code, message, span, [hint])]);
  };
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) refuse(codes.fileRead, `${file} is a folder, not a file`, { file }, 'give the YAML file itself, e.g. --data data/belt-and-road.yaml');
    size = stat.size;
  } catch (e) {
    if (e instanceof DiagnosticError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'a part of the path is a file' : 'it cannot be read';
    return refuse(codes.fileRead, `cannot read ${file}: ${reason}`, { file }, 'check the path given with --data (relative to the folder silkpress runs in)');
  }
  if (size > MAX_FILE_BYTES)
    refuse(codes.inputLimit, `${file} is ${mib(size)}, more than the ${mib(MAX_FILE_BYTES)} silkpress reads`, { file, line: 1, column: 1 }, 'a fact sheet is a few hundred kilobytes: check that this is the dataset, or split it into several');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(codes.fileRead, `cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : 'it cannot be read'}`, { file }, 'check the file\'s permissions');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    refuse(codes.notText, `${file} is a binary file (a NUL byte at byte ${nul}), not YAML text`, { file, ...position(bytes, nul) }, 'give the dataset\'s .yaml file; a PDF, spreadsheet or image cannot be read as data');
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0)
    refuse(
      codes.notText,
      `${file} is not UTF-8 text: byte 0x${bytes[bad]!.toString(16).padStart(2, '0')} at byte ${bad} does not start a UTF-8 character`,
      { file, ...position(bytes, bad) },
      'save the file as UTF-8 (an editor\'s "Save with encoding"); Big5 or GB18030 text must be converted first',
    );
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // One line longer than any field may be is refused before the YAML parser holds it (and its tokens) in memory.
  let start = 0;
  for (let n = 1; start <= text.length; n++) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    if (end - start > MAX_LINE_CHARS)
      refuse(codes.inputLimit, `line ${n} is ${end - start} characters long, more than the ${MAX_LINE_CHARS} a line may hold (and a text field may hold ${MAX_FIELD_CHARS})`, { file, line: n, column: 1 }, 'split the text into several paragraphs or facts; a line this long is usually a paste gone wrong');
    if (nl < 0) break;
    start = nl + 1;
  }
  return text;
}

/** Below this length (at most 192 KiB) a file's parse is cheap whatever it holds, and its scalars are not counted first. */
const LEX_FROM_CHARS = 64 * 1024;

/**
 * A YAML text with more scalars than a dataset may hold values is refused before it is parsed: the parser's document
 * takes some 2 KiB per scalar, so a few megabytes of `- a` lines would take gigabytes. The lexer streams its tokens
 * and keeps none of them.
 *
 * Returns what is known of the text's scalars: their count when lexed, `atMost` when the caller already knows that
 * bound (a `watch` save spliced into the last parse: yaml.ts) and it is within the limit, so the ~4 ms lex of the
 * shipped dataset is not run again; undefined for a text too short to count.
 */
export function checkYamlScalars(text: string, file: string, atMost?: number): number | undefined {
  if (text.length < LEX_FROM_CHARS) return undefined;
  if (atMost !== undefined && atMost <= MAX_SCALARS) return atMost;
  let scalars = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === CST.SCALAR && ++scalars > MAX_SCALARS)
      throw new DiagnosticError([
        error(codes.inputLimit, `the file holds more than ${MAX_SCALARS} YAML keys and values, more than a dataset of ${MAX_VALUES} values has`, { file, line: 1, column: 1 }, [
          'split the fact sheet into several datasets, each built into its own --out folder; check for data pasted many times',
        ]),
      ]);
  }
  return scalars;
}

/** The most scalars a YAML text can hold in `chars` characters: each takes one, or none beside an indicator that does. */
export const scalarsIn = (chars: number): number => 2 * chars + 1;

/**
 * Characters no text field should hold: C0 and C1 controls (a tab and a line end excepted), DEL, zero-width and
 * bidirectional formatting characters (which can reorder what a reader sees), and unpaired surrogates.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function describeInvisible(ch: string): string {
  const cp = ch.charCodeAt(0);
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `an unpaired surrogate (${hex}), half of a character`;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return `a control character (${hex}${cp === 0x1b ? ', ESC' : cp === 0x07 ? ', BEL' : ''})`;
  if (cp >= 0x202a && cp <= 0x202e) return `a bidirectional override (${hex})`;
  return `an invisible formatting character (${hex})`;
}

/**
 * Text fields over MAX_FIELD_CHARS, and a dataset whose text together is over MAX_TEXT_CHARS, before anything is
 * typeset: a 5 MB paragraph is refused at its line in milliseconds, not laid out over a thousand pages.
 */
export function checkTextSize(value: unknown, locate: (pointer: string) => Span, file: string): void {
  const found: ReturnType<typeof error>[] = [];
  let total = 0;
  let values = 0;
  const walk = (v: unknown, pointer: string, depth: number): void => {
    // Each value is counted as it is reached, aliases as often as they are used: the data a build works on.
    values += 1;
    if (values > MAX_VALUES) return;
    if (depth > MAX_DEPTH) {
      if (!found.some((d) => d.code === codes.inputLimit && d.message.includes('nested')))
        found.push(
          error(codes.inputLimit, `this value is nested ${depth} deep, more than the ${MAX_DEPTH} levels a dataset may have`, locate(pointer), [
            'flatten the lists or facts: a list inside a list inside a list reads badly on a page and cannot fit a slide',
          ]),
        );
      return;
    }
    if (typeof v === 'number') total += String(v).length;
    if (typeof v === 'string') {
      total += v.length;
      const bad = INVISIBLE.exec(v);
      if (bad && found.length < 20)
        found.push({
          ...error(codes.invisibleCharacter, `this text holds ${describeInvisible(bad[0])}, which prints as nothing (or as a box) and can hide what the text says`, locate(pointer), [
            'delete it (it often comes with a copy from a web page or chat); write the character you meant',
          ]),
          text: `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`,
        });
      if (v.length > MAX_FIELD_CHARS && found.length < 20)
        found.push({
          ...error(codes.inputLimit, `this text is ${v.length} characters long, more than the ${MAX_FIELD_CHARS} a field may hold`, locate(pointer), [
            'split it into several paragraphs or facts; a text this long is usually a paste gone wrong',
          ]),
          text: `${v.slice(0, 40)}…`,
        });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`, depth + 1));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1);
  };
  walk(value, '', 0);
  if (found.length) throw new DiagnosticError(found);
  if (values > MAX_VALUES)
    throw new DiagnosticError([
      error(codes.inputLimit, `the dataset holds more than ${MAX_VALUES} values (texts, numbers, lists and fields), more than one brochure may hold`, { file, line: 1, column: 1 }, [
        'split the fact sheet into several datasets, each built into its own --out folder; check for data pasted many times',
      ]),
    ]);
  if (total > MAX_TEXT_CHARS)
    throw new DiagnosticError([
      error(codes.inputLimit, `the dataset holds ${total} characters of text, more than the ${MAX_TEXT_CHARS} (some 40 pages) one brochure may hold`, { file, line: 1, column: 1 }, [
        'split the fact sheet into several datasets, each built into its own --out folder',
      ]),
    ]);
}
