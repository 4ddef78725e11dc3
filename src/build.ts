// The one place that knows the order of the stages:
// load (theme, fonts, dataset) → templates → markup → typeset and lay out → PDF editions and PPTX → files.
import { resolve } from 'node:path';
import type { Delegation } from './data/delegation.js';
import type { LoadedYaml } from './data/yaml.js';
import { DiagnosticError, type Diagnostic } from './diag/diagnostic.js';
import { forEdition } from './layout/brochure.js';
import { writePdf, type Edition, type PdfFile } from './pdf/write.js';
import { deckToPages } from './pptx/pages.js';
import type { Project, ProjectLoader } from './project.js';
import { periodStart } from './data/asof.js';
import { documentKey, type OutputMemo } from './output/reuse.js';
import { byteLength, commitOutputs, type CommitOptions, type FileBytes } from './output/commit.js';
import type { Stage } from './preflight/load.js';
import { blocking, runPreflight, type Preflight } from './preflight/preflight.js';
import { placedPictures, type PlacedPicture } from './images/check.js';
import { changedOutputs, MANIFEST_FILE, projectInputs, readManifest, serializeManifest, sha256, type Manifest, type ManifestOutput } from './manifest.js';

// The stages before writing live in preflight/, which `check` shares; re-exported for the callers that knew them here.
export { loadDataset, openProject, type Stage } from './preflight/load.js';
export { prepareEdition, renderDocuments, typesetCollecting, typesetDocuments, type Documents, type Typeset } from './preflight/typeset.js';

export interface BuildOptions {
  /** Folder holding templates/ and fonts/ (the project root). */
  root: string;
  dataFile: string;
  outDir: string;
  /** Write only the PDF editions or only the deck; both when unset. */
  only?: 'pdf' | 'pptx';
  /** The PDF editions to write; both when unset. */
  editions?: Edition[];
  /** Told as each stage starts, for a progress display. */
  onStage?: (stage: Stage) => void;
  /**
   * Build the edition for this delegation: in its language, opening on the facts tagged with its
   * country (or its themes), its name and visit date on the cover.
   */
  delegation?: LoadedYaml<Delegation>;
  /** Warnings stop the build too, as they fail `check --strict`. */
  strict?: boolean;
  /** Wait for the outputs to reach the disk before committing them (default); `watch` does not (see CommitOptions). */
  durable?: boolean;
  /**
   * A `watch` session's files of its last build: an output whose document, project, date and pictures are as they
   * were is taken from there instead of being written again (src/output/reuse.ts).
   */
  memo?: OutputMemo;
  /**
   * The checks already run on these options (the CLI runs them before loading the writers); run here when not
   * given. Either way a build with an error in them writes nothing.
   */
  preflight?: Preflight;
}

export interface Output {
  file: string;
  bytes: number;
  sha256?: string;
  pages?: number;
  slides?: number;
}

/** The file each PDF edition is written to. */
export const EDITION_FILES: Record<Edition, string> = { screen: 'brochure.pdf', print: 'brochure-print.pdf' };

export interface BuildResult {
  outputs: Output[];
  /** Milliseconds per stage. */
  timings: Record<Stage, number>;
  /** Pages of the brochure as read on screen (the print edition may add notes pages to fill its last sheet). */
  pages: number;
  slides: number;
  /** Warnings that did not stop the build (a deck text box that needs attention, …). */
  warnings: Diagnostic[];
  /** Every picture placed in the brochure, with its effective resolution at its printed size. */
  pictures: PlacedPicture[];
  /** What manifest.json beside the outputs now says. */
  manifest: Manifest;
  manifestFile: string;
  /** Outputs whose bytes differ from what the previous manifest.json recorded (all, when there was none). */
  changed: string[];
  /** Outputs taken unchanged from the session's last build (BuildOptions.memo), not made again. */
  reused: string[];
}

/**
 * The documents' date: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the first instant of the
 * dataset's as-of date (2026-03 → 2026-03-01T00:00Z; metadata needs an instant, and nothing prints this one).
 */
export function buildDate(asOf: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return periodStart(asOf);
}

