// Content scaling: the dataset with its sections repeated k times (ids suffixed so they stay unique), built
// by the real command line in a fresh process; wall time and the process's peak memory.
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

interface SectionLike {
  id: string;
  title: string;
  sections?: SectionLike[];
}

/**
 * A dataset copied into a scratch folder still names its pictures (and any other file) relative to its own folder:
 * link what stands beside it into `dir` — not other datasets, nor the delegation profiles, which belong to the original.
 */
export function linkDatasetFolder(dataFile: string, dir: string): void {
  const from = dirname(resolve(dataFile));
  for (const entry of readdirSync(from)) {
    if (entry === basename(dataFile) || entry === 'delegations' || /\.ya?ml$/i.test(entry) || existsSync(join(dir, entry))) continue;
    symlinkSync(join(from, entry), join(dir, entry));
  }
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
  linkDatasetFolder(dataFile, dir);
  // No anchors: the copies share objects, and a build locates each text by its own path in the file.
  writeFileSync(file, stringify(data, { aliasDuplicateObjects: false, lineWidth: 0 }));
  return file;
}
