// Tables, nested and numbered lists, links, quotes and notes (issue 10), built through the real command line from a
// fact sheet made for them (test/fixtures/blocks/trade.yaml): the brochure read back with pdfjs-dist and qpdf.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { cellText } from '../src/data/blocks.js';
import { findLinks, linkWords } from '../src/data/inline.js';
import type { Dataset, ListItemInput, Table } from '../src/data/schema.js';
import { parseMarkup } from '../src/markup/parse.js';
import { inlineText, type Inline } from '../src/markup/types.js';
import { inlineMarkup, stripMarks } from '../src/template/text.js';
import { silkpress, tempDir } from './support/cli.js';
import { readPdf, readPdfObjects, pdfString, type PdfInfo, type PdfObjects, type PdfValue } from './support/pdf.js';

const FIXTURE = 'test/fixtures/blocks/trade.yaml';
const data = parseYaml(readFileSync(FIXTURE, 'utf8')) as Dataset;
const bodies = data.sections.flatMap((s) => s.body);
const tables = bodies.flatMap((b) => ('table' in b ? [b.table] : [])) as Table[];
const longTable = tables[0]!;

let out: string;
let screen: PdfInfo;
let objects: PdfObjects;

beforeAll(async () => {
  out = tempDir('blocks');
  const check = await silkpress(['check', '--data', FIXTURE]);
  expect(check.stderr).toBe('');
  expect(check.code).toBe(0);
  const built = await silkpress(['build', '--data', FIXTURE, '--out', out]);
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  screen = await readPdf(readFileSync(join(out, 'brochure.pdf')));
  objects = readPdfObjects(join(out, 'brochure.pdf'));
}, 120_000);

/** The page's text, line by line top to bottom (items on one baseline joined), whitespace removed. */
function pageLines(pdf: PdfInfo, index: number): string[] {
  const rows = new Map<number, { x: number; str: string }[]>();
  for (const it of pdf.pages[index]!.items) {
    const y = Math.round(it.y);
    rows.set(y, [...(rows.get(y) ?? []), { x: it.x, str: it.str }]);
  }
  return [...rows.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, items]) => items.sort((a, b) => a.x - b.x).map((i) => i.str).join('').replace(/\s+/g, ''))
    .filter((l) => l !== '');
}

const squash = (s: string): string => linkWords(s).replace(/\*\*/g, '').replace(/\s+/g, '');

describe('a table in the brochure', () => {
  it('prints every cell of every row, each row on one line in column order', () => {
    const lines = screen.pages.flatMap((_, i) => pageLines(screen, i));
    for (const row of longTable.rows) {
      const expected = row.map((c) => squash(cellText(c))).join('');
      expect(lines, `row ${expected}`).toContain(expected);
    }
  });

  it('continues on the next page under a 「（續）」 caption and the header row again, no row split', () => {
    const caption = squash(longTable.caption!);
    const header = longTable.header.map(squash).join('');
    const pagesWithHeader = screen.pages.map((_, i) => pageLines(screen, i)).filter((l) => l.includes(header));
    expect(pagesWithHeader.length).toBe(2);
    expect(pagesWithHeader[0]).toContain(caption);
    const second = pagesWithHeader[1]!;
    expect(second).toContain(`${caption}（續）`);
    // The continued caption, then the header, then rows.
    expect(second.indexOf(`${caption}（續）`)).toBeLessThan(second.indexOf(header));
    // Rows in the data's order across the two pages, each once.
    const rowsSeen = pagesWithHeader.flatMap((lines) => lines.filter((l) => longTable.rows.some((r) => r.map((c) => squash(cellText(c))).join('') === l)));
    expect(rowsSeen).toEqual(longTable.rows.map((r) => r.map((c) => squash(cellText(c))).join('')));
  });

  it('aligns a decimal column on the point and keeps digit groups whole', () => {
    const page = screen.pages.find((p) => p.items.some((i) => i.str.includes('1,668.8')))!;
    const right = (str: string): number => {
      const it = page.items.find((i) => i.str.replace(/\s/g, '') === str.replace(/\s/g, ''))!;
      return it.x + it.width;
    };
    // 16 688 has no fraction: its right edge sits where 1,668.8's point is, i.e. left of 1,668.8's right edge.
    expect(right('16 688')).toBeLessThan(right('1,668.8'));
    expect(Math.abs(right('1,668.8') - right('1 250.5'))).toBeLessThan(0.5);
    expect(page.items.some((i) => i.str.includes('16 688'))).toBe(true);
  });
});

