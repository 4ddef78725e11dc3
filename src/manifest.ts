// A build's outputs and inputs, hashed → manifest.json beside the outputs, so CI can tell whether an output changed
// and which inputs made it. No timestamps: the same inputs give the same manifest, byte for byte.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileStamp } from './cache/stamp.js';
import { fontSha256, type LoadedFont } from './fonts/registry.js';
import type { Project } from './project.js';

export const MANIFEST_FILE = 'manifest.json';

export interface ManifestOutput {
  /** File name inside the output folder. */
  file: string;
  bytes: number;
  sha256: string;
  /** Pages of a PDF. */
  pages?: number;
  /** Slides of a deck. */
  slides?: number;
}

export interface ManifestInput {
  /** Path relative to the project folder, with `/`. */
  file: string;
  sha256: string;
}

export interface Manifest {
  outputs: ManifestOutput[];
  inputs: ManifestInput[];
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Checksums of input files this process has read, under the stamp each had: `watch` rebuilds read none again. */
const fileHashes = new Map<string, { stamp: string; sha256: string }>();

/** The checksum of the file at `path`, read again only when its stamp (src/cache/stamp.ts) has changed. */
function fileSha256(path: string): string {
  const stamp = fileStamp(path);
  const known = fileHashes.get(path);
  if (known?.stamp === stamp) return known.sha256;
  const hash = sha256(readFileSync(path));
  // Stamped before the read: a file written during the read has a new stamp, so it is read again next time.
  fileHashes.set(path, { stamp, sha256: hash });
  return hash;
}


/**
 * What a build reads: the dataset, every file under templates/ (layouts, partials, the theme), fonts/manifest.json
 * and the font files the theme's chains use. Sorted by path. Editor litter (dotfiles, `~` backups) is left out.
 */
export function projectInputs(input: { root: string; dataFile: string; project: Project; dataText: string; pictureFiles?: string[] }): ManifestInput[] {
  const root = resolve(input.root);
  const name = (abs: string): string => relative(root, abs).split(sep).join('/');
  const inputs: ManifestInput[] = [{ file: name(resolve(input.dataFile)), sha256: sha256(input.dataText) }];
  for (const file of listFiles(resolve(input.project.templatesDir))) inputs.push({ file: name(file), sha256: fileSha256(file) });
  const fontsDir = resolve(root, 'fonts');
  inputs.push({ file: name(join(fontsDir, MANIFEST_FILE)), sha256: fileSha256(join(fontsDir, MANIFEST_FILE)) });
  const used = new Set<LoadedFont>();
  for (const chain of input.project.fonts.chains.values()) for (const f of chain) used.add(f);
  for (const f of used) inputs.push({ file: name(resolve(f.file)), sha256: fontSha256(f) });
  // The pictures the documents place (the dataset's; the theme's are under templates/ already).
  for (const file of input.pictureFiles ?? []) inputs.push({ file: name(file), sha256: fileSha256(file) });
  const unique = new Map(inputs.map((i) => [i.file, i]));
  return [...unique.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name.endsWith('~')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** Fixed key order and a final newline, so equal manifests are equal files. */
export function serializeManifest(m: Manifest): Buffer {
  const outputs = m.outputs.map((o) => ({
    file: o.file,
    bytes: o.bytes,
    sha256: o.sha256,
    ...(o.pages !== undefined ? { pages: o.pages } : {}),
    ...(o.slides !== undefined ? { slides: o.slides } : {}),
  }));
  const inputs = m.inputs.map((i) => ({ file: i.file, sha256: i.sha256 }));
  return Buffer.from(JSON.stringify({ outputs, inputs }, null, 2) + '\n');
}

/** The manifest an earlier build left in `outDir`, if there is a readable one. */
export function readManifest(outDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8')) as Manifest;
    return Array.isArray(m.outputs) && Array.isArray(m.inputs) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Outputs whose bytes differ from those the previous manifest records (every output when there was none). */
export function changedOutputs(previous: Manifest | undefined, next: Manifest): string[] {
  const before = new Map((previous?.outputs ?? []).map((o) => [o.file, o.sha256]));
  return next.outputs.filter((o) => before.get(o.file) !== o.sha256).map((o) => o.file);
}
