// A project folder → its theme and fonts (after checking the font manifest stays inside the project), and a
// dataset file → a validated dataset. The first stage of both `check` and `build`.
import { DATASET_SCHEMA, type Dataset } from '../data/schema.js';
import { checkReferences } from '../data/validate.js';
import { loadYamlFile, type LoadedYaml } from '../data/yaml.js';
import { DiagnosticError } from '../diag/diagnostic.js';
import { checkProjectFiles } from '../check/assets.js';
import { loadProject, type Project } from '../project.js';

/** The stages a build or check goes through, in order; each reports its time and shows in the progress line. */
export type Stage = 'load' | 'check' | 'templates' | 'typeset' | 'pdf' | 'pptx' | 'write';

/**
 * Theme and fonts, after checking that fonts/manifest.json names only files inside fonts/: a build never reads
 * outside its project because a manifest said so.
 */
export function openProject(root: string, lang?: string): Project {
  const problems = checkProjectFiles(root).filter((d) => d.severity === 'error');
  if (problems.length) throw new DiagnosticError(problems);
  return loadProject(root, lang);
}

/** The dataset, validated by the schema and its references; any problem is thrown, located. */
export function loadDataset(file: string): LoadedYaml<Dataset> {
  const data = loadYamlFile(file, DATASET_SCHEMA);
  const problems = checkReferences(data);
  if (problems.length) throw new DiagnosticError(problems);
  return data;
}
