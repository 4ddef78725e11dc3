// `silkpress build`: the dataset → brochure.pdf, brochure-print.pdf, briefing.pptx and manifest.json, all or nothing.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { BuildResult } from '../../build.js';
import { DiagnosticError, type Diagnostic } from '../../diag/diagnostic.js';
import type { Stage } from '../../preflight/load.js';
import type { Shard } from '../../batch/run.js';
import { EXIT } from '../exit.js';
import { withData, withJson, withOutputs, outputSelection } from '../options.js';
import { countLabel, createProgress, displayPath, formatBytes, printDiagnostics, STAGE_MESSAGES, writeJson } from '../output.js';

function builder(y: Argv) {
  return withJson(withOutputs(withData(y)))
    .option('delegation', { type: 'string', describe: "A delegation profile (data/delegations/*.yaml): its edition goes to OUT/<id>/" })
    // No default: a defaulted boolean is always "given", and yargs' conflicts() would then refuse every --delegation.
    .option('delegations', { type: 'boolean', describe: 'Every profile in data/delegations/, one edition each in OUT/<id>/' })
    .option('workers', { type: 'number', describe: 'Worker processes for --delegations (default: the machine\'s cores)' })
    .option('shard', { type: 'string', describe: 'With --delegations: build slice I of N (e.g. 2/4), for a CI matrix' })
    .option('strict', { type: 'boolean', default: false, describe: 'Warnings stop the build too, as they fail check --strict' })
    .check((argv) =>
      // A message (not a thrown error) makes yargs report a usage error, exit status 2.
      argv.delegation !== undefined && argv.delegations
        ? '--delegation builds one profile and --delegations every profile: give one of them'
        : argv.delegation === '' ? '--delegation needs a profile file, e.g. --delegation data/delegations/<id>.yaml' : true,
    )
    .example('$0 build --delegations --shard 1/2', 'the first half of the profiles (a CI matrix job builds the other)')
    .example('$0 build --delegation data/delegations/saudi-arabia-investment-2026-05.yaml', "the Saudi delegation's edition in out/saudi-arabia-investment-2026-05/")
    .example('$0 build --delegations', 'an edition for every profile; a failing one does not stop the others')
    .example('$0 build', 'build from data/belt-and-road.yaml into out/')
    .example('$0 build --data data/other.yaml --out dist/docs', 'another dataset, another folder')
    .example('$0 build --only pdf --edition print', 'only the print PDF (bleed and crop marks)')
    .example('$0 build --json > build.json', 'what was written, with sizes and checksums, for CI')
    .epilogue(
      'Outputs are written to temporary files and renamed into place only when all are complete: a failed build leaves ' +
        'the earlier outputs untouched. manifest.json lists each output (bytes, sha256, pages or slides) and the inputs ' +
        'it was made from (dataset, templates, theme, fonts).\n\nExit status: 0 built, 1 a content error, 2 a usage error.',
    );
}

type BuildArgs = ReturnType<typeof builder> extends Argv<infer A> ? A : never;

