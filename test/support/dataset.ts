// Walk a dataset and list every text a reader must find in the outputs.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Dataset, Section } from '../../src/data/schema.js';

export interface DatasetTexts {
  /** Paragraph and fact texts, emphasis marks removed. */
  body: string[];
  headings: string[];
  facts: { text: string; point?: string }[];
}

export const stripMarks = (s: string): string => s.replace(/\*\*/g, '');

export function datasetTexts(d: Dataset): DatasetTexts {
  const out: DatasetTexts = { body: [], headings: [], facts: [] };
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      out.headings.push(stripMarks(s.title));
      for (const b of s.body) {
        if ('paragraph' in b) out.body.push(stripMarks(b.paragraph));
        else if ('facts' in b)
          for (const f of b.facts) {
            out.body.push(stripMarks(f.text));
            out.facts.push({ text: stripMarks(f.text), ...(f.point ? { point: stripMarks(f.point) } : {}) });
          }
      }
      walk(s.sections ?? []);
    }
  };
  walk(d.sections);
  return out;
}

export const squash = (s: string): string => s.replace(/\s+/g, '');

/** A fact sheet of one section, with no figures or charts, written as `sheet.yaml` in `dir`; its path. */
export function writeOneSectionSheet(
  dir: string,
  meta: { title: string; asOf: string },
  section: { id: string; title: string; picture?: unknown; body: unknown[] },
): string {
  const data = {
    meta: { title: meta.title, lang: 'zh-Hant-HK', publisher: '測試出版社', asOf: meta.asOf, source: '測試資料' },
    countries: {},
    sections: [section],
    figures: [],
    charts: [],
  };
  const file = join(dir, 'sheet.yaml');
  writeFileSync(file, stringify(data));
  return file;
}
