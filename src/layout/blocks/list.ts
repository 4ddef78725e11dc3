// A list block (any depth, bulleted or numbered) → one hanging-indent lines placeable per item, each level indented
// by the hang of the level above; structure: L > LI > (Lbl) LBody, a nested list as an L inside its item's LBody.
import { listLabel } from '../../edition/words.js';
import type { BlockOf, ListItem } from '../../markup/types.js';
import type { TypeStyle } from '../../theme/theme.js';
import type { StructureNode } from '../types.js';
import { inlineParts, leaf, nextBlockId, setLines, setText, textElement } from './set.js';
import type { Ctx, Placeable } from './types.js';

export function listPlaceables(block: BlockOf<'list'>, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  placeList({ ordered: block.ordered ?? false, items: block.items }, 1, 0, ctx, out, parent);
}

/** Bullets by level: a square in the accent colour, then a dash, then a small square, muted. */
const BULLETS: { shape: 'square' | 'dash'; scale: number; colour: string }[] = [
  { shape: 'square', scale: 0.55, colour: 'accent' },
  { shape: 'dash', scale: 0.55, colour: 'muted' },
  { shape: 'square', scale: 0.4, colour: 'muted' },
];

function placeList(list: { ordered: boolean; items: ListItem[] }, level: number, baseIndentPt: number, ctx: Ctx, out: Placeable[], parent: StructureNode[]): void {
  const { theme, geo } = ctx;
  const gap = theme.page.paragraphGapPt;
  const style = theme.type.body;
  const node: StructureNode = { type: 'L', children: [] };
  parent.push(node);
  // Numbers hang in a column as wide as the widest of this list's labels and a gap; bullets in 1.2 em.
  const labels = list.ordered ? list.items.map((_, i) => setText(ctx, listLabel(ctx.lang, level, i + 1), style, geo.contentW)) : [];
  const labelW = Math.max(0, ...labels.map((l) => l[0]?.naturalWidthPt ?? 0));
  // A label ending in a full-width mark (一、 （一）) carries its own blank; 1. needs a gap after it.
  const fullWidthEnd = list.ordered && /[、）]$/.test(listLabel(ctx.lang, level, 1));
  const hang = list.ordered ? labelW + (fullWidthEnd ? 0 : style.sizePt * 0.3) : style.sizePt * 1.2;
  const indent = baseIndentPt + hang;
  list.items.forEach((item, i) => {
    const lines = setLines(ctx, item.inlines, style, geo.contentW - indent, 'justify');
    const parts = inlineParts(ctx, lines);
    const id = nextBlockId(ctx);
    const li: StructureNode = { type: 'LI', children: [] };
    node.children.push(li);
    let label: { lines: typeof lines; style: TypeStyle; xPt: number; blockId: number } | undefined;
    if (list.ordered) {
      // The number is the item's label (Lbl): read before its body.
      const labelId = nextBlockId(ctx);
      li.children.push(leaf('Lbl', labelId));
      label = { lines: labels[i]!, style, xPt: baseIndentPt, blockId: labelId };
    }
    // A bullet is a drawn shape, an artifact: the item's element holds its body only. An item with a nested list
    // holds its own text as a P, so the body reads text first, then the nested list (content would follow children).
    if (item.sublist) {
      const body: StructureNode = { type: 'LBody', children: [textElement('P', id, parts)] };
      li.children.push(body);
      pushItem(lines, parts, label);
      placeList(item.sublist, level + 1, indent, ctx, out, body.children);
    } else {
      li.children.push(textElement('LBody', id, parts));
      pushItem(lines, parts, label);
    }

    function pushItem(ls: typeof lines, ps: typeof parts, lbl: typeof label): void {
      const bullet = BULLETS[Math.min(level, BULLETS.length) - 1]!;
      out.push({
        kind: 'lines',
        lines: ls,
        style,
        indentPt: indent,
        role: 'LI',
        blockId: id,
        spaceBeforePt: 0,
        spaceAfterPt: gap * 0.75,
        keepWithNext: false,
        newPage: false,
        ...(lbl
          ? { label: lbl }
          : {
              marker: {
                text: '■',
                style: { ...style, sizePt: style.sizePt * bullet.scale, colour: bullet.colour },
                // The first level keeps the bullet where it always stood; deeper ones sit in their own hang.
                ...(level > 1 ? { xPt: baseIndentPt + hang * 0.15, shape: bullet.shape } : {}),
              },
            }),
        ...(ps ? { parts: ps } : {}),
      });
    }
  });
}
