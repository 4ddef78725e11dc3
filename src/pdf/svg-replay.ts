// An SVG drawn once, then replayed: svg-to-pdfkit spends ~10 ms (more in a fresh process) building its element tree,
// resolving styles and laying out text each time it draws a picture, and `watch` and a batch draw the same SVG
// into every PDF they write. The first drawing runs through a recorder that keeps the pdfkit calls svg-to-pdfkit
// makes; a later drawing with the same inputs (src/pdf/image.ts keys them) makes the same calls on its own
// document instead. What differs between documents is redone on that document, as the drawing would: the fonts
// are chosen by name and the texts encoded by the document's own fonts (so its subsets, widths and ToUnicode maps
// grow as they would), and the font resource names and glyph codes in the content are that document's. A text is
// not shaped again: the recording keeps the glyphs pdfkit's encode laid it out into (their ids, advances and code
// points depend only on the font and the text, which the key holds), and a replay adds them to the document's
// subset as encode does; shaping them afresh cost ~11 ms of a cold screen build, most of it fontkit reading its
// layout tables for a first text. A drawing
// that does anything else (gradients, patterns, masks, links, pictures, groups, reading the page or the
// transformation matrix) is not kept: it is drawn afresh every time. Replayed, the file is the same bytes.

import { deserialize, serialize } from 'node:v8';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { codeId } from '../cache/versions.js';

type PdfDoc = PDFKit.PDFDocument;

/** pdfkit calls svg-to-pdfkit makes that depend on nothing but their arguments and the document's drawing state. */
const REPLAYABLE_CALLS = new Set([
  'save', 'restore', 'transform', 'translate', 'scale', 'rotate',
  'rect', 'circle', 'ellipse', 'moveTo', 'lineTo', 'bezierCurveTo', 'quadraticCurveTo', 'closePath',
  'fill', 'stroke', 'fillAndStroke', 'clip',
  'lineWidth', 'miterLimit', 'lineJoin', 'lineCap', 'dash', 'undash',
  'fillColor', 'strokeColor', 'fillOpacity', 'strokeOpacity', 'opacity',
]);

type Event =
  | { kind: 'call'; method: string; args: unknown[] }
  | { kind: 'content'; text: string }
  | { kind: 'font'; name: string }
  | { kind: 'encode'; font: string; text: string; codes: string[]; glyphs: LaidGlyph[] };

/** A glyph as pdfkit's encode laid it out: its id in the font, its advance (font units) and its code points. */
type LaidGlyph = [id: number, advanceWidth: number, codePoints: number[]];

interface Recording {
  events: Event[];
  /** Font resource name in the recorded document → the font's registered name. */
  names: Map<string, string>;
}

/** The parts of pdfkit's EmbeddedFont that encoding a text reads and grows. */
interface EmbeddedFont {
  id: string;
  encode(text: string): [string[], unknown[]];
  /** Memoised per word: the glyphs encode just laid out, not a second shaping. */
  layout(text: string): { glyphs: { id: number; advanceWidth: number; codePoints: number[] }[] };
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: (number[] | undefined)[];
  scale: number;
  ref(): unknown;
}

/** What pdfkit's EmbeddedFont.encode does to the font and returns, for glyphs already laid out. */
function encodeLaid(font: EmbeddedFont, glyphs: readonly LaidGlyph[]): string[] {
  return glyphs.map(([id, advanceWidth, codePoints]) => {
    const gid = font.subset.includeGlyph(id);
    if (font.widths[gid] == null) font.widths[gid] = advanceWidth * font.scale;
    if (font.unicode[gid] == null) font.unicode[gid] = [...codePoints];
    return `0000${gid.toString(16)}`.slice(-4);
  });
}

interface DocInternals {
  _font: EmbeddedFont;
  _fillColor: unknown;
  page: { fonts: Record<string, unknown> };
  font(name: string): unknown;
  addContent(text: string): unknown;
}

const KEPT = 16;
/** Recordings by key; `null` for a drawing found not replayable, drawn plainly from then on (no recorder). */
const recordings = new Map<string, Recording | null>();

