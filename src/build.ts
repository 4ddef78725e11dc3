// The one place that knows the order of the stages:
// load (theme, fonts, dataset) → templates → markup → typeset and lay out → PDF editions and PPTX → files.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetSchema, type Dataset } from './data/schema.js';
import { checkReferences } from './data/validate.js';
import { loadYamlFile, type LoadedYaml } from './data/yaml.js';
import { codes, DiagnosticError, error, type Diagnostic } from './diag/diagnostic.js';
import { layoutBrochure } from './layout/brochure.js';
import type { LaidOutDocument } from './layout/types.js';
import { parseMarkup } from './markup/parse.js';
import type { Doc } from './markup/types.js';
import { writePdf, type Edition } from './pdf/write.js';
import { documentToDeck, type Deck } from './pptx/deck.js';
import { deckToPages } from './pptx/pages.js';
import { writePptx } from './pptx/write.js';
import { renderMarkup } from './template/render.js';
import { createTextEngine, type TextEngine } from './text/engine.js';
import { loadProject, type Project } from './project.js';
import { checkDelegation, type Delegation } from './data/delegation.js';
import { selectFocusFacts } from './edition/focus.js';
import { localise } from './edition/language.js';
import { dateIn, words } from './edition/words.js';
import { periodStart } from './data/asof.js';
import type { EditionInput } from './template/view.js';
import { label } from './theme/theme.js';
import { checkProjectFiles } from './check/assets.js';
import { changedOutputs, MANIFEST_FILE, projectInputs, readManifest, serializeManifest, sha256, type Manifest, type ManifestOutput } from './manifest.js';

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

export type Stage = 'load' | 'templates' | 'typeset' | 'pdf' | 'pptx' | 'write';

export interface BuildResult {
  outputs: Output[];
  /** Milliseconds per stage. */
  timings: Record<Stage, number>;
  pages: number;
  slides: number;
  /** Warnings that did not stop the build (a deck text box that needs attention, …). */
  warnings: Diagnostic[];
  /** What manifest.json beside the outputs now says. */
  manifest: Manifest;
  manifestFile: string;
  /** Outputs whose bytes differ from what the previous manifest.json recorded (all, when there was none). */
  changed: string[];
}

/**
 * Theme and fonts, after checking that fonts/manifest.json names only files inside fonts/: a build never reads
 * outside its project because a manifest said so.
 */
export function openProject(root: string, lang?: string): Project {
  const problems = checkProjectFiles(root).filter((d) => d.severity === 'error');
  if (problems.length) throw new DiagnosticError(problems);
  return loadProject(root, lang);
}

export function loadDataset(file: string): LoadedYaml<Dataset> {
  const data = loadYamlFile(file, DatasetSchema);
  const problems = checkReferences(data);
  if (problems.length) throw new DiagnosticError(problems);
  return data;
}

export interface Documents {
  brochure: Doc;
  briefing: Doc;
}

export function renderDocuments(project: Project, data: LoadedYaml<Dataset>, edition?: EditionInput): Documents {
  // The data arrives in the edition's language (localise) and the layouts' own words come from the theme's
  // labels for that language, so the markup needs no further conversion.
  const parse = (layout: 'brochure' | 'briefing'): Doc => {
    const { markup, file } = renderMarkup({ layout, data, templatesDir: project.templatesDir, ...(edition ? { edition } : {}) });
    return parseMarkup({ markup, file, data });
  };
  return { brochure: parse('brochure'), briefing: parse('briefing') };
}

export interface Typeset {
  laid: LaidOutDocument;
  deck: Deck;
  engine: TextEngine;
}

/** Typeset both documents with one engine; any character no font can draw fails the build here, before any file is written. */
export function typesetDocuments(project: Project, docs: Documents, data: LoadedYaml<Dataset>): Typeset {
  const { missingGlyphs, ...typeset } = typesetCollecting(project, docs, data);
  if (missingGlyphs.length) throw new DiagnosticError(missingGlyphs);
  return typeset;
}

/** As typesetDocuments, but the characters no font can draw are returned, not thrown: `check` reports them with the rest. */
export function typesetCollecting(project: Project, docs: Documents, data: LoadedYaml<Dataset>): Typeset & { missingGlyphs: Diagnostic[] } {
  const engine = createTextEngine(project.fonts);
  const laid = layoutBrochure(docs.brochure, project.theme, engine);
  const deck = documentToDeck(docs.briefing, project.theme, engine);
  return { laid, deck, engine, missingGlyphs: engine.diagnostics.map((d) => pointAtCharacter(d, data)) };
}

/**
 * A missing-glyph diagnostic points at its data field; move it onto the character itself: the first
 * occurrence of the character at or after the field's start in the data file.
 */
function pointAtCharacter(d: Diagnostic, data: LoadedYaml<Dataset>): Diagnostic {
  const ch = d.text;
  const span = d.span;
  if (!ch || !span || span.file !== data.file || span.line === undefined || span.column === undefined) return d;
  const lines = data.text.split('\n');
  for (let n = span.line - 1; n < lines.length; n++) {
    const from = n === span.line - 1 ? span.column - 1 : 0;
    const at = lines[n]!.indexOf(ch, from);
    if (at >= 0) return { ...d, span: { ...span, line: n + 1, column: at + 1 } };
  }
  return d;
}

/**
 * The dataset as a delegation's edition reads it: in its language, with its name and visit date as the
 * subtitle on the cover and title slide, and the facts to open with. Without a delegation, as authored.
 */
