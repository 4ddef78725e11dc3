// Paint a Deck with pptxgenjs, then finish the package: Traditional Chinese language and fonts on every run (charts
// and their workbooks included), the theme's East Asian fonts, speaker notes as paragraphs, and a byte-reproducible
// zip. Returns the .pptx bytes.
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import * as pptxgen from 'pptxgenjs';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { keepRecent } from '../cache/recent.js';
import { codeId } from '../cache/versions.js';
import { zlibIdentity } from '../cache/zlib-identity.js';
import { parsePartialDate, periodStart } from '../data/asof.js';
import type { DocMeta } from '../markup/types.js';
import type { Theme } from '../theme/theme.js';
import { prepareImage } from '../images/convert.js';
import { probeImage } from '../images/probe.js';
import type { PreparedImage } from '../images/types.js';
import { deckPixels } from './slides/picture.js';
import type { ChartItem, Deck, PictureItem, RectItem, SlideNumberItem, TableItem, TextBox } from './deck.js';
import { childNodes, escapeXml, renderElement, rewriteElements, setAttribute, type XmlChild } from './ooxml.js';
import { readZip, writeZip } from './zip.js';

// pptxgenjs's typings are CommonJS-style (`export default`) while Node loads its ES build, so TypeScript (NodeNext)
// sees the module object where the runtime has the class. Name the class through `.default` on both sides.
type PptxGenJSClass = typeof pptxgen.default.default;
type Presentation = InstanceType<PptxGenJSClass>;
type PptxSlide = ReturnType<Presentation['addSlide']>;
type TextProps = pptxgen.default.TextProps;
type TextPropsOptions = pptxgen.default.TextPropsOptions;
const PptxGenJS = (pptxgen as unknown as { default: PptxGenJSClass }).default;

/** Fonts and language every run of the package gets. */
export interface RunFonts {
  lang: string;
  latin: string;
  eastAsian: string;
  /** Windows charset of the East Asian face: -120 CHINESEBIG5 for Traditional, -122 GB2312 for Simplified. */
  eastAsianCharset: number;
}

export async function writePptx(deck: Deck, theme: Theme, meta: DocMeta): Promise<Buffer> {
  const fonts = runFonts(deck.lang, theme);
  const pictures = await preparePictures(deck);
  const key = packageKey(deck, fonts, meta, pictures);
  const disk = firstDeck;
  firstDeck = false;
  const kept = key === undefined ? undefined : (packages.get(key) ?? (disk ? readCacheEntry('decks', key) : undefined));
  if (kept) {
    keepRecent(packages, key!, kept, PACKAGES_KEPT);
    return kept;
  }
  const media = new MediaStandIns();
  const pres = paintDeck(deck, fonts, meta, pictures, media);
  const pptx = await finishPackage(await presentationParts(pres), { deck, fonts, meta, media });
  if (key !== undefined) {
    if (disk) writeCacheEntry('decks', key, pptx);
    keepRecent(packages, key, pptx, PACKAGES_KEPT);
  }
  return pptx;
}

/**
 * Packages already made, by everything that decides their bytes: silkpress's code (pptxgenjs and the package's
 * finishing with it; the code id changes with any line), zlib's version (the parts are deflated), the deck as laid
 * out, the fonts and language of its runs, the document's metadata, and each picture as prepared (its bytes'
 * checksum and how they are encoded). Painting with pptxgenjs, finishing its XML and zipping the parts took ~50 ms of
 * a fresh build and ~20 ms of a `watch` rebuild whose edit left the deck as it was. The last few are kept in the
 * process; a process's first deck also reads and writes the disk cache (later ones would mostly write entries an
 * edit has already made stale). Only where the code has an id (the bundled command line).
 */
function packageKey(deck: Deck, fonts: RunFonts, meta: DocMeta, pictures: Map<PictureItem, PreparedImage>): string | undefined {
  const code = codeId();
  if (!code) return undefined;
  const hash = createHash('sha256').update(JSON.stringify([deck, fonts, meta]));
  for (const [item, { data, alpha, ...rest }] of pictures) {
    hash.update(JSON.stringify([item.path, rest]));
    hash.update(createHash('sha256').update(data).digest());
    if (alpha) hash.update(createHash('sha256').update(alpha).digest());
  }
  return `pptx 1 ${code} ${zlibIdentity()}|${hash.digest('hex')}`;
}

const packages = new Map<string, Buffer>();
const PACKAGES_KEPT = 4;
let firstDeck = true;

