// The logical structure (layout's StructureNode tree) → pdfkit structure elements, and the marked
// content that ties each painted item to its element or marks it as an artifact (PDF 32000-1 §14.7–14.8).
import type { FrameItem, Page, StructureNode, StructureType } from '../layout/types.js';

/** What a painted item belongs to: an element's content, an artifact, or nothing (annotations). */
export type MarkKey = { kind: 'block'; blockId: number } | { kind: 'artifact' } | { kind: 'none' };

export function markKeyOf(item: FrameItem): MarkKey {
  switch (item.kind) {
    case 'text':
      return item.role === 'artifact' ? { kind: 'artifact' } : { kind: 'block', blockId: item.blockId };
    case 'rect':
    case 'rule':
    case 'image':
      return item.blockId === undefined ? { kind: 'artifact' } : { kind: 'block', blockId: item.blockId };
    case 'link':
      return { kind: 'none' };
  }
}

const sameKey = (a: MarkKey, b: MarkKey): boolean =>
  a.kind === b.kind && (a.kind !== 'block' || (b.kind === 'block' && a.blockId === b.blockId));

/** A page's items cut into runs that share a mark key, so each run is one marked-content sequence. */
export function markedRuns(items: FrameItem[]): { key: MarkKey; items: FrameItem[] }[] {
  const runs: { key: MarkKey; items: FrameItem[] }[] = [];
  for (const item of items) {
    const key = markKeyOf(item);
    const last = runs[runs.length - 1];
    if (last && sameKey(last.key, key)) last.items.push(item);
    else runs.push({ key, items: [item] });
  }
  return runs;
}

/**
 * Without a structure from the layout, each block becomes one element, in order of first appearance:
 * of its runs' role, or a `Div` for a block of shapes only, or a `Link` for a link's block. Flat, but
 * every piece of content is still tagged or an artifact.
 */
export function flatStructure(pages: Page[]): StructureNode[] {
  const nodes = new Map<number, StructureNode>();
  for (const page of pages) {
    for (const item of page.items) {
      const key = markKeyOf(item);
      const id = key.kind === 'block' ? key.blockId : item.kind === 'link' ? item.blockId : undefined;
      if (id === undefined) continue;
      const node = nodes.get(id) ?? { type: item.kind === 'link' ? 'Link' : 'Div', blockId: id, children: [] };
      if (item.kind === 'text' && node.type === 'Div') node.type = item.role as StructureType;
      nodes.set(id, node);
    }
  }
  return [...nodes.values()];
}

/** Structure types that are not standard in PDF 1.7, with the standard type each maps to (the RoleMap). */
export const ROLE_MAP: Partial<Record<StructureType, StructureType>> = { Title: 'P' };

export interface Tagging {
  /** Open the marked-content sequence for a run of items on the current page. */
  begin(key: MarkKey): void;
  end(): void;
  /** The structure element an annotation of `blockId` belongs to. */
  element(blockId: number): PDFKit.PDFStructureElement;
  /** Called after page `pageIndex` is painted: ends the elements whose content is complete. */
  pageDone(pageIndex: number): void;
}

/** A rectangle in layout coordinates (points, y down from the trim's top). */
interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

function boxOf(item: FrameItem): Box {
  switch (item.kind) {
    case 'text':
      // The em box: ascent 0.88 em above the baseline, descent 0.12 em below (Noto Sans CJK metrics).
      return { x0: item.xPt, y0: item.yPt - item.sizePt * 0.88, x1: item.xPt + item.widthPt, y1: item.yPt + item.sizePt * 0.12 };
    case 'rect':
    case 'link':
    case 'image':
      return { x0: item.xPt, y0: item.yPt, x1: item.xPt + item.wPt, y1: item.yPt + item.hPt };
    case 'rule':
      return { x0: Math.min(item.x1Pt, item.x2Pt), y0: Math.min(item.y1Pt, item.y2Pt), x1: Math.max(item.x1Pt, item.x2Pt), y1: Math.max(item.y1Pt, item.y2Pt) };
  }
}

const union = (a: Box, b: Box): Box => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) });

