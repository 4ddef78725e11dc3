// The two editions of the brochure as their readers meet them: the print edition as a prepress
// preflight reads it (PDF/X-4 markers, output intent, page boxes, CMYK only, bleed, crop marks), the
// screen edition as assistive technology and viewers read it (tags, language, bookmarks, links, XMP),
// and both as Ghostscript, poppler and qpdf read them (text, fonts, syntax), built twice for identity.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { build, buildDate, loadDataset, renderDocuments, typesetDocuments } from '../src/build.js';
import type { Dataset, Section } from '../src/data/schema.js';
import type { GlyphRunItem, LaidOutDocument, RectItem } from '../src/layout/types.js';
import type { Doc } from '../src/markup/types.js';
import { datasetPictures } from '../src/images/check.js';
import { ID_PLACEHOLDER, UUID_PLACEHOLDER, uuidOf } from '../src/pdf/id.js';
import { bfcharCmap } from '../src/pdf/tounicode.js';
import { writePdf } from '../src/pdf/write.js';
import { createTextEngine } from '../src/text/engine.js';
import { xmpPacket } from '../src/pdf/xmp.js';
import { loadProject } from '../src/project.js';
import { chineseNumeral } from '../src/template/text.js';
import { loadTheme } from '../src/theme/theme.js';
import { datasetTexts, squash, stripMarks } from './support/dataset.js';
import {
  contentOps,
  pdfString,
  readNavigation,
  readPdf,
  readPdfObjects,
  renderPage,
  run,
  structureTree,
  type StructElement,
  type PdfInfo,
  type PdfObjects,
  type PdfValue,
} from './support/pdf.js';

const DATA = 'data/belt-and-road.yaml';
const dataset = parseYaml(readFileSync(DATA, 'utf8')) as Dataset;
const theme = loadTheme('templates/theme.yaml');
const mm = (v: number): number => (v * 72) / 25.4;
const TRIM_W = mm(theme.page.widthMm);
const TRIM_H = mm(theme.page.heightMm);
const BLEED = mm(theme.page.bleedMm);

let dir: string;
const file = { screen: '', print: '' };
const bytes = { screen: Buffer.alloc(0), print: Buffer.alloc(0) };
let screen: PdfObjects;
let print: PdfObjects;
let screenText: PdfInfo;
/** The brochure laid out, as the build lays it out. */
let laid: LaidOutDocument;
let brochure: Doc;
const project = loadProject('.');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'silkpress-editions-'));
  await build({ root: '.', dataFile: DATA, outDir: dir });
  file.screen = join(dir, 'brochure.pdf');
  file.print = join(dir, 'brochure-print.pdf');
  bytes.screen = readFileSync(file.screen);
  bytes.print = readFileSync(file.print);
  screen = readPdfObjects(file.screen);
  print = readPdfObjects(file.print);
  screenText = await readPdf(bytes.screen);
  const data = loadDataset(DATA);
  brochure = renderDocuments(project, data).brochure;
  laid = typesetDocuments(project, { brochure, briefing: { meta: brochure.meta, blocks: [] } }, data).laid;
}, 60_000);

const isName = (v: PdfValue | undefined, name: string): boolean => v === `/${name}`;
const numbers = (v: PdfValue | undefined): number[] => (v as number[]).map(Number);

/** The XMP packet of a file, parsed. */
function xmp(o: PdfObjects): Record<string, unknown> {
  const xml = o.stream(o.catalog['/Metadata']).data.toString('utf8');
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as Record<string, Record<string, Record<string, unknown>>>;
  return parsed['x:xmpmeta']!['rdf:RDF']!['rdf:Description'] as Record<string, unknown>;
}
const altText = (v: unknown): string => String((v as { 'rdf:Alt': { 'rdf:li': { '#text': string } } })['rdf:Alt']['rdf:li']['#text']);

