// Doc (brochure markup tree) + theme + text engine → pages of positioned items and the logical
// structure (LaidOutDocument). Two steps: blocks become placeables (typeset lines and fixed boxes) and
// structure nodes, then pagination places them with clreq's keeps: headings stay with two lines of what
// follows, no paragraph leaves one line alone.
import { dateIn, words } from '../edition/words.js';
import type { Line, TextEngine } from '../text/engine.js';
import type { Block, BlockOf, Doc, Inline } from '../markup/types.js';
import { inlineText } from '../markup/types.js';
import { mmToPt, type Theme, type TypeStyle } from '../theme/theme.js';
import type { FrameItem, LaidOutDocument, OutlineEntry, Page, StructureNode, StructureRole } from './types.js';

interface Geometry {
  trimW: number;
  trimH: number;
  bleed: number;
  top: number;
  bottom: number;
  inside: number;
  outside: number;
  contentW: number;
}

interface LinesPlaceable {
  kind: 'lines';
  lines: Line[];
  style: TypeStyle;
  indentPt: number;
  role: StructureRole;
  /** The structure element the lines are content of; one id even when the block breaks across pages. */
  blockId: number;
  /** Space kept above the first line even at the top of a page (an opener's band). */
  padTopPt?: number;
  spaceBeforePt: number;
  spaceAfterPt: number;
  keepWithNext: boolean;
  newPage: boolean;
  marker?: { text: string; style: TypeStyle };
  ruleAbove?: boolean;
  /** A numbered section's opener: a band running into the outside bleed, with the number large. */
  opener?: Opener;
  outline?: { title: string; level: number };
  /** A level-1 heading names the running head from its page on. */
  runningHead?: string;
}

interface BoxPlaceable {
  kind: 'box';
  heightPt: number;
  spaceBeforePt: number;
  spaceAfterPt: number;
  /** Items relative to the box's top-left corner. */
  paint: () => FrameItem[];
}

interface Opener {
  numeral: Line[];
  numeralStyle: TypeStyle;
  /** Band height: padding, heading lines, padding. */
  heightPt: number;
  /** The hairline between number and heading, from the text column's left edge. */
  ruleXPt: number;
}

type Placeable = LinesPlaceable | BoxPlaceable | { kind: 'pageBreak' };

interface Ctx {
  theme: Theme;
  engine: TextEngine;
  geo: Geometry;
  blockSeq: number;
  /** A word the layout prints itself, in the document's language (目錄, 目录, Contents): the theme's labels. */
  say: Say;
  /** A date as the document's language writes it (2026 年 4 月 28 日, 28 April 2026). */
  date: (iso: string) => string;
}

const nextBlockId = (ctx: Ctx): number => ++ctx.blockSeq;

/** A structure element whose content is the block `blockId`. */
const leaf = (type: StructureNode['type'], blockId: number, alt?: string): StructureNode => ({
  type,
  blockId,
  ...(alt !== undefined ? { alt } : {}),
  children: [],
});


/** A label of the theme in the document's language, its `{placeholders}` filled. */
export type Say = (key: string, values?: Record<string, string | number>) => string;

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
  const ctx: Ctx = { theme, engine, geo, blockSeq: 0, say: (key, values) => words(theme, lang, key, values), date: (iso) => dateIn(lang, iso) };

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
  const blank = new Set<number>();
  if (hasCover) {
    // A stapled booklet has a multiple of four pages: blank pages go before the back cover.
    while ((pages.length + 1) % 4 !== 0) blank.add(pages.push(newPage()) - 1);
    const back = newPage();
    const painted = paintBackCover(doc, ctx);
    back.items = painted.items;
    structure.push(painted.structure);
    pages.push(back);
  }
  // Running heads and folios on every page but the covers.
  for (const pg of pages) {
    const idx = pg.number - 1;
    if ((hasCover && (idx === 0 || idx === pages.length - 1)) || blank.has(idx)) continue;
    pg.items.push(...paintRunningHead(pg, doc.meta.title, body.runningHeads.get(idx - firstBody) ?? ctx.say('contents'), ctx));
  }
  return { pages, outline, structure, keywords: keywordsOf(doc.blocks) };
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

