// Property tests for import's reading of Markdown: nested and numbered lists, tables, links and the update line,
// generated, written out as an export would and read back; and any input at all imports without throwing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDates, findUpdateDate } from '../src/import/dates.js';
import { readMarkdownWithFindings, type BulletBlock, type ItemNode, type TableBlock } from '../src/import/markdown.js';
import { importFactSheet } from '../src/import/skeleton.js';

const cjk = fc.constantFrom(...'香港東盟貿易投資金融服務合作發展物流航運專業人才科技綠色債券');
const latin = fc.constantFrom(...'abcHKEXSFC019');
const punct = fc.constantFrom('，', '、', '「', '」', '（', '）');
/** Text that stays itself in a list item or a table cell: no Markdown syntax at either end, no `|`. */
const words = fc
  .array(fc.oneof(cjk, cjk, cjk, latin, punct), { minLength: 1, maxLength: 14 })
  .map((cs) => cs.join('').trim())
  .filter((s) => s !== '' && /^[\p{Script=Han}「（]/u.test(s) && !/\d[.)]/u.test(s));
const sentence = words.map((w) => `${w}。`);

interface Tree {
  text: string;
  ordered: boolean;
  items: Tree[];
}

const tree = (depth: number): fc.Arbitrary<Tree> =>
  fc.record({
    text: sentence,
    ordered: fc.boolean(),
    items: depth <= 1 ? fc.constant([]) : fc.array(tree(depth - 1), { maxLength: 3 }),
  });

/** Items written as an export writes them: `- ` or `1. ` markers, children indented to the parent's text. */
function writeList(items: Tree[], ordered: boolean, indent: string): string[] {
  return items.flatMap((it, i) => {
    const marker = ordered ? `${i + 1}. ` : '- ';
    const childIndent = indent + ' '.repeat(marker.length);
    return [`${indent}${marker}${it.text}`, ...writeList(it.items, it.ordered, childIndent)];
  });
}

const shape = (t: { text: string; items: ItemNode[] } & ({ itemsOrdered: boolean } | { ordered: boolean })): Tree => ({
  text: t.text,
  ordered: t.items.length ? ('itemsOrdered' in t ? t.itemsOrdered : t.ordered) : false,
  items: t.items.map(shape),
});
const normal = (t: Tree): Tree => ({ text: t.text, ordered: t.items.length ? t.ordered : false, items: t.items.map(normal) });

describe('lists read back', () => {
  it('keeps every item, its depth (three levels and more), its order and whether each level is numbered', () => {
    fc.assert(
      fc.property(fc.array(tree(4), { minLength: 1, maxLength: 4 }), fc.boolean(), (items, ordered) => {
        const md = ['## 標題', '', ...writeList(items, ordered, '')].join('\n');
        const { blocks } = readMarkdownWithFindings(md);
        const bullets = blocks.filter((b): b is BulletBlock => b.kind === 'bullet');
        expect(bullets.every((b) => b.ordered === ordered && b.list === bullets[0]!.list)).toBe(true);
        expect(bullets.map(shape)).toEqual(items.map(normal));
      }),
    );
  });
});

describe('tables read back', () => {
  it('keeps the header and every cell, as written, row by row', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((w) =>
          fc.tuple(
            fc.array(words, { minLength: w, maxLength: w }),
            fc.array(fc.array(fc.oneof(words, fc.constantFrom('16,688', '16 688', '1,668.8', '8 600 萬', '2025', '35%')), { minLength: w, maxLength: w }), { minLength: 1, maxLength: 30 }),
          ),
        ),
        ([header, rows]) => {
          const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
          const md = ['## 表', '', line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
          const tables = readMarkdownWithFindings(md).blocks.filter((b): b is TableBlock => b.kind === 'table');
          expect(tables).toHaveLength(1);
          expect(tables[0]!.header.map((c) => c.text)).toEqual(header);
          expect(tables[0]!.rows.map((r) => r.map((c) => c.text))).toEqual(rows);
          expect(tables[0]!.rows.map((r) => r[0]!.line)).toEqual(rows.map((_, i) => i + 5));
        },
      ),
    );
  });
});

