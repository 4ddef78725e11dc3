// A padding page of the print edition → a designed notes page (heading, ruled lines for the reader's notes, running
// head and folio), so a stapled booklet's multiple of four never shows a blank page; the screen edition has none.
import { linesToItems, nextBlockId, setText } from './blocks/set.js';
import type { Ctx } from './blocks/types.js';
import type { FrameItem, Page } from './types.js';

/** Space between the ruled lines: a comfortable handwriting line. */
const LINE_GAP_PT = 26;

export function paintNotesPage(pg: Page, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const verso = pg.number % 2 === 0;
  const left = verso ? geo.outside : geo.inside;
  const style = theme.type.h2;
  // Everything here is for the reader's pen, not content: artifacts, as the running head is.
  const id = nextBlockId(ctx);
  const items: FrameItem[] = [{ kind: 'rect', xPt: left, yPt: geo.top - 6, wPt: 28, hPt: 3, fill: 'accent' }];
  items.push(...linesToItems(setText(ctx, ctx.say('notesPage'), style, geo.contentW), style, left, geo.top, 'artifact', id));
  const bottom = geo.trimH - geo.bottom;
  for (let y = geo.top + style.leadingPt + LINE_GAP_PT; y <= bottom; y += LINE_GAP_PT) {
    items.push({ kind: 'rule', x1Pt: left, y1Pt: y, x2Pt: left + geo.contentW, y2Pt: y, stroke: 'rule', widthPt: 0.5 });
  }
  return items;
}