function headingStyle(theme: Theme, level: number): TypeStyle {
  return level <= 1 ? theme.type.h1 : level === 2 ? theme.type.h2 : theme.type.h3;
}

function setLines(ctx: Ctx, inlines: Inline[], style: TypeStyle, widthPt: number, align: 'justify' | 'start'): Line[] {
  return ctx.engine.typeset({ inlines, role: style.role as 'body' | 'heading', sizePt: style.sizePt, widthPt, align });
}

function setText(ctx: Ctx, text: string, style: TypeStyle, widthPt: number): Line[] {
  return setLines(ctx, [{ kind: 'text', text }], style, widthPt, 'start');
}

/** Opener bands: padding around the heading; the number sits in the band's first OPENER_PAD_PT + its width + a gap. */
const OPENER_PAD_PT = 14;
const OPENER_GAP_PT = 9;

/** Turn a block into placeables (in `out`) and structure nodes (in `parent`, reading order). */
function toPlaceables(block: Block, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const { theme, geo } = ctx;
  const gap = theme.page.paragraphGapPt;
  switch (block.kind) {
    case 'cover':
    case 'toc':
    case 'slide':
      return; // painted elsewhere / not part of the brochure
    case 'pageBreak':
      out.push({ kind: 'pageBreak' });
      return;
    case 'section': {
      const title = inlineText(block.heading);
      const role: StructureRole = block.level <= 1 ? 'H1' : block.level === 2 ? 'H2' : 'H3';
      const id = nextBlockId(ctx);
      const sect: StructureNode = { type: 'Sect', children: [leaf(role, id)] };
      parent.push(sect);
      const common = {
        kind: 'lines' as const,
        indentPt: 0,
        role,
        blockId: id,
        keepWithNext: true,
        newPage: block.level <= 1,
        outline: { title, level: block.level },
        ...(block.level <= 1 ? { runningHead: title } : {}),
      };
      if (block.number !== undefined && block.level > 1) {
        // A numbered section (an action) opens with a band: its number large, its heading reversed out.
        const style = openerHeadingStyle(theme);
        const numeralStyle = openerNumeralStyle(theme);
        // Every opener's heading starts at the same x: leave room for the widest two-digit number.
        const numeralW = Math.max(...['00', '88'].map((n) => setText(ctx, n, numeralStyle, geo.contentW)[0]?.naturalWidthPt ?? 0));
        const ruleX = OPENER_PAD_PT + numeralW + OPENER_GAP_PT;
        const indentPt = ruleX + OPENER_GAP_PT + 1;
        const lines = setLines(ctx, block.heading, style, geo.contentW - indentPt - OPENER_PAD_PT, 'start');
        const heightPt = OPENER_PAD_PT * 2 + lines.length * style.leadingPt;
        out.push({
          ...common,
          lines,
          style,
          indentPt,
          padTopPt: OPENER_PAD_PT,
          spaceBeforePt: 26,
          spaceAfterPt: OPENER_PAD_PT + 14,
          opener: { numeral: setText(ctx, String(block.number).padStart(2, '0'), numeralStyle, geo.contentW), numeralStyle, heightPt, ruleXPt: ruleX },
        });
      } else {
        const style = headingStyle(theme, block.level);
        out.push({
          ...common,
          lines: setLines(ctx, block.heading, style, geo.contentW, 'start'),
          style,
          spaceBeforePt: block.level <= 1 ? 0 : block.level === 2 ? 22 : 12,
          spaceAfterPt: block.level <= 1 ? 14 : 6,
          ruleAbove: block.level === 2,
        });
      }
      // Stat callouts of a section go in rows of up to three, after its text.
      const stats: BlockOf<'stat'>[] = [];
      for (const child of block.blocks) {
        if (child.kind === 'stat') stats.push(child);
        else toPlaceables(child, ctx, out, sect.children);
        if (child.kind === 'section' && stats.length) flushStats(stats, ctx, out, sect.children);
      }
      flushStats(stats, ctx, out, sect.children);
      return;
    }
    case 'paragraph': {
      const style = block.role === 'lead' ? theme.type.lead : block.role === 'source' ? theme.type.caption : theme.type.body;
      const id = nextBlockId(ctx);
      parent.push(leaf('P', id));
      out.push({
        kind: 'lines',
        lines: setLines(ctx, block.inlines, style, geo.contentW, block.role === 'source' ? 'start' : 'justify'),
        style,
        indentPt: 0,
        role: 'P',
        blockId: id,
        spaceBeforePt: block.role === 'source' ? 18 : 0,
        spaceAfterPt: gap,
        keepWithNext: false,
        newPage: false,
      });
      return;
    }
    case 'list': {
      const style = theme.type.body;
      const indent = style.sizePt * 1.2;
      const list: StructureNode = { type: 'L', children: [] };
      parent.push(list);
      // Hanging indent: the bullet sits in the margin of the item's text, every line aligned after it.
      for (const item of block.items) {
        const id = nextBlockId(ctx);
        // The bullet is a drawn square, an artifact: the item's element holds only its body.
        list.children.push({ type: 'LI', children: [leaf('LBody', id)] });
        out.push({
          kind: 'lines',
          lines: setLines(ctx, item.inlines, style, geo.contentW - indent, 'justify'),
          style,
          indentPt: indent,
          role: 'LI',
          blockId: id,
          spaceBeforePt: 0,
          spaceAfterPt: gap * 0.75,
          keepWithNext: false,
          newPage: false,
          marker: { text: '■', style: { ...style, sizePt: style.sizePt * 0.55, colour: 'accent' } },
        });
      }
      return;
    }
    case 'stat':
      flushStats([block], ctx, out, parent);
      return;
    case 'chart':
      out.push(chartBox(block, ctx, parent));
      return;
  }
}

