// Markup text (what the layouts render) → Doc: htmlparser2 reads the XML, a validating walk builds the typed tree.
//
// The vocabulary. Every element but <doc> and <strong> may carry src="<JSON pointer into the dataset>"; the
// node's span then points at that data (file, line, column, path), otherwise at the element's place in the markup.
//   <doc title lang date [publisher] [source] [subtitle]>  the root; its attributes are Doc.meta (date: YYYY, YYYY-MM or YYYY-MM-DD)
//   <cover/>                    the brochure's cover page (top level only)
//   <toc/>                      the table of contents (top level only)
//   <pagebreak/>                start a new page
//   <section id level [number]> a section: an <h>, then blocks; level is its depth (1 = top level); number
//                               marks a numbered section (the actions), which the layouts may open visibly
//   <h>                         a section's heading (inline content)
//   <p [role="lead|source"]>    a paragraph (inline content)
//   <list [ordered="true"]>     a list of <item> (at least one), bulleted or numbered
//   <item>                      a list item (inline content), optionally ending in a nested <list>
//   <strong>                    emphasis, inside inline content
//   <a href>                    a link (inline content) to a web or e-mail address
//   <table>                     a table: an optional <caption>, a <row role="header">, body <row>s, an optional <note>
//   <caption>                   a table's caption (inline content)
//   <row [role="header"]>       a table row of <cell>s
//   <cell [kind] [align]>       a table cell (inline content); kind: text|number|year, align: left|right|decimal
//   <quote [by]>                a quotation (inline content); by: who said it
//   <note>                      a note (inline content): the layouts print 「註：」 before it; in a <table>,
//                               the line under the table
//   <stat value display unit label asof [id] [note]/>  a key figure: value and asof are numbers, display is the
//                               printed value; id names the dataset figure, note is its speaker note on a slide
//   <chart id title unit>       a bar chart: <category> elements, then <series> elements
//   <category label/>           one bar group of a chart
//   <series name values [figures]/>  one row of a chart: space-separated numbers, one per category; figures
//                               names the key figures they come from (space-separated ids, one per category)
//   <picture placement path file alt [caption] [credit] [focus]/>  a picture: placement is figure (in the text)
//                               or opener (opens its section); path is the file's absolute path, file as the
//                               dataset wrote it; focus is "x y", the point to keep in view when cropped (0–1)
//   <slide layout>              a deck slide (layout: title|agenda|section|content|figures|chart|table|picture|closing):
//                               one <title>, at most one <subtitle>, <point>s, <stat>s, at most one <chart>,
//                               at most one <table>, at most one <picture>, <column>s, <notes>
//   <title>, <subtitle>         a slide's title and subtitle (inline content)
//   <point [note] [ordered]>    a bullet point on a slide (inline content, optionally ending in a nested <list>);
//                               note is what the presenter says about it; ordered="true" numbers it (an item of
//                               a numbered list: consecutive ordered points count 1, 2, 3)
//   <column>                    one list of a comparison slide: a <title>, then <point>s
//   <notes>                     speaker notes: <p> elements holding plain text; <p role="continued"> open the
//                               slides a long slide continues onto, the others open its first slide
//
// Whitespace: whitespace-only text between blocks is template indentation and is dropped; inside inline
// content a run of ASCII whitespace that contains a line break is indentation too and is removed, any other
// whitespace is data and kept (`2013 年`). Data line breaks arrive as `&#10;` and so survive.
import { Parser } from 'htmlparser2';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, DiagnosticError, error, formatSpan, type Diagnostic, type Span } from '../diag/diagnostic.js';
import type { Block, BlockOf, Doc, DocMeta, Inline, ListItem, SlideColumn, SlideLayout, TableCell } from './types.js';
import { parsePartialDate } from '../data/asof.js';

export interface ParseInput {
  markup: string;
  /** Names the markup in diagnostics, e.g. `templates/brochure.hbs (rendered)` as renderMarkup returns it. */
  file: string;
  /** The dataset the markup was rendered from: `src` pointers resolve against it. */
  data?: LoadedYaml<unknown>;
}

type AttrUse = 'required' | 'optional';

