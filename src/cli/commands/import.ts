// `silkpress import`: a Markdown fact sheet → a dataset skeleton (YAML), with the export's artefacts reported.
import { existsSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { Dataset, Section } from '../../data/schema.js';
import { DiagnosticError } from '../../diag/diagnostic.js';
import { EXIT } from '../exit.js';
import { withJson } from '../options.js';
import { countLabel, displayPath, printDiagnostics, writeJson } from '../output.js';

function builder(y: Argv) {
  return withJson(y)
    .positional('file', { type: 'string', demandOption: true, describe: 'The Markdown fact sheet' })
    .option('out', { type: 'string', describe: 'Write the skeleton to this YAML file (default: stdout)', requiresArg: true })
    .option('force', { type: 'boolean', default: false, describe: 'Replace --out if it exists' })
    .option('lang', { type: 'string', describe: 'meta.lang of the skeleton (default: from the file name, e.g. x.zh-Hant.md, else zh-Hant)', requiresArg: true })
    .example('$0 import sheet.zh-Hant.md --out data/sheet.yaml', 'make a dataset skeleton from a fact sheet')
    .example('$0 import sheet.md > draft.yaml 2> findings.txt', 'the skeleton on stdout, the findings on stderr')
    .epilogue(
      'Headings become sections (numbered headings such as （三） get `number: 3`), bulleted lists facts (nested ' +
        'items sub-facts), numbered lists lists, tables tables, > quotes quotes, 「註：」 lines notes, other text ' +
        'paragraphs; **bold** and links are kept. The update line (「更新日期：2026 年 3 月」) gives meta.asOf at its ' +
        'precision. Numbers with a unit, a label and a year in their sentence or table row become candidate key figures. ' +
        'meta.source and meta.publisher are left unset. Artefacts of the export are reported with file:line and a hint: ' +
        'sentences split by a page break and decorative markers (➤) are repaired; Simplified characters in Traditional ' +
        'text and inconsistent heading numbering are for you to fix.\n\n' +
        'Exit status: 0 imported (findings are warnings), 1 the file cannot be read, 2 a usage error.',
    );
}

type ImportArgs = ReturnType<typeof builder> extends Argv<infer A> ? A : never;

async function handler(argv: ImportArgs): Promise<void> {
  const file = argv.file;
  if (argv.out && existsSync(argv.out) && !argv.force) {
    process.stderr.write(`silkpress: ${argv.out} exists; pass --force to replace it\n`);
    process.exitCode = EXIT.usage;
    return;
  }
  const [{ importFactSheet, skeletonToYaml }, { readSource, parseYaml }, { schemas }, { checkReferences }] = await Promise.all([
    import('../../import/skeleton.js'),
    import('../../data/yaml.js'),
    import('../../data/schema.js'),
    import('../../data/validate.js'),
  ]);
  let text: string;
  try {
    text = readSource(file);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    printDiagnostics(e.diagnostics);
    if (argv.json) writeJson({ command: 'import', ok: false, diagnostics: e.diagnostics });
    process.exitCode = EXIT.content;
    return;
  }
  const result = importFactSheet({ file, text, lang: argv.lang });
  const yaml = skeletonToYaml(result, basename(file));
  // The skeleton must load as a dataset; if it does not, that is a bug in the importer, not in the fact sheet. (A sheet
  // that writes no date at all leaves meta.asOf unset, reported; check asks for it, so it is filled in for this test.)
  const probe = result.dataset.meta.asOf === undefined ? yaml.replace(/^meta:\n/mu, 'meta:\n  asOf: "2000"\n') : yaml;
  const loaded = parseYaml(argv.out ?? 'skeleton.yaml', probe, schemas().DatasetSchema);
  const problems = checkReferences(loaded);
  if (problems.length) throw new DiagnosticError(problems);

  printDiagnostics(result.diagnostics);
  if (argv.out) writeFileSync(argv.out, yaml);
  const summary = describe(result.dataset);
  const review = result.diagnostics.length - result.repaired;
  const tally = `${countLabel(result.repaired, 'repair')} made, ${countLabel(review, 'finding')} to review`;
  if (argv.json) {
    writeJson({
      command: 'import',
      ok: true,
      file,
      ...(argv.out ? { out: displayPath(argv.out) } : { yaml }),
      ...summary,
      repaired: result.repaired,
      diagnostics: result.diagnostics,
    });
    return;
  }
  if (!argv.out) process.stdout.write(yaml);
  process.stderr.write(
    `silkpress: ${file}: ${countLabel(summary.sections, 'section')}, ${countLabel(summary.facts, 'fact')}, ${countLabel(summary.paragraphs, 'paragraph')}, ` +
      (summary.tables ? `${countLabel(summary.tables, 'table')}, ` : '') +
      (summary.lists ? `${countLabel(summary.lists, 'list')}, ` : '') +
      `${countLabel(summary.figures, 'candidate key figure')}; ${tally}\n`,
  );
  if (argv.out) process.stdout.write(`wrote ${displayPath(argv.out)}\n`);
}

function describe(dataset: Dataset): { sections: number; facts: number; paragraphs: number; tables: number; lists: number; figures: number } {
  const counts = { sections: 0, facts: 0, paragraphs: 0, tables: 0, lists: 0, figures: dataset.figures.length };
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      counts.sections++;
      for (const b of s.body as Record<string, unknown>[]) {
        if ('paragraph' in b) counts.paragraphs++;
        else if ('facts' in b) counts.facts += (b.facts as unknown[]).length;
        else if ('table' in b) counts.tables++;
        else if ('list' in b) counts.lists++;
      }
      walk(s.sections ?? []);
    }
  };
  walk(dataset.sections);
  return counts;
}

export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <file>',
  describe: 'Turn a Markdown fact sheet into a dataset skeleton (YAML), reporting what the export left behind',
  builder,
  handler,
};
