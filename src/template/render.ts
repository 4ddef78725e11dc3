// Dataset + a layout's Handlebars templates → markup text (parsed into a Doc by src/markup/parse.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, isAbsolute } from 'node:path';
import { createHash } from 'node:crypto';
import Handlebars from 'handlebars';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import type { Dataset } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, DiagnosticError, error, type Diagnostic, type Span } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { chineseNumeral, escapeMarkup, formatDateZh, formatFigure, inlineMarkup, stripMarks } from './text.js';
import { buildView, pointerOf, type EditionInput } from './view.js';
import { loadTheme, type Theme } from '../theme/theme.js';
import { dateIn, isEnglish, words } from '../edition/words.js';

export type Layout = 'brochure' | 'briefing';

export interface RenderInput {
  layout: Layout;
  data: LoadedYaml<Dataset>;
  templatesDir: string;
  /** A delegation's edition: the facts it opens with. */
  edition?: EditionInput;
}

export interface RenderedMarkup {
  markup: string;
  /**
   * Names the markup in diagnostics: `templates/brochure.hbs (rendered)`. Not the template's own path, because
   * markup line numbers are not template line numbers and a code frame read from the template would mislead.
   */
  file: string;
}

/** One Handlebars environment over one templates folder; compiled templates are kept until their file changes. */
export interface TemplateEnvironment {
  readonly templatesDir: string;
  render(layout: Layout, data: LoadedYaml<Dataset>, edition?: EditionInput): RenderedMarkup;
}

const environments = new Map<string, TemplateEnvironment>();

/** Render with the environment cached for `templatesDir` (templates compile once; an edited file recompiles). */
export function renderMarkup(input: RenderInput): RenderedMarkup {
  const key = resolve(input.templatesDir);
  let env = environments.get(key);
  if (!env) {
    env = createTemplateEnvironment(input.templatesDir);
    environments.set(key, env);
  }
  return env.render(input.layout, input.data, input.edition);
}

/** Helpers the templates may call; anything else with arguments is reported before rendering. */
const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);

interface CompiledTemplate {
  /** `mtimeMs:size` of the file it was compiled from. */
  stamp: string;
  /** As diagnostics name it. */
  file: string;
  ast: hbs.AST.Program;
  run: Handlebars.TemplateDelegate;
}

/** What the renderer adds to an error on its way out through partials. */
interface RenderErrorNotes {
  silkpressFile?: string;
  silkpressTrace?: string[];
  silkpressLoc?: { line: number; column: number };
  /** Partials the error is passing through that are not its source (it came from a partial block's content). */
  silkpressPassBy?: number;
}

/** Thrown by helpers: a message for the template author and where the helper was called. */
class HelperError extends Error {
  constructor(message: string, options: Handlebars.HelperOptions) {
    super(message);
    const loc = (options as unknown as { loc?: hbs.AST.SourceLocation }).loc;
    if (loc) (this as RenderErrorNotes).silkpressLoc = { line: loc.start.line, column: loc.start.column + 1 };
  }
}

const COMPILE_OPTIONS = { strict: true } as const;

/**
 * A template's source → its syntax tree (checked before rendering) and Handlebars' precompiled JavaScript,
 * kept in the disk cache (src/cache/disk.ts) under the source's checksum and Handlebars' version: parsing
 * and compiling the layouts costs about 150 ms in a fresh process, reading them back a few. A template with
 * a syntax error is never kept.
 */
function compileTemplate(source: string, file: string): { ast: hbs.AST.Program; spec: string } {
  const key = `handlebars ${Handlebars.VERSION} ${JSON.stringify(COMPILE_OPTIONS)}|${createHash('sha256').update(source).digest('hex')}`;
  const cached = readCacheEntry('templates', key);
  if (cached) {
    try {
      return JSON.parse(cached.toString('utf8')) as { ast: hbs.AST.Program; spec: string };
    } catch {
      /* not ours: compile afresh */
    }
  }
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (e) {
    throw new DiagnosticError([templateDiagnostic(e, file, [])]);
  }
  const spec = Handlebars.precompile(ast, COMPILE_OPTIONS) as unknown as string;
  writeCacheEntry('templates', key, Buffer.from(JSON.stringify({ ast, spec }), 'utf8'));
  return { ast, spec };
}

