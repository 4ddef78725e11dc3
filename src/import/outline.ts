// Take the repaired blocks of a fact sheet and find its outline: the document title, sections by headings
// (numbered headings such as （一）…（八） placed as one series of siblings, whatever form the export gave them),
// and each section's paragraphs and items.
import type { Diagnostic } from '../diag/diagnostic.js';
import { finding, importCodes } from './codes.js';
import { joinLines, type BulletBlock, type ItemNode, type MdBlock, type TableBlock } from './markdown.js';
import { excerpt } from './repair.js';

/** A piece of text and where it starts in the Markdown source. */
export interface SourceText {
  text: string;
  line: number;
  column: number;
}

/** A list item with the items under it, and whether those are numbered. */
export interface OutlineItem extends SourceText {
  ordered: boolean;
  items: OutlineItem[];
}

export type OutlineBlock =
  | { kind: 'paragraph'; text: SourceText }
  /** A bulleted list: facts, each with its sub-facts. */
  | { kind: 'facts'; items: OutlineItem[] }
  /** A numbered list, or a bulleted one with numbered items under it: the numbers are kept. */
  | { kind: 'list'; ordered: boolean; items: OutlineItem[] }
  | { kind: 'table'; table: TableBlock; caption?: SourceText | undefined; note?: SourceText | undefined }
  | { kind: 'quote'; text: SourceText; by?: string | undefined }
  /** 「註：…」: the text without its label. */
  | { kind: 'note'; text: SourceText };

export interface OutlineSection {
  title: string;
  line: number;
  column: number;
  /** The ordinal of a numbered heading (（三） → 3); the layouts print it, so the title does not hold it. */
  number?: number | undefined;
  body: OutlineBlock[];
  sections: OutlineSection[];
}

export interface Outline {
  title?: SourceText | undefined;
  sections: OutlineSection[];
  diagnostics: Diagnostic[];
}

type Family = 'paren-hanzi' | 'paren-digit' | 'dunhao-hanzi' | 'dot-digit';

interface Ordinal {
  value: number;
  family: Family;
  /** As written, e.g. 「(四)」. */
  marker: string;
  /** For bracketed ordinals: whether both brackets are full-width （）, both half-width (), or one of each. */
  brackets?: 'full' | 'half' | 'mixed' | undefined;
}

interface HeadingItem {
  block: number;
  /** Markdown level; a bold list item that works as a heading has none. */
  level: number | undefined;
  title: string;
  ordinal?: Ordinal | undefined;
  line: number;
  column: number;
}

interface Series {
  family: Family;
  members: HeadingItem[];
  /** Index (in the heading list) of the last member: plain headings before it stay inside the series. */
  lastIndex: number;
  parent?: StackEntry | undefined;
  /** The Markdown level the series' parent has (0 for the document). */
  parentLevel: number;
  /** The level the members are placed at: the first member's, or one below its section for a bold list item. */
  memberLevel: number;
}

interface StackEntry {
  node: OutlineSection | undefined;
  level: number;
  series?: Series | undefined;
  /** Markdown levels of the plain headings placed directly under this member, for the report. */
  childLevels?: { level: number; title: string; line: number; column: number }[];
}

const HANZI_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as a number; undefined for anything else. */
export function hanziNumber(s: string): number | undefined {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || s === '') return undefined;
  const [, tens, ten, units] = m;
  if (!ten) return tens && !units ? HANZI_DIGIT[tens] : undefined;
  return (tens ? HANZI_DIGIT[tens]! : 1) * 10 + (units ? HANZI_DIGIT[units]! : 0);
}

const PAREN = /^([（(])\s*([一二三四五六七八九十]+|\d{1,2})\s*([）)])\s*/u;
const DUNHAO = /^([一二三四五六七八九十]+)\s*、\s*/u;
const DOT = /^(\d{1,2})\s*[.．、](?!\d)\s*/u;

export function parseOrdinal(text: string): { ordinal: Ordinal; rest: string } | undefined {
  let m = PAREN.exec(text);
  if (m) {
    const digit = /^\d+$/.test(m[2]!);
    const value = digit ? Number(m[2]) : hanziNumber(m[2]!);
    if (value === undefined || value === 0) return undefined;
    const full = [m[1] === '（', m[3] === '）'];
    const brackets = full[0] && full[1] ? 'full' : !full[0] && !full[1] ? 'half' : 'mixed';
    return { ordinal: { value, family: digit ? 'paren-digit' : 'paren-hanzi', marker: m[0].trim(), brackets }, rest: text.slice(m[0].length) };
  }
  m = DUNHAO.exec(text);
  if (m) {
    const value = hanziNumber(m[1]!);
    if (value === undefined || value === 0) return undefined;
    return { ordinal: { value, family: 'dunhao-hanzi', marker: m[0].trim() }, rest: text.slice(m[0].length) };
  }
  m = DOT.exec(text);
  if (m && Number(m[1]) > 0) return { ordinal: { value: Number(m[1]), family: 'dot-digit', marker: m[0].trim() }, rest: text.slice(m[0].length) };
  return undefined;
}

