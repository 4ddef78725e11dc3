// The same fact sheet through Typst, for comparison, when a Typst compiler is installed beside silkpress:
// the `typst` command on PATH, or the npm package @myriaddreamin/typst-ts-node-compiler resolvable from the
// project or from BENCH_TYPST_DIR. Neither is a dependency of silkpress; without one this part is skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ColdCommand } from './cold.js';

export interface TypstSetup {
  /** How the compiler was found. */
  via: string;
  /** A cold compile of the fact sheet in a fresh process. */
  cold: ColdCommand;
  /** Compiles once, edits one word, compiles again in the same process; prints the two times as JSON. */
  warm?: ColdCommand;
}

const PACKAGE = '@myriaddreamin/typst-ts-node-compiler';

interface Section {
  title: string;
  /** Other blocks (tables, lists, pictures, …) are left out: the comparison is about running text. */
  body?: ({ paragraph: string } | { facts: { text: string }[] } | Record<string, unknown>)[];
  sections?: Section[];
}

/** Typst markup for the dataset's text: headings, paragraphs, facts as a list; `**bold**` as strong. */
export function factSheetTypst(dataFile: string, family: string): string {
  const d = parse(readFileSync(dataFile, 'utf8')) as { meta: { title: string; subtitle?: string }; sections: Section[] };
  // Text as Typst strings, so nothing in it is read as markup.
  const inline = (t: string): string =>
    t
      .split('**')
      .map((part, i) => (part === '' ? '' : i % 2 ? `#strong(${JSON.stringify(part)})` : `#${JSON.stringify(part)}`))
      .join('');
  const out = [
    '#set page(paper: "a4", margin: 18mm)',
    `#set text(font: ${JSON.stringify(family)}, lang: "zh", region: "hk", size: 10.5pt)`,
    '#set par(justify: true, leading: 0.8em)',
    `#align(center, text(22pt, strong(${JSON.stringify(d.meta.title)})))`,
    d.meta.subtitle ? `#align(center, ${JSON.stringify(d.meta.subtitle)})` : '',
    '#outline()',
  ];
  const walk = (sections: Section[], level: number): void => {
    for (const s of sections) {
      out.push('', `${'='.repeat(level)} ${inline(s.title)}`, '');
      for (const b of s.body ?? []) {
        if ('paragraph' in b && typeof b.paragraph === 'string') out.push(inline(b.paragraph), '');
        else if ('facts' in b && Array.isArray(b.facts)) for (const f of b.facts as { text: string }[]) out.push(`- ${inline(f.text)}`);
      }
      if (s.sections) walk(s.sections, level + 1);
    }
  };
  walk(d.sections, 1);
  return out.join('\n') + '\n';
}

/** Finds a Typst compiler and writes what it needs into `dir`; undefined (with why) when there is none. */
export function setUpTypst(root: string, dataFile: string, dir: string): TypstSetup | { skipped: string } {
  // Only the brochure's fonts (Noto Sans HK), as silkpress draws it.
  const fontsDir = join(dir, 'fonts');
  mkdirSync(fontsDir, { recursive: true });
  for (const f of ['NotoSansHK-Regular.ttf', 'NotoSansHK-Bold.ttf']) symlinkSync(resolve(root, 'fonts', f), join(fontsDir, f));
  const source = join(dir, 'factsheet.typ');
  writeFileSync(source, factSheetTypst(dataFile, 'Noto Sans HK'));
  const pdf = join(dir, 'factsheet.pdf');

  const cli = spawnSync('typst', ['--version'], { encoding: 'utf8' });
  if (cli.status === 0) {
    return {
      via: `typst on PATH (${cli.stdout.trim()})`,
      cold: { name: 'typst', exe: 'typst', args: ['compile', '--ignore-system-fonts', '--font-path', fontsDir, source, pdf] },
    };
  }
  let pkg: string | undefined;
  for (const base of [process.env.BENCH_TYPST_DIR, root].filter((b): b is string => !!b)) {
    try {
      pkg = createRequire(join(resolve(base), 'package.json')).resolve(PACKAGE);
      break;
    } catch {
      // not installed there
    }
  }
  if (!pkg) return { skipped: `no Typst compiler: neither 'typst' on PATH nor ${PACKAGE} (npm; set BENCH_TYPST_DIR to the folder it is installed in)` };
  const script = join(dir, 'typst-once.cjs');
  writeFileSync(
    script,
    `const { NodeCompiler } = require(${JSON.stringify(pkg)});
const fs = require('node:fs');
const [source, out, fonts, warm] = process.argv.slice(2);
const text = fs.readFileSync(source, 'utf8');
const compiler = NodeCompiler.create({ workspace: ${JSON.stringify(dir)}, fontArgs: [{ fontPaths: [fonts] }] });
let t = performance.now();
fs.writeFileSync(out, compiler.pdf({ mainFileContent: text }));
const first = performance.now() - t;
if (warm) {
  const times = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    compiler.pdf({ mainFileContent: i % 2 ? text : text.replace('重要', '重大') });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ first, warm: times[3] }));
}
`,
  );
  return {
    via: `${PACKAGE} (${pkg})`,
    cold: { name: 'typst', args: [script, source, pdf, fontsDir] },
    warm: { name: 'typst-warm', args: [script, source, pdf, fontsDir, 'warm'] },
  };
}
