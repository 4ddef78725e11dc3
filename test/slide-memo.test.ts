// The deck's slide memo (SlideMemo, src/pptx/deck.ts): a deck laid out again with the last deck's slides kept
// equals one laid out afresh, lays out again only the blocks that changed, replays their warnings, and never keeps
// a block whose text has a character no font draws. On test/fixtures/blocks/trade.yaml (tables, nested lists,
// links, a chart), not the shipped dataset.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset, renderDocuments } from '../src/build.js';
import type { Block, Doc, Inline } from '../src/markup/types.js';
import type { Project } from '../src/project.js';
import { loadProject } from '../src/project.js';
import { documentToDeck, type Deck, type SlideMemo } from '../src/pptx/deck.js';
import { createTextEngine } from '../src/text/engine.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = join(root, 'test', 'fixtures', 'blocks', 'trade.yaml');

type SlideBlock = Extract<Block, { kind: 'slide' }>;

let project: Project;
let briefing: Doc;

beforeAll(() => {
  project = loadProject(root);
  briefing = renderDocuments(project, loadDataset(FIXTURE)).briefing;
});

const fresh = (doc: Doc): Deck => documentToDeck(doc, project.theme, createTextEngine(project.fonts, { lang: doc.meta.lang }));
const remembered = (doc: Doc, memo: SlideMemo): Deck => documentToDeck(doc, project.theme, createTextEngine(project.fonts, { lang: doc.meta.lang }), memo);

/** The slide blocks of `doc`, in order. */
const slideBlocks = (doc: Doc): SlideBlock[] => doc.blocks.filter((b): b is SlideBlock => b.kind === 'slide');

/** The first text inline of a slide block's title. */
function titleText(block: SlideBlock): Extract<Inline, { kind: 'text' }> {
  const walk = (items: Inline[]): Extract<Inline, { kind: 'text' }> | undefined => {
    for (const i of items) {
      if (i.kind === 'text') return i;
      const inner = walk(i.children);
      if (inner) return inner;
    }
    return undefined;
  };
  const found = walk(block.title);
  if (!found) throw new Error('a slide block without a title text');
  return found;
}

/** `doc` with the title of its `n`-th slide block changed as `edit` says. */
function editTitle(doc: Doc, n: number, edit: (text: string) => string): Doc {
  const copy = structuredClone(doc);
  const t = titleText(slideBlocks(copy)[n]!);
  t.text = edit(t.text);
  return copy;
}

/** Index, in deck.slides, of the first slide each slide block made (blocks that make none are skipped). */
function slidesPerBlock(doc: Doc): number[] {
  return slideBlocks(doc).map((b) => fresh({ meta: doc.meta, blocks: [b] }).slides.length);
}

