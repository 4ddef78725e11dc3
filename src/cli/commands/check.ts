// `silkpress check`: report everything that would make a build fail or come out wrong, writing nothing.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { EXIT } from '../exit.js';
import { withData, withJson } from '../options.js';
import { countLabel, createProgress, printDiagnostics, STAGE_MESSAGES, writeJson } from '../output.js';

function builder(y: Argv) {
  return withJson(withData(y))
    .option('strict', { type: 'boolean', default: false, describe: 'Fail on warnings too (a slide point too long even at the smallest size, …)' })
    .example('$0 check', 'check data/belt-and-road.yaml against the templates and fonts in this folder')
    .example('$0 check --data data/other.yaml', 'check another dataset')
    .example('$0 check --json > check.json', 'findings as JSON for CI; the exit status says whether there were errors')
    .epilogue(
      'Checks: YAML and the schema; ids and references; Simplified characters in Traditional text (and the reverse), ' +
        'by the dataset\'s meta.lang; key figures whose number their section\'s text never states; template errors ' +
        '(strict mode: a missing field is an error); characters no font in the chain can draw; deck text that ' +
        'would overflow its slide or callout; font files outside fonts/.\n\n' +
        'Each finding: file:line:column, code, the field path, the offending text, a code frame and a hint.\n\n' +
        'Exit status: 0 no errors (warnings allowed unless --strict), 1 errors, 2 a usage error.',
    );
}

type CheckArgs = ReturnType<typeof builder> extends Argv<infer A> ? A : never;

async function handler(argv: CheckArgs): Promise<void> {
  const { checkProject } = await import('../../check/check.js');
  const progress = createProgress();
  const result = await checkProject({
    root: resolve(argv.root),
    dataFile: argv.data,
    onStage: (stage) => progress.show(`checking: ${STAGE_MESSAGES[stage] ?? stage}`),
  });
  progress.clear();
  printDiagnostics(result.diagnostics);
  const failed = result.errors > 0 || (argv.strict && result.warnings > 0);
  const summary = `${countLabel(result.errors, 'error')}, ${countLabel(result.warnings, 'warning')}`;
  if (failed) process.stderr.write(`silkpress: ${argv.data}: ${summary}\n`);
  if (argv.json) {
    writeJson({
      command: 'check',
      ok: !failed,
      data: argv.data,
      errors: result.errors,
      warnings: result.warnings,
      ...(result.pages !== undefined ? { pages: result.pages, slides: result.slides } : {}),
      diagnostics: result.diagnostics,
    });
  } else if (!failed) {
    const typeset = result.pages !== undefined ? ` (${countLabel(result.pages, 'page')}, ${countLabel(result.slides ?? 0, 'slide')} typeset)` : '';
    process.stdout.write(`${argv.data}: ${result.warnings ? summary : 'no problems found'}${typeset}\n`);
  }
  if (failed) process.exitCode = EXIT.content;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check',
  describe: 'Report every problem in the dataset, templates and fonts without writing any output',
  builder,
  handler,
};
