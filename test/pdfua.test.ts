// PDF/UA-1 (ISO 14289-1) as the Matterhorn Protocol lists its machine-checkable conditions, held against the
// built brochure.pdf and briefing.pdf: read with qpdf (objects, structure tree, content streams), never with
// our own writer's idea of what it wrote. No validator can be installed here, so each condition that applies
// to these files is a test of its own.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, loadDataset, renderDocuments, typesetDocuments } from '../src/build.js';
import type { ChartItem } from '../src/pptx/deck.js';
import { loadProject } from '../src/project.js';
import { contentOps, pdfString, readPdfObjects, run, structureTree, type PdfObjects, type StructElement } from './support/pdf.js';

const DATA = 'data/belt-and-road.yaml';
/** Fact sheets of the same family, held to the same conditions: any dataset of the kind, not only the shipped one. */
const OTHERS = ['test/fixtures/blocks/trade.yaml', 'test/fixtures/blocks/ports.yaml', 'test/fixtures/authored/innovation.zh-Hans.yaml'];
const files: Record<'brochure' | 'briefing', string> = { brochure: '', briefing: '' };
const objects: Partial<Record<'brochure' | 'briefing', PdfObjects>> = {};
/** The other fact sheets' files and objects, by `<dataset> <name>`. */
const others = new Map<string, { file: string; objects: PdfObjects }>();
let charts: ChartItem[];
let slides: number;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-pdfua-'));
  await build({ root: '.', dataFile: DATA, outDir: dir });
  files.brochure = join(dir, 'brochure.pdf');
  files.briefing = join(dir, 'briefing.pdf');
  objects.brochure = readPdfObjects(files.brochure);
  objects.briefing = readPdfObjects(files.briefing);
  for (const [i, data] of OTHERS.entries()) {
    const out = join(dir, `other-${i}`);
    await build({ root: '.', dataFile: data, outDir: out });
    for (const name of ['brochure', 'briefing']) {
      const file = join(out, `${name}.pdf`);
      others.set(`${data} ${name}`, { file, objects: readPdfObjects(file) });
    }
  }
  const project = loadProject('.');
  const data = loadDataset(DATA);
  const { deck } = typesetDocuments(project, renderDocuments(project, data), data);
  charts = deck.slides.flatMap((s) => s.items.filter((i): i is ChartItem => i.kind === 'chart'));
  slides = deck.slides.length;
}, 120_000);

const walk = (el: StructElement, visit: (e: StructElement, parent: StructElement | undefined) => void, parent?: StructElement): void => {
  visit(el, parent);
  for (const c of el.children) walk(c, visit, el);
};

/** The XMP packet of a file, parsed. */
function xmp(o: PdfObjects): Record<string, unknown> {
  const xml = o.stream(o.catalog['/Metadata']).data.toString('utf8');
  const doc = new XMLParser({ ignoreAttributes: false, removeNSPrefix: false }).parse(xml) as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  return doc['x:xmpmeta']!['rdf:RDF']!['rdf:Description']!;
}

/** Where the tree breaks a nesting rule of PDF 32000-1 §14.8.4 and PDF/UA-1 §7 (Matterhorn 09, 13, 14, 15). */
function nestingProblems(root: StructElement): string[] {
  const out: string[] = [];
  const parentMustBe: Record<string, string[]> = {
    LI: ['L'],
    Lbl: ['LI', 'TOCI', 'BibEntry', 'Note'],
    LBody: ['LI'],
    TOCI: ['TOC'],
    Caption: ['Figure', 'Table', 'L', 'Formula'],
    TR: ['Table', 'THead', 'TBody', 'TFoot'],
    TH: ['TR'],
    TD: ['TR'],
  };
  walk(root, (e, parent) => {
    const allowed = parentMustBe[e.type];
    if (allowed && !allowed.includes(parent?.type ?? '')) out.push(`${e.type} under ${parent?.type}`);
    if (e.type === 'L' && e.children.some((c) => !['LI', 'Caption', 'L'].includes(c.type))) out.push(`L holding ${e.children.map((c) => c.type).join(',')}`);
    if (e.type === 'LI' && e.children.some((c) => !['Lbl', 'LBody'].includes(c.type))) out.push(`LI holding ${e.children.map((c) => c.type).join(',')}`);
    if (e.type === 'LI' && e.mcids.length > 0) out.push('LI with content of its own (outside Lbl/LBody)');
    if (e.type === 'Figure' && !e.alt?.trim()) out.push('Figure without Alt');
    if (e.type === 'Reference' && parent?.type !== 'TOCI' && parent?.type !== 'P') out.push(`Reference under ${parent?.type}`);
  });
  return out;
}

