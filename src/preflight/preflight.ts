// A project folder + a dataset (+ a delegation profile, for its edition) → every problem that would make a build
// fail or come out wrong, and, when there is none, the documents typeset and ready to write. `check` reports the
// problems; `build` (and watch, preview, batch editions) stops on an error before writing a byte and otherwise
// writes from the same typesetting, so a build refuses exactly what `check` refuses and typesets only once.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { belongsTo, checkBelongs, checkDelegation, checkDelegationIds, delegationFiles, loadDelegation, type Delegation } from '../data/delegation.js';
import { DATASET_SCHEMA, type Dataset } from '../data/schema.js';
import { checkReferences, checkTranslations } from '../data/validate.js';
import { parseYaml, readSource, type LoadedYaml } from '../data/yaml.js';
import { codes, DiagnosticError, error, type Diagnostic } from '../diag/diagnostic.js';
import { MAX_PAGES, MAX_SLIDES } from '../data/limits.js';
import type { Project, ProjectLoader } from '../project.js';
import type { EditionInput } from '../template/view.js';
import { checkProjectFiles } from '../check/assets.js';
import { checkSvgGlyphs } from '../images/svg-text.js';
import { useProjectFontsForSvg } from '../images/fontconfig.js';
import { checkDatasetImages, checkPicturesDecode, checkResolution, checkThemeImages, datasetPictures } from '../images/check.js';
import { explain } from '../check/explain.js';
import { checkFigures } from '../check/figures.js';
import { checkScriptConcurrently } from '../check/script.js';
import { isSimplifiedChinese, loadSimplifiedConversion } from '../edition/text.js';
import type { Stage } from './load.js';
import type { Documents, Typeset } from './typeset.js';

export interface PreflightOptions {
  root: string;
  dataFile: string;
  /**
   * A project already loaded (batch workers, tests), or a session's loader by language (`watch`); loaded from
   * `root` when not given. Either way in the edition's language: a delegation's, else the dataset's `meta.lang`.
   */
  project?: Project | ProjectLoader;
  /**
   * Check (and typeset) this delegation's edition: its profile against the dataset and the edition in its
   * language. Without one, every profile that belongs to the dataset is checked and the authored edition typeset.
   */
  delegation?: LoadedYaml<Delegation>;
  onStage?: (stage: Stage) => void;
  /** Only the dataset's own checks (YAML, schema, references, script, key figures): a batch runs them once. */
  datasetOnly?: boolean;
}

/** Everything a build needs to write, typeset once. */
export interface Prepared {
  project: Project;
  /** The dataset as the edition reads it (localised for a delegation). */
  data: LoadedYaml<Dataset>;
  edition?: EditionInput;
  docs: Documents;
  typeset: Typeset;
}

export interface Preflight {
  /** In the order the stages found them, each with its text and a hint: the first is the one to fix first. */
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  /** What was typeset, when the checks got that far. */
  pages?: number;
  slides?: number;
  /** Milliseconds spent per stage (load, check, templates, typeset). */
  timings: Partial<Record<Stage, number>>;
  /** Present when there is no error: the typeset documents a build writes. */
  prepared?: Prepared;
}

/** Run `f`; a DiagnosticError's diagnostics are collected instead of thrown. */
function collecting<T>(into: Diagnostic[], f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (e instanceof DiagnosticError) {
      into.push(...e.diagnostics);
      return undefined;
    }
    throw e;
  }
}

