// Doc (brochure markup tree) + theme + text engine → pages of positioned items and the logical
// structure (LaidOutDocument). Two steps: blocks become placeables (typeset lines and fixed boxes) and
// structure nodes — one file per kind of block in blocks/ — then pagination (paginate.ts) places them with
// clreq's keeps: headings stay with two lines of what follows, no paragraph leaves one line alone.
import { dateIn, words } from '../edition/words.js';
import type { TextEngine } from '../text/engine.js';
import type { Block, Doc } from '../markup/types.js';
import { inlineText } from '../markup/types.js';
import { mmToPt, type Theme } from '../theme/theme.js';
import { toPlaceables } from './blocks/index.js';
import type { Ctx, Geometry, Placeable } from './blocks/types.js';
import { paintBackCover, paintCover } from './covers.js';
import { paintNotesPage } from './notes-page.js';
import { paginate } from './paginate.js';
import { paintRunningHead } from './running-head.js';
import { paintToc } from './toc.js';
import type { LaidOutDocument, OutlineEntry, Page, StructureNode } from './types.js';

/** Lay out the brochure: cover, contents, sections, back cover; and its structure in reading order. */
export function layoutBrochure(doc: Doc, theme: Theme, engine: TextEngine): LaidOutDocument {
  const p = theme.page;
  const geo: Geometry = {
    trimW: mmToPt(p.widthMm),
    trimH: mmToPt(p.heightMm),
    bleed: mmToPt(p.bleedMm),
    top: mmToPt(p.marginsMm.top),
    bottom: mmToPt(p.marginsMm.bottom),
    inside: mmToPt(p.marginsMm.inside),
    outside: mmToPt(p.marginsMm.outside),
    contentW: mmToPt(p.widthMm - p.marginsMm.inside - p.marginsMm.outside),
  };
  const lang = doc.meta.lang;
  const ctx: Ctx = { theme, engine, geo, blockSeq: 0, lang, say: (key, values) => words(theme, lang, key, values), date: (iso) => dateIn(lang, iso) };

  const hasCover = doc.blocks.some((b) => b.kind === 'cover');
  const tocEntries = collectToc(doc.blocks);
  const hasToc = doc.blocks.some((b) => b.kind === 'toc');
  // The contents page comes before the body, so count its pages first; its numbers are filled in after.
  const tocLineH = theme.type.body.leadingPt * 1.5;
  const tocPerPage = Math.floor((geo.trimH - geo.top - geo.bottom - 60) / tocLineH);
  const tocPages = hasToc ? Math.max(1, Math.ceil(tocEntries.length / tocPerPage)) : 0;
  const firstBody = (hasCover ? 1 : 0) + tocPages;

  const placeables: Placeable[] = [];
  const bodyStructure: StructureNode[] = [];
  for (const block of doc.blocks) toPlaceables(block, ctx, placeables, bodyStructure);
  const body = paginate(placeables, ctx, firstBody);

  const pages: Page[] = [];
  const structure: StructureNode[] = [];
  const newPage = (): Page => ({ number: pages.length + 1, widthPt: geo.trimW, heightPt: geo.trimH, bleedPt: geo.bleed, items: [] });
  if (hasCover) {
    const cover = newPage();
    const painted = paintCover(doc, ctx);
    cover.items = painted.items;
    structure.push(painted.structure);
    pages.push(cover);
  }
  const tocPageList: Page[] = [];
  for (let i = 0; i < tocPages; i++) {
    const pg = newPage();
    pages.push(pg);
    tocPageList.push(pg);
  }
  for (const items of body.pages) {
    const pg = newPage();
    pg.items = items;
    pages.push(pg);
  }
  const outline: OutlineEntry[] = body.outline;
  if (hasToc) structure.push(...paintToc(tocPageList, tocEntries, outline, ctx));
  structure.push(...bodyStructure);
  const printOnly: number[] = [];
  if (hasCover) {
    // A stapled booklet has a multiple of four pages: the print edition fills up with notes pages before the back
    // cover (never a blank page); the screen edition leaves them out (see forEdition).
    while ((pages.length + 1) % 4 !== 0) {
      const pg = newPage();
      pg.items = paintNotesPage(pg, ctx);
      printOnly.push(pages.push(pg) - 1);
    }
    const back = newPage();
    const painted = paintBackCover(doc, ctx);
    back.items = painted.items;
    structure.push(painted.structure);
    pages.push(back);
  }
  // Running heads and folios on every page but the covers.
  for (const pg of pages) {
    const idx = pg.number - 1;
    if (hasCover && (idx === 0 || idx === pages.length - 1)) continue;
    // A page opening on a full-bleed picture carries no running head over it.
    if (pg.items.some((i) => i.kind === 'image' && i.yPt < 0)) continue;
    const head = printOnly.includes(idx) ? ctx.say('notesPage') : (body.runningHeads.get(idx - firstBody) ?? ctx.say('contents'));
    pg.items.push(...paintRunningHead(pg, doc.meta.title, head, ctx));
  }
  return { pages, outline, structure, keywords: keywordsOf(doc.blocks), printOnly };
}

/**
 * The pages an edition carries: the print edition all of them; the screen edition without the notes pages that only
 * fill the print signature (they come after every content page, so no folio or link changes; the back cover,
 * which prints none, is renumbered).
 */
export function forEdition(laid: LaidOutDocument, edition: 'screen' | 'print'): LaidOutDocument {
  const drop = new Set(laid.printOnly ?? []);
  if (edition === 'print' || drop.size === 0) return laid;
  const newIndex = new Map<number, number>();
  const pages: Page[] = [];
  laid.pages.forEach((p, i) => {
    if (drop.has(i)) return;
    newIndex.set(i, pages.length);
    pages.push(p.number === pages.length + 1 ? p : { ...p, number: pages.length + 1 });
  });
  const outline = laid.outline.map((o) => ({ ...o, pageIndex: newIndex.get(o.pageIndex) ?? o.pageIndex }));
  return { ...laid, pages, outline, printOnly: [] };
}

/** The document's subjects for its metadata: the headings of its most detailed sections (航空, 金融, …). */
function keywordsOf(blocks: Block[]): string[] {
  const byLevel = new Map<number, string[]>();
  const walk = (bs: Block[]): void => {
    for (const b of bs) {
      if (b.kind !== 'section') continue;
      byLevel.set(b.level, [...(byLevel.get(b.level) ?? []), inlineText(b.heading)]);
      walk(b.blocks);
    }
  };
  walk(blocks);
  const deepest = Math.max(0, ...byLevel.keys());
  return [...new Set(byLevel.get(deepest) ?? [])];
}

function collectToc(blocks: Block[]): { title: string; level: number }[] {
  const out: { title: string; level: number }[] = [];
  const walk = (bs: Block[]): void => {
    for (const b of bs) {
      if (b.kind !== 'section') continue;
      if (b.level <= 2) out.push({ title: inlineText(b.heading), level: b.level });
      walk(b.blocks);
    }
  };
  walk(blocks);
  return out;
}
