// Read a produced PDF with pdfjs-dist: text items per page (with size and position) and the glyphs drawn;
// with qpdf: its objects and content streams; with poppler: a page as pixels.
import { execFileSync } from 'node:child_process';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  sizePt: number;
  width: number;
}

export interface PdfPage {
  items: PdfTextItem[];
  /** Glyph ids (CIDs) drawn on the page, for the .notdef check. */
  glyphIds: number[];
  view: number[];
}

export interface PdfInfo {
  pages: PdfPage[];
  outline: { title: string; items: unknown[] }[] | null;
  info: Record<string, unknown>;
}

export async function readPdf(bytes: Buffer): Promise<PdfInfo> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const items: PdfTextItem[] = [];
    for (const it of content.items) {
      if (!('str' in it)) continue;
      const [a, b, , , e, f] = it.transform as number[];
      items.push({ str: it.str, x: e!, y: f!, sizePt: Math.hypot(a!, b!), width: it.width });
    }
    const ops = await page.getOperatorList();
    const glyphIds: number[] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.showText) return;
      for (const g of ops.argsArray[i][0] as ({ originalCharCode?: number } | number)[]) {
        if (typeof g === 'object' && g && typeof g.originalCharCode === 'number') glyphIds.push(g.originalCharCode);
      }
    });
    pages.push({ items, glyphIds, view: page.view });
  }
  const outline = (await doc.getOutline()) as PdfInfo['outline'];
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, outline, info: meta.info as Record<string, unknown> };
}

/** All text of the document with whitespace removed, optionally leaving out items of one size (running heads). */
export function squashedText(pdf: PdfInfo, skipSizePt?: number): string {
  return pdf.pages
    .map((p) =>
      p.items
        .filter((i) => skipSizePt === undefined || Math.abs(i.sizePt - skipSizePt) > 0.01)
        .map((i) => i.str)
        .join(''),
    )
    .join('')
    .replace(/\s+/g, '');
}

// ---------------------------------------------------------------------------------------------
// Below: the file's objects as qpdf reads them, content-stream operators, and links and bookmarks
// with the pages they land on (pdfjs-dist), for the edition tests.

/** Run a command-line client and return its standard output (throws, with its stderr, on a non-zero exit). */
export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A PDF value as qpdf's JSON v2 writes it: names `/X`, references `12 0 R`, strings `u:…` or `b:<hex>`. */
export type PdfValue = null | boolean | number | string | PdfValue[] | { [key: string]: PdfValue };
export type PdfDict = { [key: string]: PdfValue };

export interface PdfObjects {
  pdfVersion: string;
  trailer: PdfDict;
  /** Follow a reference (any other value is returned as it is). */
  resolve(v: PdfValue | undefined): PdfValue | undefined;
  dict(v: PdfValue | undefined): PdfDict;
  /** A stream's dictionary and its decoded data. */
  stream(v: PdfValue | undefined): { dict: PdfDict; data: Buffer };
  catalog: PdfDict;
  info: PdfDict;
  /** Page dictionaries in order, with their references. */
  pages: { ref: string; dict: PdfDict }[];
}

/** Read every object of a PDF with `qpdf --json`, streams decoded. */
export function readPdfObjects(file: string): PdfObjects {
  const json = JSON.parse(run('qpdf', ['--json=2', '--json-stream-data=inline', '--decode-level=generalized', file, '-'])) as {
    pages: { object: string }[];
    qpdf: [{ pdfversion: string }, Record<string, { value?: PdfValue; stream?: { dict: PdfDict; data: string } }>];
  };
  const objects = json.qpdf[1];
  const isRef = (v: unknown): v is string => typeof v === 'string' && /^\d+ \d+ R$/.test(v);
  const resolve = (v: PdfValue | undefined): PdfValue | undefined => {
    if (!isRef(v)) return v;
    const o = objects[`obj:${v}`];
    if (!o) return null;
    return o.value !== undefined ? o.value : (o.stream?.dict ?? null);
  };
  const dict = (v: PdfValue | undefined): PdfDict => {
    const d = resolve(v);
    if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error(`not a dictionary: ${JSON.stringify(v)}`);
    return d;
  };
  const stream = (v: PdfValue | undefined): { dict: PdfDict; data: Buffer } => {
    const o = isRef(v) ? objects[`obj:${v}`] : undefined;
    if (!o?.stream) throw new Error(`not a stream: ${JSON.stringify(v)}`);
    return { dict: o.stream.dict, data: Buffer.from(o.stream.data, 'base64') };
  };
  const trailer = objects.trailer!.value as PdfDict;
  return {
    pdfVersion: json.qpdf[0].pdfversion,
    trailer,
    resolve,
    dict,
    stream,
    catalog: dict(trailer['/Root']),
    info: dict(trailer['/Info']),
    pages: json.pages.map((p) => ({ ref: p.object, dict: dict(p.object) })),
  };
}