export function prepareEdition(
  authored: LoadedYaml<Dataset>,
  project: Project,
  delegation: LoadedYaml<Delegation> | undefined,
): { data: LoadedYaml<Dataset>; edition?: EditionInput } {
  if (!delegation) return { data: authored };
  const profile = delegation.value;
  const problems = checkDelegation(delegation, authored.value).filter((d) => d.severity === 'error');
  if (problems.length) throw new DiagnosticError(problems);
  const { data, diagnostics } = localise(authored, profile.language);
  if (diagnostics.length) throw new DiagnosticError(diagnostics);
  const d = data.value;
  const lang = profile.language;
  const facts = selectFocusFacts(d, { country: profile.country, themes: profile.themes });
  const country = profile.country ? (d.countries[profile.country] ?? profile.country) : undefined;
  const fill = (key: string): string => label(project.theme, lang, key).replace('{country}', country ?? '');
  // The cover's and title slide's line for the delegation: its name and visit date as the edition's language writes them.
  const subtitle = words(project.theme, lang, 'delegationSubtitle', { name: profile.name, date: dateIn(lang, profile.visitDate) });
  return {
    data: { ...data, value: { ...d, meta: { ...d.meta, subtitle } } },
    edition: {
      focus: {
        title: fill(country ? 'focusTitle' : 'focusThemes'),
        empty: facts.length === 0 ? fill('focusNone') : null,
        facts: facts.map((f) => f.pointer),
      },
    },
  };
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

export async function build(options: BuildOptions, project?: Project): Promise<BuildResult> {
  const timings: Record<Stage, number> = { load: 0, templates: 0, typeset: 0, pdf: 0, pptx: 0, write: 0 };
  let t = performance.now();
  const lap = (stage: Stage): void => {
    const now = performance.now();
    timings[stage] += now - t;
    t = now;
  };
  const stage = (next: Stage): void => options.onStage?.(next);
  stage('load');
  const lang = options.delegation?.value.language;
  const proj = project ?? openProject(options.root, lang);
  const authored = loadDataset(options.dataFile);
  const { data, edition } = prepareEdition(authored, proj, options.delegation);
  lap('load');
  stage('templates');
  const docs = renderDocuments(proj, data, edition);
  lap('templates');
  stage('typeset');
  const { laid, deck, engine } = typesetDocuments(proj, docs, data);
  lap('typeset');
  const date = buildDate(data.value.meta.asOf);
  const files: (ManifestOutput & { data: Buffer })[] = [];
  const add = (file: string, bytes: Buffer, count: { pages: number } | { slides: number }): void => {
    files.push({ file, data: bytes, bytes: bytes.length, sha256: sha256(bytes), ...count });
  };
  const editions = options.only === 'pptx' ? [] : (options.editions ?? (['screen', 'print'] as Edition[]));
  if (editions.length) stage('pdf');
  for (const edition of editions) {
    const bytes = await writePdf({ laid, theme: proj.theme, fonts: proj.fonts, meta: docs.brochure.meta, edition, date });
    add(EDITION_FILES[edition], bytes, { pages: laid.pages.length });
  }
  lap('pdf');
  if (options.only !== 'pdf') {
    stage('pptx');
    add('briefing.pptx', await writePptx(deck, proj.theme, docs.briefing.meta), { slides: deck.slides.length });
    // The same slides drawn by silkpress's own PDF writer, so the deck can always be shown exactly as laid out:
    // no client here proves that PowerPoint's embedded fonts would travel with the .pptx.
    const slides = deckToPages(deck, proj.theme, engine);
    add('briefing.pdf', await writePdf({ laid: slides, theme: proj.theme, fonts: proj.fonts, meta: docs.briefing.meta, edition: 'screen', date }), { pages: slides.pages.length });
  }
  lap('pptx');
  stage('write');
  const manifest: Manifest = {
    outputs: files.map(({ data: _bytes, ...entry }) => entry),
    inputs: projectInputs({ root: options.root, dataFile: options.dataFile, project: proj, dataText: data.text }),
  };
  const changed = changedOutputs(readManifest(resolve(options.outDir)), manifest);
  // The manifest goes in the same all-or-nothing batch: it never describes outputs that were not written.
  const written = writeOutputsAtomically(options.outDir, [
    ...files.map((f) => ({ name: f.file, bytes: f.data })),
    { name: MANIFEST_FILE, bytes: serializeManifest(manifest) },
  ]);
  lap('write');
  const outputs = manifest.outputs.map((o, i) => ({ ...o, file: written[i]!.file }));
  return {
    outputs,
    timings,
    pages: laid.pages.length,
    slides: deck.slides.length,
    // The deck's warnings concern the deck only.
    warnings: options.only === 'pdf' ? [] : deck.diagnostics,
    manifest,
    manifestFile: written[written.length - 1]!.file,
    changed,
  };
}

/**
 * Every output goes to a temporary file beside its target first; only when all are complete are they
 * renamed into place (rename is atomic on one file system). A failure leaves the earlier outputs as they were.
 */
export function writeOutputsAtomically(outDir: string, files: { name: string; bytes: Buffer }[]): Output[] {
  const dir = resolve(outDir);
  const temps: { temp: string; target: string; bytes: number }[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const target = join(dir, f.name);
      const temp = join(dir, `.${f.name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      temps.push({ temp, target, bytes: f.bytes.length });
      writeFileSync(temp, f.bytes);
    }
    for (const t of temps) renameSync(t.temp, t.target);
  } catch (e) {
    for (const t of temps) rmSync(t.temp, { force: true });
    throw new DiagnosticError([error(codes.output, `cannot write to ${dir}: ${(e as Error).message}`, { file: dir })]);
  }
  return temps.map((t) => ({ file: t.target, bytes: t.bytes }));
}
