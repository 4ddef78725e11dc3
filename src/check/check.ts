// A project folder + a dataset → every problem that would make a build fail or come out wrong, without writing
// anything: project files, YAML and schema, references, script, key figures, delegation profiles, templates,
// glyphs, deck overflow. The checks themselves are the build's preflight (src/preflight/), so `build` refuses
// exactly what `check` reports as an error.
import type { Project } from '../project.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Stage } from '../preflight/load.js';
import { runPreflight } from '../preflight/preflight.js';

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

export async function checkProject(options: CheckOptions): Promise<CheckResult> {
  const { diagnostics, errors, warnings, pages, slides } = await runPreflight(options);
  return { diagnostics, errors, warnings, ...(pages !== undefined ? { pages } : {}), ...(slides !== undefined ? { slides } : {}) };
}
