// The rendered documents (the brochure's and the briefing's trees) kept in the disk cache (src/cache/disk.ts), so
// that a fresh `check` or `build` of a dataset whose layouts and data have not changed does not render and parse
// them again: compiling the layouts' code, running it cold and parsing the markup took ~40 ms of a cold build,
// reading the entry ~1 ms.
//
// Keyed by everything rendering reads: silkpress's code (its helpers, the markup parser; the code id changes with
// any line, dependencies included), every layout, partial and theme.yaml in the templates folder, the dataset as
// the edition reads it (its value) and as written (its text and file name: the trees' spans point into it), the
// edition, and the working folder (spans name files relative to it). Rendering reads nothing else: no clock, no
// environment, no locale, no other file. Only a process's first render uses the cache: `watch` and batch workers
// render again with their layouts compiled and warm, and would pay for the key without a hit.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { codeId } from '../cache/versions.js';
import type { Dataset } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import type { EditionInput } from '../template/view.js';
import type { Documents } from './typeset.js';

let rendered = false;

export function cachedDocuments(templatesDir: string, data: LoadedYaml<Dataset>, edition: EditionInput | undefined, render: () => Documents): Documents {
  const first = !rendered;
  rendered = true;
  const key = first ? documentsKey(templatesDir, data, edition) : undefined;
  if (key) {
    const payload = readCacheEntry('documents', key);
    if (payload) {
      try {
        return JSON.parse(payload.toString('utf8')) as Documents;
      } catch {
        // A payload that checks out but does not parse: render afresh.
      }
    }
  }
  const docs = render();
  if (key) writeCacheEntry('documents', key, Buffer.from(JSON.stringify(docs), 'utf8'));
  return docs;
}

function documentsKey(templatesDir: string, data: LoadedYaml<Dataset>, edition: EditionInput | undefined): string | undefined {
  const code = codeId();
  if (!code) return undefined;
  const hash = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
  const dir = resolve(templatesDir);
  let layouts: string[];
  try {
    let partials: string[] = [];
    try {
      partials = readdirSync(join(dir, 'partials')).filter((n) => n.endsWith('.hbs')).map((n) => join('partials', n));
    } catch {
      // No partials folder: the layouts have none (render.ts reads it so).
    }
    const top = readdirSync(dir).filter((n) => n.endsWith('.hbs') || n === 'theme.yaml');
    layouts = [...top, ...partials].sort().map((n) => `${n}:${hash(readFileSync(join(dir, n)))}`);
  } catch {
    // A templates folder that cannot be read: rendering reports it; nothing is kept.
    return undefined;
  }
  return [
    `documents 1 ${code}`,
    process.cwd(),
    dir,
    ...layouts,
    data.file,
    hash(data.text),
    hash(JSON.stringify(data.value)),
    JSON.stringify(edition ?? null),
  ].join('\n');
}