/** Draw with `draw` (which calls svg-to-pdfkit on the document it is given), or replay its recording under `key`. */
export function drawSvgOnce(doc: PdfDoc, key: string, draw: (doc: PdfDoc) => void): void {
  let kept = recordings.get(key);
  if (kept === undefined) {
    kept = fromDisk(key);
    if (kept) recordings.set(key, kept);
  }
  if (kept) {
    replay(doc as unknown as DocInternals & Record<string, unknown>, kept);
    svgReplays.replayed++;
    return;
  }
  if (kept === null) {
    draw(doc);
    return;
  }
  const recording = record(doc, draw) ?? null;
  if (recording) {
    svgReplays.recorded++;
    toDisk(key, recording);
  }
  if (recordings.size >= KEPT) recordings.delete(recordings.keys().next().value!);
  recordings.set(key, recording);
}

/**
 * Recordings are kept in the disk cache too (src/cache/disk.ts), so that a fresh build replays what an earlier
 * process drew: recording the shipped pictures cost ~25 ms of a cold screen build and ~50 ms of all outputs. Keyed
 * by silkpress's code (svg-to-pdfkit's and pdfkit's with it) and node's version (v8.serialize's format), beside
 * the drawing's own key; only where the code has an id (the bundled command line).
 */
function diskKey(key: string): string | undefined {
  const code = codeId();
  return code ? `svg recording 2 ${code} ${process.version}|${key}` : undefined;
}

function fromDisk(key: string): Recording | undefined {
  const at = diskKey(key);
  const payload = at === undefined ? undefined : readCacheEntry('drawings', at);
  if (!payload) return undefined;
  try {
    const kept = deserialize(payload) as Recording;
    return Array.isArray(kept.events) && kept.names instanceof Map ? kept : undefined;
  } catch {
    return undefined;
  }
}

function toDisk(key: string, recording: Recording): void {
  const at = diskKey(key);
  if (at !== undefined) writeCacheEntry('drawings', at, serialize(recording));
}

/** Drawings recorded and replayed since the process started (tests: a replay really happened). */
export const svgReplays = { recorded: 0, replayed: 0 };

/** Forget every recording (tests: draw afresh). */
export function forgetSvgRecordings(): void {
  recordings.clear();
}

/** Draws through a recorder; the recording, or undefined when the drawing did something a replay would not redo. */
function record(doc: PdfDoc, draw: (doc: PdfDoc) => void): Recording | undefined {
  const target = doc as unknown as DocInternals & Record<PropertyKey, unknown>;
  const events: Event[] = [];
  const names = new Map<string, string>();
  let replayable = true;
  /** How deep in pdfkit's own methods the call being made is: only svg-to-pdfkit's own calls (depth 0) are kept. */
  let depth = 0;
  const fillColorAtStart = target._fillColor;

  const font = (f: EmbeddedFont): EmbeddedFont =>
    new Proxy(f, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'encode') {
          return (text: unknown, ...rest: unknown[]) => {
            const name = names.get(t.id);
            const result = t.encode(String(text));
            if (rest.length > 0 || name === undefined) replayable = false;
            else {
              const glyphs = t.layout(String(text)).glyphs.map((g): LaidGlyph => [g.id, g.advanceWidth, [...g.codePoints]]);
              if (glyphs.length !== result[0].length) replayable = false;
              events.push({ kind: 'encode', font: name, text: String(text), codes: [...result[0]], glyphs });
            }
            return result;
          };
        }
        if (prop !== 'ref') replayable = false;
        return (value as (...a: unknown[]) => unknown).bind(t);
      },
    });

  const page = (p: DocInternals['page']): DocInternals['page'] =>
    new Proxy(p, {
      get(t, prop) {
        if (depth === 0 && prop !== 'fonts') replayable = false;
        return Reflect.get(t, prop, t);
      },
      set(t, prop, value) {
        if (depth === 0) replayable = false;
        return Reflect.set(t, prop, value, t);
      },
    });

  const proxy: PdfDoc = new Proxy(target, {
    get(t, prop) {
      const value = Reflect.get(t, prop, proxy) as unknown;
      if (depth > 0) return value;
      if (typeof value === 'function') {
        const method = prop as string;
        return (...args: unknown[]) => {
          if (method === 'addContent' && args.length === 1 && typeof args[0] === 'string') events.push({ kind: 'content', text: args[0] });
          else if (method === 'font' && args.length === 1 && typeof args[0] === 'string') events.push({ kind: 'font', name: args[0] });
          else if (REPLAYABLE_CALLS.has(method)) {
            try {
              events.push({ kind: 'call', method, args: structuredClone(args) });
            } catch {
              replayable = false;
            }
          } else replayable = false;
          depth++;
          try {
            const result = (value as (...a: unknown[]) => unknown).apply(proxy, args);
            if (method === 'font') names.set(t._font.id, args[0] as string);
            return result;
          } finally {
            depth--;
          }
        };
      }
      if (prop === '_font') return font(value as EmbeddedFont);
      if (prop === 'page') return page(value as DocInternals['page']);
      if (prop !== '_fillColor') replayable = false;
      return value;
    },
    set(t, prop, value) {
      // svg-to-pdfkit puts back the fill colour it found; anything else it sets, a replay would not.
      if (depth === 0 && !(prop === '_fillColor' && value === fillColorAtStart)) replayable = false;
      return Reflect.set(t, prop, value, proxy);
    },
  }) as unknown as PdfDoc;

  draw(proxy);
  return replayable ? { events, names } : undefined;
}

