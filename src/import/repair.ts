// Take the blocks of an exported fact sheet and undo the export's artefacts that can be undone safely
// (sentences split by page breaks, decorative markers, the update line, the page footer), reporting each.
import { joinLines, type BulletBlock, type ItemNode, type MdBlock, type ParagraphBlock } from './markdown.js';
import { findDates, findUpdateDate, laterDate } from './dates.js';
import { finding, importCodes } from './codes.js';
import type { Diagnostic } from '../diag/diagnostic.js';

export interface RepairContext {
  file: string;
  /** The source's lines, for columns and excerpts. */
  lines: string[];
}

export interface Repaired {
  blocks: MdBlock[];
  /** The document's date from its update line (「更新日期：2026 年 4 月 28 日」), as YYYY-MM-DD. */
  asOf?: { date: string; line: number; text: string } | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Markers that exports put before headings and items for decoration: dingbats (➤ ✔ ❖), arrows (→ ⇒),
 * geometric shapes (● ◆ ■ ▶), stars and bullets (★ • ‣ ◦). `※` is not among them: in Chinese text it
 * introduces a note and carries meaning.
 */
const MARKER = /^(\*\*)?([ \t]*)([\u2190-\u21ff\u2022\u2023\u2043\u2219\u25a0-\u25ff\u2605\u2606\u2700-\u27bf\u2b00-\u2bff\u25e6]+)[ \t\u3000]*/u;

/** A sentence ends with one of these (closing brackets and quotes after them are looked through). */
const SENTENCE_FINAL = /[。！？!?；;：:….．]$/u;
const TRAILING_CLOSERS = /(?:\*\*|[」』）)】〕〉》"'”’\s])+$/u;

const cpLength = (s: string): number => [...s].length;

export function endsSentence(text: string): boolean {
  return SENTENCE_FINAL.test(text.replace(TRAILING_CLOSERS, ''));
}

export function excerpt(text: string, max = 16, fromEnd = false): string {
  const cps = [...text.replace(/\*\*/g, '')];
  if (cps.length <= max) return cps.join('');
  return fromEnd ? '…' + cps.slice(-max).join('') : cps.slice(0, max).join('') + '…';
}

/** Drop decorative markers at the start of headings, items and paragraphs. */
export function dropMarkers(blocks: MdBlock[], ctx: RepairContext): { blocks: MdBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = blocks.map((b) => {
    if (b.kind !== 'heading' && b.kind !== 'bullet' && b.kind !== 'paragraph') return b;
    const m = MARKER.exec(b.text);
    if (!m) return b;
    const bold = m[1] ?? '';
    const marker = m[3]!;
    const column = b.column + cpLength(bold) + cpLength(m[2] ?? '');
    diagnostics.push(
      finding(
        importCodes.decorativeMarker,
        `decorative marker '${marker}' before 「${excerpt(b.text.slice(m[0].length))}」; dropped`,
        { file: ctx.file, line: b.line, column },
        ['the layouts draw their own markers and numbers, so the dataset holds only the text'],
        marker,
      ),
    );
    // The text now starts where the marker was (or still at its `**`).
    return { ...b, text: bold + b.text.slice(m[0].length), column: bold ? b.column : b.column + cpLength(m[0]) };
  });
  return { blocks: out, diagnostics };
}

/** Lines that open a block of their own: a table caption (表一：…), a note (註：…), a source line (資料來源：…). */
const OWN_LINE = /^(?:\*\*)?(?:表|圖表|图表|註|注|備註|备注|資料來源|资料来源|來源|来源)\s*[\d一二三四五六七八九十]*\s*[：:．.、]/u;

/** The text a following line would continue: a paragraph's, or the last (deepest) item of a list item. */
function lastText(b: BulletBlock | ParagraphBlock): string {
  if (b.kind === 'paragraph') return b.text;
  let items = b.items;
  let text = b.text;
  while (items.length) {
    const last = items.at(-1)!;
    text = last.text;
    items = last.items;
  }
  return text;
}

function appendToLast<T extends BulletBlock | ParagraphBlock>(b: T, more: string): T {
  if (b.kind === 'paragraph' || b.items.length === 0) return { ...b, text: joinLines(b.text, more) };
  const append = (items: ItemNode[]): ItemNode[] =>
    items.map((it, i) => (i < items.length - 1 ? it : it.items.length ? { ...it, items: append(it.items) } : { ...it, text: joinLines(it.text, more) }));
  return { ...b, items: append(b.items) };
}

/**
 * Join sentences that the export's page breaks split: an item or paragraph that ends without sentence-final
 * punctuation, followed (after a blank line) by a plain paragraph, is one sentence. A heading, item or rule
 * after it is not a continuation, so nothing is joined there.
 */
export function joinPageBreakSplits(blocks: MdBlock[], ctx: RepairContext): { blocks: MdBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: MdBlock[] = [];
  blocks.forEach((b, i) => {
    const prev = out.at(-1);
    // A caption above a table, or a note or source line, starts something of its own: never a continuation.
    // So does what follows a line ending in a link: a list of addresses is not a sentence cut by a page break.
    const endsInLink = prev !== undefined && (prev.kind === 'bullet' || prev.kind === 'paragraph') && /(?:\]\([^)\s]*\)|https?:\/\/\S+)$/u.test(lastText(prev));
    const standsAlone = b.kind === 'paragraph' && (blocks[i + 1]?.kind === 'table' || OWN_LINE.test(b.text) || endsInLink);
    if (b.kind === 'paragraph' && !standsAlone && prev && (prev.kind === 'bullet' || prev.kind === 'paragraph') && lastText(prev) !== '' && !endsSentence(lastText(prev))) {
      const lastLine = ctx.lines[prev.endLine - 1] ?? '';
      diagnostics.push(
        finding(
          importCodes.pageBreakSplit,
          `a sentence is split by a page break: line ${prev.endLine} ends without sentence-final punctuation and line ${b.line} continues it; joined`,
          { file: ctx.file, line: prev.endLine, column: cpLength(lastLine.trimEnd()) },
          [`check that the joined text reads on: 「${excerpt(lastText(prev), 12, true)}」+「${excerpt(b.text, 12)}」`],
        ),
      );
      out[out.length - 1] = { ...appendToLast(prev, b.text), endLine: b.endLine };
      return;
    }
    out.push(b);
  });
  return { blocks: out, diagnostics };
}