function openerHeadingStyle(theme: Theme): TypeStyle {
  return { ...theme.type.h2, sizePt: theme.type.h2.sizePt + 2, leadingPt: theme.type.h2.leadingPt + 2, colour: 'paper' };
}

function openerNumeralStyle(theme: Theme): TypeStyle {
  const size = theme.type.statValue.sizePt * 1.4;
  return { ...theme.type.statValue, sizePt: size, leadingPt: size, colour: 'gold' };
}

function flushStats(stats: BlockOf<'stat'>[], ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  while (stats.length) out.push(statRow(stats.splice(0, 3), ctx, parent));
}

/** A row of stat callouts: big number and unit, label, as-of year. Never split across pages. */
function statRow(stats: BlockOf<'stat'>[], ctx: Ctx, parent: StructureNode[]): BoxPlaceable {
  const { theme, geo } = ctx;
  const gutter = 10;
  const pad = 9;
  const cardW = (geo.contentW - gutter * 2) / 3;
  const textW = cardW - pad * 2 - 3;
  const tv = theme.type.statValue;
  const tl = theme.type.statLabel;
  const tc = theme.type.caption;
  const unitStyle: TypeStyle = { ...tl, sizePt: tl.sizePt * 1.3, role: 'heading', colour: 'accent' };
  const cards = stats.map((s) => {
    const value = setText(ctx, s.display, tv, textW);
    const valueW = value[0]?.naturalWidthPt ?? 0;
    const unit = s.unit ? setText(ctx, s.unit, unitStyle, Math.max(20, textW - valueW - 3)) : [];
    const label = setText(ctx, s.label, tl, textW);
    const asOf = setText(ctx, ctx.say('year', { year: s.asOf }), tc, textW);
    // A card is a figure: a screen reader says its alternative text, one sentence, instead of its pieces.
    const id = nextBlockId(ctx);
    parent.push(leaf('Figure', id, statAltText(s, ctx.say)));
    return { value, valueW, unit, label, asOf, id };
  });
  const height = Math.max(...cards.map((c) => pad + tv.leadingPt * c.value.length + tl.leadingPt * c.label.length + tc.leadingPt + pad));
  return {
    kind: 'box',
    heightPt: height,
    spaceBeforePt: 8,
    spaceAfterPt: 10,
    paint: () => {
      const items: FrameItem[] = [];
      cards.forEach((c, k) => {
        const x = k * (cardW + gutter);
        items.push({ kind: 'rect', xPt: x, yPt: 0, wPt: cardW, hPt: height, fill: 'tint' });
        items.push({ kind: 'rect', xPt: x, yPt: 0, wPt: 3, hPt: height, fill: 'accent' });
        let y = pad;
        items.push(...linesToItems(c.value, tv, x + pad + 3, y, 'Figure', c.id));
        if (c.unit.length) {
          // The unit sits on the number's baseline.
          const baseShift = baselineOffset(tv) - baselineOffset(unitStyle);
          items.push(...linesToItems(c.unit, unitStyle, x + pad + 3 + c.valueW + 3, y + baseShift, 'Figure', c.id));
        }
        y += tv.leadingPt * c.value.length;
        items.push(...linesToItems(c.label, tl, x + pad + 3, y, 'Caption', c.id));
        y += tl.leadingPt * c.label.length;
        items.push(...linesToItems(c.asOf, tc, x + pad + 3, y, 'Caption', c.id));
      });
      return items;
    },
  };
}

