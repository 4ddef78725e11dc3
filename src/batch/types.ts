// What passes between the batch driver and its worker threads: plain, structured-clone-able data.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ManifestOutput } from '../manifest.js';
import type { Edition } from '../pdf/write.js';

/**
 * The bundled command line run as a batch worker (`node dist/cli/main.js batch-worker`, src/cli/main.ts): the
 * bin starts it from V8's code cache as it starts a command, where the worker's own ES module compiled ~3 MB
 * of JavaScript afresh in every worker (~300 ms of its first edition).
 */
export const BATCH_WORKER_ARG = 'batch-worker';

export interface BatchSettings {
  root: string;
  dataFile: string;
  outDir: string;
  selection: { only?: 'pdf' | 'pptx'; editions?: Edition[] };
  /** Warnings stop an edition too. */
  strict?: boolean;
}

export interface EditionTask {
  /** Position in the batch, so results come back in a stable order whatever finishes first. */
  index: number;
  file: string;
}

export interface EditionOutcome {
  index: number;
  file: string;
  id: string;
  ok: boolean;
  ms: number;
  pages?: number;
  slides?: number;
  outputs: ManifestOutput[];
  diagnostics: Diagnostic[];
}