/**
 * Take out the export's furniture: the update line (「（更新日期：2026 年 3 月）」) becomes the document's date
 * wherever it stands — its own line, the end of a paragraph or item, a heading, a quote — and short lines after
 * the closing rule (a page footer such as 「2026 年 4 月」) are dropped. Rules themselves carry nothing into the dataset.
 */
export function takeFurniture(blocks: MdBlock[], ctx: RepairContext): Repaired {
  const diagnostics: Diagnostic[] = [];
  let asOf: Repaired['asOf'];
  // Footer: everything after the last rule, when it is only a few short lines without sentence-final punctuation.
  let end = blocks.length;
  let lastRule = -1;
  blocks.forEach((b, i) => {
    if (b.kind === 'rule') lastRule = i;
  });
  if (lastRule >= 0) {
    const tail = blocks.slice(lastRule + 1);
    const footerLike = tail.length <= 2 && tail.every((b) => b.kind === 'paragraph' && cpLength(b.text) <= 24 && !endsSentence(b.text) && !findUpdateDate(b.text));
    if (tail.length > 0 && footerLike) {
      for (const b of tail) {
        if (b.kind !== 'paragraph') continue;
        diagnostics.push(
          finding(
            importCodes.furniture,
            `「${excerpt(b.text)}」 after the closing rule looks like the export's page footer; not imported`,
            { file: ctx.file, line: b.line, column: b.column },
            ['if it is content, move it above the rule and import again'],
          ),
        );
      }
      end = lastRule + 1;
    }
  }

  /** Take the update line out of one text; undefined when nothing of the text is left. */
  const take = (text: string, line: number, endLine: number, column: number): string | undefined => {
    const found = findUpdateDate(text);
    if (!found) return text;
    const written = text.slice(found.index, found.index + found.length);
    const at = locate(ctx.lines, written, line, endLine) ?? { line, column };
    if (found.invalid !== undefined) {
      diagnostics.push(
        finding(importCodes.badDate, `update line 「${written}」 names a date the calendar does not have; meta.asOf is not taken from it`, { file: ctx.file, ...at }, [
          'correct the date in the fact sheet and import again, or set meta.asOf by hand',
        ], written),
      );
      return text;
    }
    if (!asOf || laterDate(asOf.date, found.iso) !== asOf.date) asOf = { date: found.iso, line: at.line, text: written };
    diagnostics.push(
      finding(
        importCodes.furniture,
        `update line 「${written}」 gives the document's date ${found.iso}; taken as meta.asOf at that precision, not as body text`,
        { file: ctx.file, ...at },
        ['the layouts print meta.asOf on the cover, the back cover and the title slide'],
      ),
    );
    const rest = (text.slice(0, found.index).trimEnd() + text.slice(found.index + found.length)).trim();
    return /^[\s\p{P}*]*$/u.test(rest) ? undefined : rest;
  };
  const takeItems = (items: ItemNode[]): ItemNode[] =>
    items.flatMap((it) => {
      const text = take(it.text, it.line, it.endLine, it.column);
      const children = takeItems(it.items);
      return text === undefined && children.length === 0 ? [] : [{ ...it, text: text ?? '', items: children }];
    });

  const out: MdBlock[] = [];
  for (const b of blocks.slice(0, end)) {
    if (b.kind === 'rule') continue;
    if (b.kind === 'heading' || b.kind === 'paragraph') {
      const text = take(b.text, b.line, b.endLine, b.column);
      if (text !== undefined) out.push({ ...b, text });
    } else if (b.kind === 'bullet') {
      const text = take(b.text, b.line, b.endLine, b.column);
      const items = takeItems(b.items);
      if (text !== undefined || items.length) out.push({ ...b, text: text ?? '', items });
    } else if (b.kind === 'quote') {
      const paragraphs = b.paragraphs.flatMap((p) => take(p, b.line, b.endLine, b.column) ?? []);
      if (paragraphs.length) out.push({ ...b, paragraphs });
    } else out.push(b);
  }
  return { blocks: out, asOf, diagnostics };
}