export async function runPreflight(options: PreflightOptions): Promise<Preflight> {
  // Before the dataset's pictures are decoded: an SVG's text is set in the project's fonts, never the machine's.
  useProjectFontsForSvg(resolve(options.root, 'fonts'));
  const found: Diagnostic[] = [];
  const timings: Partial<Record<Stage, number>> = {};
  let t = performance.now();
  let current: Stage | undefined;
  /** Charge the time since the last call to the current stage, then move on to `next` (none: finished). */
  const lap = (next?: Stage): void => {
    const now = performance.now();
    if (current) timings[current] = (timings[current] ?? 0) + now - t;
    t = now;
    current = next;
  };
  const stage = (next: Stage): void => {
    lap(next);
    options.onStage?.(next);
  };
  const done = (): void => lap();
  stage('load');

  // The dataset first: its problems are the ones staff make daily, and they do not depend on the project.
  const checkedData = collecting(found, () => checkedDataset(options.dataFile, () => lap('check')));
  const data: LoadedYaml<Dataset> | undefined = checkedData?.data;
  let referencesOk = false;
  let picturesOk = false;
  let editionOk = true;
  const delegation = options.delegation;
  // The script check's findings go here, between the references and the key figures, when they arrive.
  let scriptAt = -1;
  if (checkedData && data) {
    lap('check');
    found.push(...checkedData.references);
    scriptAt = found.length;
    found.push(...checkedData.figures);
    // Pictures: each file there, what its name says, decodable; one that cannot be read would stop the layout.
    const pictures = checkDatasetImages(data);
    const baseDir = dirname(resolve(data.file));
    pictures.push(...(await checkPicturesDecode(datasetPictures(data.value).map(({ pointer, image }) => ({ file: image.file, baseDir, span: data.locate(`${pointer}/file`) })))));
    found.push(...pictures);
    referencesOk = checkedData.references.length === 0;
    picturesOk = pictures.length === 0;
    if (options.datasetOnly) {
      found.splice(scriptAt, 0, ...(await checkedData.script));
      done();
      return summarise(found, timings, {});
    }
    if (referencesOk) {
      const editions = delegation ? checkEdition(data, delegation, options.root) : checkEditions(data, found, options.root);
      found.push(...editions);
      // A delegation's edition that does not fit its dataset is not rendered: it could only repeat these.
      editionOk = !delegation || !editions.some((d) => d.severity === 'error');
    }
    lap('load');
  }

  // The pipeline (fonts, templates, layout) is loaded only when the data is good enough to render: a YAML or
  // schema error is reported without paying for it.
  const pipeline = data && referencesOk && picturesOk ? await import('./typeset.js') : undefined;
  // The edition's language picks its fonts and deck typefaces (theme.languages): a delegation's, else the one the
  // dataset is written in, so that a dataset written in Simplified Chinese is set in Simplified fonts.
  const lang = delegation?.value.language ?? data?.value.meta.lang;
  const given = options.project;
  let project = typeof given === 'function' ? (pipeline ? collecting(found, () => given(lang)) : undefined) : given;
  if (!given) {
    const files = checkProjectFiles(options.root);
    found.push(...files, ...checkThemeImages(join(options.root, 'templates', 'theme.yaml')));
    // Fonts are not loaded from a manifest that reaches outside the project.
    const filesOk = !files.some((d) => d.severity === 'error');
    if (filesOk && pipeline) {
      const { loadProject } = await import('../project.js');
      project = collecting(found, () => loadProject(options.root, lang));
    } else if (filesOk) {
      // Nothing will be rendered: the theme is still worth checking, the fonts (slow to open) are not needed.
      const { loadTheme } = await import('../theme/theme.js');
      collecting(found, () => loadTheme(join(options.root, 'templates', 'theme.yaml')));
    }
  }
  // Rendering needs a valid dataset with intact references and a loaded project; without them it could only
  // repeat what is already reported.
  if (data && pipeline && project && editionOk) {
    const loaded = project;
    // A Simplified edition (a delegation's, or a dataset written in Simplified, whose SVG text is converted too)
    // needs OpenCC, which is loaded only then.
    if (delegation?.value.language === 'zh-Hans' || isSimplifiedChinese(data.value.meta.lang)) await loadSimplifiedConversion();
    const edition = collecting(found, () => pipeline.prepareEdition(data, loaded, delegation));
    if (edition) {
      stage('templates');
      const docs = collecting(found, () => pipeline.renderDocuments(loaded, edition.data, edition.edition));
      if (docs) {
        stage('typeset');
        // A theme picture that cannot be read stops the layout: reported above at its line, and here.
        const collected = collecting(found, () => pipeline.typesetCollecting(loaded, docs, edition.data));
        if (!collected) {
          if (scriptAt >= 0) found.splice(scriptAt, 0, ...(await checkedData!.script));
          done();
          return summarise(found, timings, {});
        }
        const { missingGlyphs, ...typeset } = collected;
        // Every placed picture's effective resolution at its printed size: a warning below 300 ppi, an error below 150.
        found.push(
          ...missingGlyphs,
          ...typeset.deck.diagnostics,
          ...checkResolution(typeset.laid.pages),
          // An SVG's text is drawn in the theme's fonts: a character they lack is tofu, as in the data.
          ...checkSvgGlyphs(typeset.laid.pages, loaded.fonts, docs.brochure.meta.lang),
          ...checkLengths(typeset, edition.data.file),
        );
        lap('check');
        if (scriptAt >= 0) found.splice(scriptAt, 0, ...(await checkedData!.script));
        done();
        const summary = summarise(found, timings, { pages: typeset.laid.pages.length, slides: typeset.deck.slides.length });
        if (summary.errors === 0) summary.prepared = { project: loaded, data: edition.data, ...(edition.edition ? { edition: edition.edition } : {}), docs, typeset };
        return summary;
      }
    }
  }
  lap('check');
  if (scriptAt >= 0) found.splice(scriptAt, 0, ...(await checkedData!.script));
  done();
  return summarise(found, timings, {});
}

