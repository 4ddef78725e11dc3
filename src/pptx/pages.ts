// Take a Deck and lay its slides out as pages of positioned runs, rectangles and rules (the brochure's page
// model), so that silkpress's own PDF writer draws the same slides: briefing.pdf, the deck as it must look.
//
// Every text box is set again with the engine that measured it, at the same size, role and measure width, so
// each paragraph breaks into exactly the lines the deck measured and the box it was given holds them. Charts,
// native (and editable) in the PPTX, are drawn here as simple vector bars with the same data and colours.
//
// The tagged structure (PDF/UA-1) is built alongside: a `Sect` per slide holding its title as `H1`, lists as
// `L` › `LI` › `Lbl` + `LBody`, each key figure and chart a `Figure` whose `Alt` says what it shows, with its
// captions inside it; footers, slide numbers and panels are artifacts.
import { lineParts } from '../layout/parts.js';
import type { FrameItem, GlyphRunItem, LaidOutDocument, OutlineEntry, Page, StructureNode, StructureRole } from '../layout/types.js';
import type { Inline } from '../markup/types.js';
import type { Theme } from '../theme/theme.js';
import type { Line, TextEngine } from '../text/engine.js';
import type { BoxIn, ChartItem, Deck, DeckParagraph, DeckRun, NumberScheme, Slide, SlideNumberItem, TableItem, TextBox, TextRole } from './deck.js';

const PT_PER_IN = 72;
/** The slide-number box's inner margin, as the PPTX writer sets it. */
const SLIDE_NUMBER_INSET_PT = 4;

interface PageCtx {
  engine: TextEngine;
  /** `#rrggbb` → the theme colour of that value: the deck paints with theme colours, pages name them. */
  colourName: (hex: string) => string;
  nextBlockId: () => number;
  /** The document's language: `zh…` writes alternative texts with Chinese punctuation. */
  chinese: boolean;
  /** `#rrggbb` of linked text: the accent, as the brochure draws links. */
  linkColour: string;
}

export function deckToPages(deck: Deck, theme: Theme, engine: TextEngine): LaidOutDocument {
  const byRgb = new Map<string, string>();
  for (const [name, c] of Object.entries(theme.colours)) if (!byRgb.has(c.rgb.toLowerCase())) byRgb.set(c.rgb.toLowerCase(), name);
  let blockId = 0;
  const ctx: PageCtx = {
    engine,
    colourName: (hex) => {
      const name = byRgb.get(hex.toLowerCase());
      if (name === undefined) throw new Error(`deckToPages: colour ${hex} is not a theme colour`); // the deck only uses theme colours
      return name;
    },
    nextBlockId: () => ++blockId,
    chinese: deck.lang.toLowerCase().startsWith('zh'),
    linkColour: theme.colours.accent?.rgb ?? '#9e1b32',
  };
  const widthPt = deck.widthIn * PT_PER_IN;
  const heightPt = deck.heightIn * PT_PER_IN;
  const pages: Page[] = [];
  const outline: OutlineEntry[] = [];
  const structure: StructureNode[] = [];
  deck.slides.forEach((slide, index) => {
    const sect: StructureNode = { type: 'Sect', children: [] };
    structure.push(sect);
    pages.push({ number: index + 1, widthPt, heightPt, bleedPt: 0, items: slideItems(ctx, slide, index, { widthPt, heightPt }, sect.children) });
    // One bookmark per slide block: its first slide, titled as the slide is.
    const title = slide.items.find((i): i is TextBox => i.kind === 'text' && i.role === 'title');
    if (slide.continuation === 0 && title) {
      outline.push({ title: title.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' '), level: 1, pageIndex: index, yPt: title.box.yIn * PT_PER_IN });
    }
  });
  return { pages, outline, structure };
}

