// Read a YAML file, keep node positions, validate with a zod schema; every problem becomes a located Diagnostic.
import { createHash } from 'node:crypto';
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node as YamlNode } from 'yaml';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { codeId, dependencyVersion } from '../cache/versions.js';
import type { z } from 'zod';
import { codes, DiagnosticError, error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { allowedKeys } from './keys.js';
import { checkTextSize, checkYamlScalars, MAX_DEPTH, readDataText, scalarsIn } from './limits.js';
import { spliceParse, TO_JS, unitsOf, type Unit } from './yaml-edit.js';
import { MAX_PARSE_DEPTH, NestingError, parseDataDocument } from './yaml-parse.js';

export interface LoadedYaml<T> {
  file: string;
  text: string;
  value: T;
  /** Maps a JSON pointer (`/sections/3/title`) to its line and column in the file. */
  locate: (pointer: string) => Span;
}

/** A data file's text; a folder, an oversized, binary or non-UTF-8 file is refused with a located diagnostic (limits.ts). */
export function readSource(file: string): string {
  return readDataText(file);
}

/**
 * A schema made on first use (the dataset's, the theme's: src/data/schema.ts), named so that the value it made of a
 * text can be kept in the disk cache: a later process loading the same text with the same code takes that value
 * and never makes the schema (a few hundred zod objects, ~8 ms of a cold start) nor validates (~5 ms).
 */
export interface NamedSchema<S extends z.ZodType> {
  name: string;
  make: () => S;
}

/** A schema, or one made on first use. */
export type SchemaArg<S extends z.ZodType> = S | NamedSchema<S>;

const schemaOf = <S extends z.ZodType>(s: SchemaArg<S>): S => ('_zod' in s ? s : s.make());

export function loadYamlFile<S extends z.ZodType>(file: string, schema: SchemaArg<S>): LoadedYaml<z.infer<S>> {
  return parseYaml(file, readSource(file), schema);
}

/**
 * What parsing a YAML text gives, kept in the disk cache (src/cache/disk.ts) under the text's checksum: the
 * plain value and where each node starts. Parsing is the slow part of loading (the 90 KB dataset takes about
 * 200 ms in a fresh process; reading this back takes a few), and it depends on nothing but the text and the
 * parser's version. What a named schema makes of it is kept apart (readValid). Only a text that parsed without any problem, into
 * a value that JSON keeps exactly (no `1e309`, no `__proto__` key), is kept.
 */
interface ParsedYaml {
  raw: unknown;
  /** Node start offsets by normalised pointer (`sections/3/title`; `` for the root). */
  offsets: Record<string, number>;
  lineStarts: number[];
  /** The items an edit can replace alone (yaml-edit.ts); absent where the text is not of a kind that allows it. */
  units?: Unit[];
}

const normalisePointer = (pointer: string): string =>
  pointer
    .split('/')
    .slice(1)
    .filter((k) => k !== '')
    .join('/');

const textSum = (text: string): string => createHash('sha256').update(text).digest('hex');

// `offsets 2`: offsets follow aliases (entries kept before then did not); `units 1`: entries carry the units.
const parsedKey = (sum: string): string => `yaml ${dependencyVersion('yaml')}|offsets 2|units 1|${sum}`;

function readParsed(sum: string): ParsedYaml | undefined {
  const payload = readCacheEntry('yaml', parsedKey(sum));
  if (!payload) return undefined;
  try {
    return JSON.parse(payload.toString('utf8')) as ParsedYaml;
  } catch {
    return undefined;
  }
}

function writeParsed(sum: string, entry: ParsedYaml): void {
  if (!jsonKeepsExactly(entry.raw)) return;
  writeCacheEntry('yaml', parsedKey(sum), Buffer.from(JSON.stringify(entry), 'utf8'));
}

/**
 * What a named schema made of a text, kept beside the parse: its key holds the checksum of all of silkpress's
 * bundled code (codeId), so a schema that changes retires every value it made, and only a bundled command line
 * keeps them (tsc's output and the tests validate every time). Only a valid text's value is kept, and only a value
 * JSON keeps exactly; a text with any problem is validated each time, and its problems reported as ever.
 */
const validKey = (code: string, name: string, sum: string): string => `valid|${code}|${name}|${sum}`;

function readValid<S extends z.ZodType>(schema: SchemaArg<S>, sum: string): z.infer<S> | undefined {
  const code = codeId();
  if ('_zod' in schema || !code) return undefined;
  const payload = readCacheEntry('yaml', validKey(code, schema.name, sum));
  if (!payload) return undefined;
  try {
    return JSON.parse(payload.toString('utf8')) as z.infer<S>;
  } catch {
    return undefined;
  }
}

function writeValid<S extends z.ZodType>(schema: SchemaArg<S>, sum: string, value: unknown): void {
  const code = codeId();
  if ('_zod' in schema || !code || !jsonKeepsExactly(value)) return;
  writeCacheEntry('yaml', validKey(code, schema.name, sum), Buffer.from(JSON.stringify(value), 'utf8'));
}

/**
 * The texts parsed last in this process that an edit's parse can splice into (yaml-edit.ts): `watch` parses the
 * dataset again after each save. Two, so that a batch alternating two files, or a save and its undo, keeps both.
 */
const recent: { text: string; parsed: ParsedYaml & { units: Unit[] }; scalars: number | undefined }[] = [];

/** `scalars`: what checkYamlScalars knows of the text's scalar count (a bound; undefined when not counted). */
function rememberParse(text: string, parsed: ParsedYaml, scalars: number | undefined): void {
  const units = parsed.units;
  if (!units) return;
  const i = recent.findIndex((r) => r.text === text);
  if (i >= 0) recent.splice(i, 1);
  recent.unshift({ text, parsed: { ...parsed, units }, scalars });
  recent.length = Math.min(recent.length, 2);
}

/** The text spliced into a recent parse, and a bound on its scalars when the base's were known. */
function splicedParse(text: string): { parsed: ParsedYaml; scalarsAtMost: number | undefined } | undefined {
  for (const r of recent) {
    const parsed = spliceParse(r.text, r.parsed, text, nodeOffsets);
    if (parsed) return { parsed, scalarsAtMost: r.scalars === undefined ? undefined : r.scalars + scalarsIn(parsed.itemChars ?? text.length) };
  }
  return undefined;
}

/**
 * Where each node starts, by normalised pointer: mapping entries by their scalar key (value, or key when the value
 * is empty; the first of equal keys), items by index, and through an alias into the node it names, so a text
 * reached through `*name` is located at its anchor. Kept instead of the parsed Document, which for a large file
 * holds many times the text's size in nodes and tokens.
 */
export function nodeOffsets(doc: Document): Record<string, number> {
  const offsets: Record<string, number> = Object.create(null) as Record<string, number>;
  const walk = (node: unknown, pointer: string, through: Set<unknown>): void => {
    const range = (node as YamlNode | undefined)?.range;
    if (range && !(pointer in offsets)) offsets[pointer] = range[0];
    if (isAlias(node)) {
      const target = node.resolve(doc);
      // An alias inside the node it names would never end: its texts are located at their first appearance.
      if (target && !through.has(target)) walk(target, pointer, new Set(through).add(target));
      return;
    }
    const at = (key: string): string => (pointer === '' ? key : `${pointer}/${key}`);
    if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key) && String(pair.key.value) !== '') walk(pair.value ?? pair.key, at(String(pair.key.value)), through);
    } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, at(String(i)), through));
  };
  walk(doc.contents, '', new Set());
  return offsets;
}

