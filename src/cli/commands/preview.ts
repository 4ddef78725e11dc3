// `silkpress preview`: build (or take the PDFs already built), then PNG thumbnails of brochure pages and slides
// and one contact sheet, for reviewing a change in a pull request.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { DiagnosticError } from '../../diag/diagnostic.js';
import { parsePageList, ALL_PAGES } from '../../preview/pages.js';
import { EXIT } from '../exit.js';
import { outProblem, withData, withJson } from '../options.js';
import { countLabel, createProgress, displayPath, printDiagnostics, STAGE_MESSAGES, writeJson } from '../output.js';

function builder(y: Argv) {
  return withJson(withData(y))
    .option('out', { type: 'string', default: 'out', describe: 'Folder the outputs are built into and read from; thumbnails go to its preview/ folder', requiresArg: true })
    .option('pages', {
      type: 'string',
      describe: 'Pages and slides to show, e.g. 1,3,5-7 or 10- (default: all)',
      requiresArg: true,
    })
    .option('scale', { type: 'number', default: 1, describe: 'Pixels per PDF point: 1 draws at 72 dpi, 2 at 144 dpi', requiresArg: true })
    .option('build', { type: 'boolean', default: true, describe: 'Build first; --no-build previews the PDFs already in --out' })
    // A check reports a usage error by returning its message (a thrown Error would count as a bug).
    .check((argv) => {
      const out = outProblem(argv.out);
      if (out !== true) return out;
      if (!Number.isFinite(argv.scale) || argv.scale <= 0 || argv.scale > 8) return `--scale must be a number above 0 and at most 8, not ${argv.scale}`;
      if (argv.pages !== undefined) {
        try {
          parsePageList(argv.pages);
        } catch (e) {
          return (e as Error).message;
        }
      }
      return true;
    })
    .example('$0 preview', 'build into out/, then out/preview/brochure-p01.png …, slides-s01.png …, contact-sheet.png')
    .example('$0 preview --pages 1-4 --scale 2', 'the first four pages and slides at 144 dpi')
    .example('$0 preview --no-build --out dist/docs', 'thumbnails of PDFs built earlier')
    .epilogue(
      'Pages are drawn with pdfjs-dist and @napi-rs/canvas from the fonts embedded in the PDFs: no system fonts or ' +
        'tools. --pages applies to the brochure and to the slides alike. Slides are previewed from briefing.pdf beside ' +
        'briefing.pptx; without it only the brochure is shown, with a warning. Earlier thumbnails in the preview folder ' +
        'are replaced.\n\nExit status: 0 written, 1 a content error (the build failed, or no brochure.pdf), 2 a usage error.',
    );
}

type PreviewArgs = ReturnType<typeof builder> extends Argv<infer A> ? A : never;

/** The first regular-weight font of the project (fonts/manifest.json), for the contact sheet's labels. */
function labelFont(root: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'fonts', 'manifest.json'), 'utf8')) as { file?: unknown; weight?: unknown }[];
    const entry = manifest.find((f) => f.weight === 400 && typeof f.file === 'string') ?? manifest.find((f) => typeof f.file === 'string');
    return entry ? join(root, 'fonts', String(entry.file)) : undefined;
  } catch {
    return undefined;
  }
}

async function handler(argv: PreviewArgs): Promise<void> {
  const progress = createProgress();
  const root = resolve(argv.root);
  try {
    if (argv.build) {
      const { build } = await import('../../build.js');
      const result = await build({ root, dataFile: argv.data, outDir: argv.out, onStage: (stage) => progress.show(`building: ${STAGE_MESSAGES[stage] ?? stage}`) });
      progress.clear();
      printDiagnostics(result.warnings);
    }
    const { writePreview } = await import('../../preview/preview.js');
    const result = await writePreview({
      outDir: argv.out,
      selection: argv.pages !== undefined ? parsePageList(argv.pages) : ALL_PAGES,
      scale: argv.scale,
      fontFile: labelFont(root),
      onProgress: (message) => progress.show(message),
    });
    progress.clear();
    printDiagnostics(result.diagnostics);
    const files = result.files.map((f) => ({ ...f, file: displayPath(f.file) }));
    if (argv.json) {
      writeJson({ command: 'preview', ok: true, built: argv.build, dir: displayPath(result.dir), counts: result.counts, files, diagnostics: result.diagnostics });
      return;
    }
    const pages = files.filter((f) => f.kind === 'brochure').length;
    const slides = files.filter((f) => f.kind === 'slides').length;
    const sheet = files.find((f) => f.kind === 'contact-sheet');
    const what = [countLabel(pages, 'page thumbnail'), ...(result.counts.slides !== undefined ? [countLabel(slides, 'slide thumbnail')] : [])];
    process.stdout.write(`wrote ${what.join(' and ')} to ${displayPath(result.dir)}/\n`);
    if (sheet) process.stdout.write(`wrote ${sheet.file}  ${sheet.widthPx}×${sheet.heightPx} px\n`);
  } catch (e) {
    progress.clear();
    if (!(e instanceof DiagnosticError)) throw e;
    printDiagnostics(e.diagnostics);
    const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
    process.stderr.write(`silkpress: ${countLabel(errors, 'error')}; no preview was written\n`);
    if (argv.json) writeJson({ command: 'preview', ok: false, errors, diagnostics: e.diagnostics });
    process.exitCode = EXIT.content;
  }
}

export const previewCommand: CommandModule<object, PreviewArgs> = {
  command: 'preview',
  describe: 'Build, then write PNG thumbnails of the brochure pages and slides and a contact sheet',
  builder,
  handler,
};
