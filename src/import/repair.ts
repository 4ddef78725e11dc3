// Take the blocks of an exported fact sheet and undo the export's artefacts that can be undone safely
// (sentences split by page breaks, decorative markers, the update line, the page footer), reporting each.
import { joinLines, type MdBlock } from './markdown.js';
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
    if (b.kind === 'rule') return b;
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

/**
 * Join sentences that the export's page breaks split: an item or paragraph that ends without sentence-final
 * punctuation, followed (after a blank line) by a plain paragraph, is one sentence. A heading, item or rule
 * after it is not a continuation, so nothing is joined there.
 */
export function joinPageBreakSplits(blocks: MdBlock[], ctx: RepairContext): { blocks: MdBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out: MdBlock[] = [];
  for (const b of blocks) {
    const prev = out.at(-1);
    if (b.kind === 'paragraph' && prev && (prev.kind === 'bullet' || prev.kind === 'paragraph') && prev.text !== '' && !endsSentence(prev.text)) {
      const lastLine = ctx.lines[prev.endLine - 1] ?? '';
      diagnostics.push(
        finding(
          importCodes.pageBreakSplit,
          `a sentence is split by a page break: line ${prev.endLine} ends without sentence-final punctuation and line ${b.line} continues it; joined`,
          { file: ctx.file, line: prev.endLine, column: cpLength(lastLine.trimEnd()) },
          [`check that the joined text reads on: 「${excerpt(prev.text, 12, true)}」+「${excerpt(b.text, 12)}」`],
        ),
      );
      out[out.length - 1] = { ...prev, text: joinLines(prev.text, b.text), endLine: b.endLine };
      continue;
    }
    out.push(b);
  }
  return { blocks: out, diagnostics };
}

const UPDATE_LINE = /^[(（]?\s*(?:更新日期|最後更新|資料更新|更新)\s*[：:]\s*(.+?)\s*[)）]?$/u;
const FULL_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/u;

export function isoDate(match: RegExpExecArray): string {
  return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
}

/**
 * Take out the export's furniture: the update line (「（更新日期：2026 年 4 月 28 日）」) becomes the
 * document's date, and short lines after the closing rule (a page footer such as 「2026 年 4 月」) are dropped.
 * Rules themselves carry nothing into the dataset.
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
    const footerLike = tail.length <= 2 && tail.every((b) => b.kind === 'paragraph' && cpLength(b.text) <= 24 && !endsSentence(b.text));
    if (tail.length > 0 && footerLike) {
      for (const b of tail) {
        if (b.kind === 'rule') continue;
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
  const out: MdBlock[] = [];
  for (const b of blocks.slice(0, end)) {
    if (b.kind === 'rule') continue;
    if (b.kind === 'paragraph') {
      const m = UPDATE_LINE.exec(b.text);
      const date = m ? FULL_DATE.exec(m[1]!) : null;
      if (m && date) {
        if (!asOf) asOf = { date: isoDate(date), line: b.line, text: b.text };
        diagnostics.push(
          finding(
            importCodes.furniture,
            `update line 「${b.text}」 gives the document's date ${isoDate(date)}; taken as meta.asOf, not as body text`,
            { file: ctx.file, line: b.line, column: b.column },
            ['meta.source names the source and its date; the layouts print it on the cover'],
          ),
        );
        continue;
      }
    }
    out.push(b);
  }
  return { blocks: out, asOf, diagnostics };
}

/** Report `**` that do not pair up, and links, whose targets the dataset cannot hold. */
export function reportMarkup(blocks: MdBlock[], ctx: RepairContext): { blocks: MdBlock[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const out = blocks.map((b) => {
    if (b.kind === 'rule') return b;
    let text = b.text.replace(/__(?=\S)(.+?)__/gu, '**$1**');
    const place = { file: ctx.file, line: b.line, column: b.column };
    if ((text.match(/\*\*/g) ?? []).length % 2 === 1) {
      diagnostics.push(finding(importCodes.markup, `unbalanced '**' in 「${excerpt(text)}」`, place, ['every bold phrase needs a closing **; as it is, one ** prints literally']));
    }
    text = text.replace(/!?\[([^\]]*)\]\(([^)]*)\)/gu, (_all, label: string, target: string) => {
      diagnostics.push(finding(importCodes.markup, `link 「${label}」 → ${target}: the dataset holds text only; kept the link text`, place, ['name the source in meta.source if the link matters']));
      return label;
    });
    return { ...b, text };
  });
  return { blocks: out, diagnostics };
}