const FONT_SELECT = /^\/(\S+) (\S+) Tf$/;
const GLYPH = /^<([0-9a-fA-F]*)> Tj$/;

function replay(doc: DocInternals & Record<string, unknown>, recording: Recording): void {
  const fillColor = doc._fillColor;
  /** Registered name → the font as this document has it. */
  const fonts = new Map<string, EmbeddedFont>();
  /** Registered name → glyph code in the recorded document → the same glyph's code in this one. */
  const codes = new Map<string, Map<string, string>>();
  let current: string | undefined;
  for (const e of recording.events) {
    switch (e.kind) {
      case 'call':
        // A copy: pdfkit keeps colour arrays it is given, and the recording is used again.
        (doc[e.method] as (...a: unknown[]) => unknown).apply(doc, structuredClone(e.args));
        break;
      case 'font':
        doc.font(e.name);
        fonts.set(e.name, doc._font);
        break;
      case 'encode': {
        const f = fonts.get(e.font);
        if (!f) throw new Error(`svg replay: text encoded in ${e.font} before it was chosen`);
        const now = encodeLaid(f, e.glyphs);
        if (now.length !== e.codes.length) throw new Error(`svg replay: '${e.text}' encodes to ${now.length} glyphs, not ${e.codes.length}`);
        const map = codes.get(e.font) ?? new Map<string, string>();
        codes.set(e.font, map);
        e.codes.forEach((old, i) => {
          const had = map.get(old);
          if (had !== undefined && had !== now[i]) throw new Error(`svg replay: glyph ${old} of ${e.font} has two codes`);
          map.set(old, now[i]!);
        });
        break;
      }
      case 'content': {
        let text = e.text;
        const select = FONT_SELECT.exec(text);
        const glyph = select ? null : GLYPH.exec(text);
        if (select) {
          const name = recording.names.get(select[1]!);
          const f = name === undefined ? undefined : fonts.get(name);
          if (!f) throw new Error(`svg replay: font ${select[1]} was not chosen`);
          current = name;
          // What svg-to-pdfkit's text does before it selects the font: the page's resources name it.
          if (!doc.page.fonts[f.id]) doc.page.fonts[f.id] = f.ref();
          text = `/${f.id} ${select[2]} Tf`;
        } else if (glyph) {
          const code = current === undefined ? undefined : codes.get(current)?.get(glyph[1]!);
          if (code === undefined) throw new Error(`svg replay: glyph ${glyph[1]} was never encoded`);
          text = `<${code}> Tj`;
        }
        doc.addContent(text);
        break;
      }
    }
  }
  doc._fillColor = fillColor;
}