interface Leaf {
  element: PDFKit.PDFStructureElement;
  type: StructureType;
  lastPage: number;
}

/** Build the structure elements under one `Document` element and return the marking interface for painting. */
export function startTagging(doc: PDFKit.PDFDocument, pages: Page[], structure: StructureNode[], slugPt: number): Tagging {
  const leaves = new Map<number, Leaf>();
  const root = doc.struct('Document');
  doc.addStructure(root);
  const build = (node: StructureNode, parent: PDFKit.PDFStructureElement): void => {
    const element = doc.struct(node.type, node.alt !== undefined ? { alt: node.alt } : {});
    // A header cell says which cells it heads (PDF/UA: every TH has a Scope).
    if (node.scope !== undefined) (element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Table', Scope: node.scope };
    parent.add(element);
    if (node.blockId !== undefined) {
      if (leaves.has(node.blockId)) throw new Error(`structure: block ${node.blockId} is the content of two elements`);
      leaves.set(node.blockId, { element, type: node.type, lastPage: -1 });
    }
    for (const child of node.children) build(child, element);
  };
  for (const node of structure) build(node, root);
  const types = new Set<StructureType>();
  const walk = (n: StructureNode): void => {
    types.add(n.type);
    n.children.forEach(walk);
  };
  structure.forEach(walk);
  const roleMap = Object.fromEntries(Object.entries(ROLE_MAP).filter(([k]) => types.has(k as StructureType)));
  if (Object.keys(roleMap).length) {
    (doc.getStructTreeRoot() as unknown as { data: Record<string, unknown> }).data.RoleMap = roleMap;
  }

  const bounds = new Map<number, { page: number; box: Box } | 'pages'>();
  pages.forEach((page, index) => {
    for (const item of page.items) {
      const key = markKeyOf(item);
      const id = key.kind === 'block' ? key.blockId : item.kind === 'link' ? item.blockId : undefined;
      if (id === undefined) continue;
      const leaf = leaves.get(id);
      if (!leaf) throw new Error(`structure: page ${index + 1} paints block ${id}, which no structure element holds`);
      leaf.lastPage = index;
      if (leaf.type !== 'Figure' || item.kind === 'link') continue;
      const had = bounds.get(id);
      if (had === 'pages' || (had && had.page !== index)) bounds.set(id, 'pages');
      else bounds.set(id, { page: index, box: had ? union(had.box, boxOf(item)) : boxOf(item) });
    }
  });
  // A figure's layout attributes: placed as a block, with its bounding box when it sits on one page
  // (PDF 32000-1 §14.8.5.4.3: BBox is required for figures then).
  for (const [id, b] of bounds) {
    if (b === 'pages') continue;
    const page = pages[b.page]!;
    const h = page.heightPt + 2 * slugPt;
    const r = (n: number): number => Math.round(n * 100) / 100;
    const bbox = [b.box.x0 + slugPt, h - (b.box.y1 + slugPt), b.box.x1 + slugPt, h - (b.box.y0 + slugPt)].map(r);
    (leaves.get(id)!.element as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data.A = { O: 'Layout', Placement: 'Block', BBox: bbox };
  }

  let open: { leaf: Leaf; content: PDFKit.PDFStructureContent } | 'artifact' | undefined;
  return {
    begin(key) {
      if (key.kind === 'artifact') {
        doc.markContent('Artifact');
        open = 'artifact';
      } else if (key.kind === 'block') {
        const leaf = leaves.get(key.blockId)!;
        open = { leaf, content: doc.markStructureContent(leaf.type) };
      }
    },
    end() {
      if (open === undefined) return;
      doc.endMarkedContent();
      if (open !== 'artifact') open.leaf.element.add(open.content);
      open = undefined;
    },
    element(blockId) {
      const leaf = leaves.get(blockId);
      if (!leaf) throw new Error(`structure: no element for block ${blockId}`);
      return leaf.element;
    },
    pageDone(pageIndex) {
      // Ending an element writes it, with the current page as the page of its annotations (OBJR /Pg):
      // end each one on the last page that shows it.
      for (const leaf of leaves.values()) if (leaf.lastPage === pageIndex) leaf.element.end();
    },
  };
}
