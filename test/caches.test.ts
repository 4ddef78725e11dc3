// What silkpress keeps within a process gives what it would compute afresh: fonts parsed once per process, words
// shaped once per font, paragraphs set once per project, the dataset checked once per text, PDF streams deflated
// once per content.
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import PDFDocument from 'pdfkit';
import { describe, expect, it, vi } from 'vitest';
import type { FontRegistry, LoadedFont } from '../src/fonts/registry.js';
import { addGlyphsFromRecords, type TrueTypeSubset } from '../src/pdf/font-programs.js';
import { collectOutput, writeStreams } from '../src/pdf/output.js';
import { runPreflight } from '../src/preflight/preflight.js';
import { loadProject } from '../src/project.js';
import { createTextEngine, styledRuns, type Line } from '../src/text/engine.js';
import { typesetParagraph } from '../src/text/paragraph.js';

const project = loadProject('.');
const english = loadProject('.', 'en');

/** The project's chains with every font parsed anew from its bytes: nothing cached for those font objects. */
function freshChains(fonts: FontRegistry): Map<string, LoadedFont[]> {
  const fresh = new Map<string, LoadedFont>();
  for (const [id, f] of fonts.fonts) {
    const font = fontkit.create(f.bytes) as fontkit.Font;
    fresh.set(id, { ...f, font, advanceCache: new Map() });
  }
  return new Map([...fonts.chains].map(([role, chain]) => [role, chain.map((f) => fresh.get(f.id)!)]));
}

const plain = (lines: readonly Line[]): unknown => JSON.parse(JSON.stringify(lines));

const text = fc
  .array(fc.constantFrom('香港', '「一帶一路」', '，', '。', '2013', ' 年', ' ', 'Hong Kong’s', ' role', 'super-connector', '1 400', '（三）', 'finance', '、'), { minLength: 1, maxLength: 30 })
  .map((parts) => parts.join(''));

describe('process caches', () => {
  it('set a paragraph, from cache or not, exactly as fonts parsed afresh set it', () => {
    for (const proj of [project, english]) {
      const chains = freshChains(proj.fonts);
      fc.assert(
        fc.property(text, fc.integer({ min: 60, max: 400 }), fc.constantFrom<'justify' | 'start'>('justify', 'start'), (t, widthPt, align) => {
          const inlines = [{ kind: 'text' as const, text: t }];
          const req = { inlines, role: 'body' as const, sizePt: 10.5, widthPt, align };
          const first = createTextEngine(proj.fonts).typeset(req);
          // A second engine over the same project: answered from the paragraphs already set.
          const again = createTextEngine(proj.fonts).typeset(req);
          const afresh = typesetParagraph({ runs: styledRuns(inlines, 'body'), sizePt: 10.5, widthPt, align, chains }).lines;
          expect(plain(again)).toEqual(plain(first));
          expect(plain(first)).toEqual(plain(afresh));
        }),
        { numRuns: 80 },
      );
    }
  });

  it('hand out set lines frozen, so that no writer can change them for the next one', () => {
    const lines = createTextEngine(project.fonts).typeset({ inlines: [{ kind: 'text', text: '香港與「一帶一路」' }], role: 'body', sizePt: 10.5, widthPt: 200, align: 'justify' });
    expect(Object.isFrozen(lines)).toBe(true);
    expect(Object.isFrozen(lines[0])).toBe(true);
    expect(() => {
      (lines[0] as { text: string }).text = 'changed';
    }).toThrow(TypeError);
  });

  it('check a dataset read again with the same text as they checked it the first time', async () => {
    const options = { root: '.', dataFile: 'data/belt-and-road.yaml' };
    const first = await runPreflight(options);
    const again = await runPreflight(options);
    expect(again.diagnostics).toEqual(first.diagnostics);
    expect(again.pages).toBe(first.pages);
    expect(again.slides).toBe(first.slides);
  }, 120_000);
});

describe('finished deck parts kept per process', () => {
  it('give the package a fresh process gives, after finishing another deck that shares most of its parts', async () => {
    const pre = await runPreflight({ root: '.', dataFile: 'data/belt-and-road.yaml' });
    const { deck } = pre.prepared!.typeset;
    const meta = pre.prepared!.docs.briefing.meta;
    // The same deck with one run's text and one slide's notes changed, as a `watch` edit changes them.
    const edited = structuredClone(deck);
    const box = edited.slides.flatMap((s) => s.items).find((i) => i.kind === 'text' && i.paragraphs.some((p) => p.runs.length > 0));
    if (box?.kind !== 'text') throw new Error('the shipped deck has no text box');
    const run = box.paragraphs.find((p) => p.runs.length > 0)!.runs[0]!;
    run.text = `${run.text}（改）`;
    // Two notes made one: pptxgenjs is handed the same text (the notes joined by a blank line), the package not.
    const noted = edited.slides.find((s) => s.notes.length > 1)!;
    noted.notes = [noted.notes.join('\n\n')];

    const { writePptx } = await import('../src/pptx/write.js');
    const first = await writePptx(deck, project.theme, meta);
    const afterOther = await writePptx(edited, project.theme, meta);
    const firstAgain = await writePptx(deck, project.theme, meta);
    vi.resetModules();
    const fresh = await import('../src/pptx/write.js');
    const alone = await fresh.writePptx(edited, project.theme, meta);
    expect(afterOther.equals(first)).toBe(false);
    expect(afterOther.equals(alone)).toBe(true);
    expect(firstAgain.equals(first)).toBe(true);
  }, 120_000);
});