/** Attributes each element allows; an element missing here is unknown. */
const ELEMENTS: Record<string, Record<string, AttrUse>> = {
  doc: { title: 'required', subtitle: 'optional', lang: 'required', publisher: 'optional', date: 'required', source: 'optional' },
  cover: { src: 'optional' },
  toc: { src: 'optional' },
  pagebreak: { src: 'optional' },
  section: { id: 'required', level: 'required', number: 'optional', src: 'optional' },
  h: { src: 'optional' },
  p: { role: 'optional', src: 'optional' },
  list: { ordered: 'optional', src: 'optional' },
  item: { src: 'optional' },
  strong: {},
  a: { href: 'required' },
  table: { src: 'optional' },
  caption: { src: 'optional' },
  row: { role: 'optional', src: 'optional' },
  cell: { kind: 'optional', align: 'optional', src: 'optional' },
  quote: { by: 'optional', src: 'optional' },
  note: { src: 'optional' },
  stat: { value: 'required', display: 'required', unit: 'required', label: 'required', asof: 'required', id: 'optional', note: 'optional', src: 'optional' },
  chart: { id: 'required', title: 'required', unit: 'required', src: 'optional' },
  picture: { placement: 'required', path: 'required', file: 'required', alt: 'required', caption: 'optional', credit: 'optional', focus: 'optional', src: 'optional' },
  category: { label: 'required', src: 'optional' },
  series: { name: 'required', values: 'required', figures: 'optional', src: 'optional' },
  slide: { layout: 'required', src: 'optional' },
  title: { src: 'optional' },
  subtitle: { src: 'optional' },
  point: { note: 'optional', ordered: 'optional', src: 'optional' },
  column: { src: 'optional' },
  notes: { src: 'optional' },
};

const SLIDE_LAYOUTS: readonly SlideLayout[] = ['title', 'agenda', 'section', 'content', 'figures', 'chart', 'table', 'picture', 'closing'];
const PICTURE_PLACEMENTS = ['figure', 'opener'] as const;
const PARAGRAPH_ROLES = ['lead', 'source'] as const;
/** Blocks a <section> may hold after its <h>; <doc> also allows cover, toc and slide. */
const SECTION_BLOCKS = ['section', 'p', 'list', 'table', 'quote', 'note', 'stat', 'chart', 'picture', 'pagebreak'];
const DOC_BLOCKS = ['cover', 'toc', 'slide', ...SECTION_BLOCKS];

interface ElementNode {
  type: 'element';
  name: string;
  attrs: Map<string, string>;
  children: MarkupNode[];
  parent: ElementNode | undefined;
  line: number;
  column: number;
}

interface TextNode {
  type: 'text';
  /** As written in the markup: character references not yet decoded. */
  raw: string;
  line: number;
  column: number;
}

type MarkupNode = ElementNode | TextNode;

export function parseMarkup(input: ParseInput): Doc {
  const problems: Diagnostic[] = [];
  const root = readMarkup(input.markup, input.file, problems);
  if (problems.length > 0) throw new DiagnosticError(problems);
  const doc = new DocBuilder(input, problems).build(root);
  if (problems.length > 0 || !doc) throw new DiagnosticError(problems);
  return doc;
}

/** Offsets → 1-based line and column. */
function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}

/**
 * Read the markup into a tree of elements and raw text, reporting what htmlparser2 would quietly repair:
 * a closing tag that does not match, an element never closed, duplicate or unquoted attributes, CDATA and
 * processing instructions. Entities are left undecoded so whitespace clean-up can tell indentation from data.
 */