/**
 * pptxgenjs takes a picture as base64 text and JSZip decodes it back with a JavaScript decoder (~10 ms a deck for
 * the shipped pictures). It is handed a few bytes standing in for each distinct picture instead, and
 * finishPackage puts the picture's own bytes in the media part that holds them: the package is the same.
 */
export class MediaStandIns {
  private readonly byBytes = new Map<Buffer, string>();
  private readonly byStandIn = new Map<string, Buffer>();

  /** The stand-in for `bytes`, as pptxgenjs' base64: the same for the same buffer, as pptxgenjs got the same data. */
  standIn(bytes: Buffer): string {
    let mark = this.byBytes.get(bytes);
    if (mark === undefined) {
      // Equal bytes in another buffer share a stand-in too, as they shared the base64 text.
      for (const [other, m] of this.byBytes) if (other.equals(bytes)) mark = m;
      if (mark === undefined) {
        mark = `silkpress media stand-in ${this.byStandIn.size + 1}`;
        this.byStandIn.set(mark, bytes);
      }
      this.byBytes.set(bytes, mark);
    }
    return Buffer.from(mark, 'latin1').toString('base64');
  }

  /** The picture a media part stands in for, if it is a stand-in. */
  real(part: Uint8Array): Buffer | undefined {
    if (part.length > 40 || part.length < 24) return undefined;
    return this.byStandIn.get(Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('latin1'));
  }

  get size(): number {
    return this.byStandIn.size;
  }
}