/** What a screen reader says for a stat callout: `1 400 家：在港「一帶一路」企業（約）（2024 年）`. */
export function statAltText(stat: BlockOf<'stat'>, say: Say): string {
  return say('statAlt', { figure: `${stat.display}${stat.unit ? ` ${stat.unit}` : ''}`, label: stat.label, year: stat.asOf });
}

/** What a screen reader says for a chart: its title, then each category's values, series by series. */
export function chartAltText(chart: BlockOf<'chart'>, say: Say): string {
  const rows = chart.categories.map(
    (c, i) => `${c}${say('colon')}${chart.series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join(say('clauseComma'))}`,
  );
  return say('chartAlt', { title: chart.title, unit: chart.unit, rows: rows.join(say('rowSep')) });
}

/** A horizontal clustered bar chart drawn as vectors: one group per category, one bar per series. */
function chartBox(chart: BlockOf<'chart'>, ctx: Ctx, parent: StructureNode[]): BoxPlaceable {
  const { theme, geo } = ctx;
  const cap = theme.type.caption;
  const titleStyle = theme.type.h3;
  const labelW = 120;
  const barH = 11;
  const seriesColours = ['accent', 'gold', 'muted', 'rule'];
  const id = nextBlockId(ctx);
  // One figure: its text and its bars are its content, its alternative text says what it shows.
  parent.push(leaf('Figure', id, chartAltText(chart, ctx.say)));
  const title = setText(ctx, chart.title, titleStyle, geo.contentW);
  const labels = chart.categories.map((c) => setText(ctx, c, cap, labelW - 8));
  const max = Math.max(1, ...chart.series.flatMap((s) => s.values));
  const barMaxW = geo.contentW - labelW - 40;
  const legendH = cap.leadingPt + 4;
  const groupH = chart.categories.map((_, i) => Math.max(labels[i]!.length * cap.leadingPt, chart.series.length * (barH + 3)) + 8);
  const height = titleStyle.leadingPt * title.length + legendH + groupH.reduce((a, b) => a + b, 0);
  return {
    kind: 'box',
    heightPt: height,
    spaceBeforePt: 12,
    spaceAfterPt: 12,
    paint: () => {
      const items: FrameItem[] = [];
      let y = 0;
      items.push(...linesToItems(title, titleStyle, 0, y, 'Figure', id));
      y += titleStyle.leadingPt * title.length;
      let lx = labelW;
      chart.series.forEach((s, k) => {
        items.push({ kind: 'rect', xPt: lx, yPt: y + 3, wPt: 8, hPt: 8, fill: seriesColours[k % seriesColours.length]!, blockId: id });
        const name = setText(ctx, ctx.say('seriesUnit', { name: s.name, unit: chart.unit }), cap, 200);
        items.push(...linesToItems(name, cap, lx + 11, y, 'Figure', id));
        lx += 11 + (name[0]?.naturalWidthPt ?? 0) + 14;
      });
      y += legendH;
      chart.categories.forEach((_, i) => {
        items.push(...linesToItems(labels[i]!, cap, 0, y, 'Figure', id));
        chart.series.forEach((s, k) => {
          const v = s.values[i] ?? 0;
          const w = (v / max) * barMaxW;
          const by = y + k * (barH + 3) + 2;
          items.push({ kind: 'rect', xPt: labelW, yPt: by, wPt: Math.max(0.5, w), hPt: barH, fill: seriesColours[k % seriesColours.length]!, blockId: id });
          const valueText = setText(ctx, String(v), cap, 60);
          items.push(...linesToItems(valueText, cap, labelW + w + 4, by + (barH - cap.leadingPt) / 2, 'Figure', id));
        });
        items.push({ kind: 'rule', x1Pt: labelW, y1Pt: y, x2Pt: labelW, y2Pt: y + groupH[i]!, stroke: 'rule', widthPt: 0.5, blockId: id });
        y += groupH[i]!;
      });
      return items;
    },
  };
}