/** A heading's text as a title: no emphasis marks (the heading style is the emphasis), no trailing colon. */
export function cleanTitle(text: string): string {
  return text.replace(/\*\*/g, '').replace(/[\s：:]+$/u, '').trim();
}

/** A list item that is bold as a whole and numbered, such as `- **（一）構建…網路：**`, works as a heading. */
function bulletHeading(text: string): string | undefined {
  const m = /^\*\*([^*]+)\*\*[\s：:]*$/u.exec(text.trim());
  return m && parseOrdinal(m[1]!.trim()) ? m[1]!.trim() : undefined;
}

export function outlineBlocks(blocks: MdBlock[], file: string): Outline {
  const diagnostics: Diagnostic[] = [];
  const headings: HeadingItem[] = [];
  blocks.forEach((b, i) => {
    let text: string | undefined;
    let level: number | undefined;
    if (b.kind === 'heading') {
      text = b.text;
      level = b.level;
    } else if (b.kind === 'bullet') text = bulletHeading(b.text);
    if (text === undefined) return;
    const parsed = parseOrdinal(text.replace(/^\*\*/, '').trim());
    headings.push({
      block: i,
      level,
      title: cleanTitle(parsed ? parsed.rest : text),
      ordinal: parsed?.ordinal,
      line: b.line,
      column: b.column,
    });
  });

  // The document title: a first heading, not numbered, above every other heading's level.
  let title: SourceText | undefined;
  const first = headings[0];
  if (first && first.level !== undefined && !first.ordinal && headings.slice(1).every((h) => h.level === undefined || h.level > first.level!)) {
    title = { text: first.title, line: first.line, column: first.column };
    headings.shift();
  }
  const titleBlock = title ? blocks.findIndex((b) => b.line === title.line) : -1;

  const seriesOf = groupSeries(headings);
  const headingAt = new Map(headings.map((h, k) => [h.block, k]));

  const root: StackEntry = { node: undefined, level: 0 };
  const top: OutlineSection[] = [];
  const stack: StackEntry[] = [root];
  const preamble: OutlineBlock[] = [];
  /** Every numbered section's stack entry, for the report on the levels of its subsections. */
  const memberEntries: StackEntry[] = [];
  let lastWasItem = false;
  let lastList = -1;

  const attach = (section: OutlineSection): void => {
    const parent = stack.at(-1)!.node;
    (parent ? parent.sections : top).push(section);
  };
  const newSection = (h: HeadingItem): OutlineSection => ({
    title: h.title,
    line: h.line,
    column: h.column,
    ...(h.ordinal ? { number: h.ordinal.value } : {}),
    body: [],
    sections: [],
  });

  blocks.forEach((b, i) => {
    if (i === titleBlock) return;
    const k = headingAt.get(i);
    if (k !== undefined) {
      const h = headings[k]!;
      lastWasItem = false;
      const series = seriesOf.get(h);
      if (series) {
        if (series.members[0] === h) {
          // The first member fixes where the whole series goes: a heading by its level, a list item under the
          // section it appears in.
          if (h.level !== undefined) while (stack.length > 1 && stack.at(-1)!.level >= h.level) stack.pop();
          series.parent = stack.at(-1)!;
          series.parentLevel = series.parent.level;
          series.memberLevel = h.level ?? series.parentLevel + 1;
        } else {
          const at = stack.indexOf(series.parent!);
          stack.length = at >= 0 ? at + 1 : 1;
        }
        const node = newSection(h);
        attach(node);
        const entry: StackEntry = { node, level: series.memberLevel, series, childLevels: [] };
        memberEntries.push(entry);
        stack.push(entry);
        return;
      }
      const level = h.level!;
      // Inside a numbered series, a plain heading is a subsection of the member it follows, whatever its
      // Markdown level: exports give these subsections levels that do not nest (see the report).
      for (let s = stack.length - 1; s > 0; s--) {
        const entry = stack[s]!;
        if (!entry.series) continue;
        // Before the series' last member a heading stays inside it; after it, only a deeper heading does.
        if (k < entry.series.lastIndex || level > entry.series.memberLevel) {
          stack.length = s + 1;
          entry.childLevels!.push({ level, title: h.title, line: h.line, column: h.column });
          const node = newSection(h);
          attach(node);
          stack.push({ node, level: entry.level + 1 });
          return;
        }
        // The series has ended: this heading is at or above the level of its members.
        stack.length = s;
      }
      while (stack.length > 1 && stack.at(-1)!.level >= level) stack.pop();
      const node = newSection(h);
      attach(node);
      stack.push({ node, level });
      return;
    }
    if (b.kind === 'heading' || b.kind === 'rule') return;
    const body = stack.at(-1)!.node?.body ?? preamble;
    const last = body.at(-1);
    if (b.kind === 'bullet') {
      const item = toItem(b);
      if (item.text === '' && item.items.length === 0) return;
      // Items of one Markdown list make one block: numbered, or with numbered items under them, a list; else facts.
      if (lastWasItem && lastList === b.list && (last?.kind === 'facts' || last?.kind === 'list')) last.items.push(item);
      else body.push(b.ordered ? { kind: 'list', ordered: true, items: [item] } : { kind: 'facts', items: [item] });
      const now = body.at(-1)!;
      if (now.kind === 'facts' && hasOrderedItems(item)) body[body.length - 1] = { kind: 'list', ordered: false, items: now.items };
      lastWasItem = true;
      lastList = b.list;
      return;
    }
    lastWasItem = false;
    if (b.kind === 'table') {
      // A short line just above the table that is not a sentence names it (「表一：主要貿易夥伴」).
      let caption: SourceText | undefined;
      if (last?.kind === 'paragraph' && isCaption(last.text.text)) {
        caption = { ...last.text, text: last.text.text.replace(/[：:]\s*$/u, '') };
        body.pop();
      }
      body.push({ kind: 'table', table: b, caption });
      return;
    }
    if (b.kind === 'quote') {
      if (b.paragraphs.length === 0) return;
      // A last paragraph that opens with a dash names who said it: 「——行政長官」.
      const byMatch = b.paragraphs.length > 1 ? /^[—–-]{1,2}\s*(.+)$/u.exec(b.paragraphs.at(-1)!) : null;
      const paragraphs = byMatch ? b.paragraphs.slice(0, -1) : b.paragraphs;
      body.push({ kind: 'quote', text: { text: paragraphs.reduce(joinLines, ''), line: b.line, column: b.column }, by: byMatch?.[1]?.trim() });
      return;
    }
    if (b.text === '') return;
    const text: SourceText = { text: b.text, line: b.line, column: b.column };
    const note = NOTE.exec(b.text);
    // A note or source line right under a table is the table's own (its `note`), kept as written.
    if (last?.kind === 'table' && !last.note && (note || SOURCE_LINE.test(b.text))) {
      last.note = text;
      return;
    }
    if (note) {
      body.push({ kind: 'note', text: { text: b.text.slice(note[0].length), line: b.line, column: b.column + [...note[0]].length } });
      return;
    }
    body.push({ kind: 'paragraph', text });
  });

  if (preamble.length) {
    const placeholder = title?.text ?? 'TODO';
    top.unshift({ title: placeholder, line: title?.line ?? 1, column: title?.column ?? 1, body: preamble, sections: [] });
    diagnostics.push(
      finding(importCodes.placeholder, `text before the first heading has no section; it is put in a section titled 「${placeholder}」`, { file, line: blockLine(preamble[0]!) }, ['give the section its own title']),
    );
  }

  for (const series of new Set(seriesOf.values())) diagnostics.push(...reportSeries(series, file));
  for (const entry of memberEntries) diagnostics.push(...reportChildLevels(entry, file));
  return { title, sections: top, diagnostics };
}