/** A slide's items, in reading order, and (in `out`) its structure elements. */
function slideItems(ctx: PageCtx, slide: Slide, index: number, size: { widthPt: number; heightPt: number }, out: StructureNode[]): FrameItem[] {
  const items: FrameItem[] = [{ kind: 'rect', xPt: 0, yPt: 0, wPt: size.widthPt, hPt: size.heightPt, fill: ctx.colourName(slide.background) }];
  // A key figure's label and date follow its value; a chart's caption precedes it: both belong in its Figure.
  let stat: { figure: StructureNode; texts: string[] } | undefined;
  let caption: { node: StructureNode; text: string } | undefined;
  // A caption right after a picture is the picture's.
  let picture: StructureNode | undefined;
  for (const item of slide.items) {
    const after = picture;
    picture = undefined;
    switch (item.kind) {
      case 'rect':
        items.push({ kind: 'rect', ...pt(item.box), fill: ctx.colourName(item.fill) });
        break;
      case 'text': {
        const role = STRUCTURE[item.role];
        const set = textItems(ctx, item, role);
        items.push(...set.items);
        // A link's annotation belongs to the element of the paragraph that holds it.
        items.push(...set.links);
        const text = boxText(item);
        if (item.role === 'statValue') {
          const figure: StructureNode = { type: 'Figure', alt: text, blockId: set.blockIds[0]!, children: [] };
          out.push(figure);
          stat = { figure, texts: [text] };
        } else if ((item.role === 'statLabel' || item.role === 'statAsOf') && stat) {
          for (const id of set.blockIds) stat.figure.children.push(element('Caption', id, set));
          stat.texts.push(text);
          stat.figure.alt = stat.texts.join(ctx.chinese ? '，' : ', ');
        } else if (item.role === 'caption' && after) {
          after.children.push(captionOf(set));
        } else if (item.role === 'caption') {
          caption = { node: captionOf(set), text };
        } else if (role !== 'artifact') {
          // A point is a list item when it is drawn with a marker (the box's list style, or its own: a numbered or
          // nested list the slide layout set paragraph by paragraph), else a paragraph.
          out.push(...boxStructure(role, set));
        }
        break;
      }
      case 'slideNumber':
        items.push(...slideNumberItems(ctx, item, index + 1));
        break;
      case 'table': {
        const table = tableItems(ctx, item);
        items.push(...table.items);
        // A caption right before the table belongs in it.
        if (caption) {
          table.structure.children.unshift(caption.node);
          caption = undefined;
        }
        out.push(table.structure);
        break;
      }
      case 'picture': {
        // The same file, crop and box as the PPTX: the PDF writer resamples it for its own edition.
        const blockId = ctx.nextBlockId();
        items.push({ kind: 'image', ...pt(item.box), path: item.path, file: item.file, format: item.format, crop: item.crop, blockId, ...(item.span ? { span: item.span } : {}) });
        picture = { type: 'Figure', alt: item.alt, blockId, children: [] };
        out.push(picture);
        break;
      }
      case 'chart': {
        const chart = chartItems(ctx, item);
        items.push(...chart.items);
        const figure: StructureNode = { type: 'Figure', alt: chartAlt(ctx, item), blockId: chart.blockId, children: [] };
        if (caption) {
          figure.children.push(caption.node);
          caption = undefined;
        }
        out.push(figure);
        break;
      }
    }
  }
  // A caption no chart followed is a paragraph of the slide.
  if (caption) out.push({ ...caption.node, type: 'P' });
  return items;
}

/** A caption box's element: its first paragraph the Caption's own text, any further ones paragraphs in it. */
function captionOf(set: BoxItems): StructureNode {
  const [first, ...rest] = set.blockIds;
  const head = element('Caption', first!, set);
  return { ...head, children: [...head.children, ...rest.map((id) => element('P', id, set))] };
}

/** The plain text of a box, paragraphs joined by a space. */
function boxText(t: TextBox): string {
  return t.paragraphs.map((p) => p.runs.map((r) => r.text).join('')).join(' ').trim();
}

/** The element of a paragraph's block `id`: its content, or, when it holds links, its pieces. */
function element(type: StructureNode['type'], id: number, set: BoxItems): StructureNode {
  const pieces = set.pieces.get(id);
  return pieces ? { type, children: pieces } : { type, blockId: id, children: [] };
}

/**
 * Structure elements of a box's paragraphs. Points drawn with a marker are list items, `LI` › `Lbl` + `LBody`, in an
 * `L`; an item a level deeper than the one before opens an `L` inside that item's `LBody` (after its text, as the
 * brochure nests lists); points drawn without one are paragraphs (`P`) between lists.
 */
