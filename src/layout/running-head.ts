// A body page → its running head (document title, current section), rule and folio; all artifacts.
import { linesToItems, nextBlockId, setText } from './blocks/set.js';
import type { Ctx } from './blocks/types.js';
import type { FrameItem, Page } from './types.js';
import type { Line } from '../text/engine.js';
import type { TypeStyle } from '../theme/theme.js';
import { NO_LINE_END } from '../text/chars.js';

export function paintRunningHead(pg: Page, title: string, section: string, ctx: Ctx): FrameItem[] {
  const { theme, geo } = ctx;
  const s = theme.type.runningHead;
  const idx = pg.number - 1;
  const verso = (idx + 1) % 2 === 0;
  const left = verso ? geo.outside : geo.inside;
  const y = geo.top - 30;
  const id = nextBlockId(ctx);
  const items: FrameItem[] = [];
  const titleLines = oneLine(ctx, title, s, geo.contentW / 2);
  const sectionLines = oneLine(ctx, section, s, geo.contentW / 2);
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

/**
 * `text` on one line of `widthPt`: whole when it fits, else cut where it still fits with an ellipsis after it
 * (…… in Chinese, clreq §3.3; … in English), never inside a Latin word or after an opening bracket or a pause.
 * A running head that lost its end without a mark read as a whole title that was not one.
 */
function oneLine(ctx: Ctx, text: string, s: TypeStyle, widthPt: number): Line[] {
  const whole = setText(ctx, text, s, widthPt);
  if (whole.length <= 1) return whole;
  const mark = /^en\b/i.test(ctx.lang) ? '…' : '……';
  const chars = [...text];
  const cut = (n: number): string => {
    let head = chars.slice(0, n);
    // Inside a Latin word: back to its start.
    if (n < chars.length && /[A-Za-z0-9]/.test(chars[n]!) && /[A-Za-z0-9]/.test(head[head.length - 1] ?? '')) {
      let k = head.length;
      while (k > 0 && /[A-Za-z0-9]/.test(head[k - 1]!)) k--;
      if (k > 0) head = head.slice(0, k);
    }
    while (head.length > 0 && (NO_LINE_END.has(head[head.length - 1]!) || /[\s，、；：,;:—–-]/.test(head[head.length - 1]!))) head.pop();
    return head.join('') + mark;
  };
  const fits = (n: number): boolean => setText(ctx, cut(n), s, widthPt).length === 1;
  let lo = 0;
  let hi = chars.length - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return setText(ctx, cut(lo), s, widthPt).slice(0, 1);
}