/** JSON pointer → line and column, from node offsets and line starts (a cached parse, or a fresh one once its Document is dropped). */
function locator(file: string, offsets: Record<string, number>, lineCounter: LineCounter): (pointer: string) => Span {
  return (pointer) => {
    const offset = offsets[normalisePointer(pointer)];
    if (offset === undefined) return { file, path: pointer };
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, path: pointer };
  };
}

/** Whether JSON.parse(JSON.stringify(v)) gives `v` back exactly. */
function jsonKeepsExactly(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(jsonKeepsExactly);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.entries(v as Record<string, unknown>).every(([k, x]) => k !== '__proto__' && jsonKeepsExactly(x));
  }
  return false;
}

/**
 * zod's own parser, not the one it generates with `new Function` per object schema on first use: a process
 * validates a dataset once or a few times, and generating (~10 ms of a cold build, compiled afresh every start,
 * outside V8's code cache) cost more than it saved; in a warm loop both take ~0.5 ms for the shipped dataset.
 */
const VALIDATE = { jitless: true } as const;

export function parseYaml<S extends z.ZodType>(file: string, text: string, schema: SchemaArg<S>): LoadedYaml<z.infer<S>> {
  const sum = textSum(text);
  let cached = readParsed(sum);
  /** Whether the parse came from the disk cache (not spliced into a recent one): its value may be kept there too. */
  const fromDisk = cached !== undefined;
  /** What is known of the text's scalars, for the next save's splice. */
  let scalars: number | undefined;
  if (!cached) {
    const spliced = splicedParse(text);
    // As a whole parse would, the limit first (not lexed again where the splice bounds the count within it). Not
    // written to the disk cache: a splice is `watch` parsing a save, and writing each save's parse (~2 ms) would
    // keep entries only the session's last text could ever be read from; a later process parses that one whole, once.
    if (spliced) {
      cached = spliced.parsed;
      scalars = checkYamlScalars(text, file, spliced.scalarsAtMost);
    }
  }
  if (cached) {
    rememberParse(text, cached, scalars);
    const lineCounter = new LineCounter();
    for (const start of cached.lineStarts) lineCounter.addNewLine(start);
    const locate = locator(file, cached.offsets, lineCounter);
    checkTextSize(cached.raw, locate, file);
    const kept = fromDisk ? readValid(schema, sum) : undefined;
    if (kept !== undefined) return { file, text, value: kept, locate };
    const result = schemaOf(schema).safeParse(cached.raw, VALIDATE);
    if (result.success) {
      if (fromDisk) writeValid(schema, sum, result.data);
      return { file, text, value: result.data, locate };
    }
    // Not valid: the full parse locates each problem at its key or its nearest existing parent.
  }
  return parseYamlText(file, text, sum, schemaOf(schema), !cached ? schema : undefined);
}