/** A structure element read from the file with qpdf. */
interface StructElement {
  type: string;
  attrs: Record<string, PdfValue>;
  mcids: number;
  annotations: string[];
  children: StructElement[];
}

function structureTree(o: PdfObjects): StructElement {
  const read = (ref: PdfValue | undefined): StructElement => {
    const d = o.dict(ref);
    const a = d['/A'] === undefined ? {} : o.dict(d['/A']);
    const el: StructElement = { type: String(d['/S']).slice(1), attrs: a, mcids: 0, annotations: [], children: [] };
    const kids = d['/K'] === undefined ? [] : Array.isArray(d['/K']) ? d['/K'] : [d['/K']];
    for (const k of kids) {
      if (typeof k === 'number') el.mcids++;
      else {
        const kd = o.dict(k);
        if (kd['/Type'] === '/OBJR') el.annotations.push(String(kd['/Obj']));
        else if (kd['/Type'] === '/MCR') el.mcids++;
        else el.children.push(read(k));
      }
    }
    return el;
  };
  const root = o.dict(o.catalog['/StructTreeRoot']);
  const kids = root['/K'];
  return { type: 'StructTreeRoot', attrs: {}, mcids: 0, annotations: [], children: (Array.isArray(kids) ? kids : [kids!]).map(read) };
}

function all(el: StructElement, type: string): StructElement[] {
  return [...(el.type === type ? [el] : []), ...el.children.flatMap((c) => all(c, type))];
}

