// Paint a laid-out brochure (pages of positioned items and its structure) onto a pdfkit document; the
// only stage that imports pdfkit. Two editions from the same pages:
//   screen — RGB, trim size, tagged (structure tree, artifacts, /Lang), bookmarks, linked contents;
//   print  — PDF/X-4: CMYK only, FOGRA39 output intent, trim + bleed with crop marks, page boxes.
// Both: XMP metadata, bfchar ToUnicode maps, an /ID derived from the file's own bytes.
import PDFDocument from 'pdfkit';
import type { FontRegistry } from '../fonts/registry.js';
import type { FrameItem, GlyphRunItem, LaidOutDocument, OutlineEntry, Page } from '../layout/types.js';
import type { DocMeta } from '../markup/types.js';
import type { Colour, Theme } from '../theme/theme.js';
import { ID_PLACEHOLDER, stampDocumentId, UUID_PLACEHOLDER } from './id.js';
import { collectOutput, writeStreams } from './output.js';
import { picturePainter, preparePictures } from './image.js';
import { addOutputIntent, drawCropMarks, pdfName, PDFX_VERSION, setPageBoxes, slugPt } from './print.js';
import { drawLine, sameLine } from './lines.js';
import { flatStructure, markedRuns, startTagging, type Tagging } from './tags.js';
import { reuseFontPrograms } from './font-programs.js';
import { useBfcharToUnicode } from './tounicode.js';
import { keywordString, xmpPacket } from './xmp.js';

export type Edition = 'screen' | 'print';

export interface PdfInput {
  laid: LaidOutDocument;
  theme: Theme;
  fonts: FontRegistry;
  meta: DocMeta;
  edition: Edition;
  /** Creation date written into the file; fixed so that builds are reproducible. */
  date: Date;
  /** Subject keywords for Info and XMP; defaults to the layout's. */
  keywords?: string[];
}

const CREATOR = 'silkpress';
const PRODUCER = 'silkpress (pdfkit)';

/** A written PDF and the SHA-256 (hex) of its bytes, which the manifest records. */
export interface PdfFile {
  /**
   * The file in the pieces its writer made, to be written one after another: joining a 6.5 MB print PDF into
   * fresh memory cost ~20 ms on the benchmark's machine. Some pieces are shared with the writer's memos.
   */
  parts: readonly Buffer[];
  /** The whole file as one buffer, joined when first asked for. */
  readonly bytes: Buffer;
  sha256: string;
}