/** Precompiled template source → the template spec object Handlebars runs (what `compile` makes in memory). */
function specToObject(spec: string): TemplateSpecification {
  return new Function(`return (${spec});`)() as TemplateSpecification;
}

export function createTemplateEnvironment(templatesDir: string): TemplateEnvironment {
  const hb = Handlebars.create();
  const compiled = new Map<string, CompiledTemplate>();
  const partials = new Map<string, CompiledTemplate>();
  const partialsDir = join(templatesDir, 'partials');
  // The words the layouts print themselves are the theme's labels; the theme sits beside the layouts.
  /** Layouts found sound, with the partials they were checked with (a layout with a problem is never kept). */
  const soundWith = new WeakMap<CompiledTemplate, CompiledTemplate[]>();
  let theme: { stamp: string; theme: Theme } | undefined;
  /** The theme as this render found it: looked up once per render, not once per {{label}} (hundreds per layout). */
  let themeThisRender: Theme | undefined;
  const themeNow = (): Theme => (themeThisRender ??= currentTheme());
  const currentTheme = (): Theme => {
    const path = join(templatesDir, 'theme.yaml');
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      throw new Error(`no theme at ${displayName(path)}: {{label}} reads the layouts' own words from it`);
    }
    if (theme?.stamp !== stamp) theme = { stamp, theme: loadTheme(path) };
    return theme.theme;
  };
  registerHelpers(hb, themeNow);

  const displayName = (path: string): string => {
    const rel = relative(process.cwd(), path);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  };

  /** Parse and compile a template file unless the cached copy is current. Syntax errors name file and line. */
  const load = (path: string): CompiledTemplate => {
    const file = displayName(path);
    let stamp: string;
    try {
      const st = statSync(path);
      stamp = `${st.mtimeMs}:${st.size}`;
    } catch {
      throw new DiagnosticError([error(codes.template, `no template ${file}`, { file }, [`the layouts live in ${templatesDir}`])]);
    }
    const cached = compiled.get(path);
    if (cached && cached.stamp === stamp) return cached;
    const source = readFileSync(path, 'utf8');
    const { ast, spec } = compileTemplate(source, file);
    const run = hb.template(specToObject(spec));
    const entry: CompiledTemplate = { stamp, file, ast, run };
    compiled.set(path, entry);
    return entry;
  };

  /** Register every `partials/*.hbs` under its base name; a partial's errors are tagged with its file on the way out. */
  const syncPartials = (): void => {
    let names: string[] = [];
    try {
      names = readdirSync(partialsDir).filter((n) => n.endsWith('.hbs'));
    } catch {
      names = [];
    }
    const seen = new Set<string>();
    for (const n of names) {
      const name = basename(n, '.hbs');
      seen.add(name);
      const entry = load(join(partialsDir, n));
      if (partials.get(name) === entry) continue;
      partials.set(name, entry);
      hb.registerPartial(name, ((context: unknown, options?: Handlebars.RuntimeOptions) => {
        // A partial block's content ({{#> doc}}…{{/doc}}) runs inside the partial but belongs to its caller:
        // errors from it pass this partial by instead of being blamed on it.
        const data = options?.data as Record<string, unknown> | undefined;
        const block = data?.['partial-block'];
        if (data && typeof block === 'function') {
          data['partial-block'] = (...args: unknown[]) => {
            try {
              return (block as (...a: unknown[]) => string)(...args);
            } catch (e) {
              const notes = e as RenderErrorNotes;
              if (e instanceof Object) notes.silkpressPassBy = (notes.silkpressPassBy ?? 0) + 1;
              throw e;
            }
          };
        }
        try {
          return entry.run(context, options);
        } catch (e) {
          const notes = e as RenderErrorNotes;
          if (!(e instanceof Object)) throw e;
          if (notes.silkpressPassBy) notes.silkpressPassBy -= 1;
          else if (notes.silkpressFile === undefined) {
            notes.silkpressFile = entry.file;
            const where = pointerOf(context);
            notes.silkpressTrace = [`partial ${entry.file}${where !== undefined ? ` rendering data at ${where || '/'}` : ''}`];
          } else (notes.silkpressTrace ??= []).push(`partial ${entry.file}`);
          throw e;
        }
      }) as unknown as Handlebars.Template);
    }
    for (const name of [...partials.keys()]) {
      if (!seen.has(name)) {
        partials.delete(name);
        hb.unregisterPartial(name);
      }
    }
  };

  return {
    templatesDir,
    render(layout, data, edition) {
      themeThisRender = undefined;
      syncPartials();
      const main = load(join(templatesDir, `${layout}.hbs`));
      // Checked again only when the layout or a partial was compiled anew (load and syncPartials keep the entries
      // of unchanged files): walking every syntax tree on each render cost ~3 ms of a watch rebuild.
      const current = [...partials.values()];
      const before = soundWith.get(main);
      if (!before || before.length !== current.length || before.some((p, i) => p !== current[i])) {
        checkTemplates(main, partials, hb);
        soundWith.set(main, current);
      }
      const view = buildView(data, edition);
      let markup: string;
      try {
        markup = main.run(view);
      } catch (e) {
        if (e instanceof DiagnosticError) throw e;
        const notes = e as RenderErrorNotes;
        const trace = [...(notes.silkpressTrace ?? []), `layout ${main.file}`];
        throw new DiagnosticError([templateDiagnostic(e, notes.silkpressFile ?? main.file, trace)]);
      }
      return { markup, file: `${main.file} (rendered)` };
    },
  };
}