describe('the deck laid out with the last deck kept', () => {
  it('equals a deck laid out afresh after a block changed, and shares the slides of every block that did not', () => {
    const memo: SlideMemo = { entries: new Map() };
    const first = remembered(briefing, memo);
    expect(first).toEqual(fresh(briefing));
    const counts = slidesPerBlock(briefing);
    // The edited block: one in the middle that makes slides.
    const n = counts.findIndex((c, i) => c > 0 && i >= counts.length / 2);
    expect(n).toBeGreaterThan(0);
    const edited = editTitle(briefing, n, (t) => `${t}（修訂）`);
    const again = remembered(edited, memo);
    expect(again).toEqual(fresh(edited));
    expect(again).not.toEqual(first);
    // Slides of blocks before and after the edited one are the very objects of the first deck; the edited block's are new.
    const start = counts.slice(0, n).reduce((a, b) => a + b, 0);
    const end = start + counts[n]!;
    const shift = again.slides.length - first.slides.length;
    for (let i = 0; i < start; i++) expect(again.slides[i]).toBe(first.slides[i]);
    for (let i = start; i < end + shift; i++) expect(first.slides).not.toContain(again.slides[i]);
    for (let i = end + shift; i < again.slides.length; i++) expect(again.slides[i]).toBe(first.slides[i - shift]);
  });

  it('lays out every block again when the document’s meta changes, as a fresh deck does', () => {
    const memo: SlideMemo = { entries: new Map() };
    const first = remembered(briefing, memo);
    const other: Doc = { ...briefing, meta: { ...briefing.meta, source: 'Another source, 2026' } };
    const again = remembered(other, memo);
    expect(again).toEqual(fresh(other));
    for (const slide of again.slides) expect(first.slides).not.toContain(slide);
  });

  it('keeps only the last deck’s blocks', () => {
    const memo: SlideMemo = { entries: new Map() };
    remembered(briefing, memo);
    const kept = memo.entries.size;
    expect(kept).toBe(new Set(slideBlocks(briefing).map((b) => JSON.stringify(b))).size);
    const one: Doc = { meta: briefing.meta, blocks: [slideBlocks(briefing)[0]!] };
    remembered(one, memo);
    expect(memo.entries.size).toBe(1);
  });

  it('replays a kept block’s warnings, in order, as laying it out again would give them', () => {
    const memo: SlideMemo = { entries: new Map() };
    // A chart slide without a chart and a table slide without a table: each warns and falls back to a content slide.
    const blocks = slideBlocks(briefing);
    const chartless = { ...(blocks.find((b) => b.layout === 'chart') ?? blocks[1]!), layout: 'chart' as const, chart: undefined };
    const tableless = { ...blocks[1]!, layout: 'table' as const, table: undefined };
    const doc: Doc = { meta: briefing.meta, blocks: [blocks[0]!, chartless, tableless] };
    const first = remembered(doc, memo);
    expect(first.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('chart slide has no chart'), expect.stringContaining('table slide has no table')]);
    const again = remembered(doc, memo);
    expect(again.slides.every((s, i) => s === first.slides[i])).toBe(true);
    expect(again.diagnostics).toEqual(fresh(doc).diagnostics);
  });

  it('lays out again, every time, a block with a character no font draws, so the engine reports it every time', () => {
    const memo: SlideMemo = { entries: new Map() };
    const n = slidesPerBlock(briefing).findIndex((c) => c > 0);
    // U+E000 is a private-use code point: no font of the project has a glyph for it.
    const tofu = editTitle(briefing, n, (t) => `${t}\u{E000}`);
    for (let round = 0; round < 2; round++) {
      const engine = createTextEngine(project.fonts, { lang: tofu.meta.lang });
      documentToDeck(tofu, project.theme, engine, memo);
      expect(engine.diagnostics.map((d) => d.text)).toContain('\u{E000}');
    }
    expect(memo.entries.size).toBe(new Set(slideBlocks(tofu).map((b) => JSON.stringify(b))).size - 1);
  });

  it('lays a figures block out again when a chart comes to draw one of its figures', () => {
    // The shipped dataset has chart slides drawing key figures that a figures slide also lists.
    const shipped = renderDocuments(project, loadDataset(join(root, 'data', 'belt-and-road.yaml'))).briefing;
    const blocks = slideBlocks(shipped);
    const chart = blocks.find((b) => b.layout === 'chart' && b.chart?.series.some((s) => s.figures?.length))!;
    const charted = new Set(chart.chart!.series.flatMap((s) => s.figures ?? []));
    const figures = blocks.find((b) => b.layout === 'figures' && b.stats.some((s) => s.id !== undefined && charted.has(s.id)) && b.stats.some((s) => s.id === undefined || !charted.has(s.id)))!;
    const memo: SlideMemo = { entries: new Map() };
    const alone: Doc = { meta: shipped.meta, blocks: [figures] };
    const withChart: Doc = { meta: shipped.meta, blocks: [figures, chart] };
    const first = remembered(alone, memo);
    const again = remembered(withChart, memo);
    expect(again).toEqual(fresh(withChart));
    expect(again.slides[0]).not.toEqual(first.slides[0]);
  });

  it('gives slides nothing can change: they are shared by the decks that keep them', () => {
    const deck = remembered(briefing, { entries: new Map() });
    const slide = deck.slides.find((s) => s.items.some((i) => i.kind === 'slideNumber'))!;
    expect(() => slide.items.push(slide.items[0]!)).toThrow(TypeError);
    expect(() => {
      (slide as { notes: string[] }).notes = [];
    }).toThrow(TypeError);
    expect(Object.isFrozen(slide.items[0])).toBe(true);
  });
});