describe('designed pages', () => {
  const texts = (items: LaidOutDocument['pages'][number]['items']): GlyphRunItem[] => items.filter((i): i is GlyphRunItem => i.kind === 'text');
  const reachesBleed = (r: RectItem): boolean => r.xPt < 0 || r.xPt + r.wPt > TRIM_W;

  it('opens each of the eight actions with a numbered band that runs into the outside bleed', () => {
    const openers = laid.pages.flatMap((page, p) =>
      texts(page.items)
        .filter((t) => t.role === 'H2')
        .filter((t, i, all) => all.findIndex((o) => o.blockId === t.blockId) === i)
        .map((heading) => {
          const band = page.items.find((r): r is RectItem => r.kind === 'rect' && r.fill === 'accent' && r.yPt < heading.yPt && r.yPt + r.hPt > heading.yPt);
          const numeral = texts(page.items).find((t) => t.role === 'artifact' && Math.abs(t.yPt - heading.yPt) < 30 && /^\d\d$/.test(t.text));
          // Rectos (odd folios) bleed off the right edge, versos off the left.
          const outside = (p + 1) % 2 === 1 ? band && band.xPt + band.wPt > TRIM_W : band && band.xPt < 0;
          return { numeral: numeral?.text, outside: Boolean(band && reachesBleed(band) && outside) };
        }),
    );
    expect(openers).toEqual(['01', '02', '03', '04', '05', '06', '07', '08'].map((numeral) => ({ numeral, outside: true })));
  });

  it('has a cover and a back cover whose backgrounds fill the bleed, and no running head on either', () => {
    for (const page of [laid.pages[0]!, laid.pages[laid.pages.length - 1]!]) {
      const bg = page.items[0] as RectItem;
      expect(bg).toMatchObject({ kind: 'rect', xPt: -BLEED, yPt: -BLEED });
      expect(bg.wPt).toBeCloseTo(TRIM_W + 2 * BLEED, 3);
      expect(bg.hPt).toBeCloseTo(TRIM_H + 2 * BLEED, 3);
      expect(texts(page.items).filter((t) => t.role === 'artifact')).toEqual([]);
    }
    expect(squash(texts(laid.pages[0]!.items).map((t) => t.text).join(''))).toContain(squash(dataset.meta.title));
  });

  it('states the source and the as-of date, at the end of the text and on the back cover', () => {
    const source = squash(stripMarks(dataset.meta.source!));
    const lastText = laid.pages.filter((p) => texts(p.items).some((t) => t.role === 'P')).at(-2)!;
    expect(squash(texts(lastText.items).map((t) => t.text).join(''))).toContain(`資料來源：${source}`);
    const back = squash(texts(laid.pages.at(-1)!.items).map((t) => t.text).join(''));
    expect(back).toContain(source);
    const [y, m, d] = dataset.meta.asOf.split('-').map(Number);
    expect(back).toContain(`${y}年${m}月${d}日`);
  });

  it('draws each chart as vector bars, one per category and series, sized by its values', () => {
    for (const chart of dataset.charts) {
      const page = laid.pages.find((p) => squash(texts(p.items).map((t) => t.text).join('')).includes(squash(stripMarks(chart.title))))!;
      expect(page, chart.id).toBeDefined();
      const figure = texts(page.items).find((t) => squash(stripMarks(chart.title)).startsWith(squash(t.text)) && t.role === 'Figure')!;
      const bars = page.items.filter((r): r is RectItem => r.kind === 'rect' && r.blockId === figure.blockId && r.hPt > 10);
      // Painted category by category, series by series; widths in proportion to the values.
      const value = (id: string): number => dataset.figures.find((f) => f.id === id)!.value;
      const values = chart.categories.flatMap((_, i) => chart.series.map((s) => value(s.figures[i]!)));
      expect(bars, chart.id).toHaveLength(values.length);
      const perUnit = bars.map((b, j) => b.wPt / values[j]!);
      for (const r of perUnit) expect(r, chart.id).toBeCloseTo(perUnit[0]!, 6);
    }
  });
});

