// Options several commands share, declared once so they read the same in every --help.
import type { Argv } from 'yargs';
import { outFolderProblem } from '../output/commit.js';

export const DEFAULT_DATA = 'data/belt-and-road.yaml';

export function withData<T>(y: Argv<T>) {
  return y
    .option('data', { type: 'string', default: DEFAULT_DATA, describe: 'The dataset (YAML)', requiresArg: true })
    .option('root', { type: 'string', default: '.', describe: 'Project folder holding templates/ and fonts/', requiresArg: true });
}

export function withJson<T>(y: Argv<T>) {
  return y.option('json', { type: 'boolean', default: false, describe: 'Print the result as JSON on stdout (diagnostics still go to stderr)' });
}

export function withOutputs<T>(y: Argv<T>) {
  return y
    .option('out', { type: 'string', default: 'out', describe: 'Folder the outputs and manifest.json are written to', requiresArg: true })
    .option('only', { choices: ['pdf', 'pptx'] as const, describe: 'Write only the brochure PDFs or only the deck' })
    .option('edition', { choices: ['screen', 'print'] as const, describe: 'Write only this PDF edition (screen: brochure.pdf, print: brochure-print.pdf)' })
    .check((argv) => {
      // A message (not a thrown error) makes yargs report a usage error, exit status 2.
      if (argv.only === 'pptx' && argv.edition !== undefined) return '--edition chooses a PDF edition; it cannot go with --only pptx';
      return outProblem(argv.out);
    });
}

/** The build options from parsed arguments. */
export function outputSelection(argv: { only?: 'pdf' | 'pptx' | undefined; edition?: 'screen' | 'print' | undefined }): {
  only?: 'pdf' | 'pptx';
  editions?: ('screen' | 'print')[];
} {
  return { ...(argv.only ? { only: argv.only } : {}), ...(argv.edition ? { editions: [argv.edition] } : {}) };
}

/**
 * A usage error for an --out that cannot be an output folder (a file, under one, or one this user cannot write to),
 * as yargs' check() wants it: a message, or true.
 */
export function outProblem(out: unknown): string | true {
  if (typeof out !== 'string' || out === '') return '--out needs a folder name';
  return outFolderProblem(out) ?? true;
}