function boxStructure(role: StructureRole, set: BoxItems): StructureNode[] {
  if (role !== 'LI') return set.blockIds.map((id) => element(role === 'Title' ? 'H1' : (role as StructureNode['type']), id, set));
  const out: StructureNode[] = [];
  let open: { level: number; list: StructureNode; last?: StructureNode }[] = [];
  for (const id of set.blockIds) {
    const marker = set.markers.get(id);
    if (marker === undefined) {
      open = [];
      out.push(element('P', id, set));
      continue;
    }
    const level = set.levels.get(id) ?? 0;
    while (open.length > 0 && open[open.length - 1]!.level > level) open.pop();
    let top = open[open.length - 1];
    if (!top || top.level < level) {
      const list: StructureNode = { type: 'L', children: [] };
      if (top?.last) nestIn(top.last, list);
      else out.push(list);
      top = { level, list };
      open.push(top);
    }
    const item: StructureNode = { type: 'LI', children: [{ type: 'Lbl', blockId: marker, children: [] }, element('LBody', id, set)] };
    top.list.children.push(item);
    top.last = item;
  }
  return out;
}

/** A nested list goes in its item's body, after the item's own text (then a P of the body). */
function nestIn(item: StructureNode, list: StructureNode): void {
  const body = item.children[item.children.length - 1]!;
  if (body.blockId !== undefined || body.children[0]?.type !== 'P') {
    const text: StructureNode = body.blockId !== undefined ? { type: 'P', blockId: body.blockId, children: [] } : { type: 'P', children: body.children };
    delete body.blockId;
    body.children = [text];
  }
  body.children.push(list);
}

/** What a chart shows, for a screen reader: its title and unit, then every category with each series' value. */
function chartAlt(ctx: PageCtx, c: ChartItem): string {
  const format = (v: number): string => String(Math.round(v * 1000) / 1000);
  const unit = c.unit ? (ctx.chinese ? `（${c.unit}）` : ` (${c.unit})`) : '';
  const colon = ctx.chinese ? '：' : ': ';
  const values = c.categories.map((cat, g) => {
    const vs = c.series.map((s) => (c.series.length > 1 ? `${s.name} ${format(s.values[g] ?? 0)}` : format(s.values[g] ?? 0)));
    return `${cat}${colon}${vs.join(ctx.chinese ? '、' : ', ')}`;
  });
  return `${c.title}${unit}${colon}${values.join(ctx.chinese ? '；' : '; ')}${ctx.chinese ? '。' : '.'}`;
}

/** How the tagged edition marks each kind of box. Footer and slide number repeat on every slide: artifacts. */
const STRUCTURE: Record<TextRole, StructureRole> = {
  title: 'H1',
  subtitle: 'P',
  points: 'LI',
  statValue: 'Figure',
  statLabel: 'Caption',
  statAsOf: 'Caption',
  caption: 'Caption',
  columnHeading: 'H2',
  cell: 'P',
  imprint: 'P',
  footer: 'artifact',
};

function pt(b: BoxIn): { xPt: number; yPt: number; wPt: number; hPt: number } {
  return { xPt: b.xIn * PT_PER_IN, yPt: b.yIn * PT_PER_IN, wPt: b.wIn * PT_PER_IN, hPt: b.hIn * PT_PER_IN };
}

/** Baseline below the top of a line box: the CJK em box (ascent 0.88 em) centred in the line pitch, as the brochure sets it. */
function baselineOffsetPt(lineHeightPt: number, sizePt: number): number {
  return (lineHeightPt - sizePt) / 2 + sizePt * 0.88;
}

function runsToInlines(runs: DeckRun[]): Inline[] {
  return runs.map((r) => {
    const text: Inline = r.strong ? { kind: 'strong', children: [{ kind: 'text', text: r.text }] } : { kind: 'text', text: r.text };
    return r.href !== undefined ? { kind: 'link', href: r.href, children: [text] } : text;
  });
}

/**
 * A text box's paragraphs, line by line: list marker in the hanging indent, runs placed where the engine put them,
 * shifted for centred or right-aligned boxes. A paragraph whose runs have their own sizes (a key figure's number
 * and unit) is one line of runs set one after another on a shared baseline.
 */
