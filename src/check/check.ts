// A project folder + a dataset → every problem that would make a build fail or come out wrong, without writing
// anything: project files, YAML and schema, references, script, key figures, templates, glyphs, deck overflow.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkDelegation, checkDelegationIds, delegationFiles, loadDelegation, type Delegation } from '../data/delegation.js';
import { DatasetSchema, type Dataset } from '../data/schema.js';
import { checkReferences, checkTranslations } from '../data/validate.js';
import { loadYamlFile, type LoadedYaml } from '../data/yaml.js';
import { DiagnosticError, type Diagnostic } from '../diag/diagnostic.js';
import type { Project } from '../project.js';
import type { Stage } from '../build.js';
import { checkProjectFiles } from './assets.js';
import { explain } from './explain.js';
import { checkFigures } from './figures.js';
import { checkScript } from './script.js';

export interface CheckOptions {
  root: string;
  dataFile: string;
  /** A project already loaded (watch, tests); loaded from `root` when not given. */
  project?: Project;
  onStage?: (stage: Stage) => void;
}

export interface CheckResult {
  /** In the order the stages found them: the first is the one to fix first. */
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  /** What was typeset, when the checks got that far. */
  pages?: number;
  slides?: number;
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

export async function checkProject(options: CheckOptions): Promise<CheckResult> {
  const found: Diagnostic[] = [];
  const stage = (s: Stage): void => options.onStage?.(s);
  stage('load');

  // The dataset first: its problems are the ones staff make daily, and they do not depend on the project.
  const data: LoadedYaml<Dataset> | undefined = collecting(found, () => loadYamlFile(options.dataFile, DatasetSchema));
  let referencesOk = false;
  if (data) {
    const references = checkReferences(data);
    found.push(...references, ...checkScript(data), ...checkFigures(data));
    referencesOk = references.length === 0;
    if (referencesOk) found.push(...checkEditions(data, found));
  }

  // The pipeline (fonts, templates, layout) is loaded only when the data is good enough to render: a YAML or
  // schema error is reported without paying for it.
  const pipeline = data && referencesOk ? await import('../build.js') : undefined;
  let project = options.project;
  if (!project) {
    const files = checkProjectFiles(options.root);
    found.push(...files);
    // Fonts are not loaded from a manifest that reaches outside the project.
    const filesOk = !files.some((d) => d.severity === 'error');
    if (filesOk && pipeline) {
      const { loadProject } = await import('../project.js');
      project = collecting(found, () => loadProject(options.root));
    } else if (filesOk) {
      // Nothing will be rendered: the theme is still worth checking, the fonts (slow to open) are not needed.
      const { loadTheme } = await import('../theme/theme.js');
      collecting(found, () => loadTheme(join(options.root, 'templates', 'theme.yaml')));
    }
  }
  // Rendering needs a valid dataset with intact references and a loaded project; without them it could only
  // repeat what is already reported.
  if (data && pipeline && project) {
    const loaded = project;
    stage('templates');
    const docs = collecting(found, () => pipeline.renderDocuments(loaded, data));
    if (docs) {
      stage('typeset');
      const typeset = pipeline.typesetCollecting(loaded, docs, data);
      found.push(...typeset.missingGlyphs, ...typeset.deck.diagnostics);
      return summarise(found, { pages: typeset.laid.pages.length, slides: typeset.deck.slides.length });
    }
  }
  return summarise(found, {});
}

/**
 * The delegation profiles beside the dataset (`<dataset folder>/delegations/*.yaml`): each must fit the
 * dataset, and every text must exist in each language an edition will be made in.
 */
function checkEditions(data: LoadedYaml<Dataset>, found: Diagnostic[]): Diagnostic[] {
  const dir = join(dirname(data.file), 'delegations');
  if (!existsSync(dir)) return [];
  const out: Diagnostic[] = [];
  const languages = new Set<string>();
  const profiles: LoadedYaml<Delegation>[] = [];
  for (const file of delegationFiles(dir)) {
    const profile = collecting(found, () => loadDelegation(file));
    if (!profile) continue;
    profiles.push(profile);
    languages.add(profile.value.language);
    out.push(...checkDelegation(profile, data.value));
  }
  out.push(...checkDelegationIds(profiles));
  // Simplified is converted from the Traditional text; English must be written beside it.
  if (languages.has('en')) out.push(...checkTranslations(data));
  return out;
}

function summarise(found: Diagnostic[], counts: { pages?: number; slides?: number }): CheckResult {
  const diagnostics = explain(found);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { diagnostics, errors, warnings: diagnostics.length - errors, ...counts };
}
