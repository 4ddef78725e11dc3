// A body page → its running head (document title, current section), rule and folio; all artifacts.
import { linesToItems, nextBlockId, setOneLine, setText } from './blocks/set.js';
import type { Ctx } from './blocks/types.js';
import type { FrameItem, Page } from './types.js';

export function paintRunningHead(pg: Page, title: string, section: string, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const s = theme.type.runningHead;
  const idx = pg.number - 1;
  const verso = (idx + 1) % 2 === 0;
  const left = verso ? geo.outside : geo.inside;
  const y = geo.top - 30;
  const id = nextBlockId(ctx);
  const items: FrameItem[] = [];
  const titleLines = setOneLine(ctx, title, s, geo.contentW / 2);
  const sectionLines = setOneLine(ctx, section, s, geo.contentW / 2);
  const sw = sectionLines[0]?.naturalWidthPt ?? 0;
  items.push(...linesToItems(titleLines, s, left, y, 'artifact', id));
  items.push(...linesToItems(sectionLines, s, left + geo.contentW - sw, y, 'artifact', id));
  items.push({ kind: 'rule', x1Pt: left, y1Pt: y + s.leadingPt + 2, x2Pt: left + geo.contentW, y2Pt: y + s.leadingPt + 2, stroke: 'rule', widthPt: 0.5 });
  const folio = setText(ctx, String(pg.number), s, 40);
  const fw = folio[0]?.naturalWidthPt ?? 0;
  const fx = verso ? left : left + geo.contentW - fw;
  items.push(...linesToItems(folio, s, fx, geo.trimH - geo.bottom + 12, 'artifact', id));
  return items;
}