/** Report what stopped a build: its diagnostics, a summary line, and the --json result. */
function refuse(diagnostics: Diagnostic[], json: boolean): void {
  printDiagnostics(diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  process.stderr.write(`silkpress: ${countLabel(errors, 'error')}; no output was changed\n`);
  if (json) writeJson({ command: 'build', ok: false, errors, diagnostics });
  process.exitCode = EXIT.content;
}

async function handler(argv: BuildArgs): Promise<void> {
  if (argv.delegation !== undefined || argv.delegations) return delegationsHandler(argv);
  const progress = createProgress();
  const started = performance.now();
  try {
    // The same checks as `check`, before the PDF and PPTX writers are even loaded: a mistake in the data (the
    // usual failure) is reported quickly, and nothing is written.
    const { blocking, runPreflight } = await import('../../preflight/preflight.js');
    const onStage = (stage: Stage): void => progress.show(STAGE_MESSAGES[stage] ?? stage);
    const checked = await runPreflight({ root: resolve(argv.root), dataFile: argv.data, onStage });
    const stop = blocking(checked, argv.strict);
    if (stop.length) {
      progress.clear();
      refuse(stop, argv.json);
      return;
    }
    const { build } = await import('../../build.js');
    const result = await build({
      root: resolve(argv.root),
      dataFile: argv.data,
      outDir: argv.out,
      ...outputSelection(argv),
      strict: argv.strict,
      preflight: checked,
      onStage,
    });
    progress.clear();
    printDiagnostics(result.warnings);
    if (argv.json) writeJson(buildJson(result, argv.out));
    else report(result, performance.now() - started);
  } catch (e) {
    progress.clear();
    if (!(e instanceof DiagnosticError)) throw e;
    refuse(e.diagnostics, argv.json);
  }
}

/**
 * One edition per delegation, each into OUT/<id>/ with its own manifest, built in parallel over worker
 * processes; a profile that fails is reported and the others still build. Exit status 1 when any failed.
 */
async function delegationsHandler(argv: BuildArgs): Promise<void> {
  // Loaded here, not at the top: the batch driver pulls in the whole pipeline.
  const { BATCH_MANIFEST, parseShard, runBatch } = await import('../../batch/run.js');
  let shard: Shard | undefined;
  if (argv.shard !== undefined) {
    shard = parseShard(argv.shard);
    if (!shard) {
      process.stderr.write(`silkpress: --shard takes I/N with 1 ≤ I ≤ N, e.g. --shard 2/4 (got '${argv.shard}')\n`);
      process.exitCode = EXIT.usage;
      return;
    }
  }
  // The dataset's own checks once for the batch; each edition then runs its profile's checks and typesets itself.
  const { blocking, runPreflight } = await import('../../preflight/preflight.js');
  const checked = await runPreflight({ root: resolve(argv.root), dataFile: argv.data, datasetOnly: true });
  const stop = blocking(checked, argv.strict);
  if (stop.length) {
    refuse(stop, argv.json);
    return;
  }
  const { belongsTo, delegationFiles, loadDelegation } = await import('../../data/delegation.js');
  const folder = join(argv.root, 'data', 'delegations');
  // --delegations builds the profiles of this dataset (their `dataset:`); one that cannot be read is kept, so it is reported.
  const ours = (file: string): boolean => {
    try {
      return belongsTo(loadDelegation(file).value, argv.data, argv.root);
    } catch {
      return true;
    }
  };
  const files = argv.delegation !== undefined ? [argv.delegation] : existsSync(folder) ? delegationFiles(folder).filter(ours) : [];
  if (files.length === 0) {
    process.stderr.write(`silkpress: no delegation profile in ${displayPath(resolve(folder))} names ${argv.data} as its dataset; nothing to build\n`);
    if (argv.json) writeJson({ command: 'build', ok: true, editions: [] });
    return;
  }
  const progress = createProgress();
  const started = performance.now();
  const outcomes = await runBatch({
    root: resolve(argv.root),
    dataFile: argv.data,
    outDir: argv.out,
    selection: outputSelection(argv),
    strict: argv.strict,
    files,
    ...(argv.workers !== undefined ? { workers: argv.workers } : {}),
    ...(shard ? { shard } : {}),
    onDone: (o, done, total) => {
      progress.clear();
      printDiagnostics(o.diagnostics);
      const width = 24;
      const filled = Math.round((done / total) * width);
      progress.show(`[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total} ${o.id}`);
      if (!process.stderr.isTTY && !argv.json) process.stderr.write(`${done}/${total} ${o.id}: ${o.ok ? 'built' : 'FAILED'}\n`);
    },
  });
  progress.clear();
  const seconds = (performance.now() - started) / 1000;
  if (argv.json) writeJson({ command: 'build', ok: outcomes.every((o) => o.ok), seconds, editions: outcomes.map(({ diagnostics, ...o }) => ({ ...o, errors: diagnostics.filter((d) => d.severity === 'error').length })) });
  else {
    process.stdout.write(`${'edition'.padEnd(40)} ${'result'.padEnd(8)} pages slides  seconds\n`);
    for (const o of outcomes) {
      process.stdout.write(`${o.id.padEnd(40)} ${(o.ok ? 'built' : 'FAILED').padEnd(8)} ${String(o.pages ?? '-').padStart(5)} ${String(o.slides ?? '-').padStart(6)}  ${(o.ms / 1000).toFixed(2).padStart(7)}\n`);
    }
    const failed = outcomes.filter((o) => !o.ok).length;
    process.stdout.write(`${outcomes.length - failed} of ${outcomes.length} editions built in ${seconds.toFixed(2)} s; wrote ${displayPath(join(argv.out, BATCH_MANIFEST))}\n`);
  }
  if (outcomes.some((o) => !o.ok)) process.exitCode = EXIT.content;
}

function report(result: BuildResult, ms: number): void {
  const changed = new Set(result.changed.map((f) => resolve(result.manifestFile, '..', f)));
  for (const o of result.outputs) {
    const count = o.pages !== undefined ? `  ${countLabel(o.pages, 'page')}` : o.slides !== undefined ? `  ${countLabel(o.slides, 'slide')}` : '';
    const same = changed.has(o.file) ? '' : '  (unchanged)';
    process.stdout.write(`wrote ${displayPath(o.file)}  ${formatBytes(o.bytes)}${count}${same}\n`);
  }
  process.stdout.write(`wrote ${displayPath(result.manifestFile)}\n`);
  const what = [
    ...(result.outputs.some((o) => o.pages !== undefined) ? [countLabel(result.pages, 'page')] : []),
    ...(result.outputs.some((o) => o.slides !== undefined) ? [countLabel(result.slides, 'slide')] : []),
  ];
  const raster = result.pictures.filter((p) => p.ppi !== undefined);
  if (result.pictures.length) {
    const lowest = raster.length ? `, lowest ${Math.min(...raster.map((p) => p.ppi!))} ppi at its printed size` : '';
    process.stdout.write(`${countLabel(result.pictures.length, 'picture')} placed (${raster.length} raster, ${result.pictures.length - raster.length} vector)${lowest}\n`);
  }
  process.stdout.write(`${what.join(', ')} in ${(ms / 1000).toFixed(2)} s\n`);
}

/** The --json result: the manifest's outputs with their paths, what changed, counts, stage timings, warnings. */
export function buildJson(result: BuildResult, outDir: string): unknown {
  return {
    command: 'build',
    ok: true,
    outDir,
    manifest: displayPath(result.manifestFile),
    outputs: result.manifest.outputs,
    changed: result.changed,
    inputs: result.manifest.inputs,
    pages: result.pages,
    slides: result.slides,
    timingsMs: Object.fromEntries(Object.entries(result.timings).map(([k, v]) => [k, Math.round(v)])),
    // Every placed picture: page, printed size, source pixels shown and effective resolution (none for SVG).
    pictures: result.pictures,
    diagnostics: result.warnings,
  };
}

export const buildCommand: CommandModule<object, BuildArgs> = {
  command: 'build',
  describe: 'Build the brochure (screen and print PDF), the briefing deck (PPTX) and manifest.json',
  builder,
  handler,
};