function textItems(ctx: PageCtx, t: TextBox, role: StructureRole): BoxItems {
  const colour = ctx.colourName(t.colour);
  const left = t.box.xIn * PT_PER_IN + t.insetPt;
  const innerWidthPt = t.box.wIn * PT_PER_IN - 2 * t.insetPt - t.listIndentPt;
  const items: GlyphRunItem[] = [];
  const blockIds: number[] = [];
  const markers = new Map<number, number>();
  const levels = new Map<number, number>();
  const pieces = new Map<number, StructureNode[]>();
  const links: FrameItem[] = [];
  let top = t.box.yIn * PT_PER_IN + t.insetPt;
  // A heading or a key figure's value is one element however many paragraphs it takes.
  const oneBlock = role === 'H1' || role === 'H2' || role === 'Title' || role === 'Figure' ? ctx.nextBlockId() : undefined;
  // Text with links is tagged in pieces (a Link per link, the element of its annotations): a heading's paragraphs
  // all, when any has a link, as they share one element. A key figure's value has none to tag.
  const linked = role !== 'Figure' && role !== 'artifact' && t.paragraphs.some((p) => p.runs.some((r) => r.href !== undefined));
  t.paragraphs.forEach((p, k) => {
    const blockId = oneBlock ?? ctx.nextBlockId();
    if (!blockIds.includes(blockId)) blockIds.push(blockId);
    levels.set(blockId, p.level ?? 0);
    const mixed = p.runs.some((r) => r.sizePt !== undefined && r.sizePt !== t.sizePt);
    // A nested item sits one hang further in per level, as the writer's lvl and marL put it.
    const levelPt = (p.level ?? 0) * t.listIndentPt;
    const lines: Line[] = mixed
      ? [oneLine(ctx, t, p.runs)]
      : ctx.engine.typeset({ inlines: runsToInlines(p.runs), role: t.measureRole, sizePt: t.sizePt, widthPt: Math.max(t.sizePt, t.measureWidthPt - levelPt), align: 'start' });
    const baseline0 = top + baselineOffsetPt(t.lineHeightPt, t.sizePt);
    const parts = linked ? lineParts(lines, ctx.nextBlockId, oneBlock !== undefined) : undefined;
    if (parts) pieces.set(blockId, [...(pieces.get(blockId) ?? []), ...parts.nodes]);
    const blockOf = (line: number, run: number): number => (parts ? parts.ids[line]![run]! : blockId);
    if ((t.list !== 'none' || p.marker) && lines.length > 0) {
      const marker = p.marker ? markerLabel(p.marker) : t.list === 'bullet' ? '•' : `${t.numberFrom + k}.`;
      const [line] = ctx.engine.typeset({ inlines: [{ kind: 'text', text: marker }], role: 'body', sizePt: t.sizePt, widthPt: 10_000, align: 'start' });
      // The marker is the item's Lbl, its own element: a block of its own beside the item's text.
      const markerBlock = role === 'LI' ? ctx.nextBlockId() : blockId;
      if (markerBlock !== blockId) markers.set(blockId, markerBlock);
      for (const run of line?.runs ?? []) items.push(glyphRun(run, left + levelPt + run.xPt, baseline0, colour, role === 'LI' ? 'Lbl' : role, markerBlock));
    }
    lines.forEach((line, i) => {
      const free = innerWidthPt - levelPt - line.naturalWidthPt;
      const dx = t.align === 'center' ? free / 2 : t.align === 'right' ? free : 0;
      const y = baseline0 + i * t.lineHeightPt;
      line.runs.forEach((run, r) => items.push(glyphRun(run, left + t.listIndentPt + levelPt + dx + run.xPt, y, run.link ? ctx.colourName(ctx.linkColour) : colour, role, blockOf(i, r))));
      links.push(...lineLinks(line, left + t.listIndentPt + levelPt + dx, y - t.sizePt * 0.88 - (t.lineHeightPt - t.sizePt) / 2, t.lineHeightPt, (r) => blockOf(i, r)));
    });
    top += lines.length * t.lineHeightPt + t.paragraphGapPt;
  });
  return { items, blockIds, markers, levels, pieces, links };
}

