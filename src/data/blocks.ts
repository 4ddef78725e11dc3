// A section's body block (paragraph, facts, list, table, quote, note) → its text fields, in reading order, with
// their JSON pointers and English; and the same block with every text mapped. One walk over the block kinds, so
// check (figures, script), the English edition and the translation check all see the same texts.
import type { Block, Fact, ListItemInput, Table } from './schema.js';

/** One human-readable text of a block: where it is, the node holding it (whose `en` translates it), its English. */
export interface BlockText {
  /** JSON pointer of the text. */
  pointer: string;
  text: string;
  /** The English beside it, when the dataset gives one (`undefined`: none). */
  english: string | undefined;
  /** Whether an English edition needs English for it (a number cell or a slide point without one does not). */
  translatable: boolean;
}

/** The kind of a block, by the key that holds its content. */
export type BlockKind = 'paragraph' | 'facts' | 'list' | 'table' | 'quote' | 'note';

export function blockKind(b: Block): BlockKind {
  if ('paragraph' in b) return 'paragraph';
  if ('facts' in b) return 'facts';
  if ('list' in b) return 'list';
  if ('table' in b) return 'table';
  if ('quote' in b) return 'quote';
  return 'note';
}

/** A table cell's text as printed: a YAML number prints as written. */
export function cellText(cell: string | number): string {
  return typeof cell === 'number' ? String(cell) : cell;
}

/** The column kinds of a table, one per header cell (text when not given). */
export function columnKinds(t: Table): { kind: 'text' | 'number' | 'year'; align: 'right' | 'decimal' }[] {
  return t.header.map((_, i) => {
    const c = t.columns?.[i];
    if (c === undefined) return { kind: 'text', align: 'right' };
    return typeof c === 'string' ? { kind: c, align: 'right' } : { kind: c.kind, align: c.align ?? 'right' };
  });
}

/** Every text of a block in reading order (a fact's sub-facts after it, a list item's items after it). */
export function blockTexts(b: Block, pointer: string): BlockText[] {
  const out: BlockText[] = [];
  const add = (p: string, text: string | undefined, english: string | undefined, translatable = true): void => {
    if (text !== undefined && text !== '') out.push({ pointer: p, text, english, translatable });
  };
  if ('paragraph' in b) add(`${pointer}/paragraph`, b.paragraph, b.en);
  else if ('facts' in b) {
    const facts = (list: Fact[], base: string): void =>
      list.forEach((f, k) => {
        const fp = `${base}/${k}`;
        add(`${fp}/text`, f.text, f.en?.text);
        add(`${fp}/point`, f.point, f.en?.point);
        facts(f.facts ?? [], `${fp}/facts`);
      });
    facts(b.facts, `${pointer}/facts`);
  } else if ('list' in b) {
    const items = (list: ListItemInput[], base: string): void =>
      list.forEach((item, k) => {
        const ip = `${base}/${k}`;
        if (typeof item === 'string') add(ip, item, undefined);
        else {
          add(`${ip}/text`, item.text, item.en?.text);
          items(item.items ?? [], `${ip}/items`);
        }
      });
    items(b.list.items, `${pointer}/list/items`);
  } else if ('table' in b) {
    const t = b.table;
    const tp = `${pointer}/table`;
    const kinds = columnKinds(t);
    add(`${tp}/caption`, t.caption, t.en?.caption);
    t.header.forEach((h, c) => add(`${tp}/header/${c}`, h, t.en?.header[c]));
    t.rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        const english = t.en?.rows?.[r]?.[c];
        // Numbers and years read the same in English; a text cell needs its English.
        const isText = kinds[c]?.kind === 'text' && typeof cell === 'string';
        add(`${tp}/rows/${r}/${c}`, cellText(cell), english === undefined ? (isText ? undefined : cellText(cell)) : cellText(english), isText);
      }),
    );
    add(`${tp}/note`, t.note, t.en?.note);
  } else if ('image' in b) {
    // A picture's alternative text, caption and credit are read (or heard) in every edition.
    const ip = `${pointer}/image`;
    add(`${ip}/alt`, b.image.alt, b.image.en?.alt);
    add(`${ip}/caption`, b.image.caption, b.image.en?.caption);
    add(`${ip}/credit`, b.image.credit, b.image.en?.credit);
  } else if ('quote' in b) {
    add(`${pointer}/quote`, b.quote, b.en?.quote);
    add(`${pointer}/by`, b.by, b.en?.by);
  } else add(`${pointer}/note`, b.note, b.en);
  return out;
}

