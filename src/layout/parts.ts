// Typeset text that holds links → its pieces, each a structure element of its own: a `Link` per link, the element
// its annotations belong to (PDF/UA-1 7.18.5: a link annotation is nested in a Link), and a `Span` for the words
// between. The brochure's blocks (blocks/set.ts) and briefing.pdf's boxes and cells (pptx/pages.ts) both use it.
import type { Line } from '../text/engine.js';
import type { StructureNode } from './types.js';

export interface InlineParts {
  /** The element (block id) of each run, line by line. */
  ids: number[][];
  /** The pieces' structure elements, in reading order: the children of the text's P, LBody or TD. */
  nodes: StructureNode[];
  /** What each link says (its words), by its block id: the annotation's Contents. */
  labels: Map<number, string>;
}

/**
 * The pieces of typeset text that holds links, each numbered by `next`; `undefined` when it holds none (the text is
 * one element), unless `always` (text that shares its element with text that has links: all of it in pieces).
 */
export function lineParts(lines: Line[], next: () => number, always = false): InlineParts | undefined {
  if (!always && !lines.some((l) => l.runs.some((r) => r.link))) return undefined;
  const ids: number[][] = [];
  const nodes: StructureNode[] = [];
  const labels = new Map<number, string>();
  let current: { link: number | undefined; id: number } | undefined;
  for (const line of lines) {
    const row: number[] = [];
    for (const run of line.runs) {
      const link = run.link?.n;
      if (!current || current.link !== link) {
        current = { link, id: next() };
        nodes.push({ type: link === undefined ? 'Span' : 'Link', blockId: current.id, children: [] });
      }
      if (link !== undefined) labels.set(current.id, (labels.get(current.id) ?? '') + run.text);
      row.push(current.id);
    }
    ids.push(row);
  }
  return { ids, nodes, labels };
}