const subjects: { title: string; file: () => string; o: () => PdfObjects }[] = [
  ...(['brochure', 'briefing'] as const).map((name) => ({ title: `${name}.pdf`, file: () => files[name], o: () => objects[name]! })),
  ...OTHERS.flatMap((data) =>
    ['brochure', 'briefing'].map((name) => ({ title: `${name}.pdf of ${data}`, file: () => others.get(`${data} ${name}`)!.file, o: () => others.get(`${data} ${name}`)!.objects })),
  ),
];

for (const { title, file, o } of subjects) {
  describe(`${title} against PDF/UA-1`, () => {

    it('claims PDF/UA-1 in its XMP (pdfuaid:part = 1) and has a dc:title (Matterhorn 06-001…06-003)', () => {
      const x = xmp(o());
      expect(String(x['pdfuaid:part'])).toBe('1');
      expect(JSON.stringify(x['dc:title'])).toMatch(/\S/);
    });

    it('is marked, tagged, in a language, and shows its title (01-001, 07-001, 11-001)', () => {
      const c = o().catalog;
      expect(o().dict(c['/MarkInfo'])['/Marked']).toBe(true);
      expect(c['/StructTreeRoot']).toBeDefined();
      expect(pdfString(c['/Lang'])).toMatch(/^[a-z]{2}(-|$)/);
      expect(o().dict(c['/ViewerPreferences'])['/DisplayDocTitle']).toBe(true);
    });

    it('leaves no painted content outside a tagged element or an artifact, on any page (01-005)', () => {
      const paint = new Set(['Tj', 'TJ', "'", '"', 'f', 'f*', 'F', 'B', 'B*', 'b', 'b*', 'S', 's', 'Do', 'sh']);
      const untagged: string[] = [];
      o().pages.forEach((page, p) => {
        let depth = 0;
        const contents = page.dict['/Contents'];
        for (const ref of Array.isArray(contents) ? contents : [contents]) {
          for (const op of contentOps(o().stream(ref).data)) {
            if (op.op === 'BDC' || op.op === 'BMC') depth++;
            else if (op.op === 'EMC') depth--;
            else if (paint.has(op.op) && depth === 0) untagged.push(`page ${p + 1}: ${op.op}`);
          }
        }
        expect(depth, `page ${p + 1}: marked content balanced`).toBe(0);
      });
      expect(untagged).toEqual([]);
    });

    it('nests lists, captions, contents entries and tables as the standard structure types require (09, 13, 15)', () => {
      expect(nestingProblems(structureTree(o()))).toEqual([]);
    });

    it('starts its headings at H1 and never skips a level (14-002, 14-003)', () => {
      const levels: number[] = [];
      walk(structureTree(o()), (e) => {
        const m = /^H([1-6])$/.exec(e.type);
        if (m) levels.push(Number(m[1]));
      });
      expect(levels[0]).toBe(1);
      const skips = levels.flatMap((l, i) => (i > 0 && l > levels[i - 1]! + 1 ? [`H${levels[i - 1]} → H${l}`] : []));
      expect(skips).toEqual([]);
    });

    it('puts every annotation in a Link element with alternative text, gives it Contents, and tabs pages in structure order (28-002, 28-011, 28-008)', () => {
      const inTree = new Set<string>();
      walk(structureTree(o()), (e) => {
        for (const a of e.annotations) {
          inTree.add(a);
          expect(e.type).toBe('Link');
          // What the link says: its own words (a link in running text), or an Alt (a contents entry draws none).
          expect(e.mcids.length > 0 || /\S/.test(e.alt ?? ''), 'a Link with words or an Alt').toBe(true);
        }
      });
      o().pages.forEach((page) => {
        const annots = o().resolve(page.dict['/Annots']);
        if (!Array.isArray(annots) || annots.length === 0) return;
        expect(page.dict['/Tabs']).toBe('/S');
        for (const ref of annots) {
          expect(inTree.has(String(ref)), `annotation ${String(ref)} in the structure tree`).toBe(true);
          expect(pdfString(o().dict(ref)['/Contents'])).toMatch(/\S/);
        }
      });
    });

    it('embeds every font it uses, with a ToUnicode map (31-001, 31-027)', () => {
      const fonts = run('pdffonts', [file()]).trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThan(0);
      for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/);
    });
  });
}

