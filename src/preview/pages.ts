// Take a page list as people write it (`1,3,5-7`, `10-`) and give the page numbers it selects in a document.

/** One term of a page list: a single page, or a range whose end may be open (`10-`: page 10 to the last). */
export interface PageRange {
  from: number;
  to?: number | undefined;
}

/** A parsed page list; no ranges means every page. */
export interface PageSelection {
  ranges: PageRange[];
}

export const ALL_PAGES: PageSelection = { ranges: [] };

/**
 * Parse `1,3,5-7` or `2-` (1-based, inclusive). Throws an Error whose message is for the user (the CLI turns it
 * into a usage error).
 */
export function parsePageList(list: string): PageSelection {
  const ranges: PageRange[] = [];
  for (const raw of list.split(',')) {
    const term = raw.trim();
    const m = /^(\d+)(?:\s*-\s*(\d*))?$/.exec(term);
    if (!m) throw new Error(`--pages: '${term || list}' is not a page or range; write pages like 1,3,5-7 or 10-`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '' ? undefined : Number(m[2]);
    if (from < 1) throw new Error(`--pages: pages count from 1, not ${from}`);
    if (to !== undefined && to < from) throw new Error(`--pages: the range ${term} runs backwards; write ${to}-${from}`);
    ranges.push({ from, ...(to !== undefined ? { to } : {}) });
  }
  return { ranges };
}

/** The pages of a document of `count` pages that the selection names, ascending, each once. */
export function selectPages(selection: PageSelection, count: number): number[] {
  if (selection.ranges.length === 0) return Array.from({ length: count }, (_, i) => i + 1);
  const pages = new Set<number>();
  for (const r of selection.ranges) for (let p = r.from; p <= Math.min(r.to ?? count, count); p++) pages.add(p);
  return [...pages].sort((a, b) => a - b);
}