export async function writePdf(input: PdfInput): Promise<PdfFile> {
  const { laid, theme, fonts, meta, edition, date } = input;
  const print = edition === 'print';
  const first = laid.pages[0];
  if (!first) throw new Error('writePdf: no pages');
  // The print sheet holds trim, bleed and room for crop marks outside the bleed.
  const slug = print ? slugPt(first.bleedPt) : 0;
  const keywords = input.keywords ?? laid.keywords ?? [];
  const subject = meta.subtitle ?? meta.title;
  const info: Record<string, unknown> = {
    Title: meta.title,
    Subject: subject,
    // No publisher named, no Author: never a placeholder in the metadata either.
    ...(meta.publisher ? { Author: meta.publisher } : {}),
    ...(keywords.length ? { Keywords: keywordString(keywords) } : {}),
    Creator: CREATOR,
    Producer: PRODUCER,
    CreationDate: date,
    ModDate: date,
    ...(print ? { GTS_PDFXVersion: PDFX_VERSION, Trapped: pdfName('False') } : {}),
  };
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    // PDF/X-4 is built on PDF 1.6.
    pdfVersion: print ? '1.6' : '1.7',
    lang: meta.lang,
    displayTitle: true,
    tagged: !print,
    info: info as PDFKit.DocumentInfo,
  });
  writeStreams(doc);
  const output = collectOutput(doc);
  // The ID and the XMP uuids are placeholders until the file is complete (see id.ts).
  (doc as unknown as { _id: Uint8Array })._id = ID_PLACEHOLDER;
  replaceMetadata(
    doc,
    xmpPacket({
      title: meta.title,
      description: subject,
      ...(meta.publisher ? { creator: meta.publisher } : {}),
      keywords,
      lang: meta.lang,
      date,
      creatorTool: CREATOR,
      producer: PRODUCER,
      documentId: UUID_PLACEHOLDER,
      instanceId: UUID_PLACEHOLDER,
      ...(print ? { pdfx: { version: PDFX_VERSION, trapped: 'False' as const } } : { pdfua: { part: 1 as const } }),
    }),
  );
  treesPerSpec(doc);
  // The fonts as the engine parsed them (pdfkit takes a fontkit font as well as bytes): parsing a 7 MB font again for
  // every PDF was most of the PDF writer's time.
  for (const font of fonts.fonts.values()) doc.registerFont(font.id, font.font as unknown as Buffer);
  // Only fonts that draw something are opened (and embedded).
  const used = new Set(laid.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'text' ? [i.fontId] : []))));
  // Pictures: converted before painting, once per distinct picture, crop and size (src/images caches them).
  const pictures = picturePainter(doc, await preparePictures(laid.pages, edition, fonts, meta.lang), edition);
  // SVG text is set in the theme's fonts: they need their ToUnicode maps too.
  if (laid.pages.some((p) => p.items.some((i) => i.kind === 'image' && i.format === 'svg'))) pictures.fontIds.forEach((f) => used.add(f));
  useBfcharToUnicode(doc, used);
  reuseFontPrograms(doc, used, fonts);
  if (print) addOutputIntent(doc);

  const colour = (name: string): string | [number, number, number, number] => {
    const c: Colour | undefined = theme.colours[name];
    if (!c) throw new Error(`theme has no colour '${name}'`); // layout only names theme colours
    return print ? c.cmyk : c.rgb;
  };

  const fill = (run: GlyphRunItem): void => void doc.fillColor(colour(run.colour));
  const tagging: Tagging | undefined = print ? undefined : startTagging(doc, laid.pages, laid.structure ?? flatStructure(laid.pages), slug);
  const destinations = print ? new Map<number, Set<number>>() : linkTargets(laid.pages);
  const paint = (item: FrameItem): void => {
    switch (item.kind) {
      case 'rect':
        doc.rect(item.xPt, item.yPt, item.wPt, item.hPt).fill(colour(item.fill));
        break;
      case 'rule':
        doc.moveTo(item.x1Pt, item.y1Pt).lineTo(item.x2Pt, item.y2Pt).lineWidth(item.widthPt).stroke(colour(item.stroke));
        break;
      case 'text':
        drawLine(doc, [item], fill);
        break;
      case 'image':
        pictures.paint(item);
        break;
      case 'link': {
        // A PDF/X file carries no interactive links; the screen edition's land on the heading.
        if (print) break;
        const options: Record<string, unknown> = {};
        if (item.label !== undefined) options.Contents = new String(item.label);
        if (tagging && item.blockId !== undefined) options.structParent = tagging.element(item.blockId);
        // Annotation rectangles are not affected by the translation: offset by hand.
        if (item.uri !== undefined) doc.link(item.xPt + slug, item.yPt + slug, item.wPt, item.hPt, item.uri, options as PDFKit.Mixins.AnnotationOption);
        else if (item.targetPage !== undefined)
          doc.goTo(item.xPt + slug, item.yPt + slug, item.wPt, item.hPt, destinationName(item.targetPage, item.targetYPt ?? 0), options as PDFKit.Mixins.AnnotationOption);
        break;
      }
    }
  };

  laid.pages.forEach((page, index) => {
    doc.addPage({ size: [page.widthPt + 2 * slug, page.heightPt + 2 * slug], margin: 0 });
    for (const y of destinations.get(index) ?? []) doc.addNamedDestination(destinationName(index, y), 'XYZ', null, Math.max(0, y - 12), null);
    const box = { widthPt: page.widthPt, heightPt: page.heightPt, bleedPt: page.bleedPt, slugPt: slug };
    if (print) setPageBoxes(doc, box);
    doc.save();
    doc.translate(slug, slug);
    for (const run of markedRuns(page.items)) {
      if (run.key.kind !== 'none') tagging?.begin(run.key);
      // A typeset line's runs are drawn together, as one text object.
      let line: GlyphRunItem[] = [];
      for (const item of run.items) {
        if (item.kind === 'text' && (line.length === 0 || sameLine(line[line.length - 1]!, item))) {
          line.push(item);
          continue;
        }
        if (line.length > 0) drawLine(doc, line, fill);
        line = [];
        if (item.kind === 'text') line.push(item);
        else paint(item);
      }
      if (line.length > 0) drawLine(doc, line, fill);
      if (run.key.kind !== 'none') tagging?.end();
    }
    doc.restore();
    if (print) drawCropMarks(doc, box);
    tagging?.pageDone(index);
  });
  addOutline(doc, laid.outline, laid.pages, slug);
  // What pdfkit writes from here on (the XMP packet, the catalog, the trailer) holds every ID placeholder.
  output.markTail();
  doc.end();
  const { head, tail } = await output.done;
  const { parts, sha256 } = stampDocumentId(head, tail, XMP_UUIDS);
  let joined: Buffer | undefined;
  return {
    parts,
    get bytes() {
      return (joined ??= Buffer.concat(parts));
    },
    sha256,
  };
}