export function runFonts(lang: string, theme: Theme): RunFonts {
  const simplified = /^zh-(CN|SG)$/i.test(lang);
  return {
    lang,
    latin: theme.deck.latinTypeface,
    eastAsian: theme.deck.eastAsianTypeface,
    eastAsianCharset: simplified ? -122 : -120,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Deck → pptxgenjs

/** Every picture of the deck resampled and compressed for the screen (src/images: once per file, crop and size). */
async function preparePictures(deck: Deck): Promise<Map<PictureItem, PreparedImage>> {
  const out = new Map<PictureItem, PreparedImage>();
  for (const slide of deck.slides) {
    for (const item of slide.items) {
      if (item.kind !== 'picture') continue;
      const probe = probeImage(item.path);
      if (!probe.ok) throw new Error(`deck picture '${item.file}': ${probe.problem.message}`); // check refuses it first
      const px = deckPixels(item);
      out.set(item, await prepareImage({ info: probe.info, crop: item.crop, outWidthPx: px.widthPx, outHeightPx: px.heightPx, target: 'deck' }));
    }
  }
  return out;
}

function paintDeck(deck: Deck, fonts: RunFonts, meta: DocMeta, pictures: Map<PictureItem, PreparedImage>, media: MediaStandIns): Presentation {
  const pres = new PptxGenJS();
  pres.defineLayout({ name: 'SILKPRESS', width: deck.widthIn, height: deck.heightIn });
  pres.layout = 'SILKPRESS';
  pres.title = meta.title;
  pres.subject = meta.subtitle ?? meta.title;
  // Empty rather than pptxgenjs's own name when the dataset names no publisher.
  pres.author = meta.publisher ?? '';
  pres.company = meta.publisher ?? '';
  pres.revision = '1';
  pres.theme = { headFontFace: fonts.latin, bodyFontFace: fonts.latin };

  for (const slide of deck.slides) {
    const s = pres.addSlide();
    s.background = { color: hex(slide.background) };
    for (const item of slide.items) {
      switch (item.kind) {
        case 'rect':
          paintRect(pres, s, item);
          break;
        case 'text':
          paintText(s, item, fonts);
          break;
        case 'chart':
          paintChart(pres, s, item, fonts);
          break;
        case 'slideNumber':
          paintSlideNumber(s, item, fonts);
          break;
        case 'table':
          paintTable(s, item, fonts);
          break;
        case 'picture':
          paintPicture(s, item, pictures.get(item)!, media);
          break;
      }
    }
    // pptxgenjs writes this as one run; finishPackage rebuilds it as one paragraph per note.
    if (slide.notes.length > 0) s.addNotes(slide.notes.join('\n\n'));
  }
  return pres;
}

function paintRect(pres: Presentation, s: PptxSlide, r: RectItem): void {
  // No `line`: pptxgenjs then writes an empty outline, where a zero width would become its 1pt default.
  s.addShape(pres.ShapeType.rect, { ...position(r.box), fill: { color: hex(r.fill) } });
}

function paintText(s: PptxSlide, t: TextBox, fonts: RunFonts): void {
  const runs: TextProps[] = [];
  t.paragraphs.forEach((p, pi) => {
    p.runs.forEach((r, ri) => {
      const options: TextPropsOptions = { bold: r.strong || t.weight === 'bold', fontSize: r.sizePt ?? t.sizePt };
      if (ri === 0 && t.list === 'bullet' && !p.marker) options.bullet = { indent: t.listIndentPt };
      // One start for the whole box: PowerPoint counts on from it paragraph by paragraph.
      if (ri === 0 && t.list === 'number' && !p.marker) options.bullet = { type: 'number', numberStartAt: t.numberFrom, indent: t.listIndentPt };
      // A nested item: its own level (lvl, one hang further in per level) and marker.
      if (ri === 0 && p.marker?.kind === 'bullet') options.bullet = { indent: t.listIndentPt };
      if (ri === 0 && p.marker?.kind === 'number') options.bullet = { type: 'number', style: p.marker.scheme, numberStartAt: p.marker.startAt, indent: t.listIndentPt };
      if (ri === 0 && p.level !== undefined && p.level > 0) options.indentLevel = p.level;
      // A link: a:hlinkClick with an external relationship to the address.
      if (r.href !== undefined) options.hyperlink = { url: r.href };
      if (ri === p.runs.length - 1 && pi < t.paragraphs.length - 1) options.breakLine = true;
      runs.push({ text: r.text, options });
    });
  });
  s.addText(runs, {
    ...position(t.box),
    margin: t.insetPt,
    fontFace: fonts.latin,
    fontSize: t.sizePt,
    color: hex(t.colour),
    lang: fonts.lang,
    align: t.align,
    valign: 'top',
    // Fixed line pitch, as measured: PowerPoint's "single" spacing follows the font's own (tall, for CJK) metrics.
    lineSpacing: t.lineHeightPt,
    ...(t.paragraphGapPt > 0 ? { paraSpaceAfter: t.paragraphGapPt } : {}),
    fit: 'none',
    wrap: true,
  });
}

/**
 * A native table: header row tinted with its text in the accent colour, rules between rows, every cell's runs
 * (links as hyperlinks) at the measured size, fixed line pitch and margins, columns and rows as measured.
 */
function paintTable(s: PptxSlide, t: TableItem, fonts: RunFonts): void {
  const rule = (colour: string, pt: number): { type: 'solid'; pt: number; color: string } => ({ type: 'solid', pt, color: hex(colour) });
  const none = { type: 'none' as const };
  const all = [t.header, ...t.rows];
  const rows = all.map((cells, ri) =>
    cells.map((c) => ({
      text: c.runs.map((r) => ({
        text: r.text,
        options: { bold: ri === 0 || r.strong, lineSpacing: t.lineHeightPt, ...(r.href !== undefined ? { hyperlink: { url: r.href } } : {}) } as TextPropsOptions,
      })),
      options: {
        align: c.align,
        valign: 'top' as const,
        color: hex(ri === 0 ? t.colours.head : t.colours.ink),
        fontFace: fonts.latin,
        fontSize: t.sizePt,
        margin: [t.padPt.y, t.padPt.x, t.padPt.y, t.padPt.x],
        ...(ri === 0 ? { fill: { color: hex(t.colours.headFill) } } : {}),
        // [top, right, bottom, left]: the table opens and closes with an accent rule, rows are ruled lightly.
        border: [
          ri === 0 ? rule(t.colours.accent, 1.5) : rule(t.colours.rule, 0.75),
          none,
          ri === 0 ? rule(t.colours.accent, 1) : ri === all.length - 1 ? rule(t.colours.accent, 1.5) : rule(t.colours.rule, 0.75),
          none,
        ],
      },
    })),
  );
  s.addTable(rows as unknown as Parameters<PptxSlide['addTable']>[0], {
    ...position(t.box),
    colW: t.columnsIn,
    rowH: t.rowsIn,
    fontFace: fonts.latin,
    fontSize: t.sizePt,
    autoPage: false,
  });
}

function paintChart(pres: Presentation, s: PptxSlide, c: ChartItem, fonts: RunFonts): void {
  // Horizontal bars are drawn from the bottom up: hand them over in reverse so the first category reads at the top.
  const order = <T>(xs: T[]): T[] => (c.direction === 'bar' ? [...xs].reverse() : [...xs]);
  // Within a category, too, the first series is drawn lowest: reversing the series keeps them top-down in the
  // order of the data (and of the legend, which LibreOffice lists bottom-up for horizontal bars).
  const series = order(c.series);
  const data = series.map((s) => ({ name: s.name, labels: order(c.categories), values: order(s.values) }));
  const ink = '1F1F1F';
  s.addChart(pres.ChartType.bar, data, {
    ...position(c.box),
    barDir: c.direction === 'column' ? 'col' : 'bar',
    barGrouping: 'clustered',
    // One colour per series: pptxgenjs picks a random one for a series beyond the list.
    chartColors: series.map((s) => hex(s.colour)),
    lang: fonts.lang,
    showTitle: false,
    showLegend: c.series.length > 1,
    legendPos: 'b',
    legendFontFace: fonts.latin,
    legendFontSize: c.labelSizePt,
    legendColor: ink,
    catAxisLabelFontFace: fonts.latin,
    catAxisLabelFontSize: c.labelSizePt,
    catAxisLabelColor: ink,
    valAxisLabelFontFace: fonts.latin,
    valAxisLabelFontSize: c.labelSizePt,
    valAxisLabelColor: ink,
    valAxisLabelFormatCode: 'General',
    showValAxisTitle: c.unit !== '',
    ...(c.unit !== '' ? { valAxisTitle: c.unit } : {}),
    valAxisTitleFontFace: fonts.latin,
    valAxisTitleFontSize: c.labelSizePt,
    valAxisTitleColor: ink,
    // Bars start at zero: on LibreOffice's automatic axis from 11, the bars for 12.2% and 13.9% would differ
    // by a factor of 2.4 instead of 1.14.
    valAxisMinVal: 0,
    valGridLine: { color: 'D9CFC1', size: 0.75, style: 'solid' },
    catGridLine: { style: 'none' },
    showValue: c.showValues,
    dataLabelFontFace: fonts.latin,
    dataLabelFontSize: c.labelSizePt,
    dataLabelColor: ink,
    dataLabelFormatCode: 'General',
    dataLabelPosition: 'outEnd',
    chartArea: { roundedCorners: false },
  });
}

/** A picture shape (p:pic) whose description (`descr`) is the alternative text; the box has the media's aspect. */
function paintPicture(s: PptxSlide, p: PictureItem, image: PreparedImage, media: MediaStandIns): void {
  const mime = image.encoding === 'jpeg' ? 'image/jpeg' : 'image/png';
  s.addImage({ data: `${mime};base64,${media.standIn(image.data)}`, ...position(p.box), altText: p.alt });
}

function paintSlideNumber(s: PptxSlide, n: SlideNumberItem, fonts: RunFonts): void {
  s.slideNumber = { ...position(n.box), fontFace: fonts.latin, fontSize: n.sizePt, color: hex(n.colour), align: 'right', valign: 'top', margin: 4 };
}

function position(b: { xIn: number; yIn: number; wIn: number; hIn: number }): { x: number; y: number; w: number; h: number } {
  return { x: b.xIn, y: b.yIn, w: b.wIn, h: b.hIn };
}

function hex(colour: string): string {
  return colour.replace(/^#/, '').toUpperCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Package post-processing

interface FinishContext {
  deck: Deck;
  fonts: RunFonts;
  meta: DocMeta;
  /** The pictures pptxgenjs was handed stand-ins for. */
  media?: MediaStandIns;
}

/** Parts whose runs get the deck's language and fonts. */
const TEXT_PARTS = /^ppt\/(?:slides|notesSlides|charts|slideLayouts|slideMasters|notesMasters)\/[^/]+\.xml$|^ppt\/presentation\.xml$/;

export async function finishPackage(parts: Map<string, string | Uint8Array>, ctx: FinishContext): Promise<Buffer> {
  const date = packageDate(ctx.meta.date);

  const renamed = renumberCharts(parts);
  const placed = new Set<Buffer>();
  const fontsKey = JSON.stringify(ctx.fonts);
  const finished = new Map<string, string>();
  for (const [name, data] of renamed) {
    if (typeof data === 'string') {
      let xml: string;
      if (name === 'docProps/core.xml') xml = coreProperties(data, ctx.meta, ctx.fonts.lang);
      else if (name === '[Content_Types].xml') xml = dropMissingOverrides(data, new Set(renamed.keys()));
      else {
        const notes = /^ppt\/notesSlides\/notesSlide(\d+)\.xml$/.exec(name);
        const slideNotes = notes ? ctx.deck.slides[Number(notes[1]) - 1]?.notes : undefined;
        const key = `${name}\0${fontsKey}\0${JSON.stringify(slideNotes ?? [])}\0${data}`;
        xml = lastFinished.get(key) ?? finishPart(name, data, slideNotes, ctx.fonts);
        finished.set(key, xml);
      }
      renamed.set(name, xml);
    } else if (/^ppt\/embeddings\/.+\.xlsx$/.test(name)) {
      renamed.set(name, reproducibleWorkbook(data, date, ctx.fonts));
    } else if (ctx.media && /^ppt\/media\//.test(name)) {
      const real = ctx.media.real(data);
      if (real) {
        renamed.set(name, real);
        placed.add(real);
      }
    }
  }
  if (ctx.media && placed.size !== ctx.media.size) throw new Error(`pptx: ${ctx.media.size - placed.size} picture(s) handed to pptxgenjs are missing from the package`);
  lastFinished = finished;
  return packageZip(renamed, date);
}

/**
 * The last package's XML parts as finished, by part name, run fonts, the slide's notes and pptxgenjs' text: the
 * finishing is a function of these alone. A `watch` edit changes a slide or two of the deck, and finishing every
 * part again took ~15 ms of each rebuild. Only the last package's parts are kept, so this holds one deck's XML.
 */
let lastFinished = new Map<string, string>();

/** A part's XML with notes as paragraphs, one set of properties per paragraph and the deck's fonts and language. */
function finishPart(name: string, data: string, notes: string[] | undefined, fonts: RunFonts): string {
  let xml = data;
  if (notes && notes.length > 0) xml = notesParagraphs(xml, notes, fonts.lang);
  if (/^ppt\/slides\/slide\d+\.xml$/.test(name)) xml = onePropertiesPerParagraph(xml);
  if (/^ppt\/charts\/chart\d+\.xml$/.test(name)) xml = chartText(xml, fonts);
  if (TEXT_PARTS.test(name)) xml = normaliseRunProperties(xml, fonts);
  if (/^ppt\/theme\/theme\d+\.xml$/.test(name)) xml = themeFonts(xml, fonts);
  return xml;
}

function isXmlPart(name: string): boolean {
  return /\.(xml|rels)$/.test(name);
}

/** The zip entries' and document properties' date: the document's own date, so equal inputs give equal bytes. */
function packageDate(iso: string): Date {
  // The first day of the as-of period (2026-03 → 2026-03-01): a zip entry needs a day; nothing prints this one.
  const d = parsePartialDate(iso) ? periodStart(iso) : new Date(NaN);
  // DOS dates in zip entries start in 1980.
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1980 ? new Date('1980-01-01T00:00:00Z') : d;
}

/**
 * pptxgenjs numbers charts with a module-wide counter, so a second deck built in the same process gets chart7.xml
 * where the first had chart1.xml. Number them 1, 2, … in their order within this package.
 */
export function renumberCharts(parts: Map<string, string | Uint8Array>): Map<string, string | Uint8Array> {
  const ids = [...parts.keys()]
    .map((n) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
  const next = new Map(ids.map((id, i) => [id, i + 1]));
  const fix = (s: string): string =>
    s.replace(/\b(chart|Microsoft_Excel_Worksheet)(\d+)(\.xml|\.xlsx)/g, (all, stem: string, id: string, ext: string) => {
      const to = next.get(Number(id));
      return to === undefined ? all : `${stem}${to}${ext}`;
    });
  const out = new Map<string, string | Uint8Array>();
  for (const [name, data] of parts) {
    const refersToParts = typeof data === 'string' && (name.endsWith('.rels') || name === '[Content_Types].xml');
    out.set(fix(name), refersToParts ? fix(data) : data);
  }
  return out;
}

/**
 * pptxgenjs declares a content type for `/ppt/slideMasters/slideMaster2.xml`, which it never writes; package
 * validators reject an override for a missing part. Keep only overrides of parts that exist.
 */
export function dropMissingOverrides(xml: string, parts: ReadonlySet<string>): string {
  return xml.replace(/\s*<Override\b[^>]*\bPartName="\/([^"]+)"[^>]*\/>/g, (all, part: string) => (parts.has(part) ? all : ''));
}

/** Children of `a:rPr` that must follow the font elements (CT_TextCharacterProperties sequence). */
const AFTER_FONTS = new Set(['a:sym', 'a:hlinkClick', 'a:hlinkMouseOver', 'a:rtl', 'a:extLst']);

/**
 * Every `a:rPr`, `a:defRPr` and `a:endParaRPr`: `lang` set, and exactly one `a:latin` and one `a:ea` naming the
 * deck's faces. pptxgenjs gives `a:ea` the GB2312 charset (-122), which makes PowerPoint treat the run as
 * Simplified Chinese when choosing glyphs and fallbacks; Traditional needs CHINESEBIG5 (-120). Its `a:cs` also
 * names the CJK face for complex scripts, which this deck has none of, so it goes and the theme's applies.
 */
export function normaliseRunProperties(xml: string, fonts: RunFonts): string {
  const faces: XmlChild = {
    name: null,
    xml:
      `<a:latin typeface="${escapeXml(fonts.latin)}" pitchFamily="34" charset="0"/>` +
      `<a:ea typeface="${escapeXml(fonts.eastAsian)}" pitchFamily="34" charset="${fonts.eastAsianCharset}"/>`,
  };
  for (const tag of ['a:rPr', 'a:defRPr', 'a:endParaRPr']) {
    xml = rewriteElements(xml, tag, (el) => {
      const kids = childNodes(el.inner ?? '').filter((k) => k.name !== 'a:latin' && k.name !== 'a:ea' && k.name !== 'a:cs' && !(k.name === null && k.xml.trim() === ''));
      const at = kids.findIndex((k) => k.name !== null && AFTER_FONTS.has(k.name));
      kids.splice(at < 0 ? kids.length : at, 0, faces);
      return renderElement({ name: el.name, attrs: setAttribute(el.attrs, 'lang', fonts.lang), inner: kids.map((k) => k.xml).join('') });
    });
  }
  return xml;
}

/**
 * pptxgenjs repeats the paragraph properties before every run of a multi-run paragraph; the schema allows one
 * `a:pPr`, first. Keep the first, drop the repeats (they are copies: every run of a paragraph shares them).
 */
export function onePropertiesPerParagraph(xml: string): string {
  return rewriteElements(xml, 'a:p', (el) => {
    if (el.inner === null) return renderElement(el);
    let seen = false;
    const kids = childNodes(el.inner).filter((k) => {
      if (k.name === null) return true;
      if (k.name === 'a:pPr' && seen) return false;
      seen = true;
      return true;
    });
    return renderElement({ ...el, inner: kids.map((k) => k.xml).join('') });
  });
}

/** The notes body as one paragraph per note with an empty paragraph between: the notes joined by blank lines. */
export function notesParagraphs(xml: string, notes: string[], lang: string): string {
  const paragraph = (text: string): string => `<a:p><a:r><a:rPr lang="${lang}" dirty="0"/><a:t>${escapeXml(text)}</a:t></a:r></a:p>`;
  const blank = `<a:p><a:endParaRPr lang="${lang}" dirty="0"/></a:p>`;
  const body = notes.map(paragraph).join(blank);
  return rewriteElements(xml, 'p:sp', (sp) => {
    if (sp.inner === null || !/<p:ph\b[^>]*\btype="body"/.test(sp.inner)) return renderElement(sp);
    const inner = rewriteElements(sp.inner, 'p:txBody', (tx) => renderElement({ ...tx, inner: `<a:bodyPr/><a:lstStyle/>${body}` }));
    return renderElement({ ...sp, inner });
  });
}

/**
 * The theme's major and minor fonts: Latin and East Asian faces are the deck's, and the Traditional Chinese
 * script font (`Hant`, which PowerPoint uses for zh-HK/zh-TW text that names no face) is the CJK face instead of
 * PMingLiU (新細明體), which readers outside Windows do not have.
 */
export function themeFonts(xml: string, fonts: RunFonts): string {
  for (const tag of ['a:majorFont', 'a:minorFont']) {
    xml = rewriteElements(xml, tag, (el) => {
      const kids = childNodes(el.inner ?? '').filter((k) => !(k.name === null && k.xml.trim() === ''));
      const out: string[] = [];
      let hant = false;
      for (const k of kids) {
        if (k.name === 'a:latin') out.push(`<a:latin typeface="${escapeXml(fonts.latin)}"/>`);
        else if (k.name === 'a:ea') out.push(`<a:ea typeface="${escapeXml(fonts.eastAsian)}" charset="${fonts.eastAsianCharset}"/>`);
        else if (k.name === 'a:font' && /\bscript="Hant"/.test(k.xml)) {
          out.push(`<a:font script="Hant" typeface="${escapeXml(fonts.eastAsian)}"/>`);
          hant = true;
        } else out.push(k.xml);
      }
      if (!hant) {
        // After latin, ea and cs; before the other script fonts.
        const at = out.findIndex((x) => x.startsWith('<a:font ') || x.startsWith('<a:extLst'));
        out.splice(at < 0 ? out.length : at, 0, `<a:font script="Hant" typeface="${escapeXml(fonts.eastAsian)}"/>`);
      }
      return renderElement({ ...el, inner: out.join('') });
    });
  }
  return xml;
}

/** Created and modified dates from the document (pptxgenjs writes the wall clock), and the document's language. */
export function coreProperties(xml: string, meta: DocMeta, lang: string): string {
  const when = `${packageDate(meta.date).toISOString().slice(0, 10)}T00:00:00Z`;
  xml = xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_all, open: string, _tag: string, close: string) => `${open}${when}${close}`);
  if (!xml.includes('<dc:language>')) xml = xml.replace('</cp:coreProperties>', `<dc:language>${escapeXml(lang)}</dc:language></cp:coreProperties>`);
  return xml;
}

/**
 * A chart part's language and default text: `c:lang` (the editing language PowerPoint offers for the chart's
 * text), and a chart-wide `c:txPr` whose `a:defRPr` normaliseRunProperties then gives the CJK face, so text the
 * presenter adds later (a chart title, a data table) is Chinese in Noto Sans HK too, not only the labels
 * pptxgenjs wrote. Also drops the third `c:axId` pptxgenjs gives every bar chart: CT_BarChart has exactly two
 * (a series axis belongs to 3-D charts), and a strict reader may reject the part.
 */
export function chartText(xml: string, fonts: RunFonts): string {
  if (!xml.includes('<c:lang ')) xml = xml.replace(/(<c:date1904\b[^>]*\/>)/, `$1<c:lang val="${escapeXml(fonts.lang)}"/>`);
  xml = rewriteElements(xml, 'c:barChart', (el) => {
    let axes = 0;
    const kids = childNodes(el.inner ?? '').filter((k) => k.name !== 'c:axId' || ++axes <= 2);
    return renderElement({ ...el, inner: kids.map((k) => k.xml).join('') });
  });
  // CT_ChartSpace: … c:chart, c:spPr, c:txPr, c:externalData, c:printSettings, c:userShapes, c:extLst.
  // After </c:chart> come only chart-space children (c:spPr holds no c:txPr), so a txPr there is the chart's own.
  const end = xml.lastIndexOf('</c:chart>') + '</c:chart>'.length;
  const tail = xml.slice(end);
  if (end >= '</c:chart>'.length && !tail.includes('<c:txPr')) {
    const txPr = `<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr lang="${escapeXml(fonts.lang)}"/></a:pPr><a:endParaRPr lang="${escapeXml(fonts.lang)}"/></a:p></c:txPr>`;
    const at = tail.search(/<c:(?:externalData|printSettings|userShapes|extLst)\b|<\/c:chartSpace>/);
    xml = xml.slice(0, end) + tail.slice(0, at) + txPr + tail.slice(at);
  }
  return xml;
}

/**
 * The chart's embedded workbook is a zip of its own with the wall clock in its properties and entries. Its fonts
 * are Geneva and Arial, which draw no Chinese: when the presenter opens the data to edit it, the category names
 * should read in the deck's CJK face, with the Big5 charset (136) for Traditional Chinese.
 */
function reproducibleWorkbook(bytes: Uint8Array, date: Date, fonts: RunFonts): Uint8Array {
  const parts = readParts(bytes);
  const core = parts.get('docProps/core.xml');
  if (typeof core === 'string') {
    const when = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
    parts.set('docProps/core.xml', core.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_a, open: string, _t: string, close: string) => `${open}${when}${close}`));
  }
  const styles = parts.get('xl/styles.xml');
  if (typeof styles === 'string') parts.set('xl/styles.xml', workbookFonts(styles, fonts));
  return new Uint8Array(packageZip(parts, date));
}