/** The language of the document being rendered (the view's `meta.lang`). */
function langOf(options: Handlebars.HelperOptions): string {
  const root = (options.data as { root?: { meta?: { lang?: unknown } } } | undefined)?.root;
  const lang = root?.meta?.lang;
  return typeof lang === 'string' ? lang : 'zh-Hant-HK';
}

function registerHelpers(hb: typeof Handlebars, themeNow: () => Theme): void {
  // A word the layout prints itself, in the document's language, from the theme's labels:
  // {{label "agenda"}}, {{label "pageOf" title=(plain title) page=3}}. The label is escaped; a value is
  // escaped unless it is already markup (the result of {{inline}} or {{plain}}).
  hb.registerHelper('label', function (key: unknown, options: Handlebars.HelperOptions) {
    if (typeof key !== 'string') throw new HelperError(`{{label}} needs a label name such as "agenda", got ${describe(key)}`, options);
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.hash as Record<string, unknown>)) {
      if (value instanceof hb.SafeString) values[name] = value.toString();
      else if (typeof value === 'string' || typeof value === 'number') values[name] = escapeMarkup(String(value));
      else throw new HelperError(`{{label "${key}"}}: ${name} needs text or a number, got ${describe(value)}`, options);
    }
    let text: string;
    try {
      // Placeholders are filled after escaping, so the values' markup stays markup and the label's text is escaped.
      text = escapeMarkup(words(themeNow(), langOf(options), key));
    } catch (e) {
      throw new HelperError((e as Error).message, options);
    }
    return new hb.SafeString(text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole));
  });
  // A date as the document's language writes it: 2026 年 4 月 28 日, 28 April 2026.
  hb.registerHelper('date', function (value: unknown, options: Handlebars.HelperOptions) {
    try {
      return dateIn(langOf(options), textArg('date', value, options));
    } catch (e) {
      throw new HelperError((e as Error).message, options);
    }
  });
  // A section's number as its heading prints it: 三 in Chinese, 3 in English.
  hb.registerHelper('numeral', function (value: unknown, options: Handlebars.HelperOptions) {
    if (typeof value !== 'number') throw new HelperError(`{{numeral}} needs a number, got ${describe(value)}`, options);
    if (isEnglish(langOf(options))) return String(value);
    try {
      return chineseNumeral(value);
    } catch (e) {
      throw new HelperError((e as Error).message, options);
    }
  });
  // Data text with its **marks** as <strong>, escaped: the only way data text enters element content.
  hb.registerHelper('inline', function (text: unknown, options: Handlebars.HelperOptions) {
    return new hb.SafeString(inlineMarkup(textArg('inline', text, options)));
  });
  // Data text with the marks dropped, escaped: for attributes and speaker notes.
  hb.registerHelper('plain', function (text: unknown, options: Handlebars.HelperOptions) {
    return new hb.SafeString(escapeMarkup(stripMarks(textArg('plain', text, options))));
  });
  // A figure as printed: 1400 → 1 400 (1,400 in English).
  hb.registerHelper('num', function (value: unknown, options: Handlebars.HelperOptions) {
    if (typeof value !== 'number') throw new HelperError(`{{num}} needs a number, got ${describe(value)}`, options);
    return formatFigure(value, langOf(options));
  });
  // 3 → 三, for headings numbered 「（三）」.
  hb.registerHelper('zhnum', function (value: unknown, options: Handlebars.HelperOptions) {
    if (typeof value !== 'number') throw new HelperError(`{{zhnum}} needs a number, got ${describe(value)}`, options);
    try {
      return chineseNumeral(value);
    } catch (e) {
      throw new HelperError((e as Error).message, options);
    }
  });
  // 2026-04-28 → 2026 年 4 月 28 日.
  hb.registerHelper('zhdate', function (value: unknown, options: Handlebars.HelperOptions) {
    try {
      return formatDateZh(textArg('zhdate', value, options));
    } catch (e) {
      throw new HelperError((e as Error).message, options);
    }
  });
  // Whether data text already says something, e.g. a source line that carries its own date: {{#unless (contains a b)}}.
  hb.registerHelper('contains', function (text: unknown, part: unknown, options: Handlebars.HelperOptions) {
    return textArg('contains', text, options).includes(textArg('contains', part, options));
  });
  // Numbers joined by spaces, for <series values="…">.
  hb.registerHelper('join', function (values: unknown, options: Handlebars.HelperOptions) {
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number' && Number.isFinite(v)))
      throw new HelperError(`{{join}} needs a list of numbers, got ${describe(values)}`, options);
    return values.join(' ');
  });
  // `src="<pointer>"` for the current object, or for one of its fields: {{src}}, {{src "text"}}.
  hb.registerHelper('src', function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as Handlebars.HelperOptions;
    const pointer = pointerOf(this);
    if (pointer === undefined)
      throw new HelperError(`{{src}} is used where the current value (${describe(this)}) has no place in the data`, options);
    const field = args[0];
    if (field === undefined) return new hb.SafeString(`src="${escapeMarkup(pointer)}"`);
    if (typeof field !== 'string' || args.length > 1)
      throw new HelperError('{{src}} takes at most one argument, a field name such as "text"', options);
    const value = (this as Record<string, unknown>)[field];
    if (value === undefined || value === null)
      throw new HelperError(`{{src "${field}"}}: the current value has no field '${field}'`, options);
    return new hb.SafeString(`src="${escapeMarkup(`${pointer}/${field}`)}"`);
  });
}

