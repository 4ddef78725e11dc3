// Take a Doc's slide blocks and lay them out as a Deck: slides with a layout variant, measured boxes, charts and speaker notes.
// Every text box is measured before it is placed; text that does not fit continues on a following slide
// (title + 「（續）」) instead of shrinking, and nothing is set below theme.deck.minSizePt. Each slide's notes are
// its block's spoken lead-in followed by the notes of the points and figures that slide shows.
import type { Diagnostic } from '../diag/diagnostic.js';
import { words } from '../edition/words.js';
import type { Doc } from '../markup/types.js';
import type { Theme } from '../theme/theme.js';
import type { TextMeasurer } from '../text/engine.js';
import { chartSlide } from './slides/chart.js';
import { comparisonSlides } from './slides/comparison.js';
import { figureSlides, keyFigureSlide } from './slides/figures.js';
import { footerBox } from './slides/furniture.js';
import { heroSlides } from './slides/hero.js';
import { FURNITURE_PT, MARGIN_X_IN, warning } from './slides/measure.js';
import { pictureSlides } from './slides/picture.js';
import { pointSlides } from './slides/points.js';
import { tableSlides } from './slides/table.js';
import type { Base, Ctx, Deck, DeckItem, DeckLayout, Slide, SlideBlock, Stat } from './slides/types.js';

export type { BoxIn, ChartItem, PictureItem, ChartSeriesItem, Deck, DeckItem, DeckLayout, DeckParagraph, DeckRun, NumberScheme, ParagraphMarker, RectItem, Slide, SlideNumberItem, TableCellItem, TableItem, TextBox, TextRole } from './slides/types.js';
export { CONTINUED } from './slides/types.js';
export { textHeightPt } from './slides/measure.js';

/** BCP 47 → the language id Office knows: script subtags are dropped, `zh-Hant` alone means Taiwan. */
export function officeLang(bcp47: string): string {
  const parts = bcp47.split('-');
  const language = (parts[0] ?? 'zh').toLowerCase();
  const region = parts.slice(1).find((p) => /^[A-Za-z]{2}$|^\d{3}$/.test(p));
  if (region) return `${language}-${region.toUpperCase()}`;
  if (language === 'zh') return parts.some((p) => p.toLowerCase() === 'hans') ? 'zh-CN' : 'zh-TW';
  // Office proofs and picks fonts by a language with its region; plain `en` would be no language it lists.
  if (language === 'en') return 'en-US';
  return language;
}

/**
 * The slides of the last deck's slide blocks, kept for the next deck of the same project (src/preflight/typeset.ts
 * holds one per project): a rebuild in `watch`, or the next edition of a batch, lays out again only the blocks whose
 * content changed. A block's slides depend on the project (theme and fonts: the holder's), the block itself (its
 * source spans too, which diagnostics name), the document's meta (language, source line, subtitle) and which of
 * its figures a chart slide draws; the key is all of these.
 */
export interface SlideMemo {
  entries: Map<string, LaidBlock>;
}

interface LaidBlock {
  slides: readonly Slide[];
  diagnostics: readonly Diagnostic[];
}

/** What the deck measures text with; an engine's diagnostics (characters no font draws) say when a block may not be kept. */
type DeckMeasurer = TextMeasurer & { readonly diagnostics?: readonly unknown[] };