describe('the tagged screen edition', () => {
  it('tags a table as Table > TR > TH (Scope Column) / TD, one TR per row', () => {
    const tree = structureTree(objects);
    const found = all(tree, 'Table');
    expect(found.length).toBe(tables.length);
    const t = found[0]!;
    expect(t.children[0]!.type).toBe('Caption');
    const trs = t.children.filter((c) => c.type === 'TR');
    expect(trs.length).toBe(longTable.rows.length + 1);
    expect(trs[0]!.children.map((c) => c.type)).toEqual(longTable.header.map(() => 'TH'));
    for (const th of trs[0]!.children) expect(th.attrs['/Scope']).toBe('/Column');
    for (const tr of trs.slice(1)) expect(tr.children.map((c) => c.type)).toEqual(longTable.header.map(() => 'TD'));
    for (const cell of trs.flatMap((tr) => tr.children)) expect(cell.mcids + cell.children.length).toBeGreaterThan(0);
  });

  it('nests lists: L > LI > LBody > L, three levels deep, numbers as Lbl', () => {
    const tree = structureTree(objects);
    const depth = (el: StructElement): number => (el.type === 'L' ? 1 : 0) + Math.max(0, ...el.children.map(depth));
    expect(depth(tree)).toBeGreaterThanOrEqual(3);
    for (const l of all(tree, 'L')) for (const li of l.children) expect(li.type).toBe('LI');
    for (const li of all(tree, 'LI')) {
      expect(li.children.map((c) => c.type).filter((t) => t !== 'Lbl')).toEqual(['LBody']);
      const nested = li.children[li.children.length - 1]!.children.filter((c) => c.type === 'L');
      for (const n of nested) expect(all(tree, 'L')).toContain(n);
    }
    // The ordered list's items carry their number as a label.
    expect(all(tree, 'Lbl').length).toBeGreaterThanOrEqual(5);
  });

  it('makes every address of the data a /URI link annotation, tagged Link with its words', () => {
    const uris: string[] = [];
    for (const { dict } of objects.pages) {
      const annots = objects.resolve(dict['/Annots']);
      for (const a of Array.isArray(annots) ? annots : []) {
        const d = objects.dict(a);
        const action = d['/A'] === undefined ? undefined : objects.dict(d['/A']);
        if (action?.['/S'] === '/URI') {
          uris.push(pdfString(action['/URI']));
          expect(pdfString(d['/Contents']).length).toBeGreaterThan(0);
          expect(d['/StructParent']).toBeTypeOf('number');
        }
      }
    }
    const texts = bodies.flatMap((b) => JSON.stringify(b).match(/"[^"]*"/g) ?? []).map((s) => JSON.parse(s) as string);
    const expected = [...new Set(texts.flatMap((t) => findLinks(t).map((l) => l.href)))];
    expect(expected.length).toBeGreaterThanOrEqual(5);
    for (const href of expected) expect(uris, href).toContain(href);
    const links = all(structureTree(objects), 'Link');
    expect(links.filter((l) => l.annotations.length > 0).length).toBeGreaterThanOrEqual(expected.length);
  });
});

describe('lists, quotes and notes in the brochure', () => {
  it('numbers an ordered list in Chinese style by level, indents each level further', () => {
    const text = screen.pages.flatMap((_, i) => pageLines(screen, i));
    const list = bodies.find((b) => 'list' in b && b.list.ordered) as { list: { items: ListItemInput[] } };
    const first = list.list.items[0] as { text: string };
    expect(text).toContain(`一、${squash(first.text)}`);
    expect(text).toContain('二、物流及航運服務');
    expect(text).toContain('1.長期業務');
    const page = screen.pages.find((p) => p.items.some((i) => i.str.includes('持牌銀行')))!;
    const x = (s: string): number => page.items.find((i) => i.str.includes(s))!.x;
    expect(x('金融服務')).toBeLessThan(x('銀行業'));
    expect(x('銀行業')).toBeLessThan(x('持牌銀行'));
  });

  it('prints a note after 「註：」 and a quote with who said it', () => {
    const text = screen.pages.flatMap((_, i) => pageLines(screen, i)).join('\n');
    expect(text).toContain('註：上述數字為臨時數字，或會修訂。');
    expect(text).toContain('——商務及經濟發展局局長');
    expect(all(structureTree(objects), 'BlockQuote').length).toBe(1);
  });
});

describe('links in data text', () => {
  const links = (inlines: Inline[]): string[] => inlines.flatMap((i) => (i.kind === 'link' ? [i.href, ...links(i.children)] : i.kind === 'strong' ? links(i.children) : []));
  const parsed = (text: string): Inline[] => {
    const doc = parseMarkup({
      markup: `<doc title="t" lang="zh-Hant-HK" publisher="p" date="2026-03" source="s"><section id="s" level="1"><h>h</h><p>${inlineMarkup(text)}</p></section></doc>`,
      file: 'test',
    });
    const section = doc.blocks[0] as { blocks: { inlines: Inline[] }[] };
    return section.blocks[0]!.inlines;
  };

  it('finds [words](url) and bare addresses, leaving trailing punctuation and CJK outside the address', () => {
    expect(findLinks('見[網頁](https://a.org/x)及 https://b.org/y 。')).toMatchObject([
      { words: '網頁', href: 'https://a.org/x', form: 'markdown' },
      { words: 'https://b.org/y', href: 'https://b.org/y', form: 'bare' },
    ]);
    expect(findLinks('(see https://a.org/a_(b)).').map((l) => l.href)).toEqual(['https://a.org/a_(b)']);
    expect(findLinks('網址https://a.org/x，其後').map((l) => l.href)).toEqual(['https://a.org/x']);
    expect(findLinks('https://a.org/x.').map((l) => l.href)).toEqual(['https://a.org/x']);
  });

  it('any text comes back from the markup as written, its links as links to their addresses (property)', () => {
    const piece = fc.constantFrom('[', ']', '(', ')', '**', '*', '<', '&', '"', "'", ' ', '。', '「', '」', 'https://', 'http://', 'a.org', '/x', '網頁', '[網頁](https://a.org/p?q=1&r=2)', 'https://b.org/', 'mailto:x@y.org', '\n');
    const text = fc.array(fc.oneof(piece, fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 14 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, (s) => {
        const inlines = parsed(s);
        expect(inlineText(inlines)).toBe(stripMarks(s));
        expect(links(inlines)).toEqual(findLinks(s).map((l) => l.href));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a table or link that is wrong', () => {
  it('is reported by check at its line with E130, E131 and E132, and build refuses it', async () => {
    const file = 'test/fixtures/blocks/bad-table.yaml';
    const check = await silkpress(['check', '--data', file]);
    expect(check.code).toBe(1);
    const found = [...check.stderr.matchAll(/^(\S+:\d+:\d+): error\[(E\d+)\]/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(found).toEqual([`${file}:23:15 E130`, `${file}:21:20 E131`, `${file}:22:29 E131`, `${file}:14:20 E132`]);
    expect(check.stderr).toContain('the cell "約一千" is in a number column but is not a number');
    const out = tempDir('bad-table');
    const built = await silkpress(['build', '--data', file, '--out', out]);
    expect(built.code).toBe(1);
    expect(built.stderr).toContain('error[E130]');
  }, 60_000);
});

describe('a table never overflows the text column (property)', () => {
  it('keeps every cell inside the column and every row whole, whatever words and numbers the cells hold', async () => {
    const { loadProject } = await import('../src/project.js');
    const { layoutBrochure } = await import('../src/layout/brochure.js');
    const { createTextEngine } = await import('../src/text/engine.js');
    const { mmToPt } = await import('../src/theme/theme.js');
    const project = loadProject('.');
    const engine = createTextEngine(project.fonts);
    const p = project.theme.page;
    const contentW = mmToPt(p.widthMm - p.marginsMm.inside - p.marginsMm.outside);
    // Words as fact sheets have them: Latin words and numbers stand apart (a space, or CJK beside them), so no
    // unbreakable piece is longer than a long word; six such columns still fit the column at the smallest size.
    const word = fc.constantFrom('香港', '貿易', '「一帶一路」', 'WTO ', 'Hong Kong ', ' 16 688 ', '1,668.8 ', '2025', '（續）', '。', ' internationalisation ', ' 1234567890123 ');
    const cellText = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(''));
    const kind = fc.constantFrom('text', 'number', 'year') as fc.Arbitrary<'text' | 'number' | 'year'>;
    const table = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        kinds: fc.array(kind, { minLength: n, maxLength: n }),
        header: fc.array(cellText, { minLength: n, maxLength: n }),
        rows: fc.array(fc.array(cellText, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 30 }),
      }),
    );
    fc.assert(
      fc.property(table, (t) => {
        const cell = (text: string, c: number) => ({ inlines: [{ kind: 'text' as const, text }], kind: t.kinds[c]!, align: t.kinds[c] === 'text' ? ('left' as const) : ('right' as const) });
        const doc = {
          meta: { title: 't', lang: 'zh-Hant-HK', publisher: 'p', date: '2026-03', source: 's' },
          blocks: [{ kind: 'section' as const, id: 's', level: 1, heading: [{ kind: 'text' as const, text: '表' }], blocks: [{ kind: 'table' as const, caption: [{ kind: 'text' as const, text: '表格' }], header: t.header.map(cell), rows: t.rows.map((r) => r.map(cell)) }] }],
        };
        const laid = layoutBrochure(doc, project.theme, engine);
        for (const page of laid.pages) {
          const left = (page.number % 2 === 0 ? mmToPt(p.marginsMm.outside) : mmToPt(p.marginsMm.inside));
          for (const it of page.items) {
            if (it.kind !== 'text' || it.role === 'artifact' && it.yPt < mmToPt(p.marginsMm.top)) continue;
            if (it.yPt > page.heightPt - mmToPt(p.marginsMm.bottom) + 1) continue; // the folio
            expect(it.xPt).toBeGreaterThanOrEqual(left - 0.5);
            expect(it.xPt + it.widthPt).toBeLessThanOrEqual(left + contentW + 0.5);
          }
        }
        // Every cell's text comes back, each row's cells on one page.
        const text = laid.pages.map((pg) => pg.items.flatMap((i) => (i.kind === 'text' ? [i.text] : [])).join('').replace(/\s/g, ''));
        for (const row of t.rows) expect(text.some((pg) => row.every((c) => pg.includes(c.replace(/\s/g, ''))))).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
