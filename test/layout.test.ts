// Pagination rules, checked on the laid-out pages (Frame data): headings stay with what follows,
// no paragraph leaves one line alone on a page, list items hang, stat callouts never split.
import { describe, expect, it } from 'vitest';
import { loadDataset, renderDocuments } from '../src/build.js';
import { layoutBrochure } from '../src/layout/brochure.js';
import type { GlyphRunItem, LaidOutDocument, StructureNode } from '../src/layout/types.js';
import type { Block, Doc } from '../src/markup/types.js';
import { loadProject } from '../src/project.js';
import { createTextEngine } from '../src/text/engine.js';
import { FULLWIDTH_OPENING } from '../src/text/chars.js';

const project = loadProject('.');
const lay = (doc: Doc): LaidOutDocument => layoutBrochure(doc, project.theme, createTextEngine(project.fonts));

interface BlockOnPage {
  page: number;
  blockId: number;
  role: string;
  /** Distinct baselines of the block on this page. */
  lines: number[];
}

/** Text blocks per page, in reading order, with their line baselines. */
function blocksByPage(laid: LaidOutDocument): BlockOnPage[] {
  const out: BlockOnPage[] = [];
  laid.pages.forEach((page, p) => {
    const texts = page.items.filter((i): i is GlyphRunItem => i.kind === 'text' && i.role !== 'artifact');
    for (const t of texts) {
      let b = out.find((x) => x.page === p && x.blockId === t.blockId);
      if (!b) out.push((b = { page: p, blockId: t.blockId, role: t.role, lines: [] }));
      if (!b.lines.includes(t.yPt)) b.lines.push(t.yPt);
    }
  });
  return out;
}

const para = (text: string): Block => ({ kind: 'paragraph', inlines: [{ kind: 'text', text }] });
const meta = { title: '測試', lang: 'zh-Hant-HK', publisher: '測試', date: '2026-04-28', source: '測試' };

describe('pagination of the real brochure', () => {
  const data = loadDataset('data/belt-and-road.yaml');
  const laid = lay(renderDocuments(project, data).brochure);
  const blocks = blocksByPage(laid);

  it('keeps every heading on the page of at least two lines of what follows it', () => {
    const stranded = blocks.filter((b, i) => {
      if (!/^H[1-3]$/.test(b.role)) return false;
      const next = blocks[i + 1];
      if (!next || next.page !== b.page) return true;
      if (/^H[1-3]$/.test(next.role)) return false;
      const total = blocks.filter((o) => o.blockId === next.blockId).reduce((n, o) => n + o.lines.length, 0);
      return next.lines.length < Math.min(2, total);
    });
    expect(stranded.map((b) => `page ${b.page + 1}, block ${b.blockId}`)).toEqual([]);
  });

  it('leaves no paragraph with a single line at the foot or the head of a page', () => {
    const split = blocks.filter((b) => blocks.some((o) => o.blockId === b.blockId && o.page !== b.page));
    expect(split.filter((b) => b.lines.length < 2).map((b) => `page ${b.page + 1}, block ${b.blockId}`)).toEqual([]);
  });

  it('never splits a stat callout row across pages', () => {
    const figures = blocks.filter((b) => b.role === 'Figure');
    expect(figures.length).toBeGreaterThan(5);
    for (const f of figures) expect(blocks.filter((o) => o.blockId === f.blockId).map((o) => o.page)).toEqual([f.page]);
  });

  it('hangs list items: every line of an item starts at the same indent, right of its bullet', () => {
    for (const page of laid.pages) {
      const items = page.items.filter((i): i is GlyphRunItem => i.kind === 'text' && i.role === 'LI');
      const byBlock = new Map<number, GlyphRunItem[]>();
      for (const i of items) byBlock.set(i.blockId, [...(byBlock.get(i.blockId) ?? []), i]);
      for (const runs of byBlock.values()) {
        const first = new Map<number, GlyphRunItem>();
        for (const r of runs) if (r.xPt < (first.get(r.yPt)?.xPt ?? Infinity)) first.set(r.yPt, r);
        // A line opening with a bracket or quote may give up the mark's blank (clreq: set half-width at line
        // start), its ink then on the indent: it starts at most half an em left of the others.
        const plain = [...first.values()].filter((r) => !FULLWIDTH_OPENING.has(r.text[0]!));
        const indents = new Set(plain.map((r) => r.xPt.toFixed(2)));
        expect(indents.size).toBeLessThanOrEqual(1);
        const indent = plain[0]?.xPt ?? Math.max(...[...first.values()].map((r) => r.xPt));
        for (const r of first.values()) expect(r.xPt).toBeGreaterThanOrEqual(indent - r.sizePt / 2 - 1e-6);
      }
    }
  });
});