/** Baseline offset from the top of a line box: the CJK em box (ascent 0.88 em) centred in the leading. */
export function baselineOffset(style: TypeStyle): number {
  return (style.leadingPt - style.sizePt) / 2 + style.sizePt * 0.88;
}

function linesToItems(lines: Line[], style: TypeStyle, x: number, y: number, role: StructureRole, blockId: number): FrameItem[] {
  const items: FrameItem[] = [];
  lines.forEach((line, i) => {
    const baseline = y + i * style.leadingPt + baselineOffset(style);
    for (const run of line.runs) {
      items.push({
        kind: 'text',
        xPt: x + run.xPt,
        yPt: baseline,
        fontId: run.fontId,
        sizePt: run.sizePt,
        colour: style.colour,
        text: run.text,
        spacingPt: run.spacingPt,
        widthPt: run.widthPt,
        role,
        blockId,
      });
    }
  });
  return items;
}

interface Paginated {
  pages: FrameItem[][];
  outline: OutlineEntry[];
  /** Body page index → running head (the level-1 section in force at the page's top). */
  runningHeads: Map<number, string>;
}

function paginate(placeables: Placeable[], ctx: Ctx, firstPageIndex: number): Paginated {
  const { geo } = ctx;
  const pages: FrameItem[][] = [];
  const outline: OutlineEntry[] = [];
  const runningHeads = new Map<number, string>();
  let items: FrameItem[] = [];
  let y = geo.top;
  let head = '';
  const bottom = geo.trimH - geo.bottom;
  const pageIndex = (): number => firstPageIndex + pages.length;
  const verso = (): boolean => (pageIndex() + 1) % 2 === 0; // even folios are versos
  const left = (): number => (verso() ? geo.outside : geo.inside);
  const empty = (): boolean => items.length === 0;
  const breakPage = (): void => {
    pages.push(items);
    items = [];
    y = geo.top;
    runningHeads.set(pages.length, head);
  };
  runningHeads.set(0, head);

  /** The height that must fit together with a placeable for its keep to hold. */
  const minHeight = (k: number): number => {
    const p = placeables[k];
    if (!p || p.kind === 'pageBreak') return 0;
    if (p.kind === 'box') return p.spaceBeforePt + p.heightPt;
    if (p.newPage) return 0;
    const before = p.spaceBeforePt + (p.padTopPt ?? 0);
    const own = before + Math.min(2, p.lines.length) * p.style.leadingPt;
    return p.keepWithNext ? before + p.lines.length * p.style.leadingPt + p.spaceAfterPt + minHeight(k + 1) : own;
  };

  placeables.forEach((p, k) => {
    if (p.kind === 'pageBreak') {
      if (!empty()) breakPage();
      return;
    }
    if (p.kind === 'lines' && p.newPage && !empty()) breakPage();
    if (p.kind === 'lines' && p.runningHead !== undefined) {
      head = p.runningHead;
      if (empty()) runningHeads.set(pages.length, head);
    }
    const spaceBefore = empty() ? 0 : p.spaceBeforePt;
    if (p.kind === 'box') {
      if (y + spaceBefore + p.heightPt > bottom && !empty()) breakPage();
      const top = y + (empty() ? 0 : p.spaceBeforePt);
      for (const item of p.paint()) items.push(shift(item, left(), top));
      y = top + p.heightPt + p.spaceAfterPt;
      return;
    }
    const lh = p.style.leadingPt;
    const padTop = p.padTopPt ?? 0;
    if (p.keepWithNext) {
      const need = spaceBefore + padTop + p.lines.length * lh + p.spaceAfterPt + minHeight(k + 1);
      if (y + need > bottom && !empty()) breakPage();
    }
    let first = 0;
    // One block keeps one id across a page break: it is one paragraph for the reader (and the tags).
    const id = p.blockId;
    while (first < p.lines.length) {
      const remaining = p.lines.length - first;
      const top = y + (empty() ? 0 : first === 0 ? p.spaceBeforePt : 0) + (first === 0 ? padTop : 0);
      const fit = Math.floor((bottom - top + 0.01) / lh);
      let take = remaining;
      if (fit < remaining) {
        // No orphan (a first line alone at a page's foot) and no widow (a last line alone at a head).
        take = Math.min(fit, remaining - 2);
        if (p.keepWithNext || take < 2 || (first === 0 && take < 2)) take = 0;
        if (take === 0 && empty()) take = Math.max(1, fit); // a block taller than a page must still go somewhere
      }
      if (take === 0) {
        breakPage();
        continue;
      }
      if (first === 0 && p.ruleAbove) {
        items.push({ kind: 'rect', xPt: left(), yPt: top - 6, wPt: 28, hPt: 3, fill: 'accent' });
      }
      if (first === 0 && p.opener) items.push(...paintOpener(p.opener, top - padTop, left(), verso(), ctx));
      if (first === 0 && p.outline) {
        outline.push({ title: p.outline.title, level: p.outline.level, pageIndex: pageIndex(), yPt: top - padTop });
      }
      const x = left() + p.indentPt;
      items.push(...linesToItems(p.lines.slice(first, first + take), p.style, x, top, p.role, id));
      if (first === 0 && p.marker) {
        const m = p.marker.style;
        // Centre the bullet on the first line's em box.
        const cy = top + baselineOffset(p.style) - p.style.sizePt * 0.38 + m.sizePt * 0.38;
        items.push({ kind: 'rect', xPt: left() + p.indentPt * 0.15, yPt: cy - m.sizePt * 0.75, wPt: m.sizePt * 0.75, hPt: m.sizePt * 0.75, fill: m.colour });
      }
      y = top + take * lh;
      first += take;
      if (first < p.lines.length) breakPage();
    }
    y += p.spaceAfterPt;
  });
  if (!empty()) pages.push(items);
  return { pages, outline, runningHeads };
}