describe('print edition (PDF/X-4)', () => {
  it('declares PDF/X-4 in Info and XMP: a PDF 1.6 file, Trapped /False as a name, the title', () => {
    expect(print.pdfVersion).toBe('1.6');
    expect(bytes.print.subarray(0, 8).toString('latin1')).toBe('%PDF-1.6');
    expect(pdfString(print.resolve(print.info['/GTS_PDFXVersion']))).toBe('PDF/X-4');
    expect(isName(print.resolve(print.info['/Trapped']), 'False')).toBe(true);
    expect(pdfString(print.resolve(print.info['/Title']))).toBe(dataset.meta.title);
    const x = xmp(print);
    expect(x['pdfxid:GTS_PDFXVersion']).toBe('PDF/X-4');
    expect(x['pdf:Trapped']).toBe('False');
    expect(x['xmpMM:RenditionClass']).toBe('default');
    expect(altText(x['dc:title'])).toBe(dataset.meta.title);
  });

  it('carries the FOGRA39 output intent with its CMYK ICC profile', () => {
    const intents = print.resolve(print.catalog['/OutputIntents']) as PdfValue[];
    expect(intents).toHaveLength(1);
    const intent = print.dict(intents[0]);
    expect(isName(intent['/S'], 'GTS_PDFX')).toBe(true);
    expect(pdfString(intent['/OutputConditionIdentifier'])).toBe('FOGRA39');
    const profile = print.stream(intent['/DestOutputProfile']);
    expect(profile.dict['/N']).toBe(4);
    // The ICC header names the colour space at bytes 16–19; the profile is the one shipped in assets/icc.
    expect(profile.data.subarray(16, 20).toString('latin1')).toBe('CMYK');
    expect(profile.data.equals(readFileSync('assets/icc/FOGRA39L_coated.icc'))).toBe(true);
  });

  it('has the A4 TrimBox, a 3 mm BleedBox and room for crop marks in the MediaBox, on every page', () => {
    expect(print.pages.length).toBeGreaterThan(8);
    for (const { dict } of print.pages) {
      const [mx0, my0, mx1, my1] = numbers(dict['/MediaBox']);
      const [tx0, ty0, tx1, ty1] = numbers(dict['/TrimBox']);
      const [bx0, by0, bx1, by1] = numbers(dict['/BleedBox']);
      expect(tx1! - tx0!).toBeCloseTo(TRIM_W, 2);
      expect(ty1! - ty0!).toBeCloseTo(TRIM_H, 2);
      for (const [bleed, trim] of [[bx0, tx0], [by0, ty0]] as const) expect(trim! - bleed!).toBeCloseTo(BLEED, 2);
      for (const [bleed, trim] of [[bx1, tx1], [by1, ty1]] as const) expect(bleed! - trim!).toBeCloseTo(BLEED, 2);
      // Crop marks need at least 5 mm outside the bleed.
      expect(Math.min(bx0! - mx0!, by0! - my0!, mx1! - bx1!, my1! - by1!)).toBeGreaterThan(mm(5));
    }
  });

  it('is a booklet: a multiple of four pages, the screen edition\'s pages and designed notes pages before the back cover', async () => {
    expect(print.pages.length % 4).toBe(0);
    const padding = laid.printOnly ?? [];
    expect(print.pages.length).toBe(screen.pages.length + padding.length);
    expect(padding.length).toBeLessThan(4);
    // The padding comes just before the back cover, after every content page, and the screen edition has none of it.
    padding.forEach((p, i) => expect(p).toBe(print.pages.length - 1 - padding.length + i));
    const printText = await readPdf(bytes.print);
    printText.pages.forEach((page, i) => {
      const words = page.items.map((t) => t.str).join('').replace(/\s/g, '');
      // No page is blank: a padding page is a notes page, with its heading, running head and folio.
      expect(words.length, `print page ${i + 1}`).toBeGreaterThan(0);
      // Its heading, and the running head (title and 筆記) and folio every body page has.
      if (padding.includes(i)) expect([...words].sort().join('')).toBe([...`筆記${squash(dataset.meta.title)}筆記${i + 1}`].sort().join(''));
    });
    expect(screenText.pages.some((page) => page.items.some((t) => t.str.includes('筆記')))).toBe(false);
  }, 60_000); // pdfjs decodes the print edition's CMYK pictures while it reads the pages

  it('paints in CMYK only: no RGB or grey colour operator, no transparency, every picture a CMYK image', () => {
    const rgb: string[] = [];
    let cmyk = 0;
    print.pages.forEach(({ dict }, p) => {
      for (const op of contentOps(print.stream(dict['/Contents']).data)) {
        const bad =
          ['rg', 'RG', 'g', 'G'].includes(op.op) ||
          (['cs', 'CS'].includes(op.op) && op.operands[0] !== '/DeviceCMYK') ||
          (['sc', 'SC', 'scn', 'SCN'].includes(op.op) && op.operands.length !== 4);
        if (bad) rgb.push(`page ${p + 1}: ${op.operands.join(' ')} ${op.op}`);
        if (['k', 'K', 'sc', 'SC', 'scn', 'SCN'].includes(op.op) && op.operands.length === 4) cmyk++;
      }
      const resources = print.dict(dict['/Resources']);
      // Pictures are converted to CMYK through FOGRA39 (their soft masks, if any, are DeviceGray masks, not colour).
      for (const [name, ref] of Object.entries(resources['/XObject'] ? print.dict(resources['/XObject']) : {})) {
        const x = print.dict(ref);
        if (x['/Subtype'] === '/Image') expect(x['/ColorSpace'], `page ${p + 1} image ${name}`).toBe('/DeviceCMYK');
      }
      const states = resources['/ExtGState'] ? Object.values(print.dict(resources['/ExtGState'])).map((s) => print.dict(s)) : [];
      for (const s of states) for (const key of ['/ca', '/CA']) expect(s[key] ?? 1, `page ${p + 1} ${key}`).toBe(1);
      for (const s of states) expect(s['/SMask'] ?? '/None').toBe('/None');
    });
    expect(rgb).toEqual([]);
    expect(cmyk).toBeGreaterThan(100);
  });

  it('runs the cover into the bleed and keeps the crop marks outside it', () => {
    const [mx0, , , my1] = numbers(print.pages[0]!.dict['/MediaBox']);
    const [bx0, by0, bx1, by1] = numbers(print.pages[0]!.dict['/BleedBox']);
    const [tx0, ty0, tx1, ty1] = numbers(print.pages[0]!.dict['/TrimBox']);
    expect(mx0).toBe(0);
    // Raster rows run down from the MediaBox's top.
    const top = (y: number): number => my1! - y;
    const cover = renderPage(file.print, 1);
    // The cover's background or its full-bleed picture: anything but paper.
    const red = ([r, g, b]: number[]): boolean => !(r! > 245 && g! > 245 && b! > 245);
    const white = ([r, g, b]: number[]): boolean => r! > 245 && g! > 245 && b! > 245;
    const midY = top((ty0! + ty1!) / 2);
    const midX = (tx0! + tx1!) / 2;
    // Halfway between trim and bleed on each side: the background; just outside the bleed: paper.
    for (const [x, y] of [[(bx0! + tx0!) / 2, midY], [(bx1! + tx1!) / 2, midY], [midX, top((by0! + ty0!) / 2)], [midX, top((by1! + ty1!) / 2)]] as const) {
      expect(red(cover.at(x, y)), `inside the bleed at ${x},${y}: ${cover.at(x, y)}`).toBe(true);
    }
    for (const [x, y] of [[bx0! - 2, midY], [bx1! + 2, midY], [midX, top(by1! + 2)], [midX, top(by0! - 2)]] as const) {
      expect(white(cover.at(x, y)), `outside the bleed at ${x},${y}`).toBe(true);
    }
    // On a white inside page: the crop marks continue the trim lines outside the bleed and stop short of it.
    // (Page 3 opens on a full-bleed picture; page 4 is text only.)
    const inside = renderPage(file.print, 4);
    const dark = ([r, g, b]: number[]): boolean => r! + g! + b! < 600;
    const markX = bx0! - mm(3); // on the left mark of the top-left corner
    expect(dark(inside.at(markX, top(ty1!)))).toBe(true);
    expect(dark(inside.at(tx0!, top(by1! + mm(3))))).toBe(true);
    for (let x = Math.ceil(bx0!) + 1; x < tx0!; x++) expect(white(inside.at(x, top(ty1!))), `mark inside the bleed at x ${x}`).toBe(true);
  });

  it('has no links or named destinations: a print file carries nothing interactive', () => {
    for (const { dict } of print.pages) expect(dict['/Annots']).toBeUndefined();
  });
});