describe('glyphs added to font subsets from records kept per font', () => {
  it('give the subset fontkit encodes itself, composite glyphs and their components included', () => {
    // Noto Sans has composite glyphs (accented letters built from a base and a mark); the CJK fonts have none.
    for (const file of ['NotoSans-Regular.ttf', 'NotoSansHK-Regular.ttf']) {
      const bytes = readFileSync(join('fonts', file));
      const plainFont = fontkit.create(bytes) as fontkit.Font;
      const recorded = fontkit.create(bytes) as fontkit.Font;
      const encode = (font: fontkit.Font, glyphs: number[], records: boolean): Buffer => {
        const subset = font.createSubset() as unknown as TrueTypeSubset;
        if (records) addGlyphsFromRecords(subset);
        for (const g of glyphs) subset.includeGlyph(g);
        return Buffer.from(subset.encode());
      };
      const composites = Array.from({ length: plainFont.numGlyphs }, (_, g) => g).filter((g) => ((plainFont.getGlyph(g) as unknown as { _decode(): { numberOfContours: number } | null })._decode()?.numberOfContours ?? 0) < 0);
      if (file === 'NotoSans-Regular.ttf') expect(composites.length).toBeGreaterThan(100);
      const glyph = fc.oneof(fc.integer({ min: 0, max: plainFont.numGlyphs - 1 }), composites.length > 0 ? fc.constantFrom(...composites) : fc.constant(0));
      fc.assert(
        fc.property(fc.uniqueArray(glyph, { minLength: 1, maxLength: 60 }), (glyphs) => {
          // Twice from records: the second time every record is kept.
          const expected = encode(plainFont, glyphs, false);
          expect(encode(recorded, glyphs, true).equals(expected)).toBe(true);
          expect(encode(recorded, glyphs, true).equals(expected)).toBe(true);
        }),
        { numRuns: 60 },
      );
    }
  });
});

describe('PDF streams written with fewer copies and deflated once per process', () => {
  /** A PNG of one colour: pdfkit writes a picture as a stream of its own, and its pixels as another. */
  const png = (grey: number): Buffer => {
    const row = Buffer.from([0, grey, grey, grey]);
    const chunk = (type: string, body: Buffer): Buffer => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(body.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), body])));
      return Buffer.concat([len, Buffer.from(type, 'latin1'), body, crc]);
    };
    const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(row)), chunk('IEND', Buffer.alloc(0))]);
  };

  /**
   * A small PDF of `pages` pages, each a block of text, shapes, a picture and an uncompressed stream, written by
   * pdfkit alone or through output.ts.
   */
  const pdf = async (pages: string[], ours: boolean): Promise<Buffer> => {
    const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0), ModDate: new Date(0) } });
    let done: Promise<Buffer>;
    let markTail = (): void => undefined;
    if (ours) {
      writeStreams(doc);
      const output = collectOutput(doc);
      markTail = output.markTail;
      done = output.done.then(({ head, tail }) => Buffer.concat([...head, tail]));
    } else {
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    }
    for (const [i, words] of pages.entries()) {
      doc.addPage({ size: [300, 400] });
      doc.rect(20, 20, 100, 40).fill('#9e1b32');
      doc.fillColor('black').fontSize(11).text(words, 20, 80, { width: 260 });
      doc.image(png((i * 40 + words.length) % 256), 200, 20, { width: 30 });
      // A stream pdfkit does not deflate, written as text, then bytes, then text (code units past 0xFF included).
      const raw = (doc as unknown as { ref(d: object): { write(c: unknown): void; end(c?: unknown): void } }).ref({ Filter: 'ASCIIHexDecode' });
      raw.write(`${words}\u4e2d`);
      raw.write(Buffer.from([0, 1, 2, 255]));
      raw.end('>');
    }
    markTail();
    doc.end();
    return done;
  };

  it('give the bytes pdfkit writes itself, whether a stream is new to the process or seen before', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 4 }), fc.nat(3), async (pages, edited) => {
        const own = await pdf(pages, false);
        expect((await pdf(pages, true)).equals(own)).toBe(true);
        // Again, now from the memo; and with one page changed, the others from the memo.
        expect((await pdf(pages, true)).equals(own)).toBe(true);
        const changed = pages.map((p, i) => (i === edited % pages.length ? `${p} changed` : p));
        expect((await pdf(changed, true)).equals(await pdf(changed, false))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });
});