/** The label briefing.pdf draws for a paragraph's own marker: what PowerPoint's autonumber shows. */
function markerLabel(m: NonNullable<DeckParagraph['marker']>): string {
  if (m.kind === 'bullet') return '•';
  return schemeLabel(m.scheme, m.n);
}

/** An OOXML autonumber scheme's label for item `n`. */
export function schemeLabel(scheme: NumberScheme, n: number): string {
  switch (scheme) {
    case 'arabicPeriod':
      return `${n}.`;
    case 'arabicParenBoth':
      return `(${n})`;
    case 'alphaLcPeriod':
      return `${String.fromCharCode(96 + (((n - 1) % 26) + 1))}.`;
    case 'romanLcPeriod':
      return `${roman(n)}.`;
    case 'ea1ChtComma':
    case 'ea1ChsComma':
      return `${chineseCount(n)}、`;
  }
}

function roman(n: number): string {
  const table: [number, string][] = [[10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let s = '';
  let k = n;
  for (const [v, r] of table) while (k >= v) (s += r), (k -= v);
  return s;
}

function chineseCount(n: number): string {
  const d = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  if (n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  return tens === 0 ? d[n]! : (tens === 1 ? '' : d[tens]!) + '十' + d[n % 10]!;
}

/** Link annotations over a typeset line's linked runs (adjacent runs of one link make one rectangle), each in the element `blockOf` its run. */
function lineLinks(line: Line, x: number, top: number, heightPt: number, blockOf: (run: number) => number): FrameItem[] {
  const out: FrameItem[] = [];
  let open: { n: number; item: Extract<FrameItem, { kind: 'link' }> } | undefined;
  for (const [r, run] of line.runs.entries()) {
    if (!run.link) {
      open = undefined;
      continue;
    }
    if (open && open.n === run.link.n) {
      open.item.wPt = x + run.xPt + run.widthPt - open.item.xPt;
      continue;
    }
    // The annotation says where it goes (its Contents).
    open = { n: run.link.n, item: { kind: 'link', xPt: x + run.xPt, yPt: top, wPt: run.widthPt, hPt: heightPt, uri: run.link.href, blockId: blockOf(r), label: run.link.href } };
    out.push(open.item);
  }
  return out;
}

/**
 * A native table drawn as the deck sets it: header row tinted, accent rules above and below, light rules between
 * rows, each cell set by the engine at the width the deck measured it with; structure Table > TR > TH / TD.
 */
function tableItems(ctx: PageCtx, t: TableItem): { items: FrameItem[]; structure: StructureNode } {
  const items: FrameItem[] = [];
  const structure: StructureNode = { type: 'Table', children: [] };
  const box = pt(t.box);
  const colsPt = t.columnsIn.map((w) => w * PT_PER_IN);
  const xs = colsPt.map((_, c) => box.xPt + colsPt.slice(0, c).reduce((a, b) => a + b, 0));
  let y = box.yPt;
  [t.header, ...t.rows].forEach((cells, r) => {
    const hPt = (t.rowsIn[r] ?? 0) * PT_PER_IN;
    const head = r === 0;
    if (head) items.push({ kind: 'rect', xPt: box.xPt, yPt: y, wPt: box.wPt, hPt, fill: ctx.colourName(t.colours.headFill) });
    const tr: StructureNode = { type: 'TR', children: [] };
    structure.children.push(tr);
    cells.forEach((cell, c) => {
      const inner = (colsPt[c] ?? 0) - 2 * t.padPt.x;
      // The deck measured the cell half an em narrower (its break safety): set it at that width.
      const widthPt = Math.max(t.sizePt, inner - 0.5 * t.sizePt);
      const inlines = runsToInlines(cell.runs.map((run) => (head ? { ...run, strong: true } : run)));
      const lines = ctx.engine.typeset({ inlines, role: head ? 'heading' : 'body', sizePt: t.sizePt, widthPt, align: 'start' });
      // A cell with links holds them as pieces (Link, Span), not as content of its own.
      const parts = lineParts(lines, ctx.nextBlockId);
      const scope = head ? { scope: 'Column' as const } : {};
      const cellNode: StructureNode = parts ? { type: head ? 'TH' : 'TD', children: parts.nodes, ...scope } : { type: head ? 'TH' : 'TD', blockId: ctx.nextBlockId(), children: [], ...scope };
      tr.children.push(cellNode);
      const blockOf = (line: number, run: number): number => (parts ? parts.ids[line]![run]! : cellNode.blockId!);
      const colour = ctx.colourName(head ? t.colours.head : t.colours.ink);
      lines.forEach((line, i) => {
        const dx = cell.align === 'right' ? inner - line.naturalWidthPt : 0;
        const x = (xs[c] ?? 0) + t.padPt.x + dx;
        const top = y + t.padPt.y + i * t.lineHeightPt;
        const baseline = top + baselineOffsetPt(t.lineHeightPt, t.sizePt);
        line.runs.forEach((run, r) => items.push(glyphRun(run, x + run.xPt, baseline, run.link ? ctx.colourName(ctx.linkColour) : colour, head ? 'TH' : 'TD', blockOf(i, r))));
        items.push(...lineLinks(line, x, top, t.lineHeightPt, (r) => blockOf(i, r)));
      });
    });
    const ruleColour = ctx.colourName(head ? t.colours.accent : t.colours.rule);
    if (head) items.push({ kind: 'rule', x1Pt: box.xPt, y1Pt: y, x2Pt: box.xPt + box.wPt, y2Pt: y, stroke: ctx.colourName(t.colours.accent), widthPt: 1.5 });
    y += hPt;
    const last = r === t.rows.length;
    items.push({ kind: 'rule', x1Pt: box.xPt, y1Pt: y, x2Pt: box.xPt + box.wPt, y2Pt: y, stroke: last ? ctx.colourName(t.colours.accent) : ruleColour, widthPt: last ? 1.5 : head ? 1 : 0.75 });
  });
  return { items, structure };
}

/** A box's painted runs and the blocks they make: one per paragraph (one for a heading), and list markers' own. */
interface BoxItems {
  items: GlyphRunItem[];
  blockIds: number[];
  /** Paragraph block → the block of its list marker. */
  markers: Map<number, number>;
  /** Paragraph block → its list level (0 at the top). */
  levels: Map<number, number>;
  /** Paragraph (or heading) block → its pieces, when it holds links: its element holds them instead of content. */
  pieces: Map<number, StructureNode[]>;
  /** Link annotations over the box's linked runs. */
  links: FrameItem[];
}

/** Runs of different sizes on one line: each set on its own and placed after the one before. */
function oneLine(ctx: PageCtx, t: TextBox, runs: DeckRun[]): Line {
  const out: Line = { runs: [], naturalWidthPt: 0, widthPt: 0, justified: false, text: '', looseEm: 0 };
  for (const r of runs) {
    const sizePt = r.sizePt ?? t.sizePt;
    // The whole box is bold when its weight is (the PPTX writer does the same), so a plain run is set strong.
    const inlines: Inline[] = r.strong || t.weight === 'bold' ? [{ kind: 'strong', children: [{ kind: 'text', text: r.text }] }] : [{ kind: 'text', text: r.text }];
    const [line] = ctx.engine.typeset({ inlines, role: t.measureRole, sizePt, widthPt: 10_000, align: 'start' });
    if (!line) continue;
    for (const run of line.runs) out.runs.push({ ...run, xPt: out.naturalWidthPt + run.xPt });
    out.naturalWidthPt += line.naturalWidthPt;
    out.text += line.text;
  }
  out.widthPt = out.naturalWidthPt;
  return out;
}

function glyphRun(run: Line['runs'][number], xPt: number, yPt: number, colour: string, role: StructureRole, blockId: number): GlyphRunItem {
  return { kind: 'text', xPt, yPt, fontId: run.fontId, sizePt: run.sizePt, colour, text: run.text, glyphs: run.glyphs, spacingPt: run.spacingPt, widthPt: run.widthPt, role, blockId };
}

function slideNumberItems(ctx: PageCtx, n: SlideNumberItem, number: number): GlyphRunItem[] {
  const [line] = ctx.engine.typeset({ inlines: [{ kind: 'text', text: String(number) }], role: 'body', sizePt: n.sizePt, widthPt: 10_000, align: 'start' });
  if (!line) return [];
  const b = pt(n.box);
  const x = b.xPt + b.wPt - SLIDE_NUMBER_INSET_PT - line.naturalWidthPt;
  const baseline = b.yPt + SLIDE_NUMBER_INSET_PT + baselineOffsetPt(n.sizePt * 1.25, n.sizePt);
  const blockId = ctx.nextBlockId();
  return line.runs.map((run) => glyphRun(run, x + run.xPt, baseline, ctx.colourName(n.colour), 'artifact', blockId));
}

// ---------------------------------------------------------------------------------------------------------------
// Charts as vector bars

/** A round axis maximum and step (1, 2 or 5 × 10ⁿ) giving at most six intervals, starting at zero. */
export function valueScale(max: number): { maxValue: number; step: number } {
  if (!(max > 0)) return { maxValue: 1, step: 1 };
  const raw = max / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power) as number;
  return { maxValue: Math.ceil(max / step - 1e-9) * step, step };
}

interface ChartText {
  lines: Line[];
  sizePt: number;
  lineHeightPt: number;
}

/** A chart's labels, bars and rules, all content of its Figure (one block). */
function chartItems(ctx: PageCtx, c: ChartItem): { items: FrameItem[]; blockId: number } {
  const ink = 'ink';
  const size = c.labelSizePt;
  const lineH = size * 1.25;
  const box = pt(c.box);
  const items: FrameItem[] = [];
  const blockId = ctx.nextBlockId();
  const set = (text: string, widthPt = 10_000): ChartText => ({
    lines: ctx.engine.typeset({ inlines: [{ kind: 'text', text }], role: 'body', sizePt: size, widthPt, align: 'start' }),
    sizePt: size,
    lineHeightPt: lineH,
  });
  const draw = (t: ChartText, x: number, top: number, align: 'left' | 'center' | 'right', widthPt: number): void => {
    t.lines.forEach((line, i) => {
      const dx = align === 'center' ? (widthPt - line.naturalWidthPt) / 2 : align === 'right' ? widthPt - line.naturalWidthPt : 0;
      for (const run of line.runs) items.push(glyphRun(run, x + dx + run.xPt, top + i * t.lineHeightPt + baselineOffsetPt(t.lineHeightPt, t.sizePt), ink, 'Caption', blockId));
    });
  };
  const width = (t: ChartText): number => Math.max(0, ...t.lines.map((l) => l.naturalWidthPt));
  const format = (v: number): string => String(Math.round(v * 1000) / 1000);

  // Legend along the bottom when there is more than one series: a swatch and the name of each, centred.
  let bottom = box.yPt + box.hPt;
  if (c.series.length > 1) {
    const names = c.series.map((s) => set(s.name));
    const swatch = size * 0.7;
    const gap = size;
    const total = names.reduce((sum, n) => sum + swatch + 6 + width(n), 0) + gap * (names.length - 1);
    let x = box.xPt + (box.wPt - total) / 2;
    const top = bottom - lineH;
    names.forEach((n, i) => {
      items.push({ kind: 'rect', xPt: x, yPt: top + (lineH - swatch) / 2, wPt: swatch, hPt: swatch, fill: ctx.colourName(c.series[i]!.colour), blockId });
      draw(n, x + swatch + 6, top, 'left', width(n));
      x += swatch + 6 + width(n) + gap;
    });
    bottom = top - size * 0.6;
  }

  const max = Math.max(0, ...c.series.flatMap((s) => s.values));
  const { maxValue, step } = valueScale(max);
  const ticks = Array.from({ length: Math.round(maxValue / step) + 1 }, (_, i) => i * step);
  const tickTexts = ticks.map((v) => set(format(v)));
  const unit = c.unit ? set(c.unit) : undefined;
  const groups = c.categories.length;
  const perGroup = Math.max(1, c.series.length);
  const valueText = (v: number): ChartText => set(format(v));

  if (c.direction === 'bar') {
    // Horizontal bars: category labels in a column on the left (wrapped), value axis along the bottom.
    const labelW = Math.min(box.wPt * 0.4, Math.max(...c.categories.map((cat) => width(set(cat)))) + 1);
    const labels = c.categories.map((cat) => set(cat, labelW));
    const plotX = box.xPt + labelW + 8;
    const valueRoom = c.showValues ? Math.max(...c.series.flatMap((s) => s.values.map((v) => width(valueText(v))))) + 6 : 0;
    const plotW = box.xPt + box.wPt - plotX - Math.max(valueRoom, width(tickTexts[tickTexts.length - 1]!) / 2);
    const axisY = bottom - lineH - 4 - (unit ? lineH : 0);
    const plotTop = box.yPt;
    const groupH = (axisY - plotTop) / groups;
    const barH = (groupH * 0.7) / perGroup;
    const xOf = (v: number): number => plotX + (v / maxValue) * plotW;
    ticks.forEach((v, i) => {
      items.push({ kind: 'rule', x1Pt: xOf(v), y1Pt: plotTop, x2Pt: xOf(v), y2Pt: axisY, stroke: 'rule', widthPt: 0.75, blockId });
      draw(tickTexts[i]!, xOf(v) - width(tickTexts[i]!) / 2, axisY + 4, 'left', width(tickTexts[i]!));
    });
    if (unit) draw(unit, plotX, axisY + 4 + lineH, 'center', plotW);
    items.push({ kind: 'rule', x1Pt: plotX, y1Pt: plotTop, x2Pt: plotX, y2Pt: axisY, stroke: 'muted', widthPt: 1, blockId });
    c.categories.forEach((_, g) => {
      const top = plotTop + g * groupH;
      const label = labels[g]!;
      draw(label, box.xPt, top + (groupH - label.lines.length * lineH) / 2, 'right', labelW);
      c.series.forEach((s, k) => {
        const v = s.values[g] ?? 0;
        const y = top + groupH * 0.15 + k * barH;
        items.push({ kind: 'rect', xPt: plotX, yPt: y, wPt: Math.max(0.5, xOf(v) - plotX), hPt: barH, fill: ctx.colourName(s.colour), blockId });
        if (c.showValues) draw(valueText(v), xOf(v) + 4, y + (barH - lineH) / 2, 'left', width(valueText(v)));
      });
    });
  } else {
    // Columns: value axis on the left with the unit above it, category labels under their groups, value labels
    // above the bars.
    const axisW = Math.max(...tickTexts.map(width)) + 6;
    const plotX = box.xPt + axisW;
    const plotW = box.xPt + box.wPt - plotX;
    const groupW = plotW / groups;
    const labels = c.categories.map((cat) => set(cat, groupW * 0.9));
    const labelLines = Math.max(1, ...labels.map((l) => l.lines.length));
    const axisY = bottom - labelLines * lineH - 6;
    if (unit) draw(unit, box.xPt, box.yPt, 'left', width(unit));
    const plotTop = box.yPt + (unit ? lineH : 0) + (c.showValues ? lineH + 4 : lineH / 2);
    const yOf = (v: number): number => axisY - (v / maxValue) * (axisY - plotTop);
    ticks.forEach((v, i) => {
      items.push({ kind: 'rule', x1Pt: plotX, y1Pt: yOf(v), x2Pt: plotX + plotW, y2Pt: yOf(v), stroke: 'rule', widthPt: 0.75, blockId });
      draw(tickTexts[i]!, plotX - 6 - width(tickTexts[i]!), yOf(v) - lineH / 2, 'left', width(tickTexts[i]!));
    });
    items.push({ kind: 'rule', x1Pt: plotX, y1Pt: axisY, x2Pt: plotX + plotW, y2Pt: axisY, stroke: 'muted', widthPt: 1, blockId });
    const barW = (groupW * 0.6) / perGroup;
    c.categories.forEach((_, g) => {
      const left = plotX + g * groupW;
      draw(labels[g]!, left, axisY + 6, 'center', groupW);
      c.series.forEach((s, k) => {
        const v = s.values[g] ?? 0;
        const x = left + groupW * 0.2 + k * barW;
        items.push({ kind: 'rect', xPt: x, yPt: yOf(v), wPt: barW, hPt: Math.max(0.5, axisY - yOf(v)), fill: ctx.colourName(s.colour), blockId });
        if (c.showValues) draw(valueText(v), x, yOf(v) - lineH - 2, 'center', barW);
      });
    });
  }
  return { items, blockId };
}