/** Every `font` of a SpreadsheetML stylesheet named as the CJK face; CT_Font order puts name, family, charset last but scheme. */
export function workbookFonts(xml: string, fonts: RunFonts): string {
  // Windows charset of the face: CHINESEBIG5 136 for Traditional, GB2312 134 for Simplified (a:ea's -120/-122 are the same values, signed).
  const charset = fonts.eastAsianCharset + 256;
  return rewriteElements(xml, 'fonts', (list) =>
    renderElement({
      ...list,
      inner: rewriteElements(list.inner ?? '', 'font', (font) => {
        const kids = childNodes(font.inner ?? '').filter((k) => k.name !== 'name' && k.name !== 'family' && k.name !== 'charset' && k.name !== 'scheme');
        kids.push({ name: 'name', xml: `<name val="${escapeXml(fonts.eastAsian)}"/>` }, { name: 'family', xml: '<family val="2"/>' }, { name: 'charset', xml: `<charset val="${charset}"/>` });
        return renderElement({ ...font, inner: kids.map((k) => k.xml).join('') });
      }),
    }),
  );
}

/**
 * A zip whose bytes depend only on its parts: `[Content_Types].xml` first (readers that stream the package
 * expect it there), then the rest in code-point order, every entry with the same date, no folder entries.
 */
