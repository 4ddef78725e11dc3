// A diagnostic from any stage → the same diagnostic with the offending text and a hint filled in where the
// stage left them out, so every finding `check` prints says what is wrong, where, and what to do.
import { readFileSync } from 'node:fs';
import { codes, type Diagnostic } from '../diag/diagnostic.js';

/**
 * The source at the diagnostic's position: in a template, the {{…}} expression around it; for an unknown key,
 * the key; in a flow list (`[SA, XX]`), the item; else the value up to a comment or the line's end.
 */
function textAt(d: Diagnostic, source: string | undefined): string | undefined {
  const line = d.span?.line;
  const column = d.span?.column;
  if (source === undefined || line === undefined || column === undefined) return undefined;
  // A missing field has no text of its own; its parent's position is only where to add it.
  if (/received undefined/.test(d.message)) return undefined;
  const full = source.split('\n')[line - 1] ?? '';
  const at = column - 1;
  let open = full.lastIndexOf('{{', at + 1);
  while (open > 0 && full[open - 1] === '{') open -= 1; // a triple-stash {{{…}}} starts at its first brace
  const close = open >= 0 ? full.indexOf('}}', open) : -1;
  let text: string;
  if (open >= 0 && close >= at - 1) text = full.slice(open, full[close + 2] === '}' ? close + 3 : close + 2);
  else {
    const rest = full.slice(at);
    const key = /^unknown field/.test(d.message) ? /^([^\s:#][^:#]*?):(\s|$)/.exec(rest) : null;
    const inFlow = /[[{]/.test(full.slice(0, at));
    text = key ? key[1]! : inFlow ? rest.split(/[,\]}]/)[0]! : rest.replace(/\s+#.*$/, '');
  }
  text = text.trim();
  if (text === '') return undefined;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function hintFor(d: Diagnostic): string | undefined {
  const m = d.message;
  const field = d.span?.path?.split('/').pop();
  switch (d.code) {
    case codes.yamlSyntax:
      if (/keys must be unique/i.test(m)) return 'a key may appear once in a mapping: remove or rename one of them';
      return 'YAML syntax: look above this point for a bracket or quote that is not closed, a tab in the indentation, or a value with ": " that needs quotes';
    case codes.schema: {
      // A figure's asOf is the year it refers to: the hint for its value (a unit in the number) would mislead there.
      if (/expected number, received string/.test(m) && field === 'asOf') return 'write the year the figure refers to, as a number such as 2025 (a figure is dated by its year; the dataset\'s meta.asOf takes a month or day)';
      if (/expected number, received string/.test(m)) return 'write a plain number such as 1400 or 366.4, without quotes; the unit goes in `unit:`';
      if (/expected string, received (number|boolean)/.test(m)) return 'quote the value to make it text: "…"';
      if (/received undefined/.test(m)) return `add the field '${field}' here; data/dataset.schema.json lists the fields each place needs`;
      if (/expected array/.test(m) && /Too small/.test(m)) return 'give at least one item';
      if (/expected array/.test(m)) return 'write a list: [a, b], or one "- item" per line';
      if (/expected object/.test(m)) return 'write the fields indented below this key';
      return 'data/dataset.schema.json describes every field (point your editor at it for completion)';
    }
    case codes.reference:
      return 'ids are matched exactly: check the spelling against the id where it is defined';
    case codes.fileRead:
      return 'check the path given with --data (relative to the folder silkpress runs in)';
    case codes.template:
      if (/doesn't match/.test(m)) return 'close each block with the name it was opened with: {{#each …}} … {{/each}}';
      if (/syntax/.test(m)) return 'an expression here is not closed or not well formed: {{name}}, {{#if x}} … {{/if}}, {{> partial}}';
      return 'the layouts and partials are in templates/; src/template/view.ts lists the fields a template can use';
    case codes.markup:
      return 'the markup comes from a template: see the trace for the partial that wrote it';
    case codes.missingGlyph:
      return 'correct the character, or add a font that has it to fonts/manifest.json and the theme\'s chain';
    case codes.layout:
      return 'shorten the text; a slide shows a phrase, the full text belongs in the speaker notes';
    case codes.missingTranslation:
      return "add the English beside the Chinese in the node's `en` (data/dataset.schema.json describes it)";
    case codes.output:
      return 'choose another --out folder, or make this one writable; the earlier outputs were left as they were';
    default:
      return undefined;
  }
}

/** For a code with no hint of its own: where every code is explained. */
const FALLBACK_HINT = "README's table of diagnostic codes says what this code means and how to fix it";

/** Fills `text` and `hints` where the stage that found the problem did not. */
export function explain(diagnostics: Diagnostic[]): Diagnostic[] {
  const sources = new Map<string, string | undefined>();
  const read = (file: string): string | undefined => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(file, 'utf8'));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
  return diagnostics.map((d) => {
    // Data and template problems sit at the offending text itself; a later stage's (a deck warning) may point at
    // a data field, whose value is then the text, or at the object it concerns, which has no one text.
    const early = d.code.startsWith('E1') || d.code.startsWith('E2');
    const found = d.text === undefined && d.span?.file && (early || d.span.path) ? textAt(d, read(d.span.file)) : undefined;
    const text = d.text ?? (early || (found !== undefined && !/^[\w-]+:(\s|$)/.test(found)) ? found : undefined);
    // A hint that says nothing (blank, or a list that came out empty) is no hint: every finding gets one that helps.
    const given = d.hints.filter((h) => h.trim() !== '');
    const hints = given.length ? given : [hintFor(d) ?? FALLBACK_HINT];
    return { ...d, ...(text !== undefined ? { text } : {}), hints };
  });
}