describe('pagination rules on made-up documents', () => {
  const long = '香港是國際金融中心'.repeat(30) + '。';

  it('moves a heading that would sit alone at a page foot to the next page', () => {
    for (let fill = 20; fill < 34; fill++) {
      const doc: Doc = {
        meta,
        blocks: [
          { kind: 'section', id: 's', level: 1, heading: [{ kind: 'text', text: '一' }], blocks: [
            ...Array.from({ length: fill }, () => para('短段落。')),
            { kind: 'section', id: 't', level: 2, heading: [{ kind: 'text', text: '二' }], blocks: [para(long)] },
          ] },
        ],
      };
      const blocks = blocksByPage(lay(doc));
      const h2 = blocks.find((b) => b.role === 'H2')!;
      const after = blocks[blocks.indexOf(h2) + 1]!;
      expect(after.page, `fill ${fill}`).toBe(h2.page);
      expect(after.lines.length, `fill ${fill}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('splits a long paragraph with at least two lines on each page, whatever the fill', () => {
    for (let fill = 20; fill < 40; fill++) {
      const doc: Doc = {
        meta,
        blocks: [{ kind: 'section', id: 's', level: 1, heading: [{ kind: 'text', text: '一' }], blocks: [...Array.from({ length: fill }, () => para('短段落。')), para(long)] }],
      };
      const blocks = blocksByPage(lay(doc));
      const last = blocks.filter((b) => b.role === 'P').slice(-2);
      if (last[0]!.blockId === last[1]!.blockId) for (const piece of last) expect(piece.lines.length, `fill ${fill}`).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('running heads', () => {
  /** The running head's two halves on a body page: the artifact text above the top margin, left and right. */
  const heads = (laid: LaidOutDocument, page: number): string[] => {
    const top = Math.min(...laid.pages[page]!.items.filter((i): i is GlyphRunItem => i.kind === 'text').map((i) => i.yPt));
    const runs = laid.pages[page]!.items.filter((i): i is GlyphRunItem => i.kind === 'text' && i.role === 'artifact' && i.yPt === top);
    const left = Math.min(...runs.map((r) => r.xPt));
    const half = (leftHalf: boolean): string => runs.filter((r) => (r.xPt < left + 100) === leftHalf).map((r) => r.text).join('');
    return [half(true), half(false)];
  };

  it('prints a title or section too long for its half whole up to where it is cut, and marks the cut with an ellipsis', () => {
    const title = '香港國際航運中心發展概況與海運業界在推動綠色轉型方面的主要措施及其未來發展方向';
    const section = '航運業的角色與香港海運港口局（Hong Kong Maritime and Port Board）的工作範疇概覽';
    const laid = lay({ meta: { ...meta, title }, blocks: [{ kind: 'section', id: 's', level: 1, heading: [{ kind: 'text', text: section }], blocks: [para('短段落。')] }] });
    const [left, right] = heads(laid, 0);
    expect(left).toMatch(/……$/);
    expect(title.startsWith(left!.replace(/……$/, ''))).toBe(true);
    expect(right).toMatch(/……$/);
    const kept = right!.replace(/……$/, '');
    expect(section.startsWith(kept)).toBe(true);
    // Cut at a word's edge (a kept letter is followed by no letter), never after an opening bracket.
    expect(kept).not.toMatch(/[（(]$/);
    expect(/[A-Za-z]$/.test(kept) ? section[kept.length] : ' ').toMatch(/[^A-Za-z]/);
  });

  it('prints a title that fits whole, with no ellipsis', () => {
    const laid = lay({ meta, blocks: [{ kind: 'section', id: 's', level: 1, heading: [{ kind: 'text', text: '概況' }], blocks: [para('短段落。')] }] });
    expect(heads(laid, 0)).toEqual(['測試', '概況']);
  });

  it('cuts a contents entry too long for its line the same way, its Link still naming the whole title', () => {
    const section = '香港國際航運中心發展概況與海運業界在推動綠色轉型方面的主要措施及其未來發展方向與香港海運港口局的工作範疇概覽';
    const laid = lay({ meta, blocks: [{ kind: 'toc' }, { kind: 'section', id: 's', level: 1, heading: [{ kind: 'text', text: section }], blocks: [para('短段落。')] }] });
    const entry = laid.pages[0]!.items.filter((i): i is GlyphRunItem => i.kind === 'text' && i.role === 'Link').map((r) => r.text).join('');
    expect(entry).toMatch(/……\d+$/);
    expect(section.startsWith(entry.replace(/……\d+$/, ''))).toBe(true);
    const links: string[] = [];
    const walk = (n: StructureNode): void => {
      if (n.type === 'Link' && n.alt) links.push(n.alt);
      n.children.forEach(walk);
    };
    (laid.structure ?? []).forEach(walk);
    expect(links.some((alt) => alt.includes(section))).toBe(true);
  });
});