/** The text of a qpdf JSON string value (`u:…` Unicode, `b:…` hex bytes). */
export function pdfString(v: PdfValue | undefined): string {
  if (typeof v !== 'string') throw new Error(`not a string: ${JSON.stringify(v)}`);
  if (v.startsWith('u:')) return v.slice(2);
  if (v.startsWith('b:')) return Buffer.from(v.slice(2), 'hex').toString('latin1');
  throw new Error(`not a string: ${v}`);
}

export interface ContentOp {
  op: string;
  /** Operands as written: numbers, names, strings, arrays, dictionaries. */
  operands: string[];
}

/** The operators of a content stream with their operands (enough of PDF 32000-1 §7.8.2 for pdfkit's output). */
export function contentOps(data: Buffer): ContentOp[] {
  const s = data.toString('latin1');
  const ops: ContentOp[] = [];
  let operands: string[] = [];
  let i = 0;
  const isWhite = (c: string): boolean => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f' || c === '\0';
  const isDelim = (c: string): boolean => '()<>[]{}/%'.includes(c);
  /** The end (exclusive) of the balanced construct that starts at `from`. */
  const skipString = (from: number): number => {
    let depth = 0;
    for (let j = from; j < s.length; j++) {
      const c = s[j]!;
      if (c === '\\') j++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) return j + 1;
    }
    throw new Error('unterminated string');
  };
  const skipBalanced = (from: number, open: string, close: string): number => {
    let depth = 0;
    for (let j = from; j < s.length; ) {
      if (s[j] === '(') {
        j = skipString(j);
        continue;
      }
      if (s.startsWith(open, j)) {
        depth++;
        j += open.length;
        continue;
      }
      if (s.startsWith(close, j)) {
        j += close.length;
        if (--depth === 0) return j;
        continue;
      }
      j++;
    }
    throw new Error(`unterminated ${open}`);
  };
  while (i < s.length) {
    const c = s[i]!;
    if (isWhite(c)) {
      i++;
    } else if (c === '%') {
      while (i < s.length && s[i] !== '\n' && s[i] !== '\r') i++;
    } else if (c === '(') {
      const end = skipString(i);
      operands.push(s.slice(i, end));
      i = end;
    } else if (s.startsWith('<<', i)) {
      const end = skipBalanced(i, '<<', '>>');
      operands.push(s.slice(i, end));
      i = end;
    } else if (c === '<') {
      const end = s.indexOf('>', i) + 1;
      operands.push(s.slice(i, end));
      i = end;
    } else if (c === '[') {
      const end = skipBalanced(i, '[', ']');
      operands.push(s.slice(i, end));
      i = end;
    } else {
      let j = i + 1;
      while (j < s.length && !isWhite(s[j]!) && !isDelim(s[j]!)) j++;
      const token = s.slice(i, j);
      i = j;
      if (c === '/' || /^[+-]?(\d+\.?\d*|\.\d+)$/.test(token) || token === 'true' || token === 'false' || token === 'null') operands.push(token);
      else {
        ops.push({ op: token, operands });
        operands = [];
      }
    }
  }
  return ops;
}

export interface PdfLink {
  pageIndex: number;
  /** [x1, y1, x2, y2] in PDF user space. */
  rect: number[];
  /** What the annotation says for assistive technology. */
  contents: string;
  targetPageIndex: number;
  /** The destination's top (XYZ), PDF user space. */
  targetTop: number | null;
}

export interface PdfBookmark {
  title: string;
  depth: number;
  pageIndex: number;
  top: number | null;
}