/** The block with every text mapped by `f` (given the text and its pointer); structure and English kept. */
export function mapBlockText(b: Block, pointer: string, f: (text: string, pointer: string, node: object, field: string) => string): Block {
  if ('paragraph' in b) return { ...b, paragraph: f(b.paragraph, `${pointer}/paragraph`, b, 'paragraph') };
  if ('facts' in b) {
    const facts = (list: Fact[], base: string): Fact[] =>
      list.map((fact, j) => {
        const fp = `${base}/${j}`;
        const out: Fact = { ...fact, text: f(fact.text, `${fp}/text`, fact, 'text') };
        if (fact.point !== undefined) out.point = f(fact.point, `${fp}/point`, fact, 'point');
        if (fact.facts) out.facts = facts(fact.facts, `${fp}/facts`);
        return out;
      });
    return { facts: facts(b.facts, `${pointer}/facts`) };
  }
  if ('list' in b) {
    const items = (list: ListItemInput[], base: string): ListItemInput[] =>
      list.map((item, k) => {
        const ip = `${base}/${k}`;
        // A bare string item has no `en` of its own: the English edition keeps it as written.
        if (typeof item === 'string') return f(item, ip, {}, String(k));
        const out = { ...item, text: f(item.text, `${ip}/text`, item, 'text') };
        if (item.items) out.items = items(item.items, `${ip}/items`);
        return out;
      });
    return { list: { ...b.list, items: items(b.list.items, `${pointer}/list/items`) } };
  }
  if ('image' in b) {
    const im = b.image;
    const ip = `${pointer}/image`;
    return {
      image: {
        ...im,
        alt: f(im.alt, `${ip}/alt`, im, 'alt'),
        ...(im.caption !== undefined ? { caption: f(im.caption, `${ip}/caption`, im, 'caption') } : {}),
        ...(im.credit !== undefined ? { credit: f(im.credit, `${ip}/credit`, im, 'credit') } : {}),
      },
    };
  }
  if ('table' in b) {
    const t = b.table;
    const tp = `${pointer}/table`;
    const en = t.en ?? {};
    const kinds = columnKinds(t);
    const cellNode = (r: number, c: number, cell: string): object => {
      const english = t.en?.rows?.[r]?.[c];
      if (english !== undefined) return { en: cellText(english) };
      // A number or a year reads the same in English.
      return kinds[c]?.kind === 'text' ? {} : { en: cell };
    };
    const table: Table = {
      ...t,
      ...(t.caption !== undefined ? { caption: f(t.caption, `${tp}/caption`, { en: t.en?.caption }, 'caption') } : {}),
      header: t.header.map((h, c) => f(h, `${tp}/header/${c}`, { en: t.en?.header[c] }, String(c))),
      rows: t.rows.map((row, r) => row.map((cell, c) => (typeof cell === 'number' ? cell : f(cell, `${tp}/rows/${r}/${c}`, cellNode(r, c, cell), String(c))))),
    };
    if (t.note !== undefined) table.note = f(t.note, `${tp}/note`, { en: (en as { note?: string }).note }, 'note');
    return { table };
  }
  if ('quote' in b) {
    const out = { ...b, quote: f(b.quote, `${pointer}/quote`, { en: b.en?.quote }, 'quote') };
    if (b.by !== undefined) out.by = f(b.by, `${pointer}/by`, { en: b.en?.by }, 'by');
    return out;
  }
  return { ...b, note: f(b.note, `${pointer}/note`, b, 'note') };
}