function textArg(helper: string, value: unknown, options: Handlebars.HelperOptions): string {
  if (typeof value !== 'string') throw new HelperError(`{{${helper}}} needs text, got ${describe(value)}`, options);
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return `an object with fields ${Object.keys(value).join(', ') || '(none)'}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Checks Handlebars itself leaves to run time or skips: unknown partials and helpers (reported with their
 * line, which Handlebars does not give for a missing partial) and triple-stash output, which would put data
 * into the markup unescaped. Walks the layout and every partial it reaches.
 */
function checkTemplates(main: CompiledTemplate, partials: Map<string, CompiledTemplate>, hb: typeof Handlebars): void {
  const problems: Diagnostic[] = [];
  const done = new Set<CompiledTemplate>();
  const queue: { template: CompiledTemplate; via: string[] }[] = [{ template: main, via: [] }];
  while (queue.length > 0) {
    const { template, via } = queue.shift()!;
    if (done.has(template)) continue;
    done.add(template);
    const span = (node: hbs.AST.Node): Span => ({ file: template.file, line: node.loc.start.line, column: node.loc.start.column + 1 });
    const trace = via.length ? via : [];
    walk(template.ast, (node) => {
      if (node.type === 'PartialStatement' || node.type === 'PartialBlockStatement') {
        const name = (node as hbs.AST.PartialStatement).name;
        if (name.type !== 'PathExpression') return;
        const partName = (name as hbs.AST.PathExpression).original;
        if (partName === '@partial-block') return;
        const target = partials.get(partName);
        if (target) queue.push({ template: target, via: [`partial ${target.file} from ${template.file}`, ...trace] });
        else
          problems.push(
            error(
              codes.template,
              `unknown partial '${partName}'`,
              span(node),
              [
                partials.size
                  ? `${nearestName(partName, partials.keys())}partials available: ${[...partials.keys()].sort().join(', ')}`
                  : 'no partials are registered',
              ],
              trace,
            ),
          );
      } else if (node.type === 'MustacheStatement') {
        const m = node as hbs.AST.MustacheStatement;
        if (!m.escaped)
          problems.push(
            error(codes.template, 'triple-stash {{{…}}} puts data into the markup unescaped', span(node), [
              'use {{inline x}} for text, {{plain x}} for attributes',
            ], trace),
          );
        checkHelperCall(m, span(node), trace);
      } else if (node.type === 'SubExpression' || node.type === 'BlockStatement') {
        checkHelperCall(node as hbs.AST.SubExpression, span(node), trace);
      }
    });
  }
  if (problems.length > 0) throw new DiagnosticError(problems);

  function checkHelperCall(node: { path: hbs.AST.PathExpression | hbs.AST.Literal; params: unknown[]; hash?: hbs.AST.Hash }, at: Span, trace: string[]): void {
    if (node.path.type !== 'PathExpression') return;
    const path = node.path as hbs.AST.PathExpression;
    const hasArgs = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    if (!hasArgs || path.data || path.parts.length !== 1) return;
    const name = path.original;
    if (!BUILTIN_HELPERS.has(name) && !(name in hb.helpers)) {
      const known = [...BUILTIN_HELPERS, ...Object.keys(hb.helpers).filter((h) => !h.startsWith('helperMissing') && !h.startsWith('blockHelperMissing'))];
      problems.push(error(codes.template, `unknown helper '${name}'`, at, [`${nearestName(name, known)}helpers: ${[...new Set(known)].sort().join(', ')}`], trace));
    }
  }
}

/** `did you mean 'x'? ` when the name is one slip from a known one. */
function nearestName(name: string, known: Iterable<string>): string {
  const near = didYouMean(name, known);
  return near ? `did you mean '${near}'? ` : '';
}

/** Visit every node of a Handlebars AST (statements, block programs, sub-expressions in params and hashes). */
function walk(node: unknown, visit: (node: hbs.AST.Node) => void): void {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
    return;
  }
  const n = node as Record<string, unknown>;
  if (typeof n.type === 'string') visit(n as unknown as hbs.AST.Node);
  for (const key of ['body', 'program', 'inverse', 'params', 'hash', 'pairs', 'value', 'path', 'name']) {
    if (key in n && key !== 'type') walk(n[key], visit);
  }
}

/** A Handlebars error (syntax, strict-mode lookup, helper) → a diagnostic at the template's line. */
function templateDiagnostic(e: unknown, file: string, trace: string[]): Diagnostic {
  const err = e as Error & { lineNumber?: number; column?: number } & RenderErrorNotes;
  let message = String(err?.message ?? e);
  let line = err.silkpressLoc?.line ?? err.lineNumber;
  let column = err.silkpressLoc?.column ?? (err.column !== undefined ? err.column + 1 : undefined);
  const hints: string[] = [];
  // Handlebars appends ` - line:column` to located messages; the span carries it instead.
  message = message.replace(/ - \d+:\d+$/, '');
  const parse = /^Parse error on line (\d+):\n[\s\S]*\n(Expecting [\s\S]*)$/.exec(message);
  if (parse) {
    line = Number(parse[1]);
    column = undefined;
    message = `template syntax: ${parse[2]!.replace(/\n/g, ' ')}`;
  }
  const missing = /^"([^"]+)" not defined in /.exec(message);
  if (missing) {
    message = `'${missing[1]}' is not defined here (templates run in strict mode: a missing field is an error)`;
    hints.push('check the field name against src/template/view.ts; optional fields are present as null, test them with {{#if}}');
  }
  const partial = /^The partial (.+) could not be found$/.exec(message);
  if (partial) message = `unknown partial '${partial[1]}'`;
  const span: Span = { file };
  if (line !== undefined) span.line = line;
  if (line !== undefined && column !== undefined) span.column = column;
  return error(codes.template, message, span, hints, trace);
}