describe('links', () => {
  it('keeps [words](url) and bare URLs as the dataset writes links, and the words around them', () => {
    fc.assert(
      fc.property(words, words, fc.constantFrom('https://www.tid.gov.hk/a/b.html', 'http://example.org/x?y=1&z=2', 'mailto:info@example.org'), (before, label, url) => {
        const md = `${before}[${label}](${url})，另見 https://www.gov.hk/tc/ 。`;
        const [p] = readMarkdownWithFindings(md).blocks;
        expect(p).toMatchObject({ kind: 'paragraph', text: `${before}[${label}](${url})，另見 https://www.gov.hk/tc/ 。` });
      }),
    );
  });

  it('does not join a paragraph to a list of links as if a page break had cut a sentence', () => {
    const r = importFactSheet({ file: 'x.md', text: '# 文件\n\n## 甲\n\n- [工業貿易署](https://www.tid.gov.hk/)\n- 東盟秘書處：https://asean.org/\n\n其後一段。' });
    expect(r.dataset.sections[0]!.body).toEqual([
      { facts: [{ text: '[工業貿易署](https://www.tid.gov.hk/)' }, { text: '東盟秘書處：https://asean.org/' }] },
      { paragraph: '其後一段。' },
    ]);
    expect(r.diagnostics.map((d) => d.code)).not.toContain('E701');
  });

  it('keeps the words of a link to a relative target and says so', () => {
    const r = readMarkdownWithFindings('見[附件](files/a.pdf)。');
    expect(r.blocks[0]).toMatchObject({ text: '見附件。' });
    expect(r.findings.map((f) => `${f.line}:${f.column} ${f.kind}`)).toEqual(['1:2 link-target']);
  });
});

/** A date at a precision, and the ways a fact sheet writes it. */
const date = fc
  .record({ y: fc.integer({ min: 1990, max: 2035 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }), precision: fc.integer({ min: 1, max: 3 }) })
  .map(({ y, m, d, precision }) => ({ y, m, d, precision, iso: [String(y), String(m).padStart(2, '0'), String(d).padStart(2, '0')].slice(0, precision).join('-') }));

function written(dt: { y: number; m: number; d: number; precision: number }, spaced: boolean, dashes: boolean): string {
  const s = spaced ? ' ' : '';
  if (dashes && dt.precision > 1) return [dt.y, dt.m, dt.d].slice(0, dt.precision).join('-');
  return [`${dt.y}${s}年`, `${s}${dt.m}${s}月`, `${s}${dt.d}${s}日`].slice(0, dt.precision).join('');
}

describe('the update line', () => {
  it('gives meta.asOf at its precision wherever it stands, in any bracket and colon, and leaves the body', () => {
    fc.assert(
      fc.property(
        date,
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(['（', '）'], ['(', ')'], ['', '']),
        fc.constantFrom('：', ':', '： ', ': '),
        fc.constantFrom('top', 'bottom', 'item', 'paragraph-end'),
        (dt, spaced, dashes, [open, close], colon, where) => {
          const line = `${open}更新日期${colon}${written(dt, spaced, dashes)}${close}`;
          const body = ['# 文件', '', '## 概況', '', '香港於 2017 年 7 月 1 日起實施新安排。', '', '- 第一項。', '- 第二項。'];
          if (where === 'top') body.splice(1, 0, '', line);
          else if (where === 'bottom') body.push('', line);
          else if (where === 'item') body[body.length - 1] += line;
          else body[4] += line;
          const r = importFactSheet({ file: 'x.zh-Hant.md', text: body.join('\n') });
          expect(r.dataset.meta.asOf).toBe(dt.iso);
          expect(JSON.stringify(r.dataset.sections)).not.toContain('更新日期');
          // The body's earlier date stays in the text.
          expect(JSON.stringify(r.dataset.sections)).toContain('2017 年 7 月 1 日');
        },
      ),
    );
  });

  it('reads 二〇二六年三月 and refuses a day the calendar does not have', () => {
    expect(findUpdateDate('（更新日期：二〇二六年三月）')).toMatchObject({ iso: '2026-03' });
    expect(findUpdateDate('更新日期：2026 年 2 月 30 日')).toMatchObject({ invalid: '更新日期：2026 年 2 月 30 日' });
    expect(findUpdateDate('香港將更新設施。')).toBeUndefined();
  });

  it('without an update line, takes the latest date the text writes, and never 1970', () => {
    const r = importFactSheet({ file: 'x.md', text: '# 文件\n\n## 甲\n\n2017 年 7 月 1 日起，及至 2025 年 9 月。' });
    expect(r.dataset.meta.asOf).toBe('2025-09');
    expect(r.diagnostics.map((d) => d.code)).toContain('E711');
    const none = importFactSheet({ file: 'x.md', text: '# 文件\n\n## 甲\n\n沒有日期。' });
    expect(none.dataset.meta.asOf).toBeUndefined();
    expect(findDates('2024 年及 2025 年')).toEqual([]);
  });
});

describe('any input', () => {
  it('imports without throwing, and every section and block it writes has text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 20 }), words, fc.constantFrom('# x', '- y', '  - z', '1. n', '| a | b |', '| --- | --- |', '> q', '註：n', '---', '（更新日期：2026 年 13 月）', '[a](b)', '**', '')), { maxLength: 30 }),
        (rows) => {
          const r = importFactSheet({ file: 'x.md', text: rows.join('\n') });
          expect(r.dataset.sections.length).toBeGreaterThan(0);
          for (const d of r.diagnostics) expect(d.severity).toBe('warning');
          const json = JSON.stringify(r.dataset);
          expect(json).not.toMatch(/"(?:text|paragraph|quote|note|title)":""/u);
        },
      ),
    );
  });
});