export function documentToDeck(doc: Doc, theme: Theme, measurer: DeckMeasurer, memo?: SlideMemo): Deck {
  const c = (name: string, fallback: string): string => theme.colours[name]?.rgb ?? fallback;
  const base: Base = {
    deck: theme.deck,
    images: theme.images,
    measurer,
    meta: doc.meta,
    diagnostics: [],
    colours: {
      ink: c('ink', '#1f1f1f'),
      accent: c('accent', '#9e1b32'),
      gold: c('gold', '#c8973c'),
      muted: c('muted', '#6b6b6b'),
      rule: c('rule', '#d9cfc1'),
      tint: c('tint', '#f6f1ea'),
      paper: c('paper', '#ffffff'),
    },
    widthIn: theme.deck.widthIn,
    heightIn: theme.deck.heightIn,
    say: (key, values) => words(theme, doc.meta.lang, key, values),
  };
  const charted = new Set<string>();
  for (const block of doc.blocks) {
    if (block.kind === 'slide' && block.layout === 'chart') for (const s of block.chart?.series ?? []) for (const id of s.figures ?? []) charted.add(id);
  }
  const ctx: Ctx = { ...base, footer: deepFreeze(footerBox(base)), charted };

  /** Numbered slides carry the source line and their number (the writers fill in which). */
  const furnished = (slide: Slide): Slide => {
    if (!NUMBERED.has(slide.layout)) return slide;
    const furniture: DeckItem[] = ctx.meta.source?.trim() ? [ctx.footer] : [];
    furniture.push({
      kind: 'slideNumber',
      box: { xIn: ctx.widthIn - MARGIN_X_IN - 1, yIn: ctx.footer.box.yIn, wIn: 1, hIn: ctx.footer.box.hIn },
      sizePt: FURNITURE_PT,
      colour: ctx.colours.muted,
    });
    return { ...slide, items: [...slide.items, ...furniture] };
  };
  const slides: Slide[] = [];
  const kept = new Map<string, LaidBlock>();
  const meta = JSON.stringify(doc.meta);
  for (const block of doc.blocks) {
    if (block.kind !== 'slide') continue;
    const key = memo && JSON.stringify([meta, block, block.stats.flatMap((s) => (s.id !== undefined && charted.has(s.id) ? [s.id] : []))]);
    let laid = key === undefined ? undefined : (memo!.entries.get(key) ?? kept.get(key));
    if (laid) kept.set(key!, laid);
    else {
      const said = ctx.diagnostics.length;
      const unseen = measurer.diagnostics?.length ?? 0;
      laid = { slides: layoutSlideBlock(ctx, block).map((s) => deepFreeze(furnished(s))), diagnostics: ctx.diagnostics.slice(said) };
      ctx.diagnostics.length = said;
      // A block with a character no font draws is laid out again every time, so that the engine reports it every time.
      if (key !== undefined && (measurer.diagnostics?.length ?? 0) === unseen) kept.set(key, laid);
    }
    slides.push(...laid.slides);
    ctx.diagnostics.push(...laid.diagnostics);
  }
  if (memo) memo.entries = kept;
  if (slides.length === 0) {
    ctx.diagnostics.push(warning('the document has no slide blocks, so the deck is empty', undefined, ['the deck template renders `slide` blocks; check that it ran']));
  }
  return {
    widthIn: ctx.widthIn,
    heightIn: ctx.heightIn,
    lang: officeLang(doc.meta.lang),
    slides,
    diagnostics: ctx.diagnostics,
  };
}

/** Freezes `value` and everything it holds: laid-out slides are shared between decks, and nothing may change them. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
  return value;
}

/** Slides that carry a slide number and the source footer. */
export const NUMBERED: ReadonlySet<DeckLayout> = new Set<DeckLayout>(['agenda', 'content', 'picture', 'figures', 'figure', 'chart', 'table', 'comparison']);

function layoutSlideBlock(ctx: Ctx, block: SlideBlock): Slide[] {
  switch (block.layout) {
    case 'title':
    case 'closing':
    case 'section':
      return heroSlides(ctx, block);
    case 'picture':
      if (!block.picture) return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      return pictureSlides(ctx, block, block.picture);
    case 'agenda':
      return pointSlides(ctx, block, block.points, { first: 0, list: 'number', numberFrom: 1 });
    case 'content': {
      const columns = block.columns ?? [];
      if (columns.length === 0) return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      const slides = comparisonSlides(ctx, block, columns);
      return slides.concat(pointSlides(ctx, block, block.points, { first: slides.length, list: 'bullet', numberFrom: 1 }));
    }
    case 'figures': {
      // A figure a chart slide draws is not repeated as a callout; a slide left with nothing to show is dropped.
      const stats = block.stats.filter((s) => s.id === undefined || !ctx.charted.has(s.id));
      if (stats.length === 0) {
        if (block.stats.length > 0 && block.points.length === 0) return [];
        return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      }
      const slides = stats.length === 1 ? [keyFigureSlide(ctx, block, stats[0] as Stat)] : figureSlides(ctx, block, stats);
      return slides.concat(pointSlides(ctx, block, block.points, { first: slides.length, list: 'bullet', numberFrom: 1 }));
    }
    case 'chart': {
      if (!block.chart) {
        ctx.diagnostics.push(warning('a chart slide has no chart; its points are shown as a content slide', block.span, ['give the slide a `chart` block']));
        return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      }
      const slide = chartSlide(ctx, block, block.chart);
      return [slide, ...pointSlides(ctx, block, block.points, { first: 1, list: 'bullet', numberFrom: 1 })];
    }
    case 'table': {
      if (!block.table) {
        ctx.diagnostics.push(warning('a table slide has no table; its points are shown as a content slide', block.span, ['give the slide a `table` block']));
        return pointSlides(ctx, block, block.points, { first: 0, list: 'bullet', numberFrom: 1 });
      }
      const slides = tableSlides(ctx, block, block.table);
      return slides.concat(pointSlides(ctx, block, block.points, { first: slides.length, list: 'bullet', numberFrom: 1 }));
    }
  }
}
