// The largest inputs silkpress accepts, each just under one of the limits in src/data/limits.ts (or, for the
// pages and slides, just over, so the build is refused): what test/memory.test.ts measures the real command line
// on, and scripts/worst-case.ts writes for measuring by hand. Each is the shipped dataset with something added,
// written into a folder where the dataset's pictures are linked.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { linkDatasetFolder } from '../../src/bench/scale.js';
import { MAX_DEPTH, MAX_FIELD_CHARS, MAX_FILE_BYTES, MAX_TEXT_CHARS, MAX_VALUES } from '../../src/data/limits.js';

export const SHIPPED = 'data/belt-and-road.yaml';

interface SectionLike {
  id: string;
  sections?: SectionLike[];
  [key: string]: unknown;
}

interface DatasetLike {
  sections: SectionLike[];
  [key: string]: unknown;
}

/** Characters of text as limits.ts counts them: every string, and every number as it prints. */
export function textChars(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'number') return String(v).length;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + textChars(x), 0);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + textChars(x), 0);
  return 0;
}

/** Values as limits.ts counts them: every text, number, list and mapping. */
export function valueCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + valueCount(x), 1);
  if (v && typeof v === 'object') return Object.values(v).reduce((n: number, x) => n + valueCount(x), 1);
  return 1;
}

const shipped = (): DatasetLike => parse(readFileSync(SHIPPED, 'utf8')) as DatasetLike;

/** A Traditional Chinese filler of `n` characters that no check objects to (no figures, no Simplified forms). */
const filler = (n: number, seed = 0): string => {
  const words = '香港國際金融中心航運貿易服務專業人才法律仲裁創新科技文化交流合作發展機遇優勢';
  let s = '';
  for (let i = 0; s.length < n; i++) s += words[(i * 7 + seed) % words.length]!;
  // A full stop now and then, so the text breaks into sentences as real text does.
  return s.slice(0, n - 1).replace(/(.{60})/g, '$1，') .slice(0, n - 1) + '。';
};

/** The shipped dataset with `extra` sections after its own. */
function withSections(extra: SectionLike[]): DatasetLike {
  const data = shipped();
  data.sections = [...data.sections, ...extra];
  return data;
}

function write(dir: string, name: string, text: string): string {
  mkdirSync(dir, { recursive: true });
  linkDatasetFolder(SHIPPED, dir);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const dump = (data: unknown): string => stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 });

/** Room left under the text cap once the shipped dataset is counted, less a margin. */
const room = (margin = 2_000): number => MAX_TEXT_CHARS - textChars(shipped()) - margin;
/** Room left under the values cap, less a margin. */
const valueRoom = (margin = 100): number => MAX_VALUES - valueCount(shipped()) - margin;
/** Room left under the file cap, less a margin. */
const byteRoom = (margin = 16 * 1024): number => MAX_FILE_BYTES - readFileSync(SHIPPED).length - margin;

export interface WorstCase {
  name: string;
  what: string;
  /** Writes the input into `dir`; returns its path. */
  make: (dir: string) => string;
}

