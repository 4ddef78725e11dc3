// What passes between the batch driver and its worker threads: plain, structured-clone-able data.
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ManifestOutput } from '../manifest.js';
import type { Edition } from '../pdf/write.js';

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