function packageZip(parts: Map<string, string | Uint8Array>, date: Date): Buffer {
  const names = [...parts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return writeZip(names.map((name) => [name, parts.get(name)!]), date);
}

/** The JSZip internals read from the package pptxgenjs fills: each entry's content, as `file()` was given it. */
interface ZipEntryInternals {
  dir: boolean;
  /** Settles to the entry's content: a string as given, or (`_dataBinary`) its bytes (base64 decoded). */
  _data: Promise<string | Uint8Array>;
  _dataBinary: boolean;
}

/**
 * pptxgenjs' package as its parts, XML as text and the rest as bytes, in the order it adds them. pptxgenjs fills a
 * JSZip and has it generate the zip (CRC-32 and UTF-8 in JavaScript), which finishPackage then read back and zipped
 * again: ~10 ms of every deck. Its generateAsync for the package (the only call asking for a Node buffer; the
 * charts' workbooks ask for base64) is answered with the parts instead, for the duration of this call only.
 */
function presentationParts(pres: Presentation): Promise<Map<string, string | Uint8Array>> {
  // One at a time: two decks written at once would each answer the other's call.
  const parts = capturing.then(() => capturedParts(pres));
  capturing = parts.catch(() => undefined);
  return parts;
}

let capturing: Promise<unknown> = Promise.resolve();

async function capturedParts(pres: Presentation): Promise<Map<string, string | Uint8Array>> {
  const proto = JSZip.prototype as unknown as { generateAsync: (this: JSZip, options?: { type?: string }) => Promise<unknown> };
  const generate = proto.generateAsync;
  let filled: JSZip | undefined;
  proto.generateAsync = function (this: JSZip, options?: { type?: string }) {
    if (options?.type !== 'nodebuffer' || filled) return generate.call(this, options);
    filled = this;
    return Promise.resolve(Buffer.alloc(0));
  };
  try {
    await pres.write({ outputType: 'nodebuffer' });
  } finally {
    proto.generateAsync = generate;
  }
  if (!filled) throw new Error('pptx: pptxgenjs made its package without asking JSZip for a Node buffer; presentationParts needs updating');
  const parts = new Map<string, string | Uint8Array>();
  // OPC packages have no folder entries; pptxgenjs adds them.
  for (const [name, entry] of Object.entries(filled.files) as [string, unknown][]) {
    const e = entry as ZipEntryInternals;
    if (e.dir) continue;
    const data = await e._data;
    const bytes = typeof data !== 'string' ? data : Buffer.from(data, e._dataBinary ? 'latin1' : 'utf8');
    parts.set(name, isXmlPart(name) ? (typeof data === 'string' && !e._dataBinary ? data : Buffer.from(bytes).toString('utf8')) : bytes);
  }
  return parts;
}

/** A zip's parts (a chart's workbook), XML as text and the rest as bytes. */
function readParts(bytes: Uint8Array): Map<string, string | Uint8Array> {
  const parts = new Map<string, string | Uint8Array>();
  for (const [name, data] of readZip(bytes)) parts.set(name, isXmlPart(name) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8') : data);
  return parts;
}

function rank(name: string): number {
  return name === '[Content_Types].xml' ? 0 : name === '_rels/.rels' ? 1 : 2;
}