/** 「註：」「注:」「備註：」 opening a line: a note, whose label the layouts print themselves. */
const NOTE = /^(?:\*\*)?(?:備註|备注|註|注)(?:\*\*)?\s*[：:]\s*(?:\*\*)?/u;
const SOURCE_LINE = /^(?:\*\*)?(?:資料來源|资料来源|數據來源|数据来源|來源|来源)\s*[：:]/u;

function isCaption(text: string): boolean {
  const plain = text.replace(/\*\*/g, '').trim();
  return /^(?:表|圖表|图表)\s*[\d一二三四五六七八九十]*\s*[：:．.、]/u.test(plain) || ([...plain].length <= 40 && !/[。！？!?；;]$/u.test(plain) && !NOTE.test(plain));
}

/** The source line an outline block starts on. */
export function blockLine(b: OutlineBlock): number {
  switch (b.kind) {
    case 'facts':
    case 'list':
      return b.items[0]!.line;
    case 'table':
      return b.caption?.line ?? b.table.line;
    default:
      return b.text.line;
  }
}

function toItem(b: BulletBlock | ItemNode): OutlineItem {
  return {
    text: b.text,
    line: b.line,
    column: b.column,
    ordered: 'itemsOrdered' in b ? b.itemsOrdered : b.ordered,
    items: b.items.map(toItem),
  };
}

