#!/usr/bin/env node
// The silkpress command: parse arguments (yargs), run a build, print what it wrote or the diagnostics.
// Exit codes: 0 success, 1 a content error (data, templates, fonts), 2 a usage error, 3 a bug.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { build, type BuildResult } from '../build.js';
import { DiagnosticError, formatDiagnostic, type Diagnostic } from '../diag/diagnostic.js';

export const EXIT = { ok: 0, content: 1, usage: 2, bug: 3 } as const;

function sourceOf(d: Diagnostic): string | undefined {
  if (!d.span?.file || d.span.line === undefined) return undefined;
  try {
    return readFileSync(d.span.file, 'utf8');
  } catch {
    return undefined;
  }
}

function printDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(formatDiagnostic(d, sourceOf(d)) + '\n');
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  process.stderr.write(`silkpress: ${errors} error${errors === 1 ? '' : 's'}; no output was changed\n`);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`;
}

function report(result: BuildResult, ms: number): void {
  for (const w of result.warnings) process.stderr.write(formatDiagnostic(w, sourceOf(w)) + '\n');
  for (const o of result.outputs) process.stdout.write(`wrote ${relative(process.cwd(), o.file) || o.file}  ${formatBytes(o.bytes)}\n`);
  process.stdout.write(`${result.pages} pages, ${result.slides} slides in ${(ms / 1000).toFixed(2)} s\n`);
}

async function runBuild(argv: { data: string; out: string; root: string }): Promise<void> {
  const started = performance.now();
  try {
    const result = await build({ root: resolve(argv.root), dataFile: argv.data, outDir: argv.out });
    report(result, performance.now() - started);
  } catch (e) {
    if (e instanceof DiagnosticError) {
      printDiagnostics(e.diagnostics);
      process.exitCode = EXIT.content;
      return;
    }
    throw e;
  }
}

export async function main(args: string[]): Promise<void> {
  await yargs(args)
    .scriptName('silkpress')
    .usage('$0 <command> [options]')
    .command(
      'build',
      'Build the brochure (screen and print PDF) and the briefing deck (PPTX)',
      (y) =>
        y
          .option('data', { type: 'string', default: 'data/belt-and-road.yaml', describe: 'The dataset (YAML)' })
          .option('out', { type: 'string', default: 'out', describe: 'Folder the outputs are written to' })
          .option('root', { type: 'string', default: '.', describe: 'Project folder holding templates/ and fonts/' })
          .example('$0 build', 'build from data/belt-and-road.yaml into out/')
          .example('$0 build --data data/other.yaml --out dist/docs', 'another dataset, another folder'),
      (argv) => runBuild(argv),
    )
    .demandCommand(1, 'name a command: silkpress build')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`silkpress: ${msg}\nRun 'silkpress --help' for usage.\n`);
      process.exit(EXIT.usage);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch((e: unknown) => {
  process.stderr.write(`silkpress: internal error (please report): ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = EXIT.bug;
});
