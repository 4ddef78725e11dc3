// The briefing deck: Doc → Deck (measured boxes, continuations) → .pptx, checked by unzipping the real package.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DomUtils, Parser, parseDocument } from 'htmlparser2';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDataset, renderDocuments } from '../src/build.js';
import { loadFonts } from '../src/fonts/registry.js';
import type { GlyphRunItem, LaidOutDocument } from '../src/layout/types.js';
import { inlineText, type Block, type Doc, type Inline, type ListItem } from '../src/markup/types.js';
import { writePdf } from '../src/pdf/write.js';
import { loadProject, type Project } from '../src/project.js';
import { CONTINUED, documentToDeck, NUMBERED as DECK_NUMBERED, textHeightPt, type ChartItem, type Deck, type DeckLayout, type Slide, type TextBox } from '../src/pptx/deck.js';
import { deckToPages, valueScale } from '../src/pptx/pages.js';
import { MediaStandIns, writePptx } from '../src/pptx/write.js';
import { createTextEngine, type TextEngine } from '../src/text/engine.js';
import { loadFontManifest, loadTheme, type Theme } from '../src/theme/theme.js';
import { readPdf, type PdfInfo } from './support/pdf.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const EMU_PER_IN = 914400;

// ---------------------------------------------------------------------------------------------------------------
// Fixture: a hand-built briefing

const t = (text: string): Inline[] => [{ kind: 'text', text }];
const strong = (text: string): Inline => ({ kind: 'strong', children: [{ kind: 'text', text }] });
type Stat = Extract<Block, { kind: 'stat' }>;
const stat = (display: string, unit: string, label: string, asOf: number): Stat => ({
  kind: 'stat',
  value: Number(display.replace(/\s/g, '')),
  display,
  unit,
  label,
  asOf,
});

const CONTENT_TITLE = '航空：立體互聯互通網路';
/** Twelve points, each long enough to wrap at 20pt across the slide: more than one slide can hold. */
const longPoints: ListItem[] = Array.from({ length: 12 }, (_, i) => ({
  inlines: [
    { kind: 'text', text: `第${i + 1}點：香港國際機場被評為世界前列機場，` },
    strong(`2010 年以來 ${i + 3} 次勇奪`),
    { kind: 'text', text: '年度航空貨運量全球第一，並持續擴展與「一帶一路」國家的航網。' },
  ],
}));

const doc: Doc = {
  meta: {
    title: '「一帶一路」與香港',
    subtitle: '功能平台與八項行動',
    lang: 'zh-Hant-HK',
    publisher: '香港特別行政區政府',
    date: '2026-04-28',
    source: '香港特區政府「一帶一路」資料頁（2026 年 4 月 28 日更新）',
  },
  blocks: [
    { kind: 'slide', layout: 'title', title: t('「一帶一路」與香港'), subtitle: t('功能平台與八項行動'), points: [], stats: [], notes: ['歡迎各位。'] },
    {
      kind: 'slide',
      layout: 'agenda',
      title: t('議程'),
      points: ['概況', '香港的頂層督導工作', '香港的優勢', '主要數字'].map((p) => ({ inlines: t(p) })),
      stats: [],
      notes: ['今天分四部分。'],
    },
    { kind: 'slide', layout: 'section', title: t('香港的優勢'), subtitle: t('八項行動與香港'), points: [], stats: [], notes: [] },
    {
      kind: 'slide',
      layout: 'content',
      title: t(CONTENT_TITLE),
      subtitle: t('香港位於亞太地區的中心地帶'),
      points: longPoints,
      stats: [],
      notes: ['約一半的全球人口位處香港五個小時的飛行距離之內。', '三跑道系統預計於 2035 年起可處理 1.2 億人次年客運量 & 1 000 萬公噸年貨運量。'],
    },
    {
      kind: 'slide',
      layout: 'figures',
      title: t('主要數字'),
      points: [],
      stats: [
        stat('1 400', '家', '來自「一帶一路」國家和地區的企業', 2024),
        stat('1 330', '億美元', '對「一帶一路」國家和地區的向外直接投資', 2023),
        stat('80', '份', '民航雙邊文件', 2025),
        stat('50', '個', '簽訂民航協定的「一帶一路」國家', 2025),
        stat('4', '', '國際航運中心發展指數全球排名', 2024),
        stat('1', '', '全球最自由經濟體排名', 2025),
        stat('15', '次', '年度航空貨運量全球第一', 2024),
      ],
      notes: ['這些數字來自特區政府的資料頁。'],
    },
    {
      kind: 'slide',
      layout: 'chart',
      title: t('與「一帶一路」國家簽訂的協定'),
      points: [],
      stats: [],
      chart: {
        kind: 'chart',
        id: 'agreements',
        title: '協定數目',
        unit: '份',
        categories: ['全面性避免雙重課稅協定', '促進和保護投資協定', '自由貿易協定'],
        series: [
          { name: '已簽訂', values: [24, 12, 8] },
          { name: '商討中', values: [8, 5, 3] },
        ],
      },
      notes: ['協定為企業提供更大的確定性。'],
    },
    { kind: 'slide', layout: 'closing', title: t('謝謝'), points: [], stats: [], notes: [] },
  ],
};

// ---------------------------------------------------------------------------------------------------------------
// A strict well-formedness check on htmlparser2's callbacks. htmlparser2 forgives what XML forbids (it closes
// unclosed elements, drops stray end tags, accepts unquoted attributes), so each of those is caught here.

function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  if (!/^<\?xml\s[^>]*\?>/.test(xml)) errors.push('does not start with an XML declaration');
  const scopes: Map<string, string>[] = [new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])];
  let roots = 0;
  let attributes = new Set<string>();
  let explicitCloses = 0;
  const badReference = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  const prefixOf = (q: string): string | undefined => (q.includes(':') ? q.slice(0, q.indexOf(':')) : undefined);
  const parser: Parser = new Parser(
    {
      onopentagname() {
        attributes = new Set();
      },
      onattribute(name, value, quote) {
        if (quote !== '"' && quote !== "'") errors.push(`attribute ${name} is not quoted`);
        if (attributes.has(name)) errors.push(`attribute ${name} is repeated`);
        attributes.add(name);
        if (badReference.test(value) || value.includes('<')) errors.push(`attribute ${name} holds a raw & or <`);
      },
      onopentag(name, attribs) {
        if (scopes.length === 1) roots++;
        const scope = new Map(scopes[scopes.length - 1]);
        for (const [k, v] of Object.entries(attribs)) if (k.startsWith('xmlns:')) scope.set(k.slice(6), v);
        for (const q of [name, ...Object.keys(attribs).filter((k) => k !== 'xmlns' && !k.startsWith('xmlns:'))]) {
          const prefix = prefixOf(q);
          if (prefix !== undefined && !scope.has(prefix)) errors.push(`namespace prefix ${prefix} of ${q} is not declared`);
        }
        scopes.push(scope);
      },
      onclosetag(name, isImplied) {
        // htmlparser2 reports `<x/>` as an implied close; it is one only when the source has no `/>` there.
        const tag = xml.slice(parser.startIndex, parser.endIndex + 1);
        const selfClosed = tag.startsWith(`<${name}`) && tag.endsWith('/>');
        if (isImplied && !selfClosed) errors.push(`<${name}> is not closed`);
        if (!isImplied && tag.startsWith('</')) explicitCloses++;
        scopes.pop();
      },
      ontext(text) {
        if (scopes.length === 1 && text.trim() !== '') errors.push('text outside the root element');
        if (badReference.test(text) || text.includes('<')) errors.push(`text holds a raw & or <: ${text.slice(0, 40)}`);
      },
      onerror(e) {
        errors.push(e.message);
      },
    },
    { xmlMode: true, decodeEntities: false, recognizeSelfClosing: true },
  );
  parser.write(xml);
  parser.end();
  const endTags = (xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '').match(/<\/[^>]*>/g) ?? []).length;
  if (endTags !== explicitCloses) errors.push(`${endTags - explicitCloses} end tag(s) close no open element`);
  if (roots !== 1) errors.push(`${roots} root elements`);
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the package