interface CheckedDataset {
  data: LoadedYaml<Dataset>;
  /** Problems with its ids and references. */
  references: Diagnostic[];
  /** Characters of the other Chinese script: worked out while the rest of the preflight goes on. */
  script: Promise<Diagnostic[]>;
  /** Its key figures. */
  figures: Diagnostic[];
}

/**
 * The last dataset this process read and checked, by file and text: the editions of a batch, and a `watch`
 * rebuild after a template edit, read the same text again, and its parse and checks (OpenCC's script check above
 * all) give the same answer. The file is read every time; only an identical text is answered from here.
 */
let lastDataset: { file: string; text: string; checked: CheckedDataset } | undefined;

function checkedDataset(file: string, parsed: () => void): CheckedDataset {
  const text = readSource(file);
  if (lastDataset && lastDataset.file === file && lastDataset.text === text) {
    parsed();
    return lastDataset.checked;
  }
  const data = parseYaml(file, text, DATASET_SCHEMA);
  parsed();
  const checked = { data, references: checkReferences(data), script: checkScriptConcurrently(data), figures: checkFigures(data) };
  lastDataset = { file, text, checked };
  return checked;
}

/**
 * The delegation profiles beside the dataset (`<dataset folder>/delegations/*.yaml`) that belong to it (their
 * `dataset:`): each must fit the dataset, and every text must exist in each language an edition will be made in.
 * A profile of another dataset in the same folder is that dataset's business.
 */
function checkEditions(data: LoadedYaml<Dataset>, found: Diagnostic[], root: string): Diagnostic[] {
  const dir = join(dirname(data.file), 'delegations');
  if (!existsSync(dir)) return [];
  const out: Diagnostic[] = [];
  const languages = new Set<string>();
  const profiles: LoadedYaml<Delegation>[] = [];
  for (const file of delegationFiles(dir)) {
    const profile = collecting(found, () => loadDelegation(file));
    if (!profile || !belongsTo(profile.value, data.file, root)) continue;
    profiles.push(profile);
    languages.add(profile.value.language);
    out.push(...checkDelegation(profile, data.value));
  }
  out.push(...checkDelegationIds(profiles));
  // Simplified is converted from the Traditional text; English must be written beside it.
  if (languages.has('en')) out.push(...checkTranslations(data));
  return out;
}

/** One delegation's edition: its profile must fit the dataset, and an English edition needs every text in English. */
function checkEdition(data: LoadedYaml<Dataset>, delegation: LoadedYaml<Delegation>, root: string): Diagnostic[] {
  const elsewhere = checkBelongs(delegation, data.file, root);
  if (elsewhere.length) return elsewhere;
  return [...checkDelegation(delegation, data.value), ...(delegation.value.language === 'en' ? checkTranslations(data) : [])];
}

function summarise(found: Diagnostic[], timings: Partial<Record<Stage, number>>, counts: { pages?: number; slides?: number }): Preflight {
  const diagnostics = explain(found);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { diagnostics, errors, warnings: diagnostics.length - errors, timings, ...counts };
}

/** A brochure or deck longer than anyone should print or present: a sign of data gone wrong (a paste repeated). */
function checkLengths(typeset: Typeset, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const over = (what: string, n: number, max: number): void => {
    out.push(error(codes.inputLimit, `the ${what} would have ${n} ${what === 'brochure' ? 'pages' : 'slides'}, more than the ${max} silkpress makes`, { file, line: 1, column: 1 }, [
      'shorten the dataset or split it into several; check for text pasted twice',
    ]));
  };
  if (typeset.laid.pages.length > MAX_PAGES) over('brochure', typeset.laid.pages.length, MAX_PAGES);
  if (typeset.deck.slides.length > MAX_SLIDES) over('deck', typeset.deck.slides.length, MAX_SLIDES);
  return out;
}

/** The diagnostics that stop a build: every error, and with `strict` every warning too (reported as an error). */
export function blocking(preflight: Preflight, strict: boolean): Diagnostic[] {
  if (preflight.errors === 0 && !(strict && preflight.warnings > 0)) return [];
  return preflight.diagnostics.map((d) => (strict && d.severity === 'warning' ? { ...d, severity: 'error' as const } : d));
}
