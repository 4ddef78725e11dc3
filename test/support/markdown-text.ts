// What a reader must find of a Markdown fact sheet in the documents, read from the Markdown by lines (not by the
// importer's parser, so the test does not grade the importer with its own reading): every sentence of its text,
// every table cell, every link target, in source order.

export interface SheetContent {
  /** Sentences and table cells, squashed (no whitespace, no `**`, link words only), in source order. */
  pieces: string[];
  /** Table cells alone, row by row, squashed. */
  cells: string[];
  /** Every link target: `[words](url)` and bare `https://…`, in source order. */
  urls: string[];
}

const squash = (s: string): string => s.replace(/\s+/gu, '');
const BARE_URL = /https?:\/\/[\x21-\x7e]+?(?=[\s。，、；：」）)]*(?:\s|$)|[^\x21-\x7e])/gu;

/** Link words for `[words](url)`; marks removed. */
function plain(text: string): string {
  return text.replace(/\[([^\]]*)\]\([^)]*\)/gu, '$1').replace(/\*\*/gu, '');
}

/** Split at sentence ends (。！？；), each piece keeping its punctuation. */
function sentences(text: string): string[] {
  return (text.match(/[^。！？；]+[。！？；]?/gu) ?? []).map((s) => squash(s)).filter((s) => s !== '' && !/^[。！？；，、]+$/u.test(s));
}

export function sheetContent(markdown: string): SheetContent {
  const lines = markdown.split(/\r?\n/u);
  const lastRule = lines.map((l) => /^\s*-{3,}\s*$/u.test(l)).lastIndexOf(true);
  const body = lastRule >= 0 ? lines.slice(0, lastRule) : lines;
  const pieces: string[] = [];
  const cells: string[] = [];
  const urls: string[] = [];
  for (const raw of body) {
    const line = raw.trim();
    if (line === '' || /^\|?\s*:?-{3,}/u.test(line)) continue;
    // The update line is the document's date, printed from meta.asOf, not as body text.
    if (/^[(（]?\s*更新日期/u.test(line)) continue;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/gu)) urls.push(m[1]!);
    for (const m of line.replace(/\]\([^)]*\)/gu, ']').matchAll(BARE_URL)) urls.push(m[0]);
    if (line.startsWith('|')) {
      const row = line.replace(/^\||\|$/gu, '').split('|').map((c) => squash(plain(c)));
      cells.push(...row);
      pieces.push(...row.filter((c) => c !== ''));
      continue;
    }
    const text = plain(
      line
        .replace(/^#{1,6}\s+/u, '')
        .replace(/^(?:[-*+]|\d+[.)])\s+/u, '')
        .replace(/^>\s*/u, '')
        .replace(/^——/u, '')
        // Numbered headings (一、) and notes (註：): the layouts print the number and the label themselves.
        .replace(/^[一二三四五六七八九十]+、/u, '')
        .replace(/^註\s*[：:]\s*/u, ''),
    );
    pieces.push(...sentences(text));
  }
  return { pieces, cells, urls };
}

/** The pieces `text` holds in order: each found after the one before it; returns those not found so. */
export function missingInOrder(text: string, pieces: string[]): string[] {
  const missing: string[] = [];
  let at = 0;
  for (const p of pieces) {
    const i = text.indexOf(p, at);
    if (i < 0) missing.push(p);
    else at = i + p.length;
  }
  return missing;
}
