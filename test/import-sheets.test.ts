// Two fact sheets the importer was not shaped around (test/fixtures/import/asean-trade: a long table, three-level and
// numbered lists, links, notes; finance-hub: English names and abbreviations in Chinese, odd dates), taken through the
// real command line as a user would: import → check (exit 0, no hand edits) → build, then the brochure read back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { silkpress, tempDir } from './support/cli.js';
import { missingInOrder, sheetContent, type SheetContent } from './support/markdown-text.js';
import { readPdf, readPdfObjects, structureTree, type PdfInfo, type PdfObjects, type StructElement } from './support/pdf.js';

const SHEETS = ['asean-trade', 'finance-hub'] as const;
const RUNNING_HEAD_PT = 8;
const SLOW = 180_000;

interface Built {
  source: string;
  content: SheetContent;
  yaml: string;
  data: { meta: Record<string, unknown>; figures: { value: number; asOf: number; label: string }[] };
  importErr: string;
  screen: PdfInfo;
  screenObjects: PdfObjects;
  out: string;
}

const built = new Map<string, Built>();

async function importAndBuild(name: string): Promise<Built> {
  const file = `test/fixtures/import/${name}.zh-Hant.md`;
  const dir = tempDir(`sheet-${name}`);
  const data = join(dir, `${name}.yaml`);
  const imported = await silkpress(['import', file, '--out', data]);
  expect(imported.code, imported.stderr).toBe(0);
  // No hand edits: check passes the dataset exactly as import wrote it.
  const checked = await silkpress(['check', '--data', data]);
  expect(checked.code, checked.stderr).toBe(0);
  const out = join(dir, 'out');
  const b = await silkpress(['build', '--data', data, '--out', out]);
  expect(b.code, b.stderr).toBe(0);
  const source = readFileSync(file, 'utf8');
  const yaml = readFileSync(data, 'utf8');
  return {
    source,
    content: sheetContent(source),
    yaml,
    data: parseYaml(yaml) as Built['data'],
    importErr: imported.stderr,
    screen: await readPdf(readFileSync(join(out, 'brochure.pdf'))),
    screenObjects: readPdfObjects(join(out, 'brochure.pdf')),
    out,
  };
}

beforeAll(async () => {
  for (const name of SHEETS) built.set(name, await importAndBuild(name));
}, 2 * SLOW);

/** The brochure's text in page order, running heads and folios left out, whitespace removed. */
function bodyText(pdf: PdfInfo): string {
  return pdf.pages
    .map((p) => p.items.filter((i) => Math.abs(i.sizePt - RUNNING_HEAD_PT) > 0.05).map((i) => i.str).join(''))
    .join('')
    .replace(/\s+/gu, '');
}

function all(el: StructElement, type: string): StructElement[] {
  return [...(el.type === type ? [el] : []), ...el.children.flatMap((c) => all(c, type))];
}

/** Every /URI of every link annotation, page by page. */
function uriLinks(o: PdfObjects): string[] {
  const out: string[] = [];
  for (const { dict } of o.pages) {
    const annots = o.resolve(dict['/Annots']);
    for (const a of Array.isArray(annots) ? annots : []) {
      const ad = o.dict(a);
      if (ad['/Subtype'] !== '/Link' || ad['/A'] === undefined) continue;
      const action = o.dict(ad['/A']);
      if (action['/S'] === '/URI') out.push(String(o.resolve(action['/URI'])).replace(/^[ub]:/u, ''));
    }
  }
  return out;
}

describe.each(SHEETS)('the fact sheet %s, imported and built', (name) => {
  const get = (): Built => built.get(name)!;

  it('imports with the as-of date at its precision, no source, publisher or placeholder, and figures with their own year', () => {
    const { data, yaml, importErr } = get();
    expect(data.meta.asOf).toBe(name === 'asean-trade' ? '2026-03' : '2026-01');
    expect(data.meta.source).toBeUndefined();
    expect(data.meta.publisher).toBeUndefined();
    expect(yaml).not.toMatch(/TODO|1970/u);
    expect(importErr).toMatch(/warning\[E710\]: the fact sheet does not state its source/u);
    expect(data.figures.length).toBeGreaterThan(0);
    for (const f of data.figures) {
      expect(f.asOf).toBeGreaterThanOrEqual(2000);
      expect(f.label).not.toMatch(/[|#]|^[的之及和與或在於]|[間中之的及了]$/u);
    }
  });

  it('holds every sentence, number and table cell of the source, in reading order', () => {
    const { screen, content } = get();
    const text = bodyText(screen);
    expect(content.pieces.length).toBeGreaterThan(20);
    expect(missingInOrder(text, content.pieces)).toEqual([]);
  });

  it('prints the date at the precision the sheet gives it, never a day it did not give', () => {
    const { screen } = get();
    const cover = screen.pages[0]!.items.map((i) => i.str).join('').replace(/\s/gu, '');
    const month = name === 'asean-trade' ? '2026年3月' : '2026年1月';
    expect(cover).toContain(`更新日期：${month}`);
    expect(bodyText(screen)).not.toMatch(new RegExp(`${month}1日|1970|資料來源：[^，。]*\\.md`, 'u'));
  });

  it('makes every URL of the source a /URI link', () => {
    const { screenObjects, content } = get();
    const links = uriLinks(screenObjects);
    expect(content.urls.length).toBeGreaterThan(0);
    expect(content.urls.filter((u) => !links.includes(u))).toEqual([]);
  });

  it('tags the lists as L, nested per level, and a table (when the sheet has one) as Table with TH and TD', () => {
    const { screenObjects, content, source } = get();
    const tree = structureTree(screenObjects);
    const lists = all(tree, 'L');
    expect(lists.length).toBeGreaterThan(0);
    // A sheet with indented items has lists within lists, three deep where the source is.
    const depth = (el: StructElement): number => (el.type === 'L' ? 1 : 0) + Math.max(0, ...el.children.map(depth));
    const sourceDepth = Math.max(...source.split('\n').filter((l) => /^\s*(?:[-*+]|\d+\.)\s/u.test(l)).map((l) => Math.floor(/^\s*/u.exec(l)![0].length / 2) + 1));
    expect(depth(tree)).toBeGreaterThanOrEqual(Math.min(3, sourceDepth));
    if (name === 'asean-trade') expect(depth(tree)).toBeGreaterThanOrEqual(3);
    if (content.cells.length) {
      const tables = all(tree, 'Table');
      expect(tables.length).toBeGreaterThan(0);
      expect(all(tables[0]!, 'TH').length).toBeGreaterThan(0);
      // One TD per body cell (the header cells are TH), however many pages the table runs over.
      const bodyCells = content.cells.length - all(tables[0]!, 'TH').length;
      expect(tables.flatMap((t) => all(t, 'TD')).length).toBe(bodyCells);
    }
  });
});

describe('the long table', () => {
  it('runs over a page break with its header repeated under a （續） caption', () => {
    const { screen } = built.get('asean-trade')!;
    const pagesWithRows = screen.pages.filter((p) => p.items.some((i) => i.str.includes('（進口）') || i.str.includes('新加坡')));
    expect(pagesWithRows.length).toBeGreaterThan(1);
    const continued = screen.pages.filter((p) => p.items.map((i) => i.str).join('').includes('（續）'));
    expect(continued.length).toBeGreaterThan(0);
    for (const p of continued) expect(p.items.map((i) => i.str).join('')).toContain('貿易總額（億港元）');
  });
});