/** Where a piece of text stands in the source lines [line, endLine]: line and code-point column. */
function locate(lines: string[], written: string, line: number, endLine: number): { line: number; column: number } | undefined {
  const probe = written.replace(/\*\*/g, '').trim();
  for (let n = line; n <= Math.max(line, endLine); n++) {
    const at = (lines[n - 1] ?? '').indexOf(probe);
    if (at >= 0) return { line: n, column: cpLength((lines[n - 1] ?? '').slice(0, at)) + 1 };
  }
  return undefined;
}

/** With no update line: the latest date the text writes (year and month at least), or none. */
export function latestDate(text: string): string | undefined {
  let latest: string | undefined;
  for (const d of findDates(text)) latest = laterDate(latest, d.iso);
  return latest;
}

/** Report `**` that do not pair up: as it is, one prints literally. */
export function reportMarkup(blocks: MdBlock[], ctx: RepairContext): { blocks: MdBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const check = (text: string, line: number, column: number): void => {
    if ((text.match(/\*\*/g) ?? []).length % 2 === 1) {
      diagnostics.push(finding(importCodes.markup, `unbalanced '**' in 「${excerpt(text)}」`, { file: ctx.file, line, column }, ['every bold phrase needs a closing **; as it is, one ** prints literally']));
    }
  };
  const items = (its: ItemNode[]): void => its.forEach((it) => (check(it.text, it.line, it.column), items(it.items)));
  for (const b of blocks) {
    if (b.kind === 'heading' || b.kind === 'paragraph') check(b.text, b.line, b.column);
    else if (b.kind === 'bullet') {
      check(b.text, b.line, b.column);
      items(b.items);
    } else if (b.kind === 'quote') b.paragraphs.forEach((p) => check(p, b.line, b.column));
    else if (b.kind === 'table') [...b.header, ...b.rows.flat()].forEach((c) => check(c.text, c.line, c.column));
  }
  return { blocks, diagnostics };
}
