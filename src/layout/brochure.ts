// Doc (brochure markup tree) + theme + text engine → pages of positioned items (LaidOutDocument).
// Two steps: blocks become placeables (typeset lines and fixed boxes), then pagination places them
// with clreq's keeps: headings stay with two lines of what follows, no paragraph leaves one line alone.
import type { Line, TextEngine } from '../text/engine.js';
import type { Block, BlockOf, Doc, Inline } from '../markup/types.js';
import { inlineText } from '../markup/types.js';
import { mmToPt, type Theme, type TypeStyle } from '../theme/theme.js';
import type { FrameItem, LaidOutDocument, OutlineEntry, Page, StructureRole } from './types.js';

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
  spaceBeforePt: number;
  spaceAfterPt: number;
  keepWithNext: boolean;
  newPage: boolean;
  marker?: { text: string; style: TypeStyle };
  ruleAbove?: boolean;
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
  paint: (blockId: () => number) => FrameItem[];
}

type Placeable = LinesPlaceable | BoxPlaceable | { kind: 'pageBreak' };

interface Ctx {
  theme: Theme;
  engine: TextEngine;
  geo: Geometry;
  blockSeq: number;
}

const CHINESE_DIGITS = '〇一二三四五六七八九';

/** Lay out the brochure: cover, contents, sections, back cover. */
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
  const ctx: Ctx = { theme, engine, geo, blockSeq: 0 };

  const hasCover = doc.blocks.some((b) => b.kind === 'cover');
  const tocEntries = collectToc(doc.blocks);
  const hasToc = doc.blocks.some((b) => b.kind === 'toc');
  // The contents page comes before the body, so count its pages first; its numbers are filled in after.
  const tocLineH = theme.type.body.leadingPt * 1.5;
  const tocPerPage = Math.floor((geo.trimH - geo.top - geo.bottom - 60) / tocLineH);
  const tocPages = hasToc ? Math.max(1, Math.ceil(tocEntries.length / tocPerPage)) : 0;
  const firstBody = (hasCover ? 1 : 0) + tocPages;

  const placeables: Placeable[] = [];
  for (const block of doc.blocks) toPlaceables(block, ctx, placeables);
  const body = paginate(placeables, ctx, firstBody);

  const pages: Page[] = [];
  const newPage = (): Page => ({ number: pages.length + 1, widthPt: geo.trimW, heightPt: geo.trimH, bleedPt: geo.bleed, items: [] });
  if (hasCover) {
    const cover = newPage();
    cover.items = paintCover(doc, ctx);
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
  if (hasCover) {
    const back = newPage();
    back.items = paintBackCover(doc, ctx);
    pages.push(back);
  }
  const outline: OutlineEntry[] = body.outline;
  if (hasToc) paintToc(tocPageList, tocEntries, outline, ctx);
  // Running heads and folios on every page but the covers.
  for (const pg of pages) {
    const idx = pg.number - 1;
    if (hasCover && (idx === 0 || idx === pages.length - 1)) continue;
    pg.items.push(...paintRunningHead(pg, doc.meta.title, body.runningHeads.get(idx - firstBody) ?? '目錄', ctx));
  }
  return { pages, outline };
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

function toPlaceables(block: Block, ctx: Ctx, out: Placeable[]): void {
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
      const style = headingStyle(theme, block.level);
      const title = inlineText(block.heading);
      out.push({
        kind: 'lines',
        lines: setLines(ctx, block.heading, style, geo.contentW, 'start'),
        style,
        indentPt: 0,
        role: block.level <= 1 ? 'H1' : block.level === 2 ? 'H2' : 'H3',
        spaceBeforePt: block.level <= 1 ? 0 : block.level === 2 ? 22 : 12,
        spaceAfterPt: block.level <= 1 ? 14 : 6,
        keepWithNext: true,
        newPage: block.level <= 1,
        ruleAbove: block.level === 2,
        outline: { title, level: block.level },
        ...(block.level <= 1 ? { runningHead: title } : {}),
      });
      // Stat callouts of a section go in rows of up to three, after its text.
      const stats: BlockOf<'stat'>[] = [];
      for (const child of block.blocks) {
        if (child.kind === 'stat') stats.push(child);
        else toPlaceables(child, ctx, out);
        if (child.kind === 'section' && stats.length) flushStats(stats, ctx, out);
      }
      flushStats(stats, ctx, out);
      return;
    }
    case 'paragraph': {
      const style = block.role === 'lead' ? theme.type.lead : block.role === 'source' ? theme.type.caption : theme.type.body;
      out.push({
        kind: 'lines',
        lines: setLines(ctx, block.inlines, style, geo.contentW, block.role === 'source' ? 'start' : 'justify'),
        style,
        indentPt: 0,
        role: 'P',
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
      // Hanging indent: the bullet sits in the margin of the item's text, every line aligned after it.
      for (const item of block.items) {
        out.push({
          kind: 'lines',
          lines: setLines(ctx, item.inlines, style, geo.contentW - indent, 'justify'),
          style,
          indentPt: indent,
          role: 'LI',
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
      flushStats([block], ctx, out);
      return;
    case 'chart':
      out.push(chartBox(block, ctx));
      return;
  }
}

function flushStats(stats: BlockOf<'stat'>[], ctx: Ctx, out: Placeable[]): void {
  while (stats.length) out.push(statRow(stats.splice(0, 3), ctx));
}

/** A row of stat callouts: big number and unit, label, as-of year. Never split across pages. */
function statRow(stats: BlockOf<'stat'>[], ctx: Ctx): BoxPlaceable {
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
    const value = setLines(ctx, [{ kind: 'text', text: s.display }], tv, textW, 'start');
    const valueW = value[0]?.naturalWidthPt ?? 0;
    const unit = s.unit ? setLines(ctx, [{ kind: 'text', text: s.unit }], unitStyle, Math.max(20, textW - valueW - 3), 'start') : [];
    const label = setLines(ctx, [{ kind: 'text', text: s.label }], tl, textW, 'start');
    const asOf = setLines(ctx, [{ kind: 'text', text: `${s.asOf} 年` }], tc, textW, 'start');
    return { value, valueW, unit, label, asOf };
  });
  const height = Math.max(...cards.map((c) => pad + tv.leadingPt * c.value.length + tl.leadingPt * c.label.length + tc.leadingPt + pad));
  return {
    kind: 'box',
    heightPt: height,
    spaceBeforePt: 8,
    spaceAfterPt: 10,
    paint: (nextId) => {
      const items: FrameItem[] = [];
      cards.forEach((c, k) => {
        const x = k * (cardW + gutter);
        items.push({ kind: 'rect', xPt: x, yPt: 0, wPt: cardW, hPt: height, fill: 'tint' });
        items.push({ kind: 'rect', xPt: x, yPt: 0, wPt: 3, hPt: height, fill: 'accent' });
        const id = nextId();
        let y = pad;
        items.push(...linesToItems(c.value, tv, x + pad + 3, y, 'Figure', id));
        if (c.unit.length) {
          // The unit sits on the number's baseline.
          const baseShift = baselineOffset(tv) - baselineOffset(unitStyle);
          items.push(...linesToItems(c.unit, unitStyle, x + pad + 3 + c.valueW + 3, y + baseShift, 'Figure', id));
        }
        y += tv.leadingPt * c.value.length;
        items.push(...linesToItems(c.label, tl, x + pad + 3, y, 'Caption', id));
        y += tl.leadingPt * c.label.length;
        items.push(...linesToItems(c.asOf, tc, x + pad + 3, y, 'Caption', id));
      });
      return items;
    },
  };
}

/** A horizontal clustered bar chart drawn as vectors: one group per category, one bar per series. */
function chartBox(chart: BlockOf<'chart'>, ctx: Ctx): BoxPlaceable {
  const { theme, geo } = ctx;
  const cap = theme.type.caption;
  const titleStyle = theme.type.h3;
  const labelW = 120;
  const barH = 11;
  const seriesColours = ['accent', 'gold', 'muted', 'rule'];
  const title = setLines(ctx, [{ kind: 'text', text: chart.title }], titleStyle, geo.contentW, 'start');
  const labels = chart.categories.map((c) => setLines(ctx, [{ kind: 'text', text: c }], cap, labelW - 8, 'start'));
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
    paint: (nextId) => {
      const id = nextId();
      const items: FrameItem[] = [];
      let y = 0;
      items.push(...linesToItems(title, titleStyle, 0, y, 'Caption', id));
      y += titleStyle.leadingPt * title.length;
      let lx = labelW;
      chart.series.forEach((s, k) => {
        items.push({ kind: 'rect', xPt: lx, yPt: y + 3, wPt: 8, hPt: 8, fill: seriesColours[k % seriesColours.length]! });
        const name = setLines(ctx, [{ kind: 'text', text: `${s.name}（${chart.unit}）` }], cap, 200, 'start');
        items.push(...linesToItems(name, cap, lx + 11, y, 'Caption', id));
        lx += 11 + (name[0]?.naturalWidthPt ?? 0) + 14;
      });
      y += legendH;
      chart.categories.forEach((_, i) => {
        items.push(...linesToItems(labels[i]!, cap, 0, y, 'Caption', id));
        chart.series.forEach((s, k) => {
          const v = s.values[i] ?? 0;
          const w = (v / max) * barMaxW;
          const by = y + k * (barH + 3) + 2;
          items.push({ kind: 'rect', xPt: labelW, yPt: by, wPt: Math.max(0.5, w), hPt: barH, fill: seriesColours[k % seriesColours.length]! });
          const valueText = setLines(ctx, [{ kind: 'text', text: String(v) }], cap, 60, 'start');
          items.push(...linesToItems(valueText, cap, labelW + w + 4, by + (barH - cap.leadingPt) / 2, 'Caption', id));
        });
        items.push({ kind: 'rule', x1Pt: labelW, y1Pt: y, x2Pt: labelW, y2Pt: y + groupH[i]!, stroke: 'rule', widthPt: 0.5 });
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
  const left = (): number => ((pageIndex() + 1) % 2 === 0 ? geo.outside : geo.inside); // even folios are versos
  const empty = (): boolean => items.length === 0;
  const nextId = (): number => ++ctx.blockSeq;
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
    const own = p.spaceBeforePt + Math.min(2, p.lines.length) * p.style.leadingPt;
    return p.keepWithNext ? p.spaceBeforePt + p.lines.length * p.style.leadingPt + p.spaceAfterPt + minHeight(k + 1) : own;
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
      for (const item of p.paint(nextId)) items.push(shift(item, left(), top));
      y = top + p.heightPt + p.spaceAfterPt;
      return;
    }
    const lh = p.style.leadingPt;
    if (p.keepWithNext) {
      const need = spaceBefore + p.lines.length * lh + p.spaceAfterPt + minHeight(k + 1);
      if (y + need > bottom && !empty()) breakPage();
    }
    let first = 0;
    // One block keeps one id across a page break: it is one paragraph for the reader (and the tags).
    const id = nextId();
    while (first < p.lines.length) {
      const remaining = p.lines.length - first;
      const top = y + (empty() ? 0 : first === 0 ? p.spaceBeforePt : 0);
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
      if (first === 0 && p.outline) {
        outline.push({ title: p.outline.title, level: p.outline.level, pageIndex: pageIndex(), yPt: top });
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

function paintCover(doc: Doc, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const items: FrameItem[] = [];
  const b = geo.bleed;
  // The background runs into the bleed on every side so trimming leaves no white edge.
  items.push({ kind: 'rect', xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH + 2 * b, fill: 'accent' });
  items.push({ kind: 'rect', xPt: -b, yPt: geo.trimH * 0.62, wPt: geo.trimW + 2 * b, hPt: 6, fill: 'gold' });
  const x = geo.outside + 10;
  const w = geo.contentW - 20;
  const id = ++ctx.blockSeq;
  const title = setLines(ctx, [{ kind: 'text', text: doc.meta.title }], theme.type.coverTitle, w, 'start');
  let y = geo.trimH * 0.3;
  items.push(...linesToItems(title, theme.type.coverTitle, x, y, 'Title', id));
  y += title.length * theme.type.coverTitle.leadingPt + 12;
  if (doc.meta.subtitle) {
    const sub = setLines(ctx, [{ kind: 'text', text: doc.meta.subtitle }], theme.type.coverSubtitle, w, 'start');
    items.push(...linesToItems(sub, theme.type.coverSubtitle, x, y, 'P', ++ctx.blockSeq));
  }
  const foot: TypeStyle = { ...theme.type.coverSubtitle, sizePt: 11, leadingPt: 17 };
  const pub = setLines(ctx, [{ kind: 'text', text: doc.meta.publisher }], foot, w, 'start');
  const date = setLines(ctx, [{ kind: 'text', text: `更新日期：${chineseDate(doc.meta.date)}` }], foot, w, 'start');
  items.push(...linesToItems(pub, foot, x, geo.trimH * 0.62 + 24, 'P', ++ctx.blockSeq));
  items.push(...linesToItems(date, foot, x, geo.trimH * 0.62 + 24 + foot.leadingPt, 'P', ++ctx.blockSeq));
  return items;
}

function paintBackCover(doc: Doc, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const b = geo.bleed;
  const items: FrameItem[] = [{ kind: 'rect', xPt: -b, yPt: -b, wPt: geo.trimW + 2 * b, hPt: geo.trimH + 2 * b, fill: 'accent' }];
  const style: TypeStyle = { ...theme.type.caption, colour: 'paper' };
  const w = geo.contentW;
  const lines = [
    ...setLines(ctx, [{ kind: 'text', text: doc.meta.publisher }], { ...style, sizePt: 12, leadingPt: 18 }, w, 'start'),
  ];
  items.push(...linesToItems(lines, { ...style, sizePt: 12, leadingPt: 18 }, geo.inside, geo.trimH - geo.bottom - 60, 'P', ++ctx.blockSeq));
  const src = setLines(ctx, [{ kind: 'text', text: `資料來源：${doc.meta.source}` }], style, w, 'start');
  items.push(...linesToItems(src, style, geo.inside, geo.trimH - geo.bottom - 36, 'P', ++ctx.blockSeq));
  return items;
}

function paintToc(tocPages: Page[], entries: { title: string; level: number }[], outline: OutlineEntry[], ctx: Ctx): void {
  const { theme, geo } = ctx;
  const h = theme.type.h1;
  const body = theme.type.body;
  const lineH = body.leadingPt * 1.5;
  const perPage = Math.floor((geo.trimH - geo.top - geo.bottom - 60) / lineH);
  // Entries and outline entries come from the same walk over level ≤ 2 sections, in order.
  const targets = outline.filter((o) => o.level <= 2);
  entries.forEach((entry, i) => {
    const pg = tocPages[Math.floor(i / perPage)]!;
    const idx = pg.number - 1;
    const left = (idx + 1) % 2 === 0 ? geo.outside : geo.inside;
    if (i % perPage === 0) {
      const title = setLines(ctx, [{ kind: 'text', text: '目錄' }], h, geo.contentW, 'start');
      pg.items.push(...linesToItems(title, h, left, geo.top, 'H1', ++ctx.blockSeq));
    }
    const y = geo.top + 60 + (i % perPage) * lineH;
    const indent = entry.level === 1 ? 0 : body.sizePt * 2;
    const style = entry.level === 1 ? { ...body, role: 'heading' } : body;
    const target = targets[i];
    const folio = target ? String(target.pageIndex + 1) : '';
    const id = ++ctx.blockSeq;
    const num = setLines(ctx, [{ kind: 'text', text: folio }], style, 40, 'start');
    const numW = num[0]?.naturalWidthPt ?? 0;
    const text = setLines(ctx, [{ kind: 'text', text: entry.title }], style, geo.contentW - indent - 50, 'start').slice(0, 1);
    pg.items.push(...linesToItems(text, style, left + indent, y, 'TOCI', id));
    pg.items.push(...linesToItems(num, style, left + geo.contentW - numW, y, 'TOCI', id));
    const textW = text[0]?.naturalWidthPt ?? 0;
    const ruleY = y + baselineOffset(style);
    pg.items.push({ kind: 'rule', x1Pt: left + indent + textW + 6, y1Pt: ruleY, x2Pt: left + geo.contentW - numW - 6, y2Pt: ruleY, stroke: 'rule', widthPt: 0.5 });
    if (target) pg.items.push({ kind: 'link', xPt: left + indent, yPt: y, wPt: geo.contentW - indent, hPt: lineH, targetPage: target.pageIndex });
  });
}

function paintRunningHead(pg: Page, title: string, section: string, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const s = theme.type.runningHead;
  const idx = pg.number - 1;
  const verso = (idx + 1) % 2 === 0;
  const left = verso ? geo.outside : geo.inside;
  const y = geo.top - 30;
  const id = ++ctx.blockSeq;
  const items: FrameItem[] = [];
  const titleLines = setLines(ctx, [{ kind: 'text', text: title }], s, geo.contentW / 2, 'start').slice(0, 1);
  const sectionLines = setLines(ctx, [{ kind: 'text', text: section }], s, geo.contentW / 2, 'start').slice(0, 1);
  const sw = sectionLines[0]?.naturalWidthPt ?? 0;
  items.push(...linesToItems(titleLines, s, left, y, 'artifact', id));
  items.push(...linesToItems(sectionLines, s, left + geo.contentW - sw, y, 'artifact', id));
  items.push({ kind: 'rule', x1Pt: left, y1Pt: y + s.leadingPt + 2, x2Pt: left + geo.contentW, y2Pt: y + s.leadingPt + 2, stroke: 'rule', widthPt: 0.5 });
  const folio = setLines(ctx, [{ kind: 'text', text: String(pg.number) }], s, 40, 'start');
  const fw = folio[0]?.naturalWidthPt ?? 0;
  const fx = verso ? left : left + geo.contentW - fw;
  items.push(...linesToItems(folio, s, fx, geo.trimH - geo.bottom + 12, 'artifact', id));
  return items;
}

/** `2026-04-28` → `2026 年 4 月 28 日`, as the source writes dates. */
export function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y} 年 ${m} 月 ${d} 日`;
}

export function chineseNumeral(n: number): string {
  if (n <= 10) return n === 10 ? '十' : CHINESE_DIGITS[n]!;
  if (n < 20) return '十' + CHINESE_DIGITS[n - 10]!;
  return CHINESE_DIGITS[Math.floor(n / 10)]! + '十' + (n % 10 ? CHINESE_DIGITS[n % 10]! : '');
}