/** `keep`: the schema as given, when the parse and the value it makes are to be kept in the disk cache. */
function parseYamlText<S extends z.ZodType>(file: string, text: string, sum: string, schema: S, keep: SchemaArg<S> | undefined): LoadedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  // A text with more keys and values than a dataset may hold is refused before the parser builds its document.
  const scalars = checkYamlScalars(text, file);
  const at = (offset: number): Span => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  let doc: Document.Parsed;
  try {
    doc = parseDataDocument(text, lineCounter);
  } catch (e) {
    if (!(e instanceof NestingError)) throw e;
    throw new DiagnosticError([
      error(codes.inputLimit, `brackets or indentation nest deeper here than the ${MAX_PARSE_DEPTH} levels silkpress reads (a dataset's values nest at most ${MAX_DEPTH} deep)`, at(e.offset), [
        'look for brackets that are opened and never closed, or indentation that grows on every line; a dataset needs a few levels',
      ]),
    ]);
  }
  if (doc.errors.length > 0) {
    throw new DiagnosticError(
      doc.errors.map((e) => ({
        ...error(codes.yamlSyntax, `YAML: ${e.message.split('\n')[0]}`, at(e.pos[0])),
      })),
    );
  }
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    throw new DiagnosticError([
      error(codes.notText, `${file} holds no data: it is empty, or only comments`, { file, line: 1, column: 1 }, [
        'write the dataset\'s fields (meta:, countries:, sections:, figures:, charts:); data/belt-and-road.yaml is an example',
      ]),
    ]);
  }
  let raw: unknown;
  try {
    // Aliases are expanded here: a few dozen are plenty for a dataset, and an "alias bomb" (a billion laughs)
    // is refused instead of filling the memory.
    raw = doc.toJS(TO_JS);
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    throw new DiagnosticError([
      error(codes.yamlValue, /alias/i.test(message) ? 'YAML aliases (*name) expand to too much data' : `YAML: ${message.split('\n')[0]}`, { file, line: 1, column: 1 }, [
        'write the repeated data out, or use fewer aliases; a dataset needs no nested aliases',
      ]),
    ]);
  }
  // Limits first, located in the Document: an input over them is refused before anything is built from it.
  const inDoc = (pointer: string): Span => {
    const node = nodeAt(doc, pointer);
    return { ...(node?.range ? at(node.range[0]) : { file }), path: pointer };
  };
  checkTextSize(raw, inDoc, file);
  const offsets = nodeOffsets(doc);
  const parsed: ParsedYaml = { raw, offsets, lineStarts: [...lineCounter.lineStarts] };
  const units = unitsOf(doc, text);
  if (units) parsed.units = units;
  if (keep) writeParsed(sum, parsed);
  rememberParse(text, parsed, scalars);
  // What the dataset keeps locates through the offsets only: the Document is garbage once this returns.
  const locate = locator(file, offsets, lineCounter);
  const result = schema.safeParse(raw, VALIDATE);
  if (!result.success) {
    const diagnostics: Diagnostic[] = result.error.issues.flatMap((issue) =>
      // An unknown field is reported at the field itself, one diagnostic per field.
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) =>
            error(codes.schema, `unknown field '${key}'`, locateIssue(doc, [...issue.path, key], locate, file, at), unknownKeyHint(key, allowedKeys(schema, issue.path))),
          )
        : [error(codes.schema, describeIssue(issue), locateIssue(doc, issue.path, locate, file, undefined), hintFor(issue))],
    );
    throw new DiagnosticError(diagnostics);
  }
  if (keep) writeValid(keep, sum, result.data);
  return { file, text, value: result.data, locate };
}