/** A structure element read from the file. */
const walk = (el: StructElement, visit: (e: StructElement, parent: StructElement | undefined) => void, parent?: StructElement): void => {
  visit(el, parent);
  for (const c of el.children) walk(c, visit, el);
};

/** Section headings of the dataset in reading order, as printed: numbered ones carry 「（三）」. */
function datasetHeadings(): { title: string; depth: number }[] {
  const out: { title: string; depth: number }[] = [];
  const visit = (sections: Section[], depth: number): void => {
    for (const s of sections) {
      out.push({ title: `${s.number ? `（${chineseNumeral(s.number)}）` : ''}${stripMarks(s.title)}`, depth });
      visit(s.sections ?? [], depth + 1);
    }
  };
  visit(dataset.sections, 1);
  return out;
}

describe('screen edition (tagged)', () => {
  it('is a tagged PDF in Hong Kong Chinese whose window shows its title', () => {
    expect(screen.dict(screen.catalog['/MarkInfo'])['/Marked']).toBe(true);
    expect(pdfString(screen.catalog['/Lang'])).toBe('zh-Hant-HK');
    expect(screen.dict(screen.catalog['/ViewerPreferences'])['/DisplayDocTitle']).toBe(true);
    const tree = structureTree(screen);
    expect(tree.children.map((c) => c.type)).toEqual(['Document']);
    // `Title` is not standard in PDF 1.7: the role map says what it is.
    expect(screen.dict(screen.catalog['/StructTreeRoot'])['/RoleMap']).toEqual({ '/Title': '/P' });
    for (const { dict } of screen.pages) expect(dict['/Tabs']).toBe('/S');
  });

  it('tags every piece of content or marks it as an artifact, and every tag has its element', () => {
    const paint = new Set(['Tj', 'TJ', "'", '"', 'f', 'F', 'f*', 'S', 's', 'B', 'B*', 'b', 'b*', 'Do', 'sh']);
    const parentTree = screen.dict(screen.dict(screen.catalog['/StructTreeRoot'])['/ParentTree']);
    expect(parentTree['/Limits']).toBeUndefined();
    const nums = parentTree['/Nums'] as PdfValue[];
    const parents = new Map<number, PdfValue[]>();
    for (let i = 0; i < nums.length; i += 2) parents.set(nums[i] as number, screen.resolve(nums[i + 1]) as PdfValue[]);
    const untagged: string[] = [];
    let tagged = 0;
    let artifacts = 0;
    screen.pages.forEach(({ dict }, p) => {
      let depth = 0;
      const mcids: number[] = [];
      for (const op of contentOps(screen.stream(dict['/Contents']).data)) {
        if (op.op === 'BDC' || op.op === 'BMC') {
          depth++;
          if (op.operands[0] === '/Artifact') artifacts++;
          const mcid = /\/MCID (\d+)/.exec(op.operands[1] ?? '');
          if (mcid) mcids.push(Number(mcid[1]));
        } else if (op.op === 'EMC') depth--;
        else if (paint.has(op.op) && depth === 0) untagged.push(`page ${p + 1}: ${op.op}`);
      }
      expect(depth, `page ${p + 1} marked content balanced`).toBe(0);
      const owners = parents.get(dict['/StructParents'] as number) ?? [];
      for (const m of mcids) expect(owners[m], `page ${p + 1} MCID ${m} has a parent element`).toMatch(/^\d+ 0 R$/);
      tagged += mcids.length;
    });
    expect(untagged).toEqual([]);
    expect(tagged).toBeGreaterThan(100);
    expect(artifacts).toBeGreaterThan(50);
  });

  it('structures the text as sections with headings, paragraphs, lists and a contents list', () => {
    const counts = new Map<string, number>();
    const misplaced: string[] = [];
    walk(structureTree(screen), (e, parent) => {
      counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
      if (e.type === 'LI' && parent?.type !== 'L') misplaced.push('LI outside L');
      if (e.type === 'LBody' && parent?.type !== 'LI') misplaced.push('LBody outside LI');
      if (e.type === 'TOCI' && parent?.type !== 'TOC') misplaced.push('TOCI outside TOC');
      if (/^H\d$/.test(e.type) && e.mcids.length === 0) misplaced.push(`${e.type} without content`);
    });
    expect(misplaced).toEqual([]);
    const texts = datasetTexts(dataset);
    expect(counts.get('LI')).toBe(texts.facts.length);
    expect(counts.get('Sect')).toBe(datasetHeadings().length);
    expect(counts.get('H2')).toBe(8); // the eight actions
    expect(counts.get('TOCI')).toBe(datasetHeadings().filter((h) => h.depth <= 2).length);
    // Every dataset paragraph, the source line, and the covers' lines.
    const paragraphs = JSON.stringify(dataset.sections).match(/"paragraph":/g)!.length;
    expect(counts.get('P')).toBeGreaterThanOrEqual(paragraphs + 1);
    expect(counts.get('Title')).toBe(1);
  });

  it('gives every figure alternative text: each stat callout and each chart', () => {
    const figures: StructElement[] = [];
    walk(structureTree(screen), (e) => {
      if (e.type === 'Figure') figures.push(e);
    });
    // Pictures too: the dataset's (openers and figures) and the theme's (cover, back cover, the logo on both).
    const themePictures = (theme.images.cover ? 1 : 0) + (theme.images.back ? 1 : 0) + (theme.images.logo ? 2 : 0);
    expect(figures).toHaveLength(dataset.figures.length + dataset.charts.length + datasetPictures(dataset).length + themePictures);
    expect(figures.filter((f) => !f.alt?.trim())).toEqual([]);
    const alts = figures.map((f) => f.alt!).join('\n');
    for (const chart of dataset.charts) expect(alts).toContain(stripMarks(chart.title));
    for (const f of dataset.figures) expect(alts).toContain(f.unit);
  });

  it('has bookmarks that mirror the headings: same titles, same nesting, landing on the heading', async () => {
    const { bookmarks } = await readNavigation(bytes.screen);
    expect(bookmarks.map((b) => ({ title: b.title, depth: b.depth }))).toEqual(datasetHeadings());
    // Each bookmark lands on the page whose structure holds its heading, near the heading's top.
    const headingPages: number[] = [];
    walk(structureTree(screen), (e, parent) => {
      if (/^H\d$/.test(e.type) && parent?.type === 'Sect') headingPages.push(screen.pages.findIndex((p) => p.ref === e.page));
    });
    expect(bookmarks.map((b) => b.pageIndex)).toEqual(headingPages);
    for (const b of bookmarks) {
      const page = screenText.pages[b.pageIndex]!;
      // The heading's first line (running heads, in small type, may name the section too).
      const line = page.items.filter((i) => i.sizePt > theme.type.runningHead.sizePt + 1 && i.str.trim() !== '' && squash(b.title).startsWith(squash(i.str)));
      expect(line.length, b.title).toBeGreaterThan(0);
      expect(b.top! - Math.max(...line.map((i) => i.y)), b.title).toBeGreaterThan(0);
      expect(b.top! - Math.max(...line.map((i) => i.y)), b.title).toBeLessThan(60);
    }
  });

  it("keeps the links' named destinations in a name tree sorted byte by byte, where a binary search finds each", () => {
    // PDF 32000-1 §7.9.6: a name tree's keys are in lexical order of their bytes, and readers may look a name up by
    // bisection. pdfkit sorts with localeCompare; src/pdf/write.ts sorts by code unit.
    const tree = screen.dict(screen.dict(screen.catalog['/Names'])['/Dests']);
    expect(tree['/Limits']).toBeUndefined();
    const pairs = tree['/Names'] as PdfValue[];
    const names = pairs.filter((_, i) => i % 2 === 0).map((n) => Buffer.from(pdfString(n), 'latin1'));
    expect(names.length).toBeGreaterThan(10);
    for (let i = 1; i < names.length; i++) expect(Buffer.compare(names[i - 1]!, names[i]!), `${names[i - 1]} before ${names[i]}`).toBe(-1);
    const find = (name: Buffer): boolean => {
      let [lo, hi] = [0, names.length - 1];
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = Buffer.compare(names[mid]!, name);
        if (c === 0) return true;
        if (c < 0) lo = mid + 1;
        else hi = mid - 1;
      }
      return false;
    };
    const linked = screen.pages.flatMap(({ dict }) => ((screen.resolve(dict['/Annots']) as PdfValue[] | undefined) ?? []).map((a) => screen.dict(a)));
    const targets = linked.flatMap((a) => (a['/Dest'] !== undefined ? [a['/Dest']] : a['/A'] ? [screen.dict(a['/A'])['/D']] : [])).filter((d) => typeof d === 'string');
    expect(targets.length).toBeGreaterThan(10);
    for (const t of targets) expect(find(Buffer.from(pdfString(t), 'latin1')), pdfString(t)).toBe(true);
  });

  it('links each contents entry to the page whose number it prints', async () => {
    const { links, bookmarks } = await readNavigation(bytes.screen);
    const toc = links.filter((l) => l.pageIndex === 1);
    expect(toc).toHaveLength(datasetHeadings().filter((h) => h.depth <= 2).length);
    for (const link of toc) {
      const [x1, y1, x2, y2] = link.rect as [number, number, number, number];
      const inside = screenText.pages[1]!.items.filter((i) => i.x >= x1 - 1 && i.x <= x2 + 1 && i.y >= y1 && i.y <= y2);
      const text = squash(inside.map((i) => i.str).join(''));
      const folio = /(\d+)$/.exec(text)?.[1];
      expect(Number(folio), text).toBe(link.targetPageIndex + 1);
      const title = text.slice(0, -folio!.length);
      expect(link.contents).toContain(title);
      const target = bookmarks.find((b) => squash(b.title) === title);
      expect(target, title).toBeDefined();
      expect(link.targetPageIndex).toBe(target!.pageIndex);
      expect(link.targetTop).toBeCloseTo(target!.top!, 0);
    }
  });

  it('writes XMP metadata that is well-formed and agrees with the Info dictionary', () => {
    const x = xmp(screen);
    const info = (key: string): string => pdfString(screen.resolve(screen.info[key]));
    expect(altText(x['dc:title'])).toBe(info('/Title'));
    expect(altText(x['dc:description'])).toBe(info('/Subject'));
    expect(x['pdf:Keywords']).toBe(info('/Keywords'));
    const subjects = (x['dc:subject'] as { 'rdf:Bag': { 'rdf:li': string[] } })['rdf:Bag']['rdf:li'];
    expect(subjects.join('; ')).toBe(info('/Keywords'));
    expect(subjects).toContain('金融');
    expect(x['xmp:CreateDate']).toBe(`${dataset.meta.asOf}T00:00:00Z`);
    expect(info('/CreationDate')).toBe(`D:${dataset.meta.asOf.replace(/-/g, '')}000000Z`);
    expect(x['xmp:ModifyDate']).toBe(x['xmp:CreateDate']);
    expect(x['xmpMM:DocumentID']).toMatch(/^uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((x['dc:language'] as { 'rdf:Bag': { 'rdf:li': string } })['rdf:Bag']['rdf:li']).toBe('zh-Hant-HK');
  });

  it('still tags pages laid out without a structure tree (the input other writers pass)', async () => {
    const engine = createTextEngine(project.fonts);
    // Runs as the layout makes them: the engine's glyphs, set on one line.
    const set = (t: string, sizePt: number) => {
      const [r] = engine.typeset({ inlines: [{ kind: 'text', text: t }], role: 'body', sizePt, widthPt: 1000, align: 'start' })[0]!.runs;
      return { kind: 'text' as const, fontId: r!.fontId, glyphs: r!.glyphs, spacingPt: 0, colour: 'ink', text: t, sizePt };
    };
    const laid: LaidOutDocument = {
      pages: [
        {
          number: 1,
          widthPt: 400,
          heightPt: 300,
          bleedPt: 0,
          items: [
            { kind: 'rect', xPt: 0, yPt: 0, wPt: 400, hPt: 50, fill: 'accent' },
            { ...set('香港的優勢', 20), xPt: 20, yPt: 34, colour: 'paper', widthPt: 100, role: 'H1', blockId: 1 },
            { ...set('國家支持高質量共建', 10), xPt: 20, yPt: 90, widthPt: 90, role: 'P', blockId: 2 },
            { ...set('1', 8), xPt: 20, yPt: 280, widthPt: 5, role: 'artifact', blockId: 3 },
          ],
        },
      ],
      outline: [{ title: '香港的優勢', level: 1, pageIndex: 0, yPt: 10 }],
    };
    const meta = { title: '測試', lang: 'zh-Hant-HK', publisher: '測試', date: '2026-04-28', source: '測試' };
    const pdf = await writePdf({ laid, theme: project.theme, fonts: project.fonts, meta, edition: 'screen', date: new Date('2026-04-28T00:00:00Z') });
    const f = join(dir, 'no-structure.pdf');
    writeFileSync(f, pdf.bytes);
    expect(run('qpdf', ['--check', f])).toContain('No syntax or stream encoding errors found');
    const tree = structureTree(readPdfObjects(f));
    expect(tree.children[0]!.children.map((c) => [c.type, c.mcids.length])).toEqual([
      ['H1', 1],
      ['P', 1],
    ]);
  });

  it('escapes markup characters in XMP, and drops characters XML cannot hold', () => {
    const nasty = 'A & B <C> "D" \'E\' \u0001F';
    const xml = xmpPacket({
      title: nasty,
      description: nasty,
      creator: nasty,
      keywords: [nasty, '一帶一路'],
      lang: 'zh-Hant-HK',
      date: new Date('2026-04-28T00:00:00Z'),
      creatorTool: 't',
      producer: 'p',
      documentId: 'uuid:1',
      instanceId: 'uuid:2',
    });
    expect(XMLValidator.validate(xml)).toBe(true);
    const d = new XMLParser({ ignoreAttributes: false }).parse(xml)['x:xmpmeta']['rdf:RDF']['rdf:Description'];
    expect(altText(d['dc:title'])).toBe('A & B <C> "D" \'E\' F');
    expect(d['dc:creator']['rdf:Seq']['rdf:li']).toBe('A & B <C> "D" \'E\' F');
  });
});

