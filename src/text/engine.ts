// The one text engine both writers use: inlines + style + measure → lines (and line counts for the deck).
import type { Diagnostic } from '../diag/diagnostic.js';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { codeId } from '../cache/versions.js';
import { fontSha256, type FontRegistry } from '../fonts/registry.js';
import type { Inline } from '../markup/types.js';
import { normaliseText } from './chars.js';
import { hyphenatorFor } from './hyphenate.js';
import { typesetParagraph, type Line, type StyledText } from './paragraph.js';

export type { Line, LineRun } from './paragraph.js';

export interface MeasureRequest {
  inlines: Inline[];
  /** Theme font role of plain text; `strong` inlines use the `strong` role unless the base is `heading`. */
  role: 'body' | 'strong' | 'heading';
  sizePt: number;
  widthPt: number;
}

export interface Measured {
  lines: number;
  maxLineWidthPt: number;
}

export interface TextMeasurer {
  measure(req: MeasureRequest): Measured;
}

export interface TypesetRequest extends MeasureRequest {
  align: 'justify' | 'start';
}

export interface TextEngine extends TextMeasurer {
  typeset(req: TypesetRequest): Line[];
  /** Every character no font could draw, met so far; the build fails on any. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Paragraphs already set with a project's fonts, by their text, roles, size, measure and alignment: lines depend
 * on nothing else, so the brochure and the deck share them, and a rebuild in `watch` or the next edition of a
 * batch sets again only the paragraphs whose text changed. Lines are frozen: a writer that changed one would
 * change it for everyone.
 */
const setParagraphs = new WeakMap<FontRegistry, Map<string, readonly Line[]>>();

/** At most this many paragraphs are kept per project (a long `watch` session edits many). */
const PARAGRAPHS_KEPT = 20_000;

function freezeLines(lines: Line[]): readonly Line[] {
  for (const line of lines) {
    for (const run of line.runs) Object.freeze(run);
    Object.freeze(line.runs);
    Object.freeze(line);
  }
  return Object.freeze(lines);
}

/** How an engine sets text: the edition's language decides hyphenation (English only; Chinese never). */
export interface EngineOptions {
  /** BCP 47 tag of the document. */
  lang?: string;
  /** `greedy` sets every paragraph first fit, as before total fit (for comparisons and the bench). */
  breaking?: 'total-fit' | 'greedy';
}

/**
 * The paragraphs a project's fonts set are also kept in the disk cache (src/cache/disk.ts) for the next
 * process, under the code's identity (every line of silkpress and its dependencies, src/cache/versions.ts)
 * and the fonts' (each file's checksum and the chains): setting the brochure and the deck is about 250 ms of
 * a cold build, reading them back a few tens. A process reads them when it first sets text with these fonts,
 * and, if it set any paragraph anew, writes the ones it used (persistParagraphs): a one-off command as it
 * exits, a batch worker after each edition; `watch` keeps its own in memory. Running tsc's unbundled output, nothing vouches for the code: no
 * disk cache.
 */
interface Persisted {
  key: string;
  used: Set<string>;
  fresh: number;
  paragraphs: Map<string, readonly Line[]>;
}
const persisted = new WeakMap<FontRegistry, Persisted>();
/** Every project's state this process keeps, for persistParagraphs (few: one per edition language). */
const allPersisted = new Set<Persisted>();

/**
 * Write each project's paragraphs used since it was loaded to the disk cache, if any was set anew since the last
 * write. A one-off command does so as it exits; a batch worker after each edition (a worker thread is stopped,
 * not left to exit).
 */
export function persistParagraphs(): void {
  for (const state of allPersisted) {
    if (state.fresh === 0) continue;
    state.fresh = 0;
    const entries = [...state.used].flatMap((k) => {
      const lines = state.paragraphs.get(k);
      return lines ? [[k, lines]] : [];
    });
    writeCacheEntry('typeset', state.key, Buffer.from(JSON.stringify(entries), 'utf8'));
  }
}

function persistentParagraphs(fonts: FontRegistry, paragraphs: Map<string, readonly Line[]>): Persisted | undefined {
  const known = persisted.get(fonts);
  if (known) return known;
  const code = codeId();
  if (!code) return undefined;
  const identity = [...fonts.fonts.values()].map((f) => `${f.id}:${fontSha256(f)}`).join(',') + '|' + JSON.stringify([...fonts.chains].map(([role, chain]) => [role, chain.map((f) => f.id)]));
  // Node's ICU splits a title's Chinese into words (paragraph.ts, wordStarts): a node with other ICU data may set it otherwise.
  const state: Persisted = { key: `paragraphs ${code}|icu ${process.versions.icu ?? 'none'}|${identity}`, used: new Set(), fresh: 0, paragraphs };
  persisted.set(fonts, state);
  if (allPersisted.size === 0) process.once('beforeExit', persistParagraphs);
  allPersisted.add(state);
  const payload = readCacheEntry('typeset', state.key);
  if (payload) {
    try {
      for (const [k, lines] of JSON.parse(payload.toString('utf8')) as [string, Line[]][]) if (!paragraphs.has(k)) paragraphs.set(k, freezeLines(lines));
    } catch {
      /* not ours: set afresh */
    }
  }
  return state;
}

export function createTextEngine(fonts: FontRegistry, options: EngineOptions = {}): TextEngine {
  const diagnostics: Diagnostic[] = [];
  const hyphenate = hyphenatorFor(options.lang);
  const reported = new Set<string>();
  let cache = setParagraphs.get(fonts);
  if (!cache) setParagraphs.set(fonts, (cache = new Map()));
  const paragraphs = cache;
  const disk = persistentParagraphs(fonts, paragraphs);
  const typeset = (req: TypesetRequest): Line[] => {
    const runs = styledRuns(req.inlines, req.role);
    // Links split runs (and their lines carry them): two texts alike but for a link are set apart. The language
    // (hyphenation) and the breaking are the engine's own: part of the key, as the cache is the project's.
    const key = JSON.stringify([options.lang ?? '', options.breaking ?? '', req.sizePt, req.widthPt, req.align, runs.map((r) => (r.link ? [r.role, r.text, r.link.href, r.link.n] : [r.role, r.text]))]);
    disk?.used.add(key);
    const known = paragraphs.get(key);
    if (known) return known as Line[];
    const result = typesetParagraph({
      runs,
      sizePt: req.sizePt,
      widthPt: req.widthPt,
      align: req.align,
      chains: fonts.chains,
      // Headings and titles are balanced: their lines of a length, not a full line and a word.
      balance: req.role === 'heading' && req.align === 'start',
      ...(hyphenate ? { hyphenate } : {}),
      ...(options.breaking ? { breaking: options.breaking } : {}),
    });
    // A paragraph with a character no font draws is not kept: its diagnostics name where the text is in the data.
    if (result.diagnostics.length === 0) {
      if (paragraphs.size >= PARAGRAPHS_KEPT) paragraphs.clear();
      paragraphs.set(key, freezeLines(result.lines));
      if (disk) disk.fresh += 1;
    }
    for (const d of result.diagnostics) {
      // The deck and the brochure set the same text: report each character at each place once.
      const key = `${d.message}@${d.span?.path ?? d.span?.line ?? ''}`;
      if (!reported.has(key)) {
        reported.add(key);
        diagnostics.push(d);
      }
    }
    return result.lines;
  };
  return {
    diagnostics,
    typeset,
    measure(req) {
      const lines = typeset({ ...req, align: 'start' });
      return { lines: lines.length, maxLineWidthPt: Math.max(0, ...lines.map((l) => l.naturalWidthPt)) };
    },
  };
}

export function styledRuns(inlines: Inline[], role: string): StyledText[] {
  const out: StyledText[] = [];
  let links = 0;
  const walk = (items: Inline[], r: string, link: StyledText['link']): void => {
    for (const item of items) {
      if (item.kind === 'text') out.push({ text: normaliseText(item.text), role: r, span: item.span, ...(link ? { link } : {}) });
      // A link keeps the weight around it; the layouts mark it (an annotation, a hyperlink) rather than a face.
      else if (item.kind === 'link') walk(item.children, r, { href: item.href, n: links++ });
      else walk(item.children, r === 'heading' ? r : 'strong', link);
    }
  };
  walk(inlines, role, undefined);
  return out;
}