/** Point at the deepest node that exists: a missing field is reported at its parent object. */
function locateIssue(
  doc: Document,
  path: PropertyKey[],
  locate: (p: string) => Span,
  file: string,
  /** Given for an unknown field: report the key's own position. */
  keyPosition: ((offset: number) => Span) | undefined,
): Span {
  const pointer = '/' + path.map(String).join('/');
  if (keyPosition) {
    const key = nodeAt(doc, pointer, true);
    if (key?.range) return { ...keyPosition(key.range[0]), path: pointer };
  }
  for (let n = path.length; n >= 0; n--) {
    const p = '/' + path.slice(0, n).map(String).join('/');
    if (nodeAt(doc, p)) return { ...locate(p), path: pointer };
  }
  return { file, path: pointer };
}

/** The node at a JSON pointer; with `atKey`, the key of the last mapping entry instead of its value. */
function nodeAt(doc: Document, pointer: string, atKey = false): YamlNode | undefined {
  const keys = pointer.split('/').slice(1).filter((k) => k !== '');
  let node: unknown = doc.contents;
  for (const [i, key] of keys.entries()) {
    // Through an alias, into the node it names (located at its anchor), as nodeOffsets does.
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      // Point at the key when the value is empty (null) so the location is still useful.
      node = atKey && i === keys.length - 1 ? pair?.key : (pair?.value ?? pair?.key);
    } else if (isSeq(node)) {
      node = node.items[Number(key)];
    } else return undefined;
    if (node === undefined || node === null) return undefined;
  }
  return (node ?? undefined) as YamlNode | undefined;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? `field '${issue.path.map(String).join('.')}'` : 'the document';
  switch (issue.code) {
    default:
      return `${field}: ${issue.message}`;
  }
}

/** The nearest allowed field first (`poin` → `point`), else the fields this place allows. */
function unknownKeyHint(key: string, allowed: string[]): string[] {
  const near = didYouMean(key, allowed);
  const list = allowed.length ? `the fields allowed here are ${allowed.join(', ')}` : 'no field is allowed here';
  return [near ? `did you mean '${near}'? (${list})` : `check the spelling: ${list}`];
}

function hintFor(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_union') return ['a body block is either `paragraph: …` or `facts: [ … ]`'];
  return [];
}