export async function build(options: BuildOptions, project?: Project | ProjectLoader): Promise<BuildResult> {
  const timings: Record<Stage, number> = { load: 0, check: 0, templates: 0, typeset: 0, pdf: 0, pptx: 0, write: 0 };
  const checked =
    options.preflight ??
    (await runPreflight({
      root: options.root,
      dataFile: options.dataFile,
      ...(project ? { project } : {}),
      ...(options.delegation ? { delegation: options.delegation } : {}),
      ...(options.onStage ? { onStage: options.onStage } : {}),
    }));
  // `build` refuses what `check` refuses: any error (any warning, with strict) stops it before a byte is written.
  const stop = blocking(checked, options.strict ?? false);
  if (stop.length || !checked.prepared) throw new DiagnosticError(stop.length ? stop : checked.diagnostics);
  for (const [k, v] of Object.entries(checked.timings)) timings[k as Stage] += v;
  const { project: proj, data, docs, typeset } = checked.prepared;
  const { laid, deck, engine } = typeset;
  let t = performance.now();
  const lap = (stage: Stage): void => {
    const now = performance.now();
    timings[stage] += now - t;
    t = now;
  };
  const stage = (next: Stage): void => options.onStage?.(next);
  const date = buildDate(data.value.meta.asOf);
  const files: (ManifestOutput & { data: FileBytes })[] = [];
  const add = (file: string, out: Buffer | PdfFile, count: { pages: number } | { slides: number }): void => {
    const [data, digest] = Buffer.isBuffer(out) ? [out, sha256(out)] : [out.parts, out.sha256];
    files.push({ file, data, bytes: byteLength(data), sha256: digest, ...count });
  };
  const reused: string[] = [];
  /** `make`, or in `watch` the same file from the last build when `document`'s key is as it was (output/reuse.ts). */
  const made = async <T>(file: string, document: () => string, make: () => Promise<T>): Promise<T> => {
    if (!options.memo) return make();
    const kept = await options.memo.reuse(file, proj, document(), make);
    if (kept.reused) reused.push(file);
    return kept.value;
  };
  const editions = options.only === 'pptx' ? [] : (options.editions ?? (['screen', 'print'] as Edition[]));
  if (editions.length) stage('pdf');
  let brochure: string | undefined;
  const brochureKey = (): string => (brochure ??= documentKey([docs.brochure], date, laid.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'image' ? [i.path] : [])))));
  for (const edition of editions) {
    const pages = forEdition(laid, edition);
    const pdf = await made(EDITION_FILES[edition], brochureKey, () => writePdf({ laid: pages, theme: proj.theme, fonts: proj.fonts, meta: docs.brochure.meta, edition, date }));
    add(EDITION_FILES[edition], pdf, { pages: pages.pages.length });
  }
  lap('pdf');
  if (options.only !== 'pdf') {
    stage('pptx');
    let briefing: string | undefined;
    const deckKey = (): string => (briefing ??= documentKey([docs.briefing, docs.brochure.meta.lang], date, deck.slides.flatMap((s) => s.items.flatMap((i) => (i.kind === 'picture' ? [i.path] : [])))));
    // Loaded only when a deck is written: pptxgenjs is a large module that `--only pdf` need not pay for.
    const pptx = await made('briefing.pptx', deckKey, async () => (await import('./pptx/write.js')).writePptx(deck, proj.theme, docs.briefing.meta));
    add('briefing.pptx', pptx, { slides: deck.slides.length });
    // The same slides drawn by silkpress's own PDF writer, so the deck can always be shown exactly as laid out:
    // no client here proves that PowerPoint's embedded fonts would travel with the .pptx.
    const slides = await made('briefing.pdf', deckKey, async () => {
      const laidSlides = deckToPages(deck, proj.theme, engine);
      return { pages: laidSlides.pages.length, pdf: await writePdf({ laid: laidSlides, theme: proj.theme, fonts: proj.fonts, meta: docs.briefing.meta, edition: 'screen', date }) };
    });
    add('briefing.pdf', slides.pdf, { pages: slides.pages });
  }
  lap('pptx');
  stage('write');
  const manifest: Manifest = {
    outputs: files.map(({ data: _bytes, ...entry }) => entry),
    inputs: projectInputs({
      root: options.root,
      dataFile: options.dataFile,
      project: proj,
      dataText: data.text,
      pictureFiles: [...new Set(laid.pages.flatMap((p) => p.items.flatMap((i) => (i.kind === 'image' ? [i.path] : []))))],
    }),
  };
  const changed = changedOutputs(readManifest(resolve(options.outDir)), manifest);
  // The manifest goes in the same all-or-nothing batch: it never describes outputs that were not written.
  const written = writeOutputsAtomically(options.outDir, [
    ...files.map((f) => ({ name: f.file, bytes: f.data })),
    { name: MANIFEST_FILE, bytes: serializeManifest(manifest) },
  ], options.durable === false ? { durable: false } : {});
  lap('write');
  const outputs = manifest.outputs.map((o, i) => ({ ...o, file: written[i]!.file }));
  return {
    outputs,
    timings,
    // The brochure as read on screen (the print edition adds notes pages to fill its last sheet).
    pages: forEdition(laid, editions.includes('screen') || editions.length === 0 ? 'screen' : 'print').pages.length,
    slides: deck.slides.length,
    // Every warning `check` would print; the deck's concern the deck only.
    warnings: checked.diagnostics.filter((d) => d.severity === 'warning' && !(options.only === 'pdf' && deck.diagnostics.some((w) => w.code === d.code && w.message === d.message))),
    pictures: placedPictures(laid.pages),
    manifest,
    manifestFile: written[written.length - 1]!.file,
    changed,
    reused,
  };
}

/**
 * Every output is staged and committed as a whole, under the folder's lock (src/output/commit.ts): a failure, or a
 * kill before the commit, leaves the earlier outputs as they were; a kill after it is completed by the next run.
 */
export function writeOutputsAtomically(outDir: string, files: { name: string; bytes: FileBytes }[], options: CommitOptions = {}): Output[] {
  return commitOutputs(outDir, files, options);
}