describe('both editions', () => {
  it('pass qpdf --check', () => {
    for (const f of [file.screen, file.print]) expect(run('qpdf', ['--check', f])).toContain('No syntax or stream encoding errors found');
  }, 60_000); // the print edition's pictures make it a few MB to read

  it('embed every font as a subset with a ToUnicode map (pdffonts: emb sub uni = yes yes yes)', () => {
    for (const f of [file.screen, file.print]) {
      const rows = run('pdffonts', [f]).trim().split('\n').slice(2);
      expect(rows.length, f).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row, f).toMatch(/^[A-Z]{6}\+\S+\s.*\byes\s+yes\s+yes\s+\d+\s+\d+$/);
        expect(row).not.toMatch(/Type 3/);
      }
    }
  });

  it('write ToUnicode maps as bfchar entries, which Ghostscript reads', () => {
    const cmap = bfcharCmap([[0], [0x9999], [0x6e2f], undefined, [0x20000], [0x66, 0x69]]);
    expect(cmap).toContain('4 beginbfchar\n<0001> <9999>\n<0002> <6e2f>\n<0004> <d840dc00>\n<0005> <00660069>\nendbfchar');
    expect(cmap).not.toContain('bfrange');
    // A block holds at most 100 entries.
    const big = bfcharCmap(Array.from({ length: 251 }, (_, i) => [0x4e00 + i]));
    expect(big.match(/(\d+) beginbfchar/g)).toEqual(['100 beginbfchar', '100 beginbfchar', '50 beginbfchar']);
    for (const o of [screen, print]) {
      const font = o.dict(o.dict(o.pages[2]!.dict['/Resources'])['/Font']);
      for (const ref of Object.values(font)) {
        const map = o.stream(o.dict(ref)['/ToUnicode']).data.toString('latin1');
        expect(map).toContain('beginbfchar');
        expect(map).not.toContain('bfrange');
      }
    }
  });

  it('give their text back exactly through Ghostscript and poppler', () => {
    const texts = datasetTexts(dataset);
    const expected = [...texts.body, ...texts.headings].map(squash);
    // The running head: the title and the section in force, on one line or two, above the text.
    const title = squash(dataset.meta.title);
    const sections = new Set(['目錄', ...dataset.sections.map((s) => squash(stripMarks(s.title)))]);
    const dropRunningHead = (lines: string[]): void => {
      const first = squash(lines[0] ?? '');
      if (first.startsWith(title) && sections.has(first.slice(title.length))) lines.shift();
      else if (first === title) {
        lines.shift();
        if (sections.has(squash(lines[0] ?? ''))) lines.shift();
      }
    };
    /** Page texts without the running head and the folio (a last line of digits), joined. */
    const body = (pages: string[]): string =>
      pages
        .map((page) => {
          const lines = page.split('\n').filter((l) => l.trim() !== '');
          dropRunningHead(lines);
          if (lines.length && /^\s*\d+\s*$/.test(lines[lines.length - 1]!)) lines.pop();
          return squash(lines.join(''));
        })
        .join('');
    const chars = (s: string): string => [...squash(s)].sort().join('');
    const pdfjsPages = screenText.pages.map((p) => p.items.map((i) => i.str).join(''));
    for (const [edition, f] of Object.entries(file)) {
      const gsDir = join(dir, `gs-${edition}`);
      mkdirSync(gsDir);
      run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=txtwrite', `-sOutputFile=${join(gsDir, 'p%03d.txt')}`, f]);
      // The print edition's notes pages (padding to a multiple of four) hold no content: compare the others.
      const content = (pages: string[]): string[] => (edition === 'print' ? pages.filter((_, i) => !(laid.printOnly ?? []).includes(i)) : pages);
      const gsPages = content(readdirSync(gsDir).sort().map((n) => readFileSync(join(gsDir, n), 'utf8')));
      const popplerPages = content(run('pdftotext', ['-enc', 'UTF-8', f, '-']).split('\f').slice(0, -1));
      expect(gsPages, edition).toHaveLength(screen.pages.length);
      expect(popplerPages, edition).toHaveLength(screen.pages.length);
      for (const [tool, pages] of [['gs', gsPages], ['pdftotext', popplerPages]] as const) {
        const all = body(pages);
        expect(expected.filter((t) => !all.includes(t)), `${edition} ${tool}`).toEqual([]);
        // Page by page, the same characters as pdf.js reads: nothing garbled, lost or added.
        pages.forEach((page, p) => expect(chars(page), `${edition} ${tool} page ${p + 1}`).toBe(chars(pdfjsPages[p]!)));
      }
    }
  }, 30_000);
});