/** Links and bookmarks with the pages they land on, resolved as a viewer resolves them (pdfjs-dist). */
export async function readNavigation(bytes: Buffer): Promise<{ links: PdfLink[]; bookmarks: PdfBookmark[] }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  type Dest = [{ num: number; gen: number }, { name: string }, ...(number | null)[]];
  const target = async (dest: string | Dest | null): Promise<{ pageIndex: number; top: number | null }> => {
    const explicit = (typeof dest === 'string' ? await doc.getDestination(dest) : dest) as Dest | null;
    if (!explicit) throw new Error(`unresolved destination ${JSON.stringify(dest)}`);
    return { pageIndex: await doc.getPageIndex(explicit[0]), top: explicit[1].name === 'XYZ' ? (explicit[3] ?? null) : null };
  };
  const links: PdfLink[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    for (const a of (await page.getAnnotations()) as { subtype: string; rect: number[]; dest?: string | Dest; contentsObj?: { str: string } }[]) {
      if (a.subtype !== 'Link' || !a.dest) continue;
      const t = await target(a.dest);
      links.push({ pageIndex: n - 1, rect: a.rect, contents: a.contentsObj?.str ?? '', targetPageIndex: t.pageIndex, targetTop: t.top });
    }
  }
  const bookmarks: PdfBookmark[] = [];
  type Item = { title: string; dest: string | Dest | null; items: Item[] };
  const walk = async (items: Item[], depth: number): Promise<void> => {
    for (const it of items) {
      const t = await target(it.dest);
      bookmarks.push({ title: it.title, depth, pageIndex: t.pageIndex, top: t.top });
      await walk(it.items, depth + 1);
    }
  };
  await walk(((await doc.getOutline()) ?? []) as Item[], 1);
  await doc.destroy();
  return { links, bookmarks };
}

/** A page rendered by poppler at 72 dpi (1 px = 1 pt), RGB. */
export interface Raster {
  width: number;
  height: number;
  /** [r, g, b] at (x, y), y down from the top. */
  at(x: number, y: number): [number, number, number];
}

export function renderPage(file: string, pageNumber: number): Raster {
  const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', String(pageNumber), '-l', String(pageNumber), file], { maxBuffer: 64 * 1024 * 1024 });
  // P6 header: magic, width, height, maxval, each followed by one whitespace byte.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const offset = header[0].length;
  return {
    width,
    height,
    at: (x, y) => {
      const p = offset + (Math.round(y) * width + Math.round(x)) * 3;
      return [ppm[p]!, ppm[p + 1]!, ppm[p + 2]!];
    },
  };
}

/**
 * Each page's text as a viewer copies it: pdfjs-dist's text items joined, a line feed where pdfjs flags an
 * end of line (`hasEOL`). Lines and spaces are pdfjs's own reading of the positions, not ours.
 */
export async function copyPages(bytes: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

/** A structure element as the file holds it (qpdf's reading): type, Alt, page, marked content, annotations, kids. */
export interface StructElement {
  type: string;
  alt?: string;
  /** The page (reference) of its marked content. */
  page?: string;
  mcids: number[];
  annotations: string[];
  children: StructElement[];
}

/** The structure tree under StructTreeRoot, read with qpdf. */
export function structureTree(o: PdfObjects): StructElement {
  const root = o.dict(o.catalog['/StructTreeRoot']);
  const read = (ref: PdfValue | undefined): StructElement => {
    const d = o.dict(ref);
    const el: StructElement = { type: String(d['/S']).slice(1), mcids: [], annotations: [], children: [] };
    if (d['/Alt'] !== undefined) el.alt = pdfString(d['/Alt']);
    if (typeof d['/Pg'] === 'string') el.page = d['/Pg'];
    const kids = d['/K'] === undefined ? [] : Array.isArray(d['/K']) ? d['/K'] : [d['/K']];
    for (const k of kids) {
      if (typeof k === 'number') el.mcids.push(k);
      else {
        const kd = o.dict(k);
        if (kd['/Type'] === '/OBJR') el.annotations.push(String(kd['/Obj']));
        else if (kd['/Type'] === '/MCR') el.mcids.push(Number(kd['/MCID']));
        else el.children.push(read(k));
      }
    }
    return el;
  };
  const kids = root['/K'];
  return { type: 'StructTreeRoot', mcids: [], annotations: [], children: (Array.isArray(kids) ? kids : [kids!]).map(read) };
}

