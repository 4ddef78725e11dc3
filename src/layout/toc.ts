// The contents entries + the body's outline → the contents pages' items, each entry a link to its page (TOC > TOCI > Link).
import { baselineOffset, leaf, linesToItems, nextBlockId, setOneLine, setText } from './blocks/set.js';
import type { Ctx } from './blocks/types.js';
import type { OutlineEntry, Page, StructureNode } from './types.js';

/** Fill the contents pages; returns their structure: the heading, then a TOC of entries that link to their pages. */
export function paintToc(tocPages: Page[], entries: { title: string; level: number }[], outline: OutlineEntry[], ctx: Ctx): StructureNode[] {
  const { theme, geo } = ctx;
  const h = theme.type.h1;
  const body = theme.type.body;
  const lineH = body.leadingPt * 1.5;
  const perPage = Math.floor((geo.trimH - geo.top - geo.bottom - 60) / lineH);
  const structure: StructureNode[] = [];
  const toc: StructureNode = { type: 'TOC', children: [] };
  // Entries and outline entries come from the same walk over level ≤ 2 sections, in order.
  const targets = outline.filter((o) => o.level <= 2);
  entries.forEach((entry, i) => {
    const pg = tocPages[Math.floor(i / perPage)]!;
    const idx = pg.number - 1;
    const left = (idx + 1) % 2 === 0 ? geo.outside : geo.inside;
    if (i % perPage === 0) {
      const title = setText(ctx, ctx.say('contents'), h, geo.contentW);
      const id = nextBlockId(ctx);
      // The heading once; its repetition on a following contents page is a running title, an artifact.
      if (i === 0) structure.push(leaf('H1', id));
      pg.items.push(...linesToItems(title, h, left, geo.top, i === 0 ? 'H1' : 'artifact', id));
    }
    const y = geo.top + 60 + (i % perPage) * lineH;
    const indent = entry.level === 1 ? 0 : body.sizePt * 2;
    const style = entry.level === 1 ? { ...body, role: 'heading' } : body;
    const target = targets[i];
    const folio = target ? String(target.pageIndex + 1) : '';
    const id = nextBlockId(ctx);
    // TOCI > Reference > Link (as WTPDF 1.0 / PDF/UA-2 shape an entry; all standard PDF 1.7 types): the
    // entry's text and page number, and the link annotation over them; the Link's Alt names its target.
    const label = ctx.say('pageOf', { title: entry.title, page: folio });
    toc.children.push({ type: 'TOCI', children: [{ type: 'Reference', children: [{ ...leaf('Link', id), alt: label }] }] });
    const num = setText(ctx, folio, style, 40);
    const numW = num[0]?.naturalWidthPt ?? 0;
    const text = setOneLine(ctx, entry.title, style, geo.contentW - indent - 50);
    pg.items.push(...linesToItems(text, style, left + indent, y, 'Link', id));
    const textW = text[0]?.naturalWidthPt ?? 0;
    const ruleY = y + baselineOffset(style);
    pg.items.push({ kind: 'rule', x1Pt: left + indent + textW + 6, y1Pt: ruleY, x2Pt: left + geo.contentW - numW - 6, y2Pt: ruleY, stroke: 'rule', widthPt: 0.5 });
    pg.items.push(...linesToItems(num, style, left + geo.contentW - numW, y, 'Link', id));
    if (target) {
      pg.items.push({
        kind: 'link',
        xPt: left + indent,
        yPt: y,
        wPt: geo.contentW - indent,
        hPt: lineH,
        targetPage: target.pageIndex,
        targetYPt: target.yPt,
        blockId: id,
        label,
      });
    }
  });
  structure.push(toc);
  return structure;
}
