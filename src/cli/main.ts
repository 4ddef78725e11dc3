#!/usr/bin/env node
// The silkpress command: arguments → one of the commands in ./commands/, its failures → exit statuses.
// Exit codes: 0 success, 1 a content error (data, templates, fonts), 2 a usage error, 3 a bug.
// Each command module loads the pipeline only when it runs, so --help, --version and usage errors answer at once.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { DiagnosticError } from '../diag/diagnostic.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { importCommand } from './commands/import.js';
import { previewCommand } from './commands/preview.js';
import { watchCommand } from './commands/watch.js';
import { BATCH_WORKER_ARG } from '../batch/types.js';
import { EXIT } from './exit.js';
import { printDiagnostics, writeJson } from './output.js';

export { EXIT } from './exit.js';

export async function main(args: string[]): Promise<void> {
  const cli = yargs(args)
    .scriptName('silkpress')
    .usage('$0 <command> [options]\n\nTypeset a dataset into a Chinese brochure (PDF) and a briefing deck (PPTX).')
    .command(checkCommand)
    .command(buildCommand)
    .command(watchCommand)
    .command(previewCommand)
    .command(importCommand)
    .demandCommand(1, 'name a command, e.g. silkpress build')
    .example('$0 check', 'find every problem in data/belt-and-road.yaml without writing anything')
    .example('$0 build', 'build out/brochure.pdf, out/brochure-print.pdf, out/briefing.pptx and out/manifest.json')
    .example('$0 watch', 'rebuild whenever the data, templates or fonts change')
    .example('$0 <command> --help', 'the options and examples of one command')
    .epilogue('Exit status: 0 success, 1 a content error (data, templates, fonts), 2 a usage error, 3 a bug in silkpress.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // An Error is a failure inside a command: not the user's mistake. (An option check's message arrives as a string.)
      if (err instanceof Error) throw err;
      process.stderr.write(`silkpress: ${msg}\nRun 'silkpress --help' for usage.\n`);
      if (args.includes('--json')) writeJson({ ok: false, usageError: msg });
      process.exit(EXIT.usage);
    });
  // yargs renders the whole help text as a command's handler starts, to show it should the handler fail; ours
  // never shows help for a failure (see .fail above), and rendering it cost ~40 ms of every build.
  const internals = cli as unknown as { getInternalMethods(): { getUsageInstance(): { cacheHelpMessage(): void } } };
  internals.getInternalMethods().getUsageInstance().cacheHelpMessage = () => undefined;
  await cli.parseAsync();
}

// A reader that goes away (`silkpress build | head -1`) must not crash a build half-way with a stack trace:
// what is left to print goes nowhere, and the command finishes (a build still commits its outputs whole) and
// exits with its own status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    stream.write = (() => true) as typeof stream.write;
  });
}

// A batch worker of `build --delegations` (src/batch/run.ts) is this bundle started again: not a command.
if (process.argv[2] === BATCH_WORKER_ARG && process.send) void import('../batch/worker.js');
else main(hideBin(process.argv)).catch((e: unknown) => {
  // A command that could not start (a folder it cannot watch, …) is a content error like any other.
  if (e instanceof DiagnosticError) {
    printDiagnostics(e.diagnostics);
    process.exitCode = EXIT.content;
    return;
  }
  process.stderr.write(`silkpress: internal error (please report): ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = EXIT.bug;
});