describe('reproducible output', () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  afterEach(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it('derives the document ID from the file itself', () => {
    for (const b of [bytes.screen, bytes.print]) {
      const id = /\/ID \[<([0-9a-f]{32})> <\1>\]/.exec(b.subarray(b.lastIndexOf('trailer')).toString('latin1'))?.[1];
      expect(id).toBeDefined();
      // Put the placeholders back where the ID went: the hash of that file is the ID.
      const restored = Buffer.from(b);
      const swap = (from: string, to: string): void => {
        for (let at = restored.indexOf(from); at >= 0; at = restored.indexOf(from, at + 1)) restored.write(to, at, 'latin1');
      };
      swap(`<${id}>`, `<${ID_PLACEHOLDER.toString('hex')}>`);
      swap(uuidOf(Buffer.from(id!, 'hex'), { setVersion: true }), UUID_PLACEHOLDER);
      expect(createHash('sha256').update(restored).digest().subarray(0, 16).toString('hex')).toBe(id);
    }
  });

  it('builds byte-identical files twice from the same inputs, and dates them from SOURCE_DATE_EPOCH', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const again = mkdtempSync(join(tmpdir(), 'silkpress-editions-again-'));
    await build({ root: '.', dataFile: DATA, outDir: again });
    expect(readFileSync(join(again, 'brochure.pdf')).equals(bytes.screen)).toBe(true);
    expect(readFileSync(join(again, 'brochure-print.pdf')).equals(bytes.print)).toBe(true);

    // The build's date comes from SOURCE_DATE_EPOCH when it is set (reproducible-builds.org).
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2026, 4, 1, 8, 30) / 1000);
    const date = buildDate(dataset.meta.asOf);
    const dated = join(dir, 'epoch-print.pdf');
    const written = await writePdf({ laid, theme: project.theme, fonts: project.fonts, meta: brochure.meta, edition: 'print', date });
    // The digest the manifest records is the file's own.
    expect(written.sha256).toBe(createHash('sha256').update(written.bytes).digest('hex'));
    writeFileSync(dated, written.bytes);
    const o = readPdfObjects(dated);
    expect(pdfString(o.resolve(o.info['/CreationDate']))).toBe('D:20260501083000Z');
    expect(xmp(o)['xmp:CreateDate']).toBe('2026-05-01T08:30:00Z');
    // Another date is another file, so another ID.
    const idOf = (x: PdfObjects): string => JSON.stringify(x.trailer['/ID']);
    expect(idOf(o)).not.toBe(idOf(print));
  }, 60_000);
});