export const WORST_CASES: WorstCase[] = [
  {
    name: 'sections-repeated',
    what: "the dataset's sections repeated up to the text cap (ids suffixed)",
    make: (dir) => {
      const data = shipped();
      const perCopy = textChars(data.sections);
      const times = Math.min(Math.floor((room() + perCopy) / (perCopy + 200)), Math.floor((valueRoom() + valueCount(data.sections)) / (valueCount(data.sections) + 20)));
      const rename = (s: SectionLike, copy: number): SectionLike => ({ ...s, id: `${s.id}-copy${copy}`, ...(s.sections ? { sections: s.sections.map((c) => rename(c, copy)) } : {}) });
      const original = data.sections;
      data.sections = Array.from({ length: times }, (_, i) => (i === 0 ? original : original.map((s) => rename(s, i + 1)))).flat();
      return write(dir, 'sections-repeated.yaml', dump(data));
    },
  },
  {
    name: 'tiny-facts',
    what: 'as many one-character facts as the file and text caps allow',
    make: (dir) => {
      // A fact is two values (its mapping and its text) in 18 bytes (`      - text: 港\n`): the values cap stops it.
      const n = Math.min(Math.floor(byteRoom() / 18), room(), Math.floor((valueRoom() - 10) / 2));
      const facts = `      - text: 港\n`.repeat(n);
      return write(dir, 'tiny-facts.yaml', readFileSync(SHIPPED, 'utf8').replace(/\nfigures:/, `\n  - id: tiny\n    title: 事實\n    body:\n    - facts:\n${facts}\nfigures:`));
    },
  },
  {
    name: 'huge-paragraphs',
    what: `paragraphs of ${MAX_FIELD_CHARS - 1} characters up to the text cap`,
    make: (dir) => {
      const n = Math.floor(room() / (MAX_FIELD_CHARS - 1));
      const body = Array.from({ length: n }, (_, i) => ({ paragraph: filler(MAX_FIELD_CHARS - 1, i) }));
      return write(dir, 'huge-paragraphs.yaml', dump(withSections([{ id: 'long', title: '長文', body }])));
    },
  },
  {
    name: 'big-tables',
    what: 'tables of numbers (and short text) up to the text cap',
    make: (dir) => {
      // 8 columns of 5-digit numbers: 40 characters a row, 500 rows a table.
      const rowChars = 8 * 5;
      const tables = Math.max(1, Math.min(Math.floor(room() / (rowChars * 500 + 100)), Math.floor(valueRoom() / (9 * 500 + 30))));
      const table = (t: number) => ({
        table: {
          caption: `統計表 ${t + 1}`,
          columns: ['text', ...Array(7).fill('number')],
          header: ['項目', '一', '二', '三', '四', '五', '六', '七'],
          rows: Array.from({ length: 500 }, (_, r) => [`項${r}`.padEnd(5, '目').slice(0, 5), ...Array.from({ length: 7 }, (_, c) => 10_000 + ((r * 7 + c) % 89_999))]),
        },
      });
      const sections = Array.from({ length: tables }, (_, t) => ({ id: `table-${t}`, title: '統計', body: [table(t)] }));
      return write(dir, 'big-tables.yaml', dump(withSections(sections)));
    },
  },
  {
    name: 'deep-lists',
    what: 'lists nested as deep as the depth cap allows, repeated up to the text and values caps',
    make: (dir) => {
      // root › sections › section › body › block › list › items, then two levels (item, its items) per level.
      const depth = Math.floor((MAX_DEPTH - 7) / 2);
      const nest = (d: number): unknown => (d === 0 ? filler(20) : { text: filler(20, d), items: [nest(d - 1)] });
      const one = { list: { items: [nest(depth)] } };
      const n = Math.min(Math.floor(room() / textChars(one)), Math.floor(valueRoom() / valueCount(one)));
      const text = (k: number): string => dump(withSections([{ id: 'deep', title: '清單', body: Array.from({ length: k }, () => ({ list: { items: [nest(depth)] } })) }]));
      const first = text(n);
      const over = Buffer.byteLength(first) / (MAX_FILE_BYTES - 64 * 1024);
      return write(dir, 'deep-lists.yaml', over > 1 ? text(Math.floor(n / over)) : first);
    },
  },
  {
    name: 'structure-8mib',
    what: 'a file just under 8 MiB: comments and blank lines around a table of numbers as large as the caps allow',
    make: (dir) => {
      const base = readFileSync(SHIPPED, 'utf8');
      const budget = MAX_FILE_BYTES - Buffer.byteLength(base) - 1024;
      // Half comments, half mappings of numbers (a chart-free figure table: structure, almost no text).
      const row = `        - [1, 2, 3, 4, 5, 6, 7, 8]\n`;
      const rows = Math.floor(budget / 2 / row.length);
      const rowBytes = row.length * Math.min(rows, Math.floor(room() / 8), Math.floor((valueRoom() - 30) / 9));
      // The rest in comments and blank lines.
      const comments = `# ${'註'.repeat(30)}\n\n`.repeat(Math.floor((budget - rowBytes - 600) / 94));
      const cap = Math.min(rows, Math.floor(room() / 8), Math.floor((valueRoom() - 30) / 9));
      const table = `  - id: structure\n    title: 結構\n    body:\n    - table:\n        header: [一, 二, 三, 四, 五, 六, 七, 八]\n        columns: [number, number, number, number, number, number, number, number]\n        rows:\n${row.repeat(cap)}`;
      return write(dir, 'structure-8mib.yaml', `${comments}${base.replace(/\nfigures:/, `\n${table}\nfigures:`)}`);
    },
  },
  {
    name: 'dense-yaml',
    what: 'a file just under 8 MiB of one-number table rows: refused before it is parsed',
    make: (dir) => {
      const n = Math.floor(byteRoom() / 14);
      return write(dir, 'dense-yaml.yaml', readFileSync(SHIPPED, 'utf8').replace(/\nfigures:/, `\n  - id: dense\n    title: 數\n    body:\n    - table:\n        header: [數]\n        rows:\n${'        - [1]\n'.repeat(n)}\nfigures:`));
    },
  },
  {
    name: 'aliases',
    what: 'one anchored section aliased 99 times (the alias limit is 100), filling the text cap',
    make: (dir) => {
      // The anchored body and its 99 copies: each a hundredth of the room, in paragraphs of up to 1 000 characters.
      const per = Math.floor(room() / 100);
      const paragraphs = Math.min(Math.ceil(per / 1_000), Math.floor(valueRoom() / 100 / 2));
      const body = Array.from({ length: paragraphs }, (_, i) => `      - paragraph: ${filler(Math.floor(per / paragraphs) - 5, i)}\n`).join('');
      const anchored = `  - id: shared\n    title: 共用\n    body: &shared\n${body}`;
      const aliases = Array.from({ length: 99 }, (_, i) => `  - id: shared-${i}\n    title: 共用\n    body: *shared\n`).join('');
      return write(dir, 'aliases.yaml', readFileSync(SHIPPED, 'utf8').replace(/\nfigures:/, `\n${anchored}${aliases}\nfigures:`));
    },
  },
];

export const worstCase = (name: string): WorstCase => WORST_CASES.find((c) => c.name === name)!;