/**
 * An opener's band, painted under its heading: from the text column's inner edge out through the
 * outside edge into the bleed, so it reads as a tab when the brochure is leafed through; the section's
 * number, large, left of the heading. Decoration only: the heading itself says 「（三）」.
 */
function paintOpener(opener: Opener, topPt: number, left: number, verso: boolean, ctx: Ctx): FrameItem[] {
  const { geo } = ctx;
  const x0 = verso ? -geo.bleed : left;
  const x1 = verso ? left + geo.contentW : geo.trimW + geo.bleed;
  const items: FrameItem[] = [{ kind: 'rect', xPt: x0, yPt: topPt, wPt: x1 - x0, hPt: opener.heightPt, fill: 'accent' }];
  const s = opener.numeralStyle;
  // Lining figures: centre the cap height (about 0.73 em in Noto Sans) in the band.
  const baseline = topPt + opener.heightPt / 2 + s.sizePt * 0.365;
  const top = baseline - baselineOffset(s);
  items.push(...linesToItems(opener.numeral, s, left + OPENER_PAD_PT, top, 'artifact', nextBlockId(ctx)));
  // A hairline in gold between the number and the heading.
  items.push({ kind: 'rect', xPt: left + opener.ruleXPt, yPt: topPt + OPENER_PAD_PT, wPt: 0.8, hPt: opener.heightPt - 2 * OPENER_PAD_PT, fill: 'gold' });
  return items;
}

function shift(item: FrameItem, dx: number, dy: number): FrameItem {
  switch (item.kind) {
    case 'text':
    case 'rect':
    case 'link':
      return { ...item, xPt: item.xPt + dx, yPt: item.yPt + dy };
    case 'rule':
      return { ...item, x1Pt: item.x1Pt + dx, y1Pt: item.y1Pt + dy, x2Pt: item.x2Pt + dx, y2Pt: item.y2Pt + dy };
  }
}

interface Painted {
  items: FrameItem[];
  structure: StructureNode;
}