type Element = ReturnType<typeof DomUtils.findAll>[number];

function dom(xml: string): Element[] {
  return parseDocument(xml, { xmlMode: true }).children as Element[];
}

function elements(xml: string, name: string): Element[] {
  return DomUtils.findAll((e) => e.name === name, dom(xml));
}

function children(e: Element, name?: string): Element[] {
  return e.children.filter((c): c is Element => c.type === 'tag' && (name === undefined || (c as Element).name === name));
}

/** The text of each `a:p`, runs and fields joined, entities decoded; without the slide-number field's paragraph. */
function paragraphTexts(xml: string): string[] {
  return elements(xml, 'a:p')
    .filter((p) => children(p, 'a:fld').length === 0)
    .map((p) => DomUtils.findAll((e) => e.name === 'a:t', [p]).map((e) => DomUtils.textContent(e)).join(''));
}

function boxText(box: TextBox): string[] {
  return box.paragraphs.map((p) => p.runs.map((r) => r.text).join(''));
}

function textBoxes(slide: Slide): TextBox[] {
  return slide.items.filter((i): i is TextBox => i.kind === 'text');
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

interface Package {
  zip: JSZip;
  names: string[];
  text: (name: string) => Promise<string>;
}

async function openPackage(bytes: Uint8Array): Promise<Package> {
  const zip = await JSZip.loadAsync(bytes);
  return {
    zip,
    names: Object.keys(zip.files),
    async text(name) {
      const f = zip.file(name);
      if (!f) throw new Error(`${name} is not in the package`);
      return f.async('string');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------

let theme: Theme;
let engine: TextEngine;
let deck: Deck;
let bytes: Buffer;
let again: Buffer;
let pkg: Package;

const NUMBERED = new Set(['agenda', 'content', 'figures', 'figure', 'chart', 'comparison']);

beforeAll(async () => {
  theme = loadTheme(join(root, 'templates', 'theme.yaml'));
  const fonts = loadFonts({ fontsDir: join(root, 'fonts'), manifest: loadFontManifest(join(root, 'fonts', 'manifest.json')), chains: theme.fonts });
  engine = createTextEngine(fonts);
  deck = documentToDeck(doc, theme, engine);
  bytes = await writePptx(deck, theme, doc.meta);
  // The second build runs on another day with other random numbers: neither may reach the file.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2031-12-31T23:59:58Z'));
  const random = vi.spyOn(Math, 'random').mockReturnValue(0.734);
  try {
    again = await writePptx(documentToDeck(doc, theme, engine), theme, doc.meta);
  } finally {
    random.mockRestore();
    vi.useRealTimers();
  }
  pkg = await openPackage(bytes);
});

afterAll(() => {
  vi.useRealTimers();
});

describe('xml check used by these tests', () => {
  it('rejects what XML forbids and htmlparser2 forgives', () => {
    const d = '<?xml version="1.0" encoding="UTF-8"?>';
    expect(xmlErrors(`${d}<a:r xmlns:a="u"><a:t>1 &amp; 2</a:t><a:b x="1"/></a:r>`)).toEqual([]);
    expect(xmlErrors(`${d}<a:r xmlns:a="u"><a:t>open</a:r>`)).toContain('<a:t> is not closed');
    expect(xmlErrors(`${d}<a:r xmlns:a="u"><a:t>x</a:t></a:x></a:r>`)).toContain('1 end tag(s) close no open element');
    expect(xmlErrors(`${d}<a:r xmlns:a="u"><a:t>x & y</a:t></a:r>`).join()).toMatch(/raw &/);
    expect(xmlErrors(`${d}<a:r xmlns:a="u"><b:t>x</b:t></a:r>`)).toContain('namespace prefix b of b:t is not declared');
    expect(xmlErrors(`${d}<a:r xmlns:a="u" x=1/>`)).toContain('attribute x is not quoted');
    expect(xmlErrors(`${d}<a:r xmlns:a="u" x="1" x="2"/>`)).toContain('attribute x is repeated');
    expect(xmlErrors(`${d}<a:r xmlns:a="u"/><a:r xmlns:a="u"/>`)).toContain('2 root elements');
    expect(xmlErrors('<a/>')).toContain('does not start with an XML declaration');
  });
});

describe('briefing deck package', () => {
  it('opens: every XML part, the chart workbook\'s included, is well-formed', async () => {
    const xmlParts = pkg.names.filter((n) => /\.(xml|rels)$/.test(n));
    expect(xmlParts.length).toBeGreaterThan(20);
    for (const name of xmlParts) expect({ name, errors: xmlErrors(await pkg.text(name)) }).toEqual({ name, errors: [] });

    const workbooks = pkg.names.filter((n) => n.endsWith('.xlsx'));
    expect(workbooks).toEqual(['ppt/embeddings/Microsoft_Excel_Worksheet1.xlsx']);
    const inner = await JSZip.loadAsync(await pkg.zip.file(workbooks[0] as string)!.async('uint8array'));
    for (const name of Object.keys(inner.files).filter((n) => /\.(xml|rels)$/.test(n))) {
      expect({ name, errors: xmlErrors(await inner.file(name)!.async('string')) }).toEqual({ name, errors: [] });
    }
  });

  it('is one file per slide, each with its notes page, and every part has a content type', async () => {
    const slides = pkg.names.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
    expect(slides).toHaveLength(deck.slides.length);
    const types = await pkg.text('[Content_Types].xml');
    for (const name of pkg.names) {
      if (name.endsWith('.rels') || name === '[Content_Types].xml') continue;
      const ext = name.slice(name.lastIndexOf('.') + 1);
      const covered = types.includes(`PartName="/${name}"`) || types.includes(`Extension="${ext}"`);
      expect({ name, covered }).toEqual({ name, covered: true });
    }
    // …and every declared part exists, and so does every part a relationship points at.
    for (const o of elements(types, 'Override')) expect(pkg.names).toContain(o.attribs.PartName!.slice(1));
    for (const rels of pkg.names.filter((n) => n.endsWith('.rels'))) {
      const base = rels.replace(/_rels\/[^/]*\.rels$/, '');
      for (const r of elements(await pkg.text(rels), 'Relationship')) {
        if (r.attribs.TargetMode === 'External') continue;
        const target = r.attribs.Target!;
        const resolved = target.startsWith('/') ? target.slice(1) : new URL(target, `http://x/${base}`).pathname.slice(1);
        expect({ rels, target: resolved, exists: pkg.names.includes(resolved) }).toEqual({ rels, target: resolved, exists: true });
      }
    }
    const presentation = await pkg.text('ppt/presentation.xml');
    const size = elements(presentation, 'p:sldSz')[0];
    expect(Number(size?.attribs.cx)).toBe(Math.round(theme.deck.widthIn * EMU_PER_IN));
    expect(Number(size?.attribs.cy)).toBe(Math.round(theme.deck.heightIn * EMU_PER_IN));
  });

  it('shows on every slide exactly the paragraphs the deck measured, in order', async () => {
    for (const [i, slide] of deck.slides.entries()) {
      const xml = await pkg.text(`ppt/slides/slide${i + 1}.xml`);
      const expected = textBoxes(slide).flatMap(boxText);
      const found = paragraphTexts(xml);
      expect({ slide: i + 1, paragraphs: found }).toEqual({ slide: i + 1, paragraphs: expected });
    }
  });

  it('loses nothing of the document: every title, point, figure and chart label reaches a slide', async () => {
    const all: string[] = [];
    for (let i = 1; i <= deck.slides.length; i++) all.push(...paragraphTexts(await pkg.text(`ppt/slides/slide${i}.xml`)));
    const chartXml = await pkg.text('ppt/charts/chart1.xml');
    for (const block of doc.blocks) {
      if (block.kind !== 'slide') continue;
      expect(all).toContain(inlineText(block.title));
      for (const p of block.points) expect(all).toContain(inlineText(p.inlines));
      for (const s of block.stats) {
        expect(all).toContain(`${s.display}${s.unit ? ` ${s.unit}` : ''}`);
        expect(all).toContain(s.label);
        expect(all).toContain(`截至 ${s.asOf} 年`);
      }
      if (block.chart) for (const c of block.chart.categories) expect(chartXml).toContain(`<c:v>${c}</c:v>`);
    }
    // Continuation repeats no point.
    for (const p of longPoints) expect(all.filter((x) => x === inlineText(p.inlines))).toHaveLength(1);
    // Emphasis survives as bold runs.
    const content = await pkg.text('ppt/slides/slide4.xml');
    const boldRuns = elements(content, 'a:r').filter((r) => children(r, 'a:rPr')[0]?.attribs.b === '1');
    expect(boldRuns.map((r) => DomUtils.textContent(r))).toContain('2010 年以來 3 次勇奪');
  });

  it('marks every run in slides, notes and charts as zh-HK in Noto Sans HK with the Traditional Chinese charset', async () => {
    const parts = pkg.names.filter((n) => /^ppt\/(slides|notesSlides|charts)\/[^/]+\.xml$/.test(n));
    let checked = 0;
    for (const name of parts) {
      const xml = await pkg.text(name);
      for (const tag of ['a:rPr', 'a:defRPr', 'a:endParaRPr']) {
        for (const rPr of elements(xml, tag)) {
          checked++;
          const latin = children(rPr, 'a:latin');
          const ea = children(rPr, 'a:ea');
          const where = `${name} ${tag}`;
          expect({ where, lang: rPr.attribs.lang }).toEqual({ where, lang: 'zh-HK' });
          expect({ where, latin: latin.map((e) => e.attribs.typeface) }).toEqual({ where, latin: [theme.deck.latinTypeface] });
          expect({ where, ea: ea.map((e) => [e.attribs.typeface, e.attribs.charset]) }).toEqual({ where, ea: [[theme.deck.eastAsianTypeface, '-120']] });
          // Schema order (CT_TextCharacterProperties): fills and effects, then latin, ea, cs, then sym, links, extLst.
          const order = children(rPr).map((c) => c.name);
          const rank = (n: string): number =>
            ['a:ln', 'a:noFill', 'a:solidFill', 'a:gradFill', 'a:effectLst', 'a:highlight', 'a:uLn', 'a:uFill'].includes(n) ? 0
            : n === 'a:latin' ? 1 : n === 'a:ea' ? 2 : n === 'a:cs' ? 3 : 4;
          expect({ where, order }).toEqual({ where, order: [...order].sort((a, b) => rank(a) - rank(b)) });
        }
      }
      expect(xml).toContain('<a:ea typeface="Noto Sans HK"');
      expect(xml).not.toContain('charset="-122"');
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('gives every paragraph at most one set of paragraph properties, before its runs', async () => {
    for (let i = 1; i <= deck.slides.length; i++) {
      for (const p of elements(await pkg.text(`ppt/slides/slide${i}.xml`), 'a:p')) {
        const names = children(p).map((c) => c.name);
        expect(names.filter((n) => n === 'a:pPr').length).toBeLessThanOrEqual(1);
        if (names.includes('a:pPr')) expect(names[0]).toBe('a:pPr');
      }
    }
  });

  it('sets the theme fonts to Noto Sans HK for Latin, East Asian and the Traditional Chinese script', async () => {
    const xml = await pkg.text('ppt/theme/theme1.xml');
    for (const tag of ['a:majorFont', 'a:minorFont']) {
      const font = elements(xml, tag)[0];
      expect(font).toBeDefined();
      expect(children(font!, 'a:latin')[0]?.attribs.typeface).toBe(theme.deck.latinTypeface);
      expect(children(font!, 'a:ea')[0]?.attribs).toMatchObject({ typeface: theme.deck.eastAsianTypeface, charset: '-120' });
      const hant = children(font!, 'a:font').filter((f) => f.attribs.script === 'Hant');
      expect(hant.map((f) => f.attribs.typeface)).toEqual([theme.deck.eastAsianTypeface]);
    }
  });

  it('gives every content slide speaker notes: the notes paragraphs separated by blank lines', async () => {
    let withNotes = 0;
    for (const [i, slide] of deck.slides.entries()) {
      const source = doc.blocks.find((b) => b.kind === 'slide' && b.notes.length > 0 && slide.notes[0] === b.notes[0]);
      if (NUMBERED.has(slide.layout)) expect(slide.notes.length, `slide ${i + 1}`).toBeGreaterThan(0);
      if (slide.notes.length === 0) continue;
      withNotes++;
      expect(source).toBeDefined();
      const rels = await pkg.text(`ppt/slides/_rels/slide${i + 1}.xml.rels`);
      expect(rels).toContain(`Target="../notesSlides/notesSlide${i + 1}.xml"`);
      const notes = await pkg.text(`ppt/notesSlides/notesSlide${i + 1}.xml`);
      const body = DomUtils.findAll((e) => e.name === 'p:sp' && DomUtils.findAll((x) => x.name === 'p:ph' && x.attribs.type === 'body', [e]).length > 0, dom(notes));
      expect(body).toHaveLength(1);
      const paragraphs = DomUtils.findAll((e) => e.name === 'a:p', body).map((p) => DomUtils.findAll((e) => e.name === 'a:t', [p]).map((x) => DomUtils.textContent(x)).join(''));
      expect(paragraphs.join('\n')).toBe(slide.notes.join('\n\n'));
    }
    // title, agenda, three content, two figures, chart
    expect(withNotes).toBe(8);
    const contentNotes = await pkg.text('ppt/notesSlides/notesSlide4.xml');
    expect(contentNotes).toContain('1.2 億人次年客運量 &amp; 1 000 萬公噸年貨運量');
  });

  it('continues a content slide with twelve long points onto slides titled （續）, at full size', async () => {
    const group = deck.slides.filter((s) => s.layout === 'content' && textBoxes(s).some((b) => b.role === 'title' && boxText(b)[0]?.startsWith(CONTENT_TITLE)));
    expect(group.length).toBeGreaterThan(1);
    const points: string[] = [];
    for (const [k, slide] of group.entries()) {
      expect(slide.continuation).toBe(k);
      const title = textBoxes(slide).find((b) => b.role === 'title')!;
      expect(boxText(title)).toEqual([k === 0 ? CONTENT_TITLE : `${CONTENT_TITLE}${CONTINUED}`]);
      const body = textBoxes(slide).find((b) => b.role === 'points')!;
      expect(body.sizePt).toBe(theme.deck.pointSizePt);
      expect(body.lineHeightPt).toBeCloseTo(theme.deck.pointSizePt * theme.deck.pointLeading, 5);
      expect(body.paragraphs.length).toBeLessThanOrEqual(theme.deck.maxPoints);
      // Each point wraps: the test would prove nothing about measuring if they all fit on one line.
      for (const p of body.paragraphs) expect(p.lines).toBeGreaterThanOrEqual(2);
      points.push(...boxText(body));
    }
    expect(points).toEqual(longPoints.map((p) => inlineText(p.inlines)));
    // The subtitle is shown once, on the first slide.
    expect(group.map((s) => textBoxes(s).filter((b) => b.role === 'subtitle').length)).toEqual([1, ...group.slice(1).map(() => 0)]);

    const index = deck.slides.indexOf(group[1]!);
    const xml = await pkg.text(`ppt/slides/slide${index + 1}.xml`);
    expect(paragraphTexts(xml)[0]).toBe(`${CONTENT_TITLE}（續）`);
  });

  it('keeps every text box tall enough for its measured lines, on the slide, and writes it at the measured size', async () => {
    const W = theme.deck.widthIn;
    const H = theme.deck.heightIn;
    for (const [i, slide] of deck.slides.entries()) {
      const xml = await pkg.text(`ppt/slides/slide${i + 1}.xml`);
      const shapes = elements(xml, 'p:sp').filter((sp) => children(sp, 'p:txBody').length > 0 && !DomUtils.findOne((e) => e.name === 'p:ph', [sp]));
      const boxes = textBoxes(slide);
      expect(shapes).toHaveLength(boxes.length);
      for (const [j, box] of boxes.entries()) {
        const where = `slide ${i + 1} ${box.role}`;
        const lines = box.paragraphs.reduce((n, p) => n + p.lines, 0);
        expect(lines * box.lineHeightPt, where).toBeLessThanOrEqual(box.box.hIn * 72);
        expect(textHeightPt(box), where).toBeLessThanOrEqual(box.box.hIn * 72 + 1e-6);
        expect(box.box.xIn, where).toBeGreaterThanOrEqual(0);
        expect(box.box.yIn, where).toBeGreaterThanOrEqual(0);
        expect(box.box.xIn + box.box.wIn, where).toBeLessThanOrEqual(W + 1e-6);
        expect(box.box.yIn + box.box.hIn, where).toBeLessThanOrEqual(H + 1e-6);
        if (box.role !== 'footer') expect(box.sizePt, where).toBeGreaterThanOrEqual(theme.deck.minSizePt);

        // The shape in the file is the measured box, with the measured line pitch and size.
        const sp = shapes[j]!;
        const ext = DomUtils.findOne((e) => e.name === 'a:ext' && e.parent?.type === 'tag' && (e.parent as Element).name === 'a:xfrm', [sp])!;
        expect(Number(ext.attribs.cy), where).toBe(Math.round(box.box.hIn * EMU_PER_IN));
        const pitches = DomUtils.findAll((e) => e.name === 'a:spcPts' && (e.parent as Element | null)?.name === 'a:lnSpc', [sp]);
        expect(pitches.length, where).toBe(box.paragraphs.length);
        for (const p of pitches) expect(Number(p.attribs.val), where).toBe(Math.round(box.lineHeightPt * 100));
        const bodyPr = DomUtils.findOne((e) => e.name === 'a:bodyPr', [sp])!;
        expect(Number(bodyPr.attribs.tIns), where).toBe(Math.round(box.insetPt * 12700));
        expect(bodyPr.attribs.anchor).toBe('t');
        expect(DomUtils.findOne((e) => e.name === 'a:normAutofit' || e.name === 'a:spAutoFit', [sp])).toBeNull();
      }
      // The body never runs into the footer.
      const footer = boxes.find((b) => b.role === 'footer');
      if (footer) for (const b of boxes) if (b !== footer) expect(b.box.yIn + b.box.hIn, `slide ${i + 1} ${b.role}`).toBeLessThanOrEqual(footer.box.yIn);
    }
    expect(deck.diagnostics).toEqual([]);
    expect(engine.diagnostics).toEqual([]);
  });

  it('lays out more than six key figures as grids over two slides, each callout with number, unit, label and year', async () => {
    const figures = deck.slides.filter((s) => s.layout === 'figures');
    expect(figures.map((s) => textBoxes(s).filter((b) => b.role === 'statValue').length)).toEqual([4, 3]);
    expect(figures.map((s) => s.continuation)).toEqual([0, 1]);
    expect(boxText(textBoxes(figures[1]!).find((b) => b.role === 'title')!)).toEqual([`主要數字${CONTINUED}`]);
    const first = textBoxes(figures[0]!).filter((b) => b.role === 'statValue');
    // A 2 × 2 grid: two columns, two rows.
    expect(new Set(first.map((b) => b.box.xIn)).size).toBe(2);
    expect(new Set(first.map((b) => b.box.yIn)).size).toBe(2);
    const value = first[1]!;
    expect(value.paragraphs[0]?.runs).toEqual([
      { text: '1 330', strong: true },
      { text: ' 億美元', strong: false, sizePt: expect.any(Number) },
    ]);
    expect(value.sizePt).toBeGreaterThan(theme.deck.titleSizePt);
  });

  it('draws the chart slide as a native clustered bar chart with the series and Chinese category labels', async () => {
    const index = deck.slides.findIndex((s) => s.layout === 'chart');
    const rels = await pkg.text(`ppt/slides/_rels/slide${index + 1}.xml.rels`);
    expect(rels).toMatch(/relationships\/chart" Target="\/ppt\/charts\/chart1\.xml"/);
    const slide = await pkg.text(`ppt/slides/slide${index + 1}.xml`);
    expect(slide).toContain('<c:chart ');
    const types = await pkg.text('[Content_Types].xml');
    expect(types).toContain('PartName="/ppt/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"');

    const xml = await pkg.text('ppt/charts/chart1.xml');
    const bar = elements(xml, 'c:barChart');
    expect(bar).toHaveLength(1);
    expect(children(bar[0]!, 'c:grouping')[0]?.attribs.val).toBe('clustered');
    const series = children(bar[0]!, 'c:ser');
    const cached = (s: Element, part: string): string[] =>
      DomUtils.findAll((e) => e.name === part, [s]).flatMap((p) => DomUtils.findAll((e) => e.name === 'c:v', [p]).map((v) => DomUtils.textContent(v)));
    expect(series.map((s) => cached(s, 'c:tx'))).toEqual([['已簽訂'], ['商討中']]);
    const values = series.map((s) => cached(s, 'c:val').map(Number));
    expect(values).toEqual([
      [24, 12, 8],
      [8, 5, 3],
    ]);
    const categories = cached(series[0]!, 'c:cat');
    expect(categories).toEqual(['全面性避免雙重課稅協定', '促進和保護投資協定', '自由貿易協定']);
    // The series colours are the theme's, fixed (pptxgenjs would pick random ones for series beyond its list).
    expect(xml).toContain(`<a:srgbClr val="${theme.colours.accent!.rgb.slice(1).toUpperCase()}"/>`);
  });

  it('numbers content slides and puts the source under them, and leaves title, section and closing slides clean', async () => {
    for (const [i, slide] of deck.slides.entries()) {
      const xml = await pkg.text(`ppt/slides/slide${i + 1}.xml`);
      const numbered = NUMBERED.has(slide.layout);
      const field = elements(xml, 'a:fld').filter((f) => f.attribs.type === 'slidenum');
      expect(field.length, `slide ${i + 1}`).toBe(numbered ? 1 : 0);
      if (numbered) expect(DomUtils.textContent(field[0]!)).toBe(String(i + 1));
      expect(paragraphTexts(xml).includes(`資料來源：${doc.meta.source}`), `slide ${i + 1}`).toBe(numbered);
    }
  });

  it('builds byte-identical files on another day, with other random numbers, in the same process', async () => {
    expect(sha256(again)).toBe(sha256(bytes));
    // pptxgenjs numbers charts with a module-wide counter; the second build still has chart1.
    const second = await openPackage(again);
    expect(second.names.filter((n) => n.startsWith('ppt/charts/'))).toEqual(['ppt/charts/_rels/chart1.xml.rels', 'ppt/charts/chart1.xml']);
  });

  it('writes each of two decks written at once as it writes it alone, and leaves JSZip zipping as before', async () => {
    // writePptx takes pptxgenjs' parts from the JSZip it fills (presentationParts): two at once must not swap them.
    const short: Doc = { meta: doc.meta, blocks: doc.blocks.slice(0, 3) };
    const alone = await writePptx(documentToDeck(short, theme, engine), theme, short.meta);
    expect(alone.equals(bytes)).toBe(false);
    // Both orders: whichever reaches JSZip first, each deck must get its own parts.
    for (const order of [0, 1]) {
      const writes = [() => writePptx(documentToDeck(short, theme, engine), theme, short.meta), () => writePptx(documentToDeck(doc, theme, engine), theme, doc.meta)];
      const [a, b] = await Promise.all(order ? writes.reverse().map((w) => w()) : writes.map((w) => w()));
      expect((order ? b : a)!.equals(alone)).toBe(true);
      expect((order ? a : b)!.equals(bytes)).toBe(true);
    }
    const zipped = await new JSZip().file('a.txt', '一二三').generateAsync({ type: 'nodebuffer' });
    expect((await (await JSZip.loadAsync(zipped)).file('a.txt')!.async('string'))).toBe('一二三');
  });

  it('dates the package with the document date and stores it in a stable order', async () => {
    expect(pkg.names[0]).toBe('[Content_Types].xml');
    expect(pkg.names.filter((n) => pkg.zip.files[n]!.dir)).toEqual([]);
    for (const n of pkg.names) expect(pkg.zip.files[n]!.date.toISOString(), n).toBe('2026-04-28T00:00:00.000Z');
    const core = await pkg.text('docProps/core.xml');
    expect(elements(core, 'dcterms:created').map((e) => DomUtils.textContent(e))).toEqual(['2026-04-28T00:00:00Z']);
    expect(elements(core, 'dcterms:modified').map((e) => DomUtils.textContent(e))).toEqual(['2026-04-28T00:00:00Z']);
    expect(elements(core, 'dc:language').map((e) => DomUtils.textContent(e))).toEqual(['zh-HK']);
    expect(elements(core, 'dc:title').map((e) => DomUtils.textContent(e))).toEqual([doc.meta.title]);
  });
});

describe('deck layout', () => {
  const slide = (layout: Extract<Block, { kind: 'slide' }>['layout'], title: string, points: string[]): Block => ({
    kind: 'slide',
    layout,
    title: t(title),
    points: points.map((p) => ({ inlines: t(p) })),
    stats: [],
    notes: [],
  });
  const deckOf = (...blocks: Block[]): Deck => documentToDeck({ meta: doc.meta, blocks }, theme, engine);

  it('shares seven short points out as 4 + 3 rather than leaving one alone on the second slide', () => {
    const d = deckOf(slide('content', '短句', ['一', '二', '三', '四', '五', '六', '七']));
    expect(d.slides.map((s) => textBoxes(s).find((b) => b.role === 'points')?.paragraphs.length)).toEqual([4, 3]);
  });

  it('continues agenda numbering on the continuation slide', () => {
    const d = deckOf(slide('agenda', '議程', Array.from({ length: 8 }, (_, i) => `項目${i + 1}`)));
    expect(d.slides.map((s) => textBoxes(s).find((b) => b.role === 'points')?.numberFrom)).toEqual([1, 5]);
    expect(d.slides.map((s) => textBoxes(s).find((b) => b.role === 'points')?.list)).toEqual(['number', 'number']);
  });

  it('steps a title that is too long for one line down toward minSizePt, never below', () => {
    const long = '香港在「一國兩制」擔當「內聯外通」的角色，同時是「一帶一路」的積極參與者';
    const d = deckOf(slide('content', long, ['一']));
    const title = textBoxes(d.slides[0]!).find((b) => b.role === 'title')!;
    expect(title.sizePt).toBeLessThan(theme.deck.titleSizePt);
    expect(title.sizePt).toBeGreaterThanOrEqual(theme.deck.minSizePt);
    expect(title.paragraphs[0]?.lines).toBe(1);
    const short = textBoxes(deckOf(slide('content', '概況', ['一'])).slides[0]!).find((b) => b.role === 'title')!;
    expect(short.sizePt).toBe(theme.deck.titleSizePt);
  });

  it('warns about a point too long for a whole slide instead of shrinking it below minSizePt', () => {
    const huge = '香港國際機場三跑道系統預計於 2035 年起可達至處理 1.2 億人次年客運量。'.repeat(40);
    const d = deckOf(slide('content', '過長', ['一', huge, '三']));
    const sizes = d.slides.map((s) => textBoxes(s).find((b) => b.role === 'points')!.sizePt);
    expect(Math.min(...sizes)).toBe(theme.deck.minSizePt);
    expect(d.slides.map((s) => boxText(textBoxes(s).find((b) => b.role === 'points')!))).toEqual([['一'], [huge], ['三']]);
    expect(d.diagnostics).toHaveLength(1);
    expect(d.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'E501' });
    expect(d.diagnostics[0]?.message).toMatch(/too long for a whole slide/);
  });

  it('keeps the deck JSON-serialisable', () => {
    expect(JSON.parse(JSON.stringify(deck))).toEqual(deck);
  });

  const figuresSlide = (title: string, stats: Stat[], notes: string[] = []): Block => ({ kind: 'slide', layout: 'figures', title: t(title), points: [], stats, notes });
  const chartSlide = (figures: string[]): Block => ({
    kind: 'slide',
    layout: 'chart',
    title: t('協定'),
    points: [],
    stats: [],
    notes: ['這張圖表比較協定數目。'],
    chart: { kind: 'chart', id: 'c', title: '協定', unit: '個', categories: ['甲', '乙'], series: [{ name: '「一帶一路」', values: [14, 20], figures }] },
  });

  it('draws a single key figure large: one number with its unit, its label and its year, in a panel on the slide', () => {
    const d = deckOf(figuresSlide('關鍵數字', [{ ...stat('1 400', '家', '在港「一帶一路」企業（約）', 2024), note: '在港「一帶一路」企業約為 1 400 家。' }], ['請看這個數字。']));
    expect(d.slides.map((s) => s.layout)).toEqual(['figure']);
    const boxes = textBoxes(d.slides[0]!);
    const value = boxes.find((b) => b.role === 'statValue')!;
    expect(value.paragraphs[0]?.runs.map((r) => r.text)).toEqual(['1 400', ' 家']);
    // Larger than any title: it is the slide's message.
    expect(value.sizePt).toBeGreaterThanOrEqual(theme.deck.titleSizePt * 2);
    expect(boxText(boxes.find((b) => b.role === 'statLabel')!)).toEqual(['在港「一帶一路」企業（約）']);
    expect(boxText(boxes.find((b) => b.role === 'statAsOf')!)).toEqual(['截至 2024 年']);
    // Number, label and year stack downwards without overlapping, above the footer.
    const stack = ['statValue', 'statLabel', 'statAsOf'].map((r) => boxes.find((b) => b.role === r)!.box);
    for (let i = 1; i < stack.length; i++) expect(stack[i]!.yIn).toBeGreaterThanOrEqual(stack[i - 1]!.yIn + stack[i - 1]!.hIn);
    expect(stack[2]!.yIn + stack[2]!.hIn).toBeLessThanOrEqual(boxes.find((b) => b.role === 'footer')!.box.yIn);
    expect(d.slides[0]!.notes).toEqual(['請看這個數字。', '在港「一帶一路」企業約為 1 400 家。']);
  });

  it('does not repeat as callouts the figures a chart slide draws, and drops a figures slide left empty', () => {
    const charted = { ...stat('14', '個', '自由貿易協定：「一帶一路」國家', 2026), id: 'fta-br' };
    const d = deckOf(
      figuresSlide('數字', [{ ...stat('1 400', '家', '企業', 2024), id: 'firms' }, charted, { ...stat('20', '個', '投資協定', 2026), id: 'ippa-br' }]),
      figuresSlide('只有圖表的數字', [charted]),
      chartSlide(['fta-br', 'ippa-br']),
    );
    expect(d.slides.map((s) => s.layout)).toEqual(['figure', 'chart']);
    expect(boxText(textBoxes(d.slides[0]!).find((b) => b.role === 'statValue')!)).toEqual(['1 400 家']);
  });

  it('sets two lists side by side in row-aligned columns under coloured headings, continuing long ones with the headings repeated', () => {
    const rows = 12;
    const column = (name: string, n: number): NonNullable<Extract<Block, { kind: 'slide' }>['columns']>[number] => ({
      title: t(name),
      points: Array.from({ length: n }, (_, i) => ({ inlines: [{ kind: 'text', text: `第${i + 1}類協定` }, strong(String(10 + i)), { kind: 'text', text: ' 個' }] })),
    });
    const block: Block = { kind: 'slide', layout: 'content', title: t('比較'), subtitle: t('香港簽訂的協定'), points: [], stats: [], notes: ['下面並列比較。'], continuedNotes: ['比較續上。'], columns: [column('「一帶一路」經濟體', rows), column('全部締約經濟體', rows)] };
    const d = deckOf(block);
    expect(d.slides.length).toBeGreaterThan(1);
    expect(d.slides.every((s) => s.layout === 'comparison')).toBe(true);
    expect(d.slides.map((s) => s.notes)).toEqual([['下面並列比較。'], ...d.slides.slice(1).map(() => ['比較續上。'])]);
    const seen: string[] = [];
    for (const s of d.slides) {
      const boxes = textBoxes(s);
      const heads = boxes.filter((b) => b.role === 'columnHeading');
      expect(heads.map((h) => boxText(h)[0])).toEqual(['「一帶一路」經濟體', '全部締約經濟體']);
      const cells = boxes.filter((b) => b.role === 'cell');
      const [left, right] = [cells.filter((c) => c.box.xIn === heads[0]!.box.xIn), cells.filter((c) => c.box.xIn === heads[1]!.box.xIn)];
      expect(left.length).toBe(right.length);
      // Corresponding items share a row.
      expect(left.map((c) => c.box.yIn)).toEqual(right.map((c) => c.box.yIn));
      for (const c of cells) expect(c.sizePt).toBe(theme.deck.pointSizePt);
      const footer = boxes.find((b) => b.role === 'footer')!;
      for (const c of cells) expect(c.box.yIn + c.box.hIn).toBeLessThanOrEqual(footer.box.yIn);
      seen.push(...left.map((c) => boxText(c)[0]!));
    }
    expect(seen).toEqual(Array.from({ length: rows }, (_, i) => `第${i + 1}類協定${10 + i} 個`));
    expect(boxText(textBoxes(d.slides[1]!).find((b) => b.role === 'title')!)).toEqual([`比較${CONTINUED}`]);
  });

  it('puts each point\'s note on the slide that shows the point, after the lead-in (or the continued lead-in)', () => {
    const points = Array.from({ length: 9 }, (_, i) => ({ inlines: t(`要點${i + 1}`), note: `第${i + 1}個要點的全文。` }));
    const d = deckOf({ kind: 'slide', layout: 'content', title: t('要點'), points, stats: [], notes: ['第一項：要點。'], continuedNotes: ['繼續介紹要點。'] });
    expect(d.slides.length).toBe(2);
    d.slides.forEach((s, k) => {
      const shown = boxText(textBoxes(s).find((b) => b.role === 'points')!);
      expect(s.notes).toEqual([k === 0 ? '第一項：要點。' : '繼續介紹要點。', ...shown.map((p) => `第${p.slice(2)}個要點的全文。`)]);
    });
  });

  it('picks round chart scales that start at zero', () => {
    expect(valueScale(55)).toEqual({ maxValue: 60, step: 10 });
    expect(valueScale(13.9)).toEqual({ maxValue: 15, step: 5 });
    expect(valueScale(0)).toEqual({ maxValue: 1, step: 1 });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The real briefing: the Belt and Road dataset through the templates, the deck stage and both writers.

describe('the Belt and Road briefing deck', () => {
  let project: Project;
  let real: Doc;
  let realEngine: TextEngine;
  let realDeck: Deck;
  let realBytes: Buffer;
  let realPkg: Package;
  let laid: LaidOutDocument;
  let pdfBytes: Buffer;
  let pdf: PdfInfo;
  const sentenceEnd = /[。！？][」』）]*$/;

  beforeAll(async () => {
    project = loadProject(root);
    const docs = renderDocuments(project, loadDataset(join(root, 'data', 'belt-and-road.yaml')));
    real = docs.briefing;
    realEngine = createTextEngine(project.fonts);
    realDeck = documentToDeck(real, project.theme, realEngine);
    realBytes = await writePptx(realDeck, project.theme, real.meta);
    realPkg = await openPackage(realBytes);
    laid = deckToPages(realDeck, project.theme, realEngine);
    pdfBytes = (await writePdf({ laid, theme: project.theme, fonts: project.fonts, meta: real.meta, edition: 'screen', date: new Date('2026-04-28T00:00:00Z') })).bytes;
    pdf = await readPdf(pdfBytes);
  }, 60_000);

  const slideXml = (i: number): Promise<string> => realPkg.text(`ppt/slides/slide${i + 1}.xml`);

  it('uses every layout: title, agenda, section opener, content, key figure, figures, chart, comparison, picture, closing', () => {
    const layouts = new Set(realDeck.slides.map((s) => s.layout));
    expect([...layouts].sort()).toEqual((['title', 'agenda', 'section', 'content', 'figure', 'figures', 'chart', 'comparison', 'picture', 'closing'] as DeckLayout[]).sort());
    expect(realDeck.slides[0]?.layout).toBe('title');
    expect(realDeck.slides.at(-1)?.layout).toBe('closing');
    expect(realDeck.diagnostics).toEqual([]);
    expect(realEngine.diagnostics).toEqual([]);
  });

  it('marks every run of every part — slides, notes, charts, masters, layouts, presentation — zh-HK in Noto Sans HK with the Big5 charset', async () => {
    const parts = realPkg.names.filter((n) => /^ppt\/(?:(?:slides|notesSlides|charts|slideLayouts|slideMasters|notesMasters)\/[^/]+|presentation)\.xml$/.test(n));
    expect(parts.filter((n) => n.startsWith('ppt/charts/'))).toHaveLength(realDeck.slides.filter((s) => s.layout === 'chart').length);
    const counts = new Map<string, number>();
    for (const name of parts) {
      const xml = await realPkg.text(name);
      expect({ name, errors: xmlErrors(xml) }).toEqual({ name, errors: [] });
      const folder = name.split('/')[1]!;
      for (const tag of ['a:rPr', 'a:defRPr', 'a:endParaRPr']) {
        for (const rPr of elements(xml, tag)) {
          counts.set(folder, (counts.get(folder) ?? 0) + 1);
          const got = {
            lang: rPr.attribs.lang,
            latin: children(rPr, 'a:latin').map((e) => e.attribs.typeface),
            ea: children(rPr, 'a:ea').map((e) => `${e.attribs.typeface} ${e.attribs.charset}`),
          };
          expect({ name, tag, ...got }).toEqual({ name, tag, lang: 'zh-HK', latin: ['Noto Sans HK'], ea: ['Noto Sans HK -120'] });
        }
      }
    }
    // Every kind of part was looked at, runs included.
    for (const folder of ['slides', 'notesSlides', 'charts', 'slideLayouts', 'slideMasters', 'notesMasters', 'presentation.xml']) expect(counts.get(folder), folder).toBeGreaterThan(0);
  });

  it('draws each chart natively, with its language, a chart-wide CJK default text, two axes and bars from zero', async () => {
    const charts = realDeck.slides.map((s, i) => ({ s, i })).filter(({ s }) => s.layout === 'chart');
    expect(charts.length).toBe(2);
    for (const [k, { s, i }] of charts.entries()) {
      const item = s.items.find((x): x is ChartItem => x.kind === 'chart')!;
      expect(await realPkg.text(`ppt/slides/_rels/slide${i + 1}.xml.rels`)).toContain(`Target="/ppt/charts/chart${k + 1}.xml"`);
      const xml = await realPkg.text(`ppt/charts/chart${k + 1}.xml`);
      expect(elements(xml, 'c:lang').map((e) => e.attribs.val)).toEqual(['zh-HK']);
      // The chart space's own text properties: what the presenter adds later is Chinese in the CJK font too.
      const space = dom(xml).find((e) => (e as Element).name === 'c:chartSpace') as Element;
      const txPr = children(space, 'c:txPr');
      expect(txPr).toHaveLength(1);
      expect(DomUtils.findOne((e) => e.name === 'a:ea', [txPr[0]!])?.attribs).toMatchObject({ typeface: 'Noto Sans HK', charset: '-120' });
      expect(children(space).map((c) => c.name).filter((n) => ['c:chart', 'c:spPr', 'c:txPr', 'c:externalData'].includes(n!))).toEqual(['c:chart', 'c:spPr', 'c:txPr', 'c:externalData']);
      for (const bar of elements(xml, 'c:barChart')) expect(children(bar, 'c:axId')).toHaveLength(2);
      expect(DomUtils.findOne((e) => e.name === 'c:min', elements(xml, 'c:valAx'))?.attribs.val).toBe('0');
      // Chinese category labels and series names are in the part, each category once per series.
      const texts = elements(xml, 'c:v').map((v) => DomUtils.textContent(v));
      for (const c of item.categories) expect(texts.filter((x) => x === c)).toHaveLength(item.series.length);
      for (const sr of item.series) expect(texts).toContain(sr.name);
    }
  });

  it('gives the chart workbooks the CJK font with the Big5 charset, for when the presenter edits the data', async () => {
    const workbooks = realPkg.names.filter((n) => n.endsWith('.xlsx'));
    expect(workbooks).toHaveLength(2);
    for (const name of workbooks) {
      const inner = await JSZip.loadAsync(await realPkg.zip.file(name)!.async('uint8array'));
      const styles = await inner.file('xl/styles.xml')!.async('string');
      expect(xmlErrors(styles)).toEqual([]);
      const fonts = elements(styles, 'font');
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(children(f).map((c) => c.name).slice(-3)).toEqual(['name', 'family', 'charset']);
        expect(children(f, 'name')[0]?.attribs.val).toBe('Noto Sans HK');
        expect(children(f, 'charset')[0]?.attribs.val).toBe('136');
      }
    }
  });

  it('gives every slide speaker notes a presenter can read aloud: a spoken lead-in, then whole sentences', async () => {
    for (const [i, slide] of realDeck.slides.entries()) {
      const where = `slide ${i + 1} (${slide.layout})`;
      expect(slide.notes.length, where).toBeGreaterThan(0);
      for (const n of slide.notes) {
        expect({ where, n, sentence: sentenceEnd.test(n) }).toEqual({ where, n, sentence: true });
        expect({ where, n, fragment: /^[【•・*\-]|\*\*|^\s*$/.test(n) }).toEqual({ where, n, fragment: false });
      }
      // The lead-in is short; the facts follow it.
      expect(slide.notes[0]!.length, where).toBeLessThan(120);
      // The notes page's body placeholder holds them (its other placeholder is the slide number).
      const notes = await realPkg.text(`ppt/notesSlides/notesSlide${i + 1}.xml`);
      const body = DomUtils.findAll((e) => e.name === 'p:sp' && DomUtils.findAll((x) => x.name === 'p:ph' && x.attribs.type === 'body', [e]).length > 0, dom(notes));
      const paragraphs = DomUtils.findAll((e) => e.name === 'a:p', body).map((p) => DomUtils.findAll((e) => e.name === 'a:t', [p]).map((x) => DomUtils.textContent(x)).join(''));
      expect(paragraphs.filter((p) => p !== ''), where).toEqual(slide.notes);
    }
  });

  it('reads out on each slide the full fact behind every point it shows, and every figure on it', () => {
    const blocks = real.blocks.filter((b): b is Extract<Block, { kind: 'slide' }> => b.kind === 'slide');
    const notes = new Map<string, string>();
    for (const b of blocks) for (const p of b.points) if (p.note) notes.set(inlineText(p.inlines), p.note);
    let checked = 0;
    for (const slide of realDeck.slides) {
      for (const box of textBoxes(slide).filter((b) => b.role === 'points')) {
        for (const text of boxText(box)) {
          const note = notes.get(text);
          if (!note) continue;
          checked++;
          expect(slide.notes.join('')).toContain(note.replace(/\s+/g, ' ').trim());
        }
      }
      for (const box of textBoxes(slide).filter((b) => b.role === 'statLabel')) {
        expect(slide.notes.some((n) => n.startsWith(boxText(box)[0]!))).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('shows no key figure twice: the figures a chart draws are not callouts as well', () => {
    const charted = new Set(real.blocks.flatMap((b) => (b.kind === 'slide' && b.chart ? b.chart.series.flatMap((s) => s.figures ?? []) : [])));
    expect(charted.size).toBe(10);
    const labels = realDeck.slides.flatMap((s) => textBoxes(s).filter((b) => b.role === 'statLabel').map((b) => boxText(b)[0]));
    const stats = real.blocks.flatMap((b) => (b.kind === 'slide' ? b.stats : []));
    for (const st of stats) expect(labels.includes(st.label), `${st.id}`).toBe(!charted.has(st.id ?? ''));
  });

  it('keeps every text box tall enough for its lines, and its lines are the ones the engine sets at the box\'s measure', () => {
    let boxes = 0;
    for (const [i, slide] of realDeck.slides.entries()) {
      for (const box of textBoxes(slide)) {
        boxes++;
        const where = `slide ${i + 1} ${box.role}`;
        expect(textHeightPt(box), where).toBeLessThanOrEqual(box.box.hIn * 72 + 1e-6);
        expect(box.box.xIn + box.box.wIn, where).toBeLessThanOrEqual(realDeck.widthIn + 1e-6);
        expect(box.box.yIn + box.box.hIn, where).toBeLessThanOrEqual(realDeck.heightIn + 1e-6);
        if (box.role !== 'footer') expect(box.sizePt, where).toBeGreaterThanOrEqual(project.theme.deck.minSizePt);
        for (const p of box.paragraphs) {
          if (p.runs.some((r) => r.sizePt !== undefined)) continue; // a key figure's number and unit: one line by construction
          const inlines: Inline[] = p.runs.map((r) => (r.strong ? strong(r.text) : { kind: 'text', text: r.text }));
          const measured = realEngine.measure({ inlines, role: box.measureRole, sizePt: box.sizePt, widthPt: box.measureWidthPt });
          expect({ where, text: p.runs.map((r) => r.text).join(''), lines: measured.lines }).toEqual({ where, text: p.runs.map((r) => r.text).join(''), lines: p.lines });
        }
      }
    }
    expect(boxes).toBeGreaterThan(150);
  });

  it('builds a byte-identical .pptx and briefing.pdf again in the same process', async () => {
    const engine2 = createTextEngine(project.fonts);
    const deck2 = documentToDeck(real, project.theme, engine2);
    expect(sha256(await writePptx(deck2, project.theme, real.meta))).toBe(sha256(realBytes));
    const pdf2 = await writePdf({ laid: deckToPages(deck2, project.theme, engine2), theme: project.theme, fonts: project.fonts, meta: real.meta, edition: 'screen', date: new Date('2026-04-28T00:00:00Z') });
    expect(sha256(pdf2.bytes)).toBe(sha256(pdfBytes));
    expect(pdf2.sha256).toBe(sha256(pdfBytes));
  });

  it('exports the same slides to briefing.pdf: a 16:9 page per slide with its text, its lines as measured, nothing off the page', () => {
    expect(pdf.pages).toHaveLength(realDeck.slides.length);
    const squash = (x: string): string => x.replace(/\s+/g, '');
    for (const [i, slide] of realDeck.slides.entries()) {
      const page = pdf.pages[i]!;
      const [, , w, h] = page.view as [number, number, number, number];
      expect(w).toBeCloseTo(realDeck.widthIn * 72, 1);
      expect(h).toBeCloseTo(realDeck.heightIn * 72, 1);
      const text = squash(page.items.map((it) => it.str).join(''));
      for (const box of textBoxes(slide)) for (const p of boxText(box)) expect(text, `slide ${i + 1}`).toContain(squash(p));
      const numbers = laid.pages[i]!.items.filter((x): x is GlyphRunItem => x.kind === 'text' && x.role === 'artifact' && x.text === String(i + 1));
      expect(numbers.length, `slide ${i + 1} number`).toBe(DECK_NUMBERED.has(slide.layout) ? 1 : 0);
      for (const it of page.items) {
        const where = `slide ${i + 1}: ${it.str}`;
        expect(it.x, where).toBeGreaterThanOrEqual(0);
        expect(it.x + it.width, where).toBeLessThanOrEqual(w + 0.5);
        expect(it.y, where).toBeGreaterThanOrEqual(0);
        expect(it.y + it.sizePt * 0.88, where).toBeLessThanOrEqual(h);
      }
    }
    // Laid out frame by frame: each paragraph's runs stand on as many baselines as the deck measured lines, inside its box.
    for (const [i, slide] of realDeck.slides.entries()) {
      const runs = laid.pages[i]!.items.filter((x): x is GlyphRunItem => x.kind === 'text');
      for (const box of textBoxes(slide)) {
        const top = box.box.yIn * 72;
        const bottomPt = (box.box.yIn + box.box.hIn) * 72;
        const inside = runs.filter((r) => r.xPt >= box.box.xIn * 72 - 0.01 && r.xPt < (box.box.xIn + box.box.wIn) * 72 && r.yPt > top && r.yPt < bottomPt);
        const baselines = new Set(inside.map((r) => r.yPt.toFixed(2)));
        const lines = box.paragraphs.reduce((n, p) => n + p.lines, 0);
        expect(baselines.size, `slide ${i + 1} ${box.role}`).toBe(lines);
        for (const r of inside) expect(r.xPt + r.widthPt, `slide ${i + 1} ${box.role} ${r.text}`).toBeLessThanOrEqual((box.box.xIn + box.box.wIn) * 72 - box.insetPt + 0.01);
      }
    }
    expect(pdf.outline?.length).toBeGreaterThan(20);
    expect(pdf.pages.flatMap((p) => p.glyphIds).filter((g) => g === 0)).toEqual([]);
  });
});

describe('pictures handed to pptxgenjs', () => {
  it('go in as stand-ins, equal bytes sharing one, and each media part that holds a stand-in gets its picture back', () => {
    const media = new MediaStandIns();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 4, 5, 6]);
    const a = media.standIn(jpeg);
    expect(media.standIn(jpeg)).toBe(a);
    // The same bytes in another buffer: the same stand-in, as the same base64 text was before.
    expect(media.standIn(Buffer.from(jpeg))).toBe(a);
    const b = media.standIn(png);
    expect(b).not.toBe(a);
    expect(media.size).toBe(2);
    // What JSZip writes for the stand-in is its base64 decoded: that part gets the picture back.
    expect(media.real(Buffer.from(a, 'base64'))).toBe(jpeg);
    expect(media.real(Buffer.from(b, 'base64'))).toBe(png);
    // A picture's own bytes, or anything else, are not stand-ins.
    expect(media.real(jpeg)).toBeUndefined();
    expect(media.real(Buffer.from('silkpress media stand-in 3', 'latin1'))).toBeUndefined();
  });
});
