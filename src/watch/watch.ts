// Build options + a project folder → a build now and again after every change to the dataset, templates/
// (layouts, partials, theme) or fonts/, until closed. The theme and fonts stay loaded between builds and
// compiled templates stay cached (renderMarkup recompiles only a changed file), so a rebuild after an edit
// costs the stages that depend on the text, not the start-up.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { build, openProject, type BuildOptions, type BuildResult } from '../build.js';
import { codes, DiagnosticError, error, type Diagnostic } from '../diag/diagnostic.js';
import type { Project } from '../project.js';
import { OutputMemo } from '../output/reuse.js';

export interface WatchOptions extends BuildOptions {
  /** Wait this long after the last change before building: an editor's save is often several events. */
  debounceMs?: number;
  /** Told when a build starts, with the files whose change caused it (`[]` for the first build). */
  onBuildStart?: (trigger: string[]) => void;
  /** Told of each build's result; a failed build does not stop the watching. */
  onResult: (result: WatchResult) => void;
}

/** `ms` is wall time from the start of the build; `cpuMs` the processor time it took (what it would take on an idle machine). */
export type WatchResult =
  | { ok: true; trigger: string[]; ms: number; cpuMs: number; build: BuildResult }
  | { ok: false; trigger: string[]; ms: number; cpuMs: number; diagnostics: Diagnostic[]; /** A bug, not a content error. */ crash?: unknown };

export interface Watcher {
  /** The folders watched. */
  readonly watching: string[];
  close(): void;
}

/** Editors write swap files, backups and test files beside the real one (vim's 4913); none is an input. */
function isLitter(name: string): boolean {
  const base = basename(name);
  return base.startsWith('.') || base.endsWith('~') || /\.(swp|swx|tmp)$/.test(base) || /^\d+$/.test(base);
}

export function watchProject(options: WatchOptions): Watcher {
  const root = resolve(options.root);
  const dataFile = resolve(options.dataFile);
  const templatesDir = join(root, 'templates');
  const fontsDir = join(root, 'fonts');
  const debounceMs = options.debounceMs ?? 60;

  /** The projects loaded so far, by edition language (the dataset's `meta.lang`): kept until the theme or a font changes. */
  const projects = new Map<string, Project>();
  const projectFor = (lang: string | undefined): Project => {
    let project = projects.get(lang ?? '');
    if (!project) projects.set(lang ?? '', (project = openProject(root, lang)));
    return project;
  };
  /** The last build's files: a rebuild writes again only the documents an edit changed. */
  const memo = new OutputMemo();
  /** Set by a change to the theme or a font: the next build loads the project again. */
  let reloadProject = true;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let closed = false;

  const shown = (file: string): string => {
    const rel = relative(process.cwd(), file);
    return rel && !rel.startsWith('..') ? rel : file;
  };

  const buildOnce = async (trigger: string[]): Promise<void> => {
    options.onBuildStart?.(trigger);
    const started = performance.now();
    const cpu = process.cpuUsage();
    const took = (): { ms: number; cpuMs: number } => {
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
    };
    try {
      if (reloadProject) {
        projects.clear();
        reloadProject = false;
      }
      // Not fsynced, and each earlier file moved aside before its new one is renamed in: a rebuild is superseded by
      // the next save (see CommitOptions and moveAside in output/commit.ts).
      const result = await build({ ...options, root, dataFile: options.dataFile, durable: false, memo }, projectFor);
      options.onResult({ ok: true, trigger, ...took(), build: result });
    } catch (e) {
      if (e instanceof DiagnosticError) options.onResult({ ok: false, trigger, ...took(), diagnostics: e.diagnostics });
      else options.onResult({ ok: false, trigger, ...took(), diagnostics: [], crash: e });
    }
  };

  /** Builds until no change is pending: a change during a build is picked up by the next one. */
  const drain = (): void => {
    if (running || closed) return;
    running = (async () => {
      while (pending.size > 0 && !closed) {
        const trigger = [...pending].filter((t) => t !== '');
        pending.clear();
        await buildOnce(trigger);
      }
    })().finally(() => {
      running = undefined;
    });
  };

  const schedule = (file: string, affectsProject: boolean): void => {
    if (closed) return;
    pending.add(file);
    if (affectsProject) reloadProject = true;
    clearTimeout(timer);
    timer = setTimeout(drain, debounceMs);
  };

  const watchers: FSWatcher[] = [];
  const open = (dir: string, recursive: boolean, onChange: (name: string) => void): void => {
    try {
      const w = watch(dir, { recursive }, (_event, name) => {
        if (name) onChange(name.toString());
      });
      w.on('error', () => undefined); // a watched folder removed: nothing left to report changes from
      watchers.push(w);
    } catch (e) {
      throw new DiagnosticError([error(codes.fileRead, `cannot watch ${dir}: ${(e as Error).message}`, { file: dir })]);
    }
  };

  // The dataset's folder, not the file: editors save by writing a new file and renaming it over the old one,
  // which would leave a watch on the file itself watching nothing.
  open(dirname(dataFile), false, (name) => {
    if (name === basename(dataFile)) schedule(shown(dataFile), false);
  });
  open(templatesDir, true, (name) => {
    if (!isLitter(name)) schedule(shown(join(templatesDir, name)), name === 'theme.yaml');
  });
  open(fontsDir, true, (name) => {
    if (!isLitter(name)) schedule(shown(join(fontsDir, name)), true);
  });

  // The first build.
  pending.add('');
  drain();

  return {
    watching: [dirname(dataFile), templatesDir, fontsDir].map((d) => shown(d) || `.${sep}`),
    close() {
      closed = true;
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
