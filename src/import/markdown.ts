// Markdown fact sheet → a flat list of blocks (headings, list items with their nested items, paragraphs, tables,
// quotes, rules), each with the source lines it came from and its inline text in the dataset's own syntax.
//
// The Markdown is read by mdast-util-from-markdown (CommonMark, micromark) with GFM tables and the CJK-friendly
// emphasis rules (so `文字**「引號」**文字` is bold, as the exports mean it). What the dataset keeps of inline
// syntax: `**bold**`, `[text](url)` links and bare URLs, as written; everything else becomes its text
// (see inline.ts). Top-level list items are separate blocks so that the importer's repairs (a bold numbered item
// that works as a heading, a sentence split by a page break) see them one by one; `list` groups the items of one list.
import type { Blockquote, Heading, List, ListItem, Nodes, Paragraph, Root, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { cjkFriendlyExtension } from 'micromark-extension-cjk-friendly';
import { gfmTable } from 'micromark-extension-gfm-table';
import { inlineText, type InlineFinding } from './inline.js';

export interface BlockBase {
  /** 1-based line of the block's first line. */
  line: number;
  /** 1-based line of the block's last line (a paragraph or item can run over several lines). */
  endLine: number;
  /** 1-based column (in code points) where the text starts on the first line. */
  column: number;
}

export interface HeadingBlock extends BlockBase {
  kind: 'heading';
  /** 1–6, the number of `#`. */
  level: number;
  text: string;
}

/** A list item below a top-level one, with its own nested items. */
export interface ItemNode extends BlockBase {
  text: string;
  /** Whether this item's own sub-items are numbered. */
  ordered: boolean;
  items: ItemNode[];
}

export interface BulletBlock extends BlockBase {
  kind: 'bullet';
  text: string;
  /** Items of one Markdown list share a number; a new list (after a heading or paragraph) gets a new one. */
  list: number;
  /** Whether the list this item belongs to is numbered (`1.`, `1)`). */
  ordered: boolean;
  /** Whether this item's sub-items are numbered. */
  itemsOrdered: boolean;
  items: ItemNode[];
}

export interface ParagraphBlock extends BlockBase {
  kind: 'paragraph';
  text: string;
}

export interface RuleBlock extends BlockBase {
  kind: 'rule';
}

export interface Cell extends BlockBase {
  text: string;
}

export interface TableBlock extends BlockBase {
  kind: 'table';
  /** The delimiter row's alignment per column. */
  align: ('left' | 'right' | 'center' | null)[];
  header: Cell[];
  rows: Cell[][];
}

export interface QuoteBlock extends BlockBase {
  kind: 'quote';
  /** The quote's paragraphs, each as inline text. */
  paragraphs: string[];
}

export type MdBlock = HeadingBlock | BulletBlock | ParagraphBlock | RuleBlock | TableBlock | QuoteBlock;

export interface ReadResult {
  blocks: MdBlock[];
  /** Inline syntax the dataset cannot hold (images, relative links …), each where it stands. */
  findings: InlineFinding[];
}

/** Code-point length, so columns match what an editor shows for CJK text. */
const cpLength = (s: string): number => [...s].length;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Join two pieces of text that a line break separated. Between two CJK characters a line break is not a
 * space (CSS Text 3 segment-break transformation), so nothing is inserted there; elsewhere one space.
 */
export function joinLines(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const last = [...a].at(-1)!;
  const first = [...b][0]!;
  return CJK.test(last) || CJK.test(first) ? a + b : `${a} ${b}`;
}

/** Split a text into lines, accepting `\n`, `\r\n` and `\r`. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function parseMarkdownTree(text: string): Root {
  return fromMarkdown(text, { extensions: [gfmTable(), cjkFriendlyExtension()], mdastExtensions: [gfmTableFromMarkdown()] });
}

export function readMarkdown(source: string): MdBlock[] {
  return readMarkdownWithFindings(source).blocks;
}

export function readMarkdownWithFindings(source: string): ReadResult {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = splitLines(text);
  const tree = parseMarkdownTree(text);
  const blocks: MdBlock[] = [];
  const findings: InlineFinding[] = [];
  let listSeq = 0;

  /** mdast columns count UTF-16 units; the diagnostics count code points. */
  const cpColumn = (line: number, column: number): number => cpLength((lines[line - 1] ?? '').slice(0, column - 1)) + 1;
  const place = (node: Nodes): BlockBase => {
    const start = node.position?.start ?? { line: 1, column: 1 };
    const end = node.position?.end ?? start;
    return { line: start.line, endLine: end.line, column: cpColumn(start.line, start.column) };
  };
  /** Where a node's inline text starts: its first child's position (after `# `, `- `, `| `). */
  const textPlace = (node: Nodes): BlockBase => {
    const first = 'children' in node ? node.children[0] : undefined;
    const base = place(node);
    return first?.position ? { ...base, column: cpColumn(first.position.start.line, first.position.start.column) } : base;
  };
  const definitions = new Map<string, string>();
  for (const d of tree.children) if (d.type === 'definition') definitions.set(d.identifier, d.url);
  const inline = (node: Nodes): string => {
    const r = inlineText(node, definitions);
    findings.push(...r.findings.map((f) => ({ ...f, column: cpColumn(f.line, f.column) })));
    return r.text;
  };

  /** A list item's own text: its paragraphs (an item may hold several) joined; nested lists are its items. */
  const itemText = (item: ListItem): { text: string; at: BlockBase; nested: List[] } => {
    const paragraphs = item.children.filter((c): c is Paragraph => c.type === 'paragraph');
    const nested = item.children.filter((c): c is List => c.type === 'list');
    const text = paragraphs.map((p) => inline(p)).reduce(joinLines, '');
    // The item's lines from its marker; its text's column when the text starts on the marker's line.
    const itemAt = place(item);
    const textAt = paragraphs[0] ? textPlace(paragraphs[0]) : undefined;
    const at = { ...itemAt, column: textAt && textAt.line === itemAt.line ? textAt.column : itemAt.column };
    // Other content inside an item (a quote, a table) is rare in exports; its text is kept in the item.
    const other = item.children.filter((c) => c.type !== 'paragraph' && c.type !== 'list');
    return { text: other.reduce((t, c) => joinLines(t, inline(c)), text), at, nested };
  };
  const itemNode = (item: ListItem): ItemNode => {
    const { text, at, nested } = itemText(item);
    return { ...at, text, ordered: nested.some((l) => l.ordered === true), items: nested.flatMap((l) => l.children.map(itemNode)) };
  };

  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'root':
        node.children.forEach(visit);
        return;
      case 'heading': {
        const h = node as Heading;
        blocks.push({ kind: 'heading', level: h.depth, text: inline(h).trim(), ...textPlace(h) });
        return;
      }
      case 'paragraph':
        blocks.push({ kind: 'paragraph', text: inline(node).trim(), ...textPlace(node) });
        return;
      case 'thematicBreak':
        blocks.push({ kind: 'rule', ...place(node) });
        return;
      case 'list': {
        const list = ++listSeq;
        for (const item of (node as List).children) {
          const { text, at, nested } = itemText(item);
          blocks.push({
            kind: 'bullet',
            text,
            list,
            ordered: (node as List).ordered === true,
            itemsOrdered: nested.some((l) => l.ordered === true),
            items: nested.flatMap((l) => l.children.map(itemNode)),
            ...at,
          });
        }
        return;
      }
      case 'table': {
        const t = node as Table;
        const cells = t.children.map((row) => row.children.map((cell): Cell => ({ text: inline(cell).trim(), ...textPlace(cell) })));
        blocks.push({ kind: 'table', align: t.align ?? [], header: cells[0] ?? [], rows: cells.slice(1), ...place(t) });
        return;
      }
      case 'blockquote': {
        const q = node as Blockquote;
        const paragraphs = q.children.map((c) => inline(c).trim()).filter((p) => p !== '');
        const at = place(q);
        const first = q.children[0] ? textPlace(q.children[0]) : undefined;
        blocks.push({ kind: 'quote', paragraphs, ...at, column: first && first.line === at.line ? first.column : at.column });
        return;
      }
      case 'html':
        if (/^<!--/u.test(node.value.trim())) return; // a comment is the export's, not the sheet's
      // falls through
      case 'code':
        // Code and raw HTML blocks are not fact-sheet content; their text is kept as a paragraph, as written.
        if (node.value.trim()) blocks.push({ kind: 'paragraph', text: node.value.trim(), ...place(node) });
        return;
      case 'definition':
        return; // a link reference definition: its target is used where the reference stands
      default:
        return;
    }
  };
  visit(tree);
  return { blocks, findings };
}
