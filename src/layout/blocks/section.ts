// A section block → its heading's placeables (a plain heading, or a numbered action's opener band), its body's
// blocks through the dispatcher, and its stat callouts in rows after its text; structure: Sect > H1/H2/H3, body.
import type { BlockOf } from '../../markup/types.js';
import { inlineText } from '../../markup/types.js';
import type { Theme, TypeStyle } from '../../theme/theme.js';
import type { FrameItem, StructureNode, StructureRole } from '../types.js';
import { baselineOffset, headingStyle, leaf, linesToItems, nextBlockId, setLines, setText } from './set.js';
import { openerPictureBox } from './picture.js';
import { flushStats } from './stat.js';
import type { Ctx, Opener, Placeable, PlaceBlock } from './types.js';

export function sectionPlaceables(block: BlockOf<'section'>, ctx: Ctx, out: Placeable[], parent: StructureNode[], place: PlaceBlock): void {
  const { theme, geo } = ctx;
  const title = inlineText(block.heading);
  const role: StructureRole = block.level <= 1 ? 'H1' : block.level === 2 ? 'H2' : 'H3';
  // A top-level section's opening picture starts its page, full bleed; the heading follows on the same page.
  const first = block.blocks[0];
  const opener = block.level <= 1 && first?.kind === 'picture' && first.placement === 'opener' ? first : undefined;
  const id = nextBlockId(ctx);
  const sect: StructureNode = { type: 'Sect', children: [] };
  parent.push(sect);
  if (opener) out.push(openerPictureBox(opener, ctx, sect.children));
  sect.children.push(leaf(role, id));
  const common = {
    kind: 'lines' as const,
    indentPt: 0,
    role,
    blockId: id,
    keepWithNext: true,
    newPage: block.level <= 1 && !opener,
    outline: { title, level: block.level },
    ...(block.level <= 1 ? { runningHead: title } : {}),
  };
  if (block.number !== undefined && block.level > 1) {
    // A numbered section (an action) opens with a band: its number large, its heading reversed out.
    const style = openerHeadingStyle(theme);
    const numeralStyle = openerNumeralStyle(theme);
    // Every opener's heading starts at the same x: leave room for the widest two-digit number.
    const numeralW = Math.max(...['00', '88'].map((n) => setText(ctx, n, numeralStyle, geo.contentW)[0]?.naturalWidthPt ?? 0));
    const ruleX = OPENER_PAD_PT + numeralW + OPENER_GAP_PT;
    const indentPt = ruleX + OPENER_GAP_PT + 1;
    const lines = setLines(ctx, block.heading, style, geo.contentW - indentPt - OPENER_PAD_PT, 'start');
    const heightPt = OPENER_PAD_PT * 2 + lines.length * style.leadingPt;
    out.push({
      ...common,
      lines,
      style,
      indentPt,
      padTopPt: OPENER_PAD_PT,
      spaceBeforePt: 26,
      spaceAfterPt: OPENER_PAD_PT + 14,
      opener: { numeral: setText(ctx, String(block.number).padStart(2, '0'), numeralStyle, geo.contentW), numeralStyle, heightPt, ruleXPt: ruleX },
    });
  } else {
    const style = headingStyle(theme, block.level);
    out.push({
      ...common,
      lines: setLines(ctx, block.heading, style, geo.contentW, 'start'),
      style,
      spaceBeforePt: block.level <= 1 ? 0 : block.level === 2 ? 22 : 12,
      spaceAfterPt: block.level <= 1 ? 14 : 6,
      ruleAbove: block.level === 2,
    });
  }
  // Stat callouts of a section go in rows of up to three, after its text.
  const stats: BlockOf<'stat'>[] = [];
  for (const child of block.blocks) {
    if (child === opener) continue;
    if (child.kind === 'stat') stats.push(child);
    else place(child, ctx, out, sect.children);
    if (child.kind === 'section' && stats.length) flushStats(stats, ctx, out, sect.children);
  }
  flushStats(stats, ctx, out, sect.children);
  return;
}

/** Opener bands: padding around the heading; the number sits in the band's first OPENER_PAD_PT + its width + a gap. */
export const OPENER_PAD_PT = 14;
const OPENER_GAP_PT = 9;

function openerHeadingStyle(theme: Theme): TypeStyle {
  return { ...theme.type.h2, sizePt: theme.type.h2.sizePt + 2, leadingPt: theme.type.h2.leadingPt + 2, colour: 'paper' };
}

function openerNumeralStyle(theme: Theme): TypeStyle {
  const size = theme.type.statValue.sizePt * 1.4;
  return { ...theme.type.statValue, sizePt: size, leadingPt: size, colour: 'gold' };
}

/**
 * An opener's band, painted under its heading: from the text column's inner edge out through the
 * outside edge into the bleed, so it reads as a tab when the brochure is leafed through; the section's
 * number, large, left of the heading. Decoration only: the heading itself says 「（三）」.
 */
export function paintOpener(opener: Opener, topPt: number, left: number, verso: boolean, ctx: Ctx): FrameItem[] {
  const { geo } = ctx;
  const x0 = verso ? -geo.bleed : left;
  const x1 = verso ? left + geo.contentW : geo.trimW + geo.bleed;
  const items: FrameItem[] = [{ kind: 'rect', xPt: x0, yPt: topPt, wPt: x1 - x0, hPt: opener.heightPt, fill: 'accent' }];
  const s = opener.numeralStyle;
  // Lining figures: centre the cap height (about 0.73 em in Noto Sans) in the band.
  const baseline = topPt + opener.heightPt / 2 + s.sizePt * 0.365;
  const top = baseline - baselineOffset(s);
  items.push(...linesToItems(opener.numeral, s, left + OPENER_PAD_PT, top, 'artifact', nextBlockId(ctx)));
  // A hairline in gold between the number and the heading.
  items.push({ kind: 'rect', xPt: left + opener.ruleXPt, yPt: topPt + OPENER_PAD_PT, wPt: 0.8, hPt: opener.heightPt - 2 * OPENER_PAD_PT, fill: 'gold' });
  return items;
}