function paintCover(doc: Doc, ctx: Ctx): Painted {
  const { theme, geo } = ctx;
  const items: FrameItem[] = [];
  const children: StructureNode[] = [];
  const b = geo.bleed;
  const stripeY = geo.trimH * 0.62;
  // The background runs into the bleed on every side so trimming leaves no white edge.
  items.push({ kind: 'rect', xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH + 2 * b, fill: 'accent' });
  items.push({ kind: 'rect', xPt: -b, yPt: stripeY + 6, wPt: geo.trimW + 2 * b, hPt: geo.trimH - stripeY - 6 + b, fill: 'accentDeep' });
  items.push({ kind: 'rect', xPt: -b, yPt: stripeY, wPt: geo.trimW + 2 * b, hPt: 6, fill: 'gold' });
  const x = geo.outside + 10;
  const w = geo.contentW - 20;
  const titleStyle = theme.type.coverTitle;
  const title = setText(ctx, doc.meta.title, titleStyle, w);
  let y = geo.trimH * 0.3;
  items.push({ kind: 'rect', xPt: x, yPt: y - 18, wPt: 40, hPt: 4, fill: 'gold' });
  const titleId = nextBlockId(ctx);
  children.push(leaf('Title', titleId));
  items.push(...linesToItems(title, titleStyle, x, y, 'Title', titleId));
  y += title.length * titleStyle.leadingPt + 12;
  if (doc.meta.subtitle) {
    const sub = setText(ctx, doc.meta.subtitle, theme.type.coverSubtitle, w);
    const id = nextBlockId(ctx);
    children.push(leaf('P', id));
    items.push(...linesToItems(sub, theme.type.coverSubtitle, x, y, 'P', id));
  }
  const foot: TypeStyle = { ...theme.type.coverSubtitle, sizePt: 11, leadingPt: 17 };
  const pub = setText(ctx, doc.meta.publisher, foot, w);
  const date = setText(ctx, `${ctx.say('updatedLead')}${ctx.date(doc.meta.date)}`, foot, w);
  const pubId = nextBlockId(ctx);
  const dateId = nextBlockId(ctx);
  children.push(leaf('P', pubId), leaf('P', dateId));
  items.push(...linesToItems(pub, foot, x, stripeY + 24, 'P', pubId));
  items.push(...linesToItems(date, foot, x, stripeY + 24 + foot.leadingPt, 'P', dateId));
  return { items, structure: { type: 'Div', children } };
}

function paintBackCover(doc: Doc, ctx: Ctx): Painted {
  const { theme, geo } = ctx;
  const b = geo.bleed;
  const items: FrameItem[] = [{ kind: 'rect', xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH + 2 * b, fill: 'accent' }];
  const style: TypeStyle = { ...theme.type.caption, colour: 'paper' };
  const big: TypeStyle = { ...style, sizePt: 12, leadingPt: 18 };
  const w = geo.contentW;
  const x = geo.inside;
  const yPub = geo.trimH - geo.bottom - 64;
  items.push({ kind: 'rect', xPt: x, yPt: yPub - 14, wPt: 40, hPt: 3, fill: 'gold' });
  const pubId = nextBlockId(ctx);
  items.push(...linesToItems(setText(ctx, doc.meta.publisher, big, w), big, x, yPub, 'P', pubId));
  // The source line, with the date the figures are as of.
  const srcId = nextBlockId(ctx);
  const src = setText(ctx, `${ctx.say('sourceLead')}${doc.meta.source}`, style, w);
  items.push(...linesToItems(src, style, x, yPub + big.leadingPt + 6, 'P', srcId));
  const children = [leaf('P', pubId), leaf('P', srcId)];
  // The as-of date, unless the source line already gives it (as the body's source line does).
  if (!doc.meta.source.includes(ctx.date(doc.meta.date))) {
    const dateId = nextBlockId(ctx);
    const date = setText(ctx, ctx.say('dataAsOf', { date: ctx.date(doc.meta.date) }), style, w);
    items.push(...linesToItems(date, style, x, yPub + big.leadingPt + 6 + src.length * style.leadingPt, 'P', dateId));
    children.push(leaf('P', dateId));
  }
  return { items, structure: { type: 'Div', children } };
}

