// `silkpress watch`: build, then rebuild on every change to the dataset, templates/ (theme included) and fonts/,
// reporting errors without stopping, until interrupted.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { WatchResult } from '../../watch/watch.js';
import { withData, withJson, withOutputs, outputSelection } from '../options.js';
import { buildJson } from './build.js';
import { colourEnabled, countLabel, createProgress, displayPath, paint, printDiagnostics, writeJson } from '../output.js';

function builder(y: Argv) {
  return withJson(withOutputs(withData(y)))
    .option('debounce', { type: 'number', default: 60, describe: 'Milliseconds to wait after the last change before rebuilding', requiresArg: true })
    .option('strict', { type: 'boolean', default: false, describe: 'Warnings stop a rebuild too (printed as errors; the outputs stay as they were), as for build --strict' })
    .example('$0 watch', 'rebuild out/ whenever data/, templates/ or fonts/ change')
    .example('$0 watch --only pdf --edition screen', 'the quickest loop: only the screen PDF')
    .example('$0 watch --json', 'one JSON line per build on stdout')
    .example('$0 watch --strict', 'refuse a rebuild with warnings, as CI running build --strict would')
    .epilogue(
      'The theme and fonts stay loaded and compiled templates stay cached between rebuilds; a failed rebuild prints ' +
        'its diagnostics, leaves the earlier outputs as they were and keeps watching. Stop with Ctrl-C (exit status 0).',
    );
}

type WatchArgs = ReturnType<typeof builder> extends Argv<infer A> ? A : never;

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

async function handler(argv: WatchArgs): Promise<void> {
  const { watchProject } = await import('../../watch/watch.js');
  const colour = colourEnabled();
  const progress = createProgress();
  const onResult = (r: WatchResult): void => {
    progress.clear();
    const because = r.trigger.length ? ` (${r.trigger.join(', ')})` : '';
    if (r.ok) {
      printDiagnostics(r.build.warnings);
      if (argv.json) {
        writeJson({ event: 'build', trigger: r.trigger, ms: Math.round(r.ms), cpuMs: Math.round(r.cpuMs), ...(buildJson(r.build, argv.out) as object), reused: r.build.reused }, true);
        return;
      }
      const changed = r.build.changed.length ? `${r.build.changed.join(', ')} changed` : 'no output changed';
      process.stdout.write(`${paint(clock(), ['dim'], colour)} built in ${(r.ms / 1000).toFixed(2)} s: ${changed}${because}\n`);
      return;
    }
    if (r.crash !== undefined) {
      const e = r.crash as Error;
      process.stderr.write(`silkpress: internal error (please report): ${e?.stack ?? String(e)}\n`);
    } else printDiagnostics(r.diagnostics);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    if (argv.json)
      writeJson(
        {
          event: 'build',
          command: 'build',
          ok: false,
          trigger: r.trigger,
          ms: Math.round(r.ms),
          cpuMs: Math.round(r.cpuMs),
          errors,
          diagnostics: r.diagnostics,
          ...(r.crash !== undefined ? { internalError: String((r.crash as Error)?.message ?? r.crash) } : {}),
        },
        true,
      );
    process.stderr.write(
      `${clock()} silkpress: ${r.crash !== undefined ? 'the build failed' : countLabel(errors, 'error')}${because}; the outputs were not changed. Waiting for changes…\n`,
    );
  };
  const watcher = watchProject({
    root: resolve(argv.root),
    dataFile: argv.data,
    outDir: argv.out,
    ...outputSelection(argv),
    debounceMs: argv.debounce,
    strict: argv.strict,
    onBuildStart: () => progress.show('building'),
    onResult,
  });
  if (argv.json) writeJson({ event: 'watching', paths: watcher.watching, out: displayPath(resolve(argv.out)) }, true);
  else process.stderr.write(`silkpress: watching ${watcher.watching.join(', ')}; writing to ${displayPath(resolve(argv.out))}. Ctrl-C stops.\n`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      watcher.close();
      progress.clear();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const watchCommand: CommandModule<object, WatchArgs> = {
  command: 'watch',
  describe: 'Build, then rebuild whenever the dataset, templates, theme or fonts change',
  builder,
  handler,
};
