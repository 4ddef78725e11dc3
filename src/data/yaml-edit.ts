// A YAML text that differs from one parsed lately by an edit inside one item of a block list → its value, node
// offsets and line starts, from a parse of that item alone spliced into the earlier parse. `watch` parses the
// dataset again after every save, and a save changes a word: parsing the 90 KB dataset whole took ~13 ms of a
// rebuild, the edited item well under one.
//
// The splice is taken only where it cannot differ from parsing the whole text:
// - the earlier text parsed without an error, and has no anchor, alias, directive, lone CR, or mapping key that
//   is not a plain string without '/' (an alias elsewhere could name a node of the item; a key with '/' would
//   make two pointers alike);
// - the edit lies within one item of a block list that is not the list's last: the item's lines run from the
//   line of its '- ' to the line of the next item's, so the text before and the text after are unchanged and
//   both start at a line;
// - the new item text ends with a line break, parses alone without an error into one block list of one item
//   whose '-' stands where the old one stood, and holds no anchor, alias or tag of its own.
// A parse of the items' lines alone then reads them as the whole text does: the item's lines hold every
// bracket and quote they open, and the next line starts the next item at the list's column. Anything else
// (an edit across items, at the top level, in a list's last item) is parsed whole, as before.
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node as YamlNode } from 'yaml';
import { NestingError, parseDataDocument } from './yaml-parse.js';

/** One item of a block list that an edit can replace alone: its lines, [start, end), and its pointer. */
export interface Unit {
  start: number;
  end: number;
  /** Normalised pointer (`sections/3`), as node offsets are kept. */
  pointer: string;
}

export interface SplicedParse {
  raw: unknown;
  /** Node start offsets by normalised pointer. */
  offsets: Record<string, number>;
  lineStarts: number[];
  units: Unit[];
  /**
   * Set by a splice: the length of the item it parsed anew. The rest of the text lexes as it did, so the text holds
   * at most the base's scalars plus what these characters can hold (yaml.ts bounds its scalar count so).
   */
  itemChars?: number;
}

/** How a parsed document becomes a value: aliases expanded, at most this many (yaml.ts says why). */
export const TO_JS = { maxAliasCount: 100 } as const;

/** Where an item's line starts and its '-' stands, when `text` holds only spaces and '- ' from that line's start to `at`. */
function dashColumn(text: string, at: number): { lineStart: number; column: number } | undefined {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const m = /^( *)- +$/.exec(text.slice(lineStart, at));
  return m ? { lineStart, column: m[1]!.length } : undefined;
}

/**
 * The replaceable items of a parsed text, or undefined when the text is of a kind the splice does not take
 * (see the head of this file).
 */
export function unitsOf(doc: Document, text: string): Unit[] | undefined {
  if (doc.errors.length > 0 || /\r(?!\n)/.test(text) || /^%/m.test(text)) return undefined;
  const units: Unit[] = [];
  let plain = true;
  const walk = (node: unknown, pointer: string): void => {
    if (!plain || node === null || node === undefined) return;
    if (isAlias(node) || (node as YamlNode).anchor !== undefined) {
      plain = false;
      return;
    }
    const at = (key: string): string => (pointer === '' ? key : `${pointer}/${key}`);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || pair.key.value === '' || /[/~]/.test(pair.key.value) || pair.key.anchor !== undefined) {
          plain = false;
          return;
        }
        walk(pair.value, at(pair.key.value));
      }
    } else if (isSeq(node)) {
      const items = node.items as unknown[];
      items.forEach((item, i) => walk(item, at(String(i))));
      if (node.flow) return;
      for (let i = 0; i + 1 < items.length; i++) {
        const here = (items[i] as YamlNode | null)?.range;
        const next = (items[i + 1] as YamlNode | null)?.range;
        if (!here || !next) continue;
        const a = dashColumn(text, here[0]);
        const b = dashColumn(text, next[0]);
        if (a && b && a.column === b.column && a.lineStart < b.lineStart) units.push({ start: a.lineStart, end: b.lineStart, pointer: at(String(i)) });
      }
    }
  };
  walk(doc.contents, '');
  return plain ? units : undefined;
}

/**
 * `text` parsed by splicing into `base` (the parse of `baseText`), or undefined where the splice is not taken
 * and the text must be parsed whole. `nodeOffsets` is yaml.ts's own walk, so offsets are found as for a whole text.
 */