/** How many uuid placeholders the XMP packet holds (DocumentID, InstanceID). */
const XMP_UUIDS = 2;

/**
 * Write `xmp` as the catalog's Metadata stream in place of pdfkit's own packet (see xmp.ts for why). pdfkit
 * writes its packet in `endMetadata` when the document ends; this document's method is replaced.
 */
function replaceMetadata(doc: PDFKit.PDFDocument, xmp: string): void {
  const internals = doc as unknown as {
    endMetadata: () => void;
    ref(data: object): { compress: boolean; end(chunk: Buffer): void };
    _root: { data: Record<string, unknown> };
  };
  internals.endMetadata = () => {
    const ref = internals.ref({ Type: 'Metadata', Subtype: 'XML' });
    // Uncompressed, so that tools that scan a file for its packet find it (XMP part 3, §1.1).
    ref.compress = false;
    ref.end(Buffer.from(xmp, 'utf8'));
    internals._root.data.Metadata = ref;
  };
}

/**
 * pdfkit writes /Limits on the root of its name and number trees; PDF 32000-1 §7.9.6 allows Limits only
 * on intermediate and leaf nodes, and validators flag it. Its trees have a switch for that.
 *
 * The same section orders a name tree's keys byte by byte; pdfkit sorts them with localeCompare, whose first
 * call builds ICU's collator (~5 ms of a cold build). The destinations' names (destinationName: ASCII letters,
 * digits and '-') sort alike either way, so the file is the same.
 */
function treesPerSpec(doc: PDFKit.PDFDocument): void {
  type Tree = { limits: boolean; _compareKeys?: (a: string, b: string) => number };
  const root = (doc as unknown as { _root: { data: { Names: { data: { Dests: Tree } }; StructTreeRoot?: { data: { ParentTree: Tree } } } } })._root.data;
  root.Names.data.Dests.limits = false;
  root.Names.data.Dests._compareKeys = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  // The structure tree exists from the start in a tagged document (pdfkit creates it with the catalog).
  if (root.StructTreeRoot) root.StructTreeRoot.data.ParentTree.limits = false;
}

/** Named destination of a link target: a page and the top of what the link points at. */
function destinationName(pageIndex: number, yPt: number): string {
  return `p${pageIndex + 1}-y${Math.round(yPt)}`;
}

/** Page index → the y positions links point at on it. */
function linkTargets(pages: Page[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const page of pages) {
    for (const item of page.items) {
      if (item.kind !== 'link' || item.targetPage === undefined) continue;
      const set = out.get(item.targetPage) ?? new Set<number>();
      set.add(Math.round(item.targetYPt ?? 0));
      out.set(item.targetPage, set);
    }
  }
  return out;
}

/** Bookmarks mirroring the headings, each landing on its heading (pdfkit's own XYZ lands at the page's right edge). */
function addOutline(doc: PDFKit.PDFDocument, entries: OutlineEntry[], pages: Page[], slug: number): void {
  const kids = (doc as unknown as { _root: { data: { Pages: { data: { Kids: unknown[] } } } } })._root.data.Pages.data.Kids;
  const stack: { level: number; node: PDFKit.PDFOutline }[] = [{ level: 0, node: doc.outline }];
  for (const e of entries) {
    while (stack.length > 1 && stack[stack.length - 1]!.level >= e.level) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    // pdfkit accepts a target page (its types do not say so); the default is the current page.
    const node = parent.addItem(e.title, { pageNumber: e.pageIndex } as { expanded?: boolean });
    const page = pages[e.pageIndex]!;
    const top = page.heightPt + 2 * slug - Math.max(0, slug + e.yPt - 12);
    (node as unknown as { outlineData: Record<string, unknown> }).outlineData.Dest = [kids[e.pageIndex], 'XYZ', null, top, null];
    stack.push({ level: e.level, node });
  }
}