/** Fill the contents pages; returns their structure: the heading, then a TOC of entries that link to their pages. */
function paintToc(tocPages: Page[], entries: { title: string; level: number }[], outline: OutlineEntry[], ctx: Ctx): StructureNode[] {
  const { theme, geo } = ctx;
  const h = theme.type.h1;
  const body = theme.type.body;
  const lineH = body.leadingPt * 1.5;
  const perPage = Math.floor((geo.trimH - geo.top - geo.bottom - 60) / lineH);
  const structure: StructureNode[] = [];
  const toc: StructureNode = { type: 'TOC', children: [] };
  // Entries and outline entries come from the same walk over level ≤ 2 sections, in order.
  const targets = outline.filter((o) => o.level <= 2);
  entries.forEach((entry, i) => {
    const pg = tocPages[Math.floor(i / perPage)]!;
    const idx = pg.number - 1;
    const left = (idx + 1) % 2 === 0 ? geo.outside : geo.inside;
    if (i % perPage === 0) {
      const title = setText(ctx, ctx.say('contents'), h, geo.contentW);
      const id = nextBlockId(ctx);
      // The heading once; its repetition on a following contents page is a running title, an artifact.
      if (i === 0) structure.push(leaf('H1', id));
      pg.items.push(...linesToItems(title, h, left, geo.top, i === 0 ? 'H1' : 'artifact', id));
    }
    const y = geo.top + 60 + (i % perPage) * lineH;
    const indent = entry.level === 1 ? 0 : body.sizePt * 2;
    const style = entry.level === 1 ? { ...body, role: 'heading' } : body;
    const target = targets[i];
    const folio = target ? String(target.pageIndex + 1) : '';
    const id = nextBlockId(ctx);
    // TOCI > Link: the entry's text and page number, and the link annotation over them.
    toc.children.push({ type: 'TOCI', children: [leaf('Link', id)] });
    const num = setText(ctx, folio, style, 40);
    const numW = num[0]?.naturalWidthPt ?? 0;
    const text = setText(ctx, entry.title, style, geo.contentW - indent - 50).slice(0, 1);
    pg.items.push(...linesToItems(text, style, left + indent, y, 'Link', id));
    const textW = text[0]?.naturalWidthPt ?? 0;
    const ruleY = y + baselineOffset(style);
    pg.items.push({ kind: 'rule', x1Pt: left + indent + textW + 6, y1Pt: ruleY, x2Pt: left + geo.contentW - numW - 6, y2Pt: ruleY, stroke: 'rule', widthPt: 0.5 });
    pg.items.push(...linesToItems(num, style, left + geo.contentW - numW, y, 'Link', id));
    if (target) {
      pg.items.push({
        kind: 'link',
        xPt: left + indent,
        yPt: y,
        wPt: geo.contentW - indent,
        hPt: lineH,
        targetPage: target.pageIndex,
        targetYPt: target.yPt,
        blockId: id,
        label: ctx.say('pageOf', { title: entry.title, page: folio }),
      });
    }
  });
  structure.push(toc);
  return structure;
}

function paintRunningHead(pg: Page, title: string, section: string, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const s = theme.type.runningHead;
  const idx = pg.number - 1;
  const verso = (idx + 1) % 2 === 0;
  const left = verso ? geo.outside : geo.inside;
  const y = geo.top - 30;
  const id = nextBlockId(ctx);
  const items: FrameItem[] = [];
  const titleLines = setText(ctx, title, s, geo.contentW / 2).slice(0, 1);
  const sectionLines = setText(ctx, section, s, geo.contentW / 2).slice(0, 1);
  const sw = sectionLines[0]?.naturalWidthPt ?? 0;
  items.push(...linesToItems(titleLines, s, left, y, 'artifact', id));
  items.push(...linesToItems(sectionLines, s, left + geo.contentW - sw, y, 'artifact', id));
  items.push({ kind: 'rule', x1Pt: left, y1Pt: y + s.leadingPt + 2, x2Pt: left + geo.contentW, y2Pt: y + s.leadingPt + 2, stroke: 'rule', widthPt: 0.5 });
  const folio = setText(ctx, String(pg.number), s, 40);
  const fw = folio[0]?.naturalWidthPt ?? 0;
  const fx = verso ? left : left + geo.contentW - fw;
  items.push(...linesToItems(folio, s, fx, geo.trimH - geo.bottom + 12, 'artifact', id));
  return items;
}
