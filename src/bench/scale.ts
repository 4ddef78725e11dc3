// Content scaling: the dataset with its sections repeated k times (ids suffixed so they stay unique), built
// by the real command line in a fresh process; wall time and the process's peak memory.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

interface SectionLike {
  id: string;
  title: string;
  sections?: SectionLike[];
}

/** Writes `dataFile` with its sections repeated `times` times into `dir`; returns the new file's path. */
export function scaledDataset(dataFile: string, times: number, dir: string): string {
  const data = parse(readFileSync(dataFile, 'utf8')) as { sections: SectionLike[] };
  const rename = (s: SectionLike, copy: number): SectionLike => ({
    ...s,
    id: `${s.id}-copy${copy}`,
    ...(s.sections ? { sections: s.sections.map((c) => rename(c, copy)) } : {}),
  });
  const original = data.sections;
  data.sections = Array.from({ length: times }, (_, i) => (i === 0 ? original : original.map((s) => rename(s, i + 1)))).flat();
  const file = join(dir, `scaled-x${times}.yaml`);
  // No anchors: the copies share objects, and a build locates each text by its own path in the file.
  writeFileSync(file, stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 }));
  return file;
}