function hasOrderedItems(item: OutlineItem): boolean {
  return (item.ordered && item.items.length > 0) || item.items.some(hasOrderedItems);
}

function groupSeries(headings: HeadingItem[]): Map<HeadingItem, Series> {
  const out = new Map<HeadingItem, Series>();
  const current = new Map<Family, Series>();
  headings.forEach((h, k) => {
    if (!h.ordinal) return;
    let s = current.get(h.ordinal.family);
    // A series restarts at 1: another list of the same kind elsewhere.
    if (!s || h.ordinal.value === 1) {
      s = { family: h.ordinal.family, members: [], lastIndex: k, parentLevel: 0, memberLevel: 0 };
      current.set(h.ordinal.family, s);
    }
    s.members.push(h);
    s.lastIndex = k;
    out.set(h, s);
  });
  return out;
}

const show = (h: HeadingItem): string => `${h.ordinal ? h.ordinal.marker : ''}${excerpt(h.title, 10)}`;
const lineList = (hs: HeadingItem[]): string => hs.map((h) => h.line).join(', ');

/** Numbered headings that disagree in form, level or sequence: reported; the outline already treats them as one series. */
function reportSeries(series: Series, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { members } = series;
  if (members.length < 2) return out;
  const at = (h: HeadingItem) => ({ file, line: h.line, column: h.column });
  const range = `${members[0]!.ordinal!.marker}–${members.at(-1)!.ordinal!.marker}`;

  for (const h of members.filter((m) => m.level === undefined)) {
    out.push(
      finding(importCodes.headingNumbering, `「${show(h)}」 is a bold list item, but it numbers a section like the other headings ${range}; taken as a heading`, at(h), [
        'make it a heading at the level of the other numbered headings',
      ]),
    );
  }

  const levels = new Map<number, HeadingItem[]>();
  for (const h of members) if (h.level !== undefined) levels.set(h.level, [...(levels.get(h.level) ?? []), h]);
  if (levels.size > 1) {
    const [usual] = [...levels.entries()].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
    const odd = members.filter((h) => h.level !== undefined && h.level !== usual![0]);
    out.push(
      finding(
        importCodes.headingNumbering,
        `numbered headings ${odd.map((h) => h.ordinal!.marker).join('')} are level-${odd[0]!.level} headings (line ${lineList(odd)}) where ${usual![1].map((h) => h.ordinal!.marker).join('')} are level ${usual![0]}; all of ${range} are placed as sibling sections`,
        at(odd[0]!),
        [`use one heading level (${'#'.repeat(usual![0])}) for the whole series`],
      ),
    );
  }

  if (series.family === 'paren-hanzi') {
    const odd = members.filter((h) => h.ordinal!.brackets !== 'full');
    if (odd.length) {
      out.push(
        finding(
          importCodes.headingNumbering,
          `numbered headings ${odd.map((h) => h.ordinal!.marker).join('')} (line ${lineList(odd)}) use half-width brackets where Chinese text uses full-width （）`,
          at(odd[0]!),
          ['the layouts print the number themselves as 「（四）」, so the dataset keeps only `number:` and the title'],
        ),
      );
    }
  }

  members.forEach((h, i) => {
    const expected = i === 0 ? 1 : members[i - 1]!.ordinal!.value + 1;
    if (h.ordinal!.value !== expected) {
      out.push(
        finding(importCodes.headingNumbering, `numbered heading ${h.ordinal!.marker} where ${expected} comes next in the series ${range}`, at(h), [
          'check for a missing or repeated section; the dataset keeps the number as written',
        ]),
      );
    }
  });
  return out;
}

/** Subsections of one numbered section whose Markdown levels differ: placed as siblings, reported once. */
function reportChildLevels(entry: StackEntry, file: string): Diagnostic[] {
  const children = entry.childLevels ?? [];
  const first = children[0];
  const odd = children.find((c) => c.level !== first?.level);
  if (!first || !odd) return [];
  const member = entry.node!;
  return [
    finding(
      importCodes.headingNumbering,
      `「${excerpt(odd.title, 10)}」 is a level-${odd.level} heading where 「${excerpt(first.title, 10)}」 is level ${first.level}, both inside numbered section 「${excerpt(member.title, 10)}」; all its headings are placed as its direct subsections`,
      { file, line: odd.line, column: odd.column },
      ['if it belongs under the heading before it, move it there in the dataset'],
    ),
  ];
}