function readMarkup(markup: string, file: string, problems: Diagnostic[]): ElementNode {
  const position = lineIndex(markup);
  const root: ElementNode = { type: 'element', name: '#root', attrs: new Map(), children: [], parent: undefined, line: 1, column: 1 };
  const stack: ElementNode[] = [root];
  const top = (): ElementNode => stack[stack.length - 1]!;
  const report = (offset: number, message: string, hints: string[] = []): void => {
    const at = position(offset);
    problems.push(error(codes.markup, message, { file, ...at }, hints, [markupExcerpt(lines, at.line)]));
  };
  const lines = markup.split('\n');
  let attrs: { name: string; value: string; quoted: boolean }[] = [];
  let textStart = 0;

  class StrictParser extends Parser {
    override ontext(start: number, endIndex: number): void {
      textStart = start;
      super.ontext(start, endIndex);
    }
    override onclosetag(start: number, endIndex: number): void {
      const name = markup.slice(start, endIndex);
      const open = top();
      if (open.name !== name) {
        const at = stack.findIndex((e) => e !== root && e.name === name);
        if (at === -1) {
          report(start - 2, `closing tag </${name}> has no matching open element`);
        } else {
          report(start - 2, `closing tag </${name}> found while <${open.name}> (line ${open.line}) is still open`, [
            `close <${open.name}> first`,
          ]);
          stack.length = at + 1;
        }
      }
      if (top() !== root && top().name === name) stack.pop();
      super.onclosetag(start, endIndex);
    }
    override onselfclosingtag(endIndex: number): void {
      super.onselfclosingtag(endIndex); // emits onopentag, which pushes the element
      stack.pop();
    }
  }

  const parser: Parser = new StrictParser(
    {
      onattribute(name, value, quote) {
        attrs.push({ name, value, quoted: quote === '"' || quote === "'" });
      },
      onopentag(name) {
        const offset = parser.startIndex;
        const el: ElementNode = { type: 'element', name, attrs: new Map(), children: [], parent: top(), ...position(offset) };
        for (const a of attrs) {
          if (el.attrs.has(a.name)) report(offset, `<${name}> has attribute '${a.name}' twice`);
          else if (!a.quoted) report(offset, `<${name}>: attribute '${a.name}' needs a quoted value, e.g. ${a.name}="…"`);
          el.attrs.set(a.name, a.value);
        }
        attrs = [];
        top().children.push(el);
        stack.push(el);
      },
      ontext(data) {
        const parent = top();
        const last = parent.children[parent.children.length - 1];
        if (last?.type === 'text') last.raw += data;
        else parent.children.push({ type: 'text', raw: data, ...position(textStart) });
      },
      oncdatastart() {
        report(parser.startIndex, 'CDATA sections are not part of the markup; escape text instead');
      },
      onprocessinginstruction(name) {
        report(parser.startIndex, `<${name}…> is not part of the markup`);
      },
    },
    // Parser reports every event's start offset itself; the DOM handler's withStartIndices is not needed.
    { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.write(markup);
  parser.end();
  for (const el of stack.slice(1).reverse())
    problems.push(error(codes.markup, `<${el.name}> is never closed`, { file, line: el.line, column: el.column }, [], [markupExcerpt(lines, el.line)]));
  return root;
}

const NAMED_REFS: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const REF = /&(?:#([0-9]+);|#[xX]([0-9a-fA-F]+);|([A-Za-z][A-Za-z0-9]*);)?/g;
/** ASCII whitespace (the markup's, not Unicode's: U+3000 is data). */
const INDENT_RUN = /[ \t\r\f]*\n[ \t\n\r\f]*/g;
const ONLY_WHITESPACE = /^[ \t\n\r\f]*$/;

class DocBuilder {
  private readonly file: string;
  private readonly data: LoadedYaml<unknown> | undefined;
  private readonly spans = new Map<ElementNode, Span>();
  private readonly markupLines: string[];

  constructor(
    input: ParseInput,
    private readonly problems: Diagnostic[],
  ) {
    this.file = input.file;
    this.data = input.data;
    this.markupLines = input.markup.split('\n');
  }

  build(root: ElementNode): Doc | undefined {
    let docEl: ElementNode | undefined;
    for (const child of root.children) {
      if (child.type === 'text') {
        if (!ONLY_WHITESPACE.test(child.raw)) this.reportText(child, root);
      } else if (child.name !== 'doc') {
        this.report(child, `the markup must be one <doc> element; found <${child.name}> at the top`);
      } else if (docEl) {
        this.report(child, 'the markup has a second <doc> element');
      } else docEl = child;
    }
    if (!docEl) {
      if (this.problems.length === 0) this.problems.push(error(codes.markup, 'the markup has no <doc> element', { file: this.file }));
      return undefined;
    }
    this.checkAttrs(docEl);
    const meta: DocMeta = {
      title: this.attr(docEl, 'title'),
      lang: this.attr(docEl, 'lang'),
      date: this.attr(docEl, 'date'),
    };
    const subtitle = this.optionalAttr(docEl, 'subtitle');
    if (subtitle !== undefined) meta.subtitle = subtitle;
    const publisher = this.optionalAttr(docEl, 'publisher');
    if (publisher !== undefined) meta.publisher = publisher;
    const source = this.optionalAttr(docEl, 'source');
    if (source !== undefined) meta.source = source;
    if (docEl.attrs.has('date') && !parsePartialDate(meta.date))
      this.report(docEl, `<doc>: date must be a real date written YYYY, YYYY-MM or YYYY-MM-DD, got "${meta.date}"`);
    return { meta, blocks: this.blocks(docEl, docEl.children, DOC_BLOCKS, 1) };
  }

  // ---- blocks

  /** Children of <doc> or of a <section> after its <h>; `level` is the level a child <section> must declare. */
  private blocks(parent: ElementNode, children: MarkupNode[], allowed: string[], level: number): Block[] {
    const out: Block[] = [];
    for (const child of children) {
      if (child.type === 'text') {
        if (!ONLY_WHITESPACE.test(child.raw)) this.reportText(child, parent);
        continue;
      }
      if (!this.allowed(child, parent, allowed)) continue;
      const block = this.block(child, level);
      if (block) out.push(block);
    }
    return out;
  }

  private block(el: ElementNode, level: number): Block | undefined {
    const span = this.span(el);
    if (!['stat', 'chart', 'slide', 'picture'].includes(el.name)) this.checkAttrs(el); // those check their own
    switch (el.name) {
      case 'cover':
      case 'toc':
      case 'pagebreak':
        this.expectEmpty(el);
        return { kind: el.name === 'pagebreak' ? 'pageBreak' : el.name, span } as Block;
      case 'p': {
        const role = this.optionalAttr(el, 'role');
        const para: BlockOf<'paragraph'> = { kind: 'paragraph', inlines: this.inlines(el), span };
        if (role !== undefined) {
          if ((PARAGRAPH_ROLES as readonly string[]).includes(role)) para.role = role as (typeof PARAGRAPH_ROLES)[number];
          else this.report(el, `<p>: role must be one of ${PARAGRAPH_ROLES.join(', ')}; got "${role}"`);
        }
        return para;
      }
      case 'list': {
        const list = this.list(el);
        return { kind: 'list', items: list.items, ...(list.ordered ? { ordered: true } : {}), span };
      }
      case 'table':
        return this.table(el);
      case 'quote': {
        const by = this.optionalAttr(el, 'by');
        return { kind: 'quote', inlines: this.inlines(el), ...(by !== undefined ? { by: [{ kind: 'text' as const, text: by, span }] } : {}), span };
      }
      case 'note':
        return { kind: 'note', inlines: this.inlines(el), span };
      case 'stat':
        return this.stat(el);
      case 'chart':
        return this.chart(el);
      case 'picture':
        return this.picture(el);
      case 'section':
        return this.section(el, level);
      case 'slide':
        return this.slide(el);
      default:
        return undefined;
    }
  }

  private section(el: ElementNode, level: number): BlockOf<'section'> {
    const declared = this.integerAttr(el, 'level', 1);
    if (declared !== undefined && declared !== level)
      this.report(el, `<section> says level="${declared}" but sits at level ${level}`, [
        'level counts nesting: 1 for a section directly in <doc>, its parent\'s level + 1 below',
      ]);
    const elements = el.children.filter((c): c is ElementNode => c.type === 'element');
    const h = elements[0];
    let heading: Inline[] = [];
    let rest = el.children;
    if (h?.name === 'h') {
      this.checkAttrs(h);
      heading = this.inlines(h);
      rest = el.children.filter((c) => c !== h);
    } else this.report(h ?? el, '<section> must start with its heading <h>');
    const number = this.integerAttr(el, 'number', 1);
    return {
      kind: 'section',
      id: this.attr(el, 'id'),
      level,
      ...(number !== undefined ? { number } : {}),
      heading,
      blocks: this.blocks(el, rest, SECTION_BLOCKS, level + 1),
      span: this.span(el),
    };
  }

  private list(el: ElementNode): { ordered: boolean; items: ListItem[] } {
    const ordered = this.optionalAttr(el, 'ordered');
    if (ordered !== undefined && ordered !== 'true' && ordered !== 'false') this.report(el, `<list>: ordered must be "true" or "false"; got "${ordered}"`);
    const items = this.childElements(el, ['item']).map((item) => this.listItem(item));
    if (items.length === 0) this.report(el, '<list> needs at least one <item>');
    return { ordered: ordered === 'true', items };
  }

  /** A list item or a slide point: inline content, then at most one nested <list> (the next level). */
  private listItem(el: ElementNode): ListItem {
    this.checkAttrs(el);
    const nested = el.children.filter((c): c is ElementNode => c.type === 'element' && c.name === 'list');
    const own = { ...el, children: el.children.filter((c) => !(c.type === 'element' && c.name === 'list')) };
    const item: ListItem = { inlines: this.inlines(own, this.span(el)), span: this.span(el) };
    const note = this.optionalAttr(el, 'note');
    if (note !== undefined) item.note = note;
    if (this.optionalAttr(el, 'ordered') === 'true') item.ordered = true;
    if (nested.length > 1) this.report(nested[1]!, `<${el.name}> holds at most one nested <list>`, ['put every item of the next level in that one <list>']);
    const sub = nested[0];
    if (sub) {
      this.checkAttrs(sub);
      this.span(sub);
      item.sublist = this.list(sub);
    }
    return item;
  }

  /** <table>: an optional <caption>, one <row role="header">, body <row>s, then an optional <note>. */
  private table(el: ElementNode): BlockOf<'table'> {
    this.checkAttrs(el);
    const table: BlockOf<'table'> = { kind: 'table', caption: [], header: [], rows: [], span: this.span(el) };
    let captioned = false;
    let headed = false;
    for (const child of this.childElements(el, ['caption', 'row', 'note'])) {
      this.checkAttrs(child);
      if (child.name === 'caption') {
        if (captioned) this.report(child, '<table> has a second <caption>');
        table.caption = this.inlines(child);
        captioned = true;
      } else if (child.name === 'note') {
        if (table.note) this.report(child, '<table> has a second <note>');
        table.note = this.inlines(child);
      } else {
        const role = this.optionalAttr(child, 'role');
        if (role !== undefined && role !== 'header') this.report(child, `<row>: role must be "header" or absent; got "${role}"`);
        const cells = this.childElements(child, ['cell']).map((c) => this.cell(c));
        if (cells.length === 0) this.report(child, '<row> needs at least one <cell>');
        if (role === 'header') {
          if (headed) this.report(child, '<table> has a second header <row>');
          if (table.rows.length > 0) this.report(child, 'the header <row> comes before the body rows');
          table.header = cells;
          headed = true;
        } else table.rows.push(cells);
      }
    }
    if (!headed) this.report(el, '<table> needs a <row role="header">');
    if (table.rows.length === 0) this.report(el, '<table> needs at least one body <row>');
    for (const [r, row] of table.rows.entries()) {
      if (headed && row.length !== table.header.length) {
        this.problems.push(error(codes.markup, `row ${r + 1} of the table has ${row.length} cells; its header has ${table.header.length}`, row[0]?.span ?? table.span));
      }
    }
    return table;
  }

  private cell(el: ElementNode): TableCell {
    const kind = this.optionalAttr(el, 'kind') ?? 'text';
    const align = this.optionalAttr(el, 'align') ?? (kind === 'text' ? 'left' : 'right');
    if (!['text', 'number', 'year'].includes(kind)) this.report(el, `<cell>: kind must be text, number or year; got "${kind}"`);
    if (!['left', 'right', 'decimal'].includes(align)) this.report(el, `<cell>: align must be left, right or decimal; got "${align}"`);
    return { inlines: this.inlines(el), kind: kind as TableCell['kind'], align: align as TableCell['align'], span: this.span(el) };
  }

  private stat(el: ElementNode): BlockOf<'stat'> {
    this.checkAttrs(el);
    this.expectEmpty(el);
    const stat: BlockOf<'stat'> = {
      kind: 'stat',
      value: this.numberAttr(el, 'value') ?? NaN,
      display: this.attr(el, 'display'),
      unit: this.attr(el, 'unit'),
      label: this.attr(el, 'label'),
      asOf: this.integerAttr(el, 'asof') ?? NaN,
      span: this.span(el),
    };
    const id = this.optionalAttr(el, 'id');
    if (id !== undefined) stat.id = id;
    const note = this.optionalAttr(el, 'note');
    if (note !== undefined) stat.note = note;
    return stat;
  }

  private chart(el: ElementNode): BlockOf<'chart'> {
    this.checkAttrs(el);
    const categories: string[] = [];
    const series: { name: string; values: number[]; figures?: string[]; el: ElementNode }[] = [];
    for (const child of this.childElements(el, ['category', 'series'])) {
      this.checkAttrs(child);
      this.expectEmpty(child);
      this.span(child); // resolve src so a dangling pointer is reported
      if (child.name === 'category') {
        if (series.length > 0) this.report(child, '<chart>: every <category> comes before the first <series>');
        categories.push(this.attr(child, 'label'));
      } else {
        const figures = this.optionalAttr(child, 'figures')?.split(/[ \t\n\r\f]+/).filter((w) => w !== '');
        series.push({ name: this.attr(child, 'name'), values: this.numberListAttr(child, 'values'), ...(figures ? { figures } : {}), el: child });
      }
    }
    if (categories.length === 0) this.report(el, '<chart> needs at least one <category>');
    if (series.length === 0) this.report(el, '<chart> needs at least one <series>');
    for (const s of series) {
      if (s.values.length !== categories.length)
        this.report(s.el, `<series name="${s.name}"> has ${s.values.length} values for ${categories.length} categories`);
      if (s.figures && s.figures.length !== categories.length)
        this.report(s.el, `<series name="${s.name}"> names ${s.figures.length} figures for ${categories.length} categories`);
    }
    return {
      kind: 'chart',
      id: this.attr(el, 'id'),
      title: this.attr(el, 'title'),
      unit: this.attr(el, 'unit'),
      categories,
      series: series.map(({ name, values, figures }) => ({ name, values, ...(figures ? { figures } : {}) })),
      span: this.span(el),
    };
  }

  private slide(el: ElementNode): BlockOf<'slide'> {
    this.checkAttrs(el);
    const layout = this.attr(el, 'layout');
    if (el.attrs.has('layout') && !(SLIDE_LAYOUTS as readonly string[]).includes(layout))
      this.report(el, `<slide>: layout must be one of ${SLIDE_LAYOUTS.join(', ')}; got "${layout}"`);
    const slide: BlockOf<'slide'> = {
      kind: 'slide',
      layout: layout as SlideLayout,
      title: [],
      points: [],
      stats: [],
      notes: [],
      span: this.span(el),
    };
    const seen = new Map<string, ElementNode>();
    for (const child of this.childElements(el, ['title', 'subtitle', 'point', 'stat', 'chart', 'table', 'picture', 'column', 'notes'])) {
      const once = ['title', 'subtitle', 'chart', 'table', 'picture', 'notes'].includes(child.name);
      if (once && seen.has(child.name)) {
        this.report(child, `<slide> has a second <${child.name}>`);
        continue;
      }
      seen.set(child.name, child);
      switch (child.name) {
        case 'title':
          this.checkAttrs(child);
          slide.title = this.inlines(child);
          break;
        case 'subtitle':
          this.checkAttrs(child);
          slide.subtitle = this.inlines(child);
          break;
        case 'point':
          slide.points.push(this.listItem(child));
          break;
        case 'stat':
          slide.stats.push(this.stat(child));
          break;
        case 'chart':
          slide.chart = this.chart(child);
          break;
        case 'picture':
          slide.picture = this.picture(child);
          break;
        case 'table':
          slide.table = this.table(child);
          break;
        case 'column':
          (slide.columns ??= []).push(this.column(child));
          break;
        case 'notes': {
          const notes = this.notes(child);
          slide.notes = notes.first;
          if (notes.continued.length > 0) slide.continuedNotes = notes.continued;
          break;
        }
      }
    }
    if (!seen.has('title')) this.report(el, '<slide> needs a <title>');
    return slide;
  }

  private picture(el: ElementNode): BlockOf<'picture'> {
    this.checkAttrs(el);
    this.expectEmpty(el);
    const placement = this.attr(el, 'placement');
    if (el.attrs.has('placement') && !(PICTURE_PLACEMENTS as readonly string[]).includes(placement))
      this.report(el, `<picture>: placement must be one of ${PICTURE_PLACEMENTS.join(', ')}; got "${placement}"`);
    const picture: BlockOf<'picture'> = {
      kind: 'picture',
      placement: placement as BlockOf<'picture'>['placement'],
      path: this.attr(el, 'path'),
      file: this.attr(el, 'file'),
      alt: this.attr(el, 'alt'),
      span: this.span(el),
    };
    const caption = this.optionalAttr(el, 'caption');
    if (caption !== undefined) picture.caption = caption;
    const credit = this.optionalAttr(el, 'credit');
    if (credit !== undefined) picture.credit = credit;
    const focus = this.optionalAttr(el, 'focus');
    if (focus !== undefined) {
      const [x, y, extra] = focus.trim().split(/\s+/).map(Number);
      if (x === undefined || y === undefined || extra !== undefined || !(x >= 0 && x <= 1 && y >= 0 && y <= 1))
        this.report(el, `<picture>: focus is two fractions "x y" between 0 and 1; got "${focus}"`);
      else picture.focus = { x, y };
    }
    return picture;
  }

  private column(el: ElementNode): SlideColumn {
    this.checkAttrs(el);
    const column: SlideColumn = { title: [], points: [], span: this.span(el) };
    let titled = false;
    for (const child of this.childElements(el, ['title', 'point'])) {
      if (child.name === 'point') {
        column.points.push(this.listItem(child));
      } else if (titled) {
        this.report(child, '<column> has a second <title>');
      } else {
        this.checkAttrs(child);
        column.title = this.inlines(child);
        titled = true;
      }
    }
    if (!titled) this.report(el, '<column> needs a <title>');
    return column;
  }

  /** Notes paragraphs: those for the first slide, and those (role="continued") for the slides it continues onto. */
  private notes(el: ElementNode): { first: string[]; continued: string[] } {
    this.checkAttrs(el);
    const out = { first: [] as string[], continued: [] as string[] };
    for (const p of this.childElements(el, ['p'])) {
      this.checkAttrs(p);
      const role = this.optionalAttr(p, 'role');
      if (role !== undefined && role !== 'continued') this.report(p, `a speaker-notes <p> takes role="continued" or none; got "${role}"`);
      this.span(p);
      let text = '';
      for (const c of p.children) {
        if (c.type === 'text') text += this.text(c, p);
        else this.report(c, `speaker notes are plain text; <${c.name}> is not allowed in them`, ['render notes with {{plain …}}, which drops the ** marks']);
      }
      (role === 'continued' ? out.continued : out.first).push(text);
    }
    return out;
  }

  // ---- inline content

  private inlines(el: ElementNode, span: Span = this.span(el)): Inline[] {
    const out: Inline[] = [];
    for (const c of el.children) {
      if (c.type === 'text') {
        const text = this.text(c, el);
        if (text === '') continue;
        const last = out[out.length - 1];
        if (last?.kind === 'text') last.text += text;
        else out.push({ kind: 'text', text, span });
      } else if (c.name === 'strong') {
        this.checkAttrs(c);
        out.push({ kind: 'strong', children: this.inlines(c, span), span });
      } else if (c.name === 'a') {
        this.checkAttrs(c);
        out.push({ kind: 'link', href: this.attr(c, 'href'), children: this.inlines(c, span), span });
      } else if (this.known(c)) {
        this.report(c, `<${c.name}> is not allowed inside <${el.name}>`, [`<${el.name}> holds text, <strong> and <a> only`]);
      }
    }
    return out;
  }

  /** Inline text: indentation (whitespace runs with a line break) removed, then character references decoded. */
  private text(node: TextNode, parent: ElementNode): string {
    return this.decode(node.raw.replace(INDENT_RUN, ''), parent, node);
  }

  private decode(raw: string, el: ElementNode, at: { line: number; column: number } = el): string {
    return raw.replace(REF, (match: string, dec?: string, hex?: string, name?: string) => {
      if (dec !== undefined || hex !== undefined) {
        const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
        if (cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp);
        this.reportAt(at, el, `character reference ${match} is not a Unicode character`);
        return match;
      }
      if (name !== undefined) {
        const c = NAMED_REFS[name];
        if (c !== undefined) return c;
        this.reportAt(at, el, `unknown entity ${match}`, ['the markup knows &amp; &lt; &gt; &quot; &apos; and numeric references']);
        return match;
      }
      this.reportAt(at, el, 'a bare "&" in the markup', ['data text must reach the markup through {{inline}} or {{plain}}, which escape it']);
      return match;
    });
  }

  // ---- structure checks

  private known(el: ElementNode): boolean {
    if (el.name in ELEMENTS) return true;
    this.report(el, `unknown element <${el.name}>`, [`the markup's elements: ${Object.keys(ELEMENTS).join(', ')}`]);
    return false;
  }

  private allowed(el: ElementNode, parent: ElementNode, allowed: string[]): boolean {
    if (!this.known(el)) return false;
    if (allowed.includes(el.name)) return true;
    this.report(el, `<${el.name}> is not allowed in <${parent.name}>`, [`allowed here: ${allowed.map((n) => `<${n}>`).join(', ')}`]);
    return false;
  }

  /** The element children of `el`, each checked against `allowed`; text between them must be whitespace. */
  private childElements(el: ElementNode, allowed: string[]): ElementNode[] {
    const out: ElementNode[] = [];
    for (const c of el.children) {
      if (c.type === 'text') {
        if (!ONLY_WHITESPACE.test(c.raw)) this.reportText(c, el);
      } else if (this.allowed(c, el, allowed)) out.push(c);
    }
    return out;
  }

  private expectEmpty(el: ElementNode): void {
    for (const c of el.children) {
      if (c.type === 'text') {
        if (!ONLY_WHITESPACE.test(c.raw)) this.reportText(c, el);
      } else this.report(c, `<${el.name}> is empty; <${c.name}> is not allowed in it`, [`write <${el.name} …/>`]);
    }
  }

  private checkAttrs(el: ElementNode): void {
    const spec = ELEMENTS[el.name] ?? {};
    for (const name of el.attrs.keys())
      if (!(name in spec))
        this.report(el, `<${el.name}> has no attribute '${name}'`, [
          Object.keys(spec).length ? `<${el.name}> takes ${Object.keys(spec).join(', ')}` : `<${el.name}> takes no attributes`,
        ]);
    for (const [name, use] of Object.entries(spec))
      if (use === 'required' && !el.attrs.has(name)) this.report(el, `<${el.name}> is missing required attribute '${name}'`);
  }

  // ---- attributes

  /** A required attribute, decoded; '' when missing (already reported by checkAttrs). */
  private attr(el: ElementNode, name: string): string {
    return this.optionalAttr(el, name) ?? '';
  }

  private optionalAttr(el: ElementNode, name: string): string | undefined {
    const raw = el.attrs.get(name);
    return raw === undefined ? undefined : this.decode(raw, el);
  }

  private numberAttr(el: ElementNode, name: string): number | undefined {
    const raw = this.optionalAttr(el, name);
    if (raw === undefined) return undefined;
    const n = parseNumber(raw);
    if (n === undefined) this.report(el, `<${el.name}>: attribute '${name}' must be a number, got "${raw}"`);
    return n;
  }

  private integerAttr(el: ElementNode, name: string, min = -Infinity): number | undefined {
    const n = this.numberAttr(el, name);
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min) {
      this.report(el, `<${el.name}>: attribute '${name}' must be a whole number${min > -Infinity ? ` ≥ ${min}` : ''}, got "${el.attrs.get(name)}"`);
      return undefined;
    }
    return n;
  }

  private numberListAttr(el: ElementNode, name: string): number[] {
    const raw = this.optionalAttr(el, name);
    if (raw === undefined) return [];
    const out: number[] = [];
    for (const word of raw.split(/[ \t\n\r\f]+/).filter((w) => w !== '')) {
      const n = parseNumber(word);
      if (n === undefined) this.report(el, `<${el.name}>: attribute '${name}' must be numbers separated by spaces; "${word}" is not a number`);
      else out.push(n);
    }
    return out;
  }

  // ---- spans and diagnostics

  /** The node's span: the data behind `src` when the element has one, else its place in the markup. */
  private span(el: ElementNode): Span {
    const cached = this.spans.get(el);
    if (cached) return cached;
    const src = el.attrs.get('src');
    let span: Span = { file: this.file, line: el.line, column: el.column };
    if (src !== undefined) {
      const pointer = this.decode(src, el);
      if (pointer !== '' && !pointer.startsWith('/')) {
        this.report(el, `<${el.name}>: src must be a JSON pointer such as "/sections/0/title", got "${pointer}"`);
      } else if (this.data) {
        const located = this.data.locate(pointer);
        if (located.line === undefined)
          this.report(el, `<${el.name}>: src "${pointer}" points to nothing in ${this.data.file}`, [
            'the {{src}} helper writes pointers for the object being rendered; is the template rendering this dataset?',
          ]);
        else span = located;
      } else span = { ...span, path: pointer };
    }
    this.spans.set(el, span);
    return span;
  }

  private report(el: ElementNode, message: string, hints: string[] = []): void {
    this.reportAt(el, el, message, hints);
  }

  /** A problem at `at` in the markup, traced to the data of the nearest element (from `el` up) that has `src`. */
  private reportAt(at: { line: number; column: number }, el: ElementNode, message: string, hints: string[] = []): void {
    const trace: string[] = [];
    for (let e: ElementNode | undefined = el; e; e = e.parent) {
      const src = e.attrs.get('src');
      if (src === undefined) continue;
      const where = this.data?.locate(src);
      trace.push(`data ${where?.line !== undefined ? `${formatSpan(where)} ` : ''}at ${src}${e !== el ? ` (inside <${e.name}>)` : ''}`);
      break;
    }
    trace.push(markupExcerpt(this.markupLines, at.line));
    this.problems.push(error(codes.markup, message, { file: this.file, line: at.line, column: at.column }, hints, trace));
  }

  private reportText(node: TextNode, parent: ElementNode): void {
    const shown = node.raw.trim().slice(0, 30);
    this.reportAt(node, parent, `text "${shown}" is not allowed directly in ${parent.name === '#root' ? 'the markup outside <doc>' : `<${parent.name}>`}`, [
      'text belongs in <p>, <item>, <h>, <title>, <subtitle> or <point>',
    ]);
  }
}

/**
 * The markup line a problem is on, for the trace: the markup exists only in memory, so no code frame can be read
 * from `file` and this is the reader's view of it.
 */
function markupExcerpt(lines: string[], line: number): string {
  const text = (lines[line - 1] ?? '').trim();
  return `markup line ${line}: ${text.length > 120 ? text.slice(0, 119) + '…' : text}`;
}

/** A decimal number as the templates print them (`1400`, `-3`, `366.4`, `1e21`); nothing else. */
function parseNumber(text: string): number | undefined {
  if (!/^-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