describe('briefing.pdf tagged as carefully as the brochure', () => {
  it('is one Sect per slide, each opening with its title as H1', () => {
    const sects = structureTree(objects.briefing!).children[0]!.children;
    expect(sects.map((s) => s.type)).toEqual(Array(slides).fill('Sect'));
    for (const s of sects) expect(s.children[0]?.type).toBe('H1');
  });

  it('tags every list item as LI › Lbl + LBody inside an L', () => {
    let items = 0;
    walk(structureTree(objects.briefing!), (e) => {
      if (e.type !== 'LI') return;
      items++;
      expect(e.children.map((c) => c.type)).toEqual(['Lbl', 'LBody']);
    });
    expect(items).toBeGreaterThan(20);
  });

  it("says in each chart's Alt its title, every category and every value", () => {
    const figures: StructElement[] = [];
    walk(structureTree(objects.briefing!), (e) => {
      if (e.type === 'Figure') figures.push(e);
    });
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) {
      const figure = figures.find((f) => f.alt?.startsWith(chart.title));
      expect(figure, `a Figure for chart 「${chart.title}」`).toBeDefined();
      for (const cat of chart.categories) expect(figure!.alt).toContain(cat);
      for (const s of chart.series) for (const v of s.values) expect(figure!.alt).toContain(String(Math.round(v * 1000) / 1000));
      // Its caption is inside it, not beside it.
      expect(figure!.children.map((c) => c.type)).toContain('Caption');
    }
  });

  it('tags the list items of other fact sheets alike, numbered and nested ones before a child section included', () => {
    for (const data of OTHERS) {
      let items = 0;
      walk(structureTree(others.get(`${data} briefing`)!.objects), (e) => {
        if (e.type !== 'LI') return;
        items++;
        expect(e.children.map((c) => c.type), data).toEqual(['Lbl', 'LBody']);
      });
      expect(items, data).toBeGreaterThan(3);
    }
  });

  it('leaves no Lbl or Caption directly under Document or a Sect', () => {
    const stray: string[] = [];
    walk(structureTree(objects.briefing!), (e, parent) => {
      if ((e.type === 'Lbl' || e.type === 'Caption') && (parent?.type === 'Document' || parent?.type === 'Sect')) stray.push(e.type);
    });
    expect(stray).toEqual([]);
  });
});

describe('brochure.pdf contents list', () => {
  it('shapes each entry TOCI › Reference › Link, the Link naming its target page', () => {
    const entries: StructElement[] = [];
    walk(structureTree(objects.brochure!), (e) => {
      if (e.type === 'TOCI') entries.push(e);
    });
    expect(entries.length).toBeGreaterThan(5);
    for (const e of entries) {
      expect(e.children.map((c) => c.type)).toEqual(['Reference']);
      const link = e.children[0]!.children[0]!;
      expect(link.type).toBe('Link');
      expect(link.alt).toMatch(/\d/);
      expect(link.annotations.length).toBe(1);
    }
  });
});