export function spliceParse(
  baseText: string,
  base: SplicedParse,
  text: string,
  nodeOffsets: (doc: Document) => Record<string, number>,
): SplicedParse | undefined {
  // The edit: what lies between the longest common start and end of the two texts.
  const shorter = Math.min(baseText.length, text.length);
  let head = 0;
  while (head < shorter && baseText.charCodeAt(head) === text.charCodeAt(head)) head++;
  let tail = 0;
  while (tail < shorter - head && baseText.charCodeAt(baseText.length - 1 - tail) === text.charCodeAt(text.length - 1 - tail)) tail++;
  const editEnd = baseText.length - tail;
  const delta = text.length - baseText.length;
  // The innermost item holding the edit: the shortest of those that do.
  let unit: Unit | undefined;
  for (const u of base.units) if (u.start <= head && editEnd <= u.end && (!unit || u.end - u.start < unit.end - unit.start)) unit = u;
  if (!unit) return undefined;
  const itemText = text.slice(unit.start, unit.end + delta);
  if (!itemText.endsWith('\n') || /\r(?!\n)/.test(itemText) || /^(%|---|\.\.\.)/m.test(itemText)) return undefined;
  // The unit's first line is spaces, then the item's '-'.
  const oldColumn = baseText.indexOf('-', unit.start) - unit.start;
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDataDocument(itemText, lineCounter);
  } catch (e) {
    // Too deep to splice: the whole parse refuses it at its place.
    if (e instanceof NestingError) return undefined;
    throw e;
  }
  if (doc.errors.length > 0 || !isSeq(doc.contents) || doc.contents.flow || doc.contents.items.length !== 1) return undefined;
  const item = doc.contents.items[0] as YamlNode | null;
  if (!item?.range) return undefined;
  const newDash = dashColumn(itemText, item.range[0]);
  if (!newDash || newDash.lineStart !== 0 || newDash.column !== oldColumn) return undefined;
  const innerUnits = unitsOf(doc, itemText);
  if (!innerUnits || hasTag(item)) return undefined;

  let value: unknown;
  try {
    value = (doc.toJS(TO_JS) as unknown[])[0];
  } catch {
    return undefined;
  }
  const path = unit.pointer.split('/');
  const raw = replaced(base.raw, path, value);
  if (raw === undefined) return undefined;

  const prefix = `${unit.pointer}/`;
  const shift = (offset: number): number => (offset >= unit.end ? offset + delta : offset);
  const offsets: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [p, o] of Object.entries(base.offsets)) if (p !== unit.pointer && !p.startsWith(prefix)) offsets[p] = shift(o);
  for (const [p, o] of Object.entries(nodeOffsets(doc))) {
    // The item's own pointer is `0` in its parse.
    const inner = p === '0' ? '' : p.startsWith('0/') ? p.slice(1) : undefined;
    if (inner === undefined) continue;
    offsets[unit.pointer + inner] = o + unit.start;
  }

  const itemEnd = unit.end + delta;
  const lineStarts = [
    ...base.lineStarts.filter((s) => s < unit.start),
    ...lineCounter.lineStarts.filter((s) => s < itemText.length).map((s) => s + unit.start),
    ...base.lineStarts.filter((s) => s >= unit.end).map((s) => s + delta),
  ];
  const units = [
    ...base.units
      .filter((u) => u.pointer !== unit.pointer && !u.pointer.startsWith(prefix))
      .map((u) => ({ start: u.start >= unit.end ? u.start + delta : u.start, end: u.end >= unit.end ? u.end + delta : u.end, pointer: u.pointer })),
    ...innerUnits.map((u) => ({ start: u.start + unit.start, end: u.end + unit.start, pointer: unit.pointer + u.pointer.slice(1) })),
    { start: unit.start, end: itemEnd, pointer: unit.pointer },
  ];
  return { raw, offsets, lineStarts, units, itemChars: itemText.length };
}

/** Whether a node, or one inside it, carries a tag written in the source (`!!str`, `!x`): only those set `tag`. */
function hasTag(node: unknown): boolean {
  if (node === null || node === undefined) return false;
  if ((node as YamlNode).tag !== undefined) return true;
  if (isMap(node)) return node.items.some((p) => hasTag(p.key) || hasTag(p.value));
  if (isSeq(node)) return node.items.some(hasTag);
  return false;
}

/** `root` with the value at `path` replaced, copying only the containers along the path; undefined if the path is not there. */
function replaced(root: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string, ...string[]];
  if (Array.isArray(root)) {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0 || index >= root.length) return undefined;
    const inner = replaced(root[index], rest, value);
    if (inner === undefined && rest.length > 0) return undefined;
    const copy = root.slice();
    copy[index] = inner;
    return copy;
  }
  if (root === null || typeof root !== 'object' || !Object.prototype.hasOwnProperty.call(root, key)) return undefined;
  const inner = replaced((root as Record<string, unknown>)[key], rest, value);
  if (inner === undefined && rest.length > 0) return undefined;
  return { ...(root as Record<string, unknown>), [key]: inner };
}
