// Dataset text + its language tag → the characters written in the other Chinese script (Simplified in
// Traditional text, or the reverse), found with OpenCC's conversion tables (opencc-js).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { readCacheEntry, writeCacheEntry } from '../cache/disk.js';
import { dependencyVersion } from '../cache/versions.js';
import type { Dataset } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { pointAtText } from './locate.js';

export type Script = 'Hant' | 'Hans';

/** The script a BCP 47 tag asks for: explicit (`zh-Hant-HK`), or implied by the region (`zh-TW`, `zh-CN`). */
export function scriptOfLang(lang: string): Script | undefined {
  const parts = lang.toLowerCase().split('-');
  if (parts[0] !== 'zh' && parts[0] !== 'yue') return undefined;
  if (parts.includes('hant')) return 'Hant';
  if (parts.includes('hans')) return 'Hans';
  if (parts.some((p) => p === 'hk' || p === 'mo' || p === 'tw')) return 'Hant';
  if (parts.some((p) => p === 'cn' || p === 'sg' || p === 'my')) return 'Hans';
  return parts[0] === 'yue' ? 'Hant' : undefined;
}

export interface WrongScript {
  /** Index in code points within the text. */
  index: number;
  char: string;
  /** The same character in the expected script, in this context. */
  suggestion: string;
}

const SCRIPT_NAMES: Record<Script, string> = { Hant: 'Traditional', Hans: 'Simplified' };

/**
 * Every text of the dataset checked against the script `meta.lang` names, here, without the disk cache; one
 * finding per character and field. OpenCC (opencc.ts, 2 MB of tables and code) is loaded only when a check
 * needs it, so a build whose findings come from the cache does not load it at all.
 */
export async function checkScript(data: LoadedYaml<Dataset>): Promise<Diagnostic[]> {
  const fields = scriptFields(data);
  if (!fields) return [];
  const { findWrongScript } = await import('./opencc.js');
  return scriptDiagnostics(data, fields, fields.texts.map((t) => findWrongScript(t, fields.script)));
}

/**
 * As checkScript, on a worker thread when the compiled worker is there (the installed command): building
 * OpenCC's tables is the slowest check, and on a second core it overlaps loading the fonts, rendering the
 * templates and typesetting. The worker lives as long as the process, so its tables are built once; where no
 * worker file exists (tests run the TypeScript sources) or it fails, the check runs here.
 */
export async function checkScriptConcurrently(data: LoadedYaml<Dataset>): Promise<Diagnostic[]> {
  const fields = scriptFields(data);
  if (!fields) return [];
  const key = findingsKey(fields);
  let findings = readFindings(key, fields.texts.length);
  if (!findings) {
    findings = await findingsOf(fields.script, fields.texts);
    writeCacheEntry('checks', key, Buffer.from(JSON.stringify(findings), 'utf8'));
  }
  return scriptDiagnostics(data, fields, findings);
}

/**
 * Findings by script and text, kept by the process: a process that checks again (`watch`, a batch worker) sends
 * OpenCC only the texts it has not seen, and an edit changes a text or two. Converting every text of a dataset
 * again cost ~20 ms of the second core per rebuild, beside the garbage collector's threads.
 */
const knownFindings = new Map<string, WrongScript[]>();
/** Texts kept (a long `watch` session edits many): past this, the memo starts again. */
const FINDINGS_KEPT = 50_000;

async function findingsOf(script: Script, texts: string[]): Promise<WrongScript[][]> {
  const keyOf = (t: string): string => `${script}\n${t}`;
  if (knownFindings.size > FINDINGS_KEPT) knownFindings.clear();
  // This call's own answers: another check may empty the memo while this one waits for the worker.
  const answers = new Map<string, WrongScript[]>();
  for (const t of texts) {
    const known = knownFindings.get(keyOf(t));
    if (known) answers.set(t, known);
  }
  const missing = [...new Set(texts.filter((t) => !answers.has(t)))];
  if (missing.length > 0) {
    let found: WrongScript[][] | undefined;
    try {
      found = await inWorker(script, missing);
    } catch {
      found = undefined;
    }
    if (!found) {
      const { findWrongScript } = await import('./opencc.js');
      found = missing.map((t) => findWrongScript(t, script));
    }
    missing.forEach((t, i) => {
      answers.set(t, found[i] ?? []);
      knownFindings.set(keyOf(t), found[i] ?? []);
    });
  }
  return texts.map((t) => answers.get(t) ?? []);
}

/**
 * The findings depend on nothing but the texts, the script and OpenCC's tables, and building those tables is
 * most of the check's cost (about 400 ms of a second core): an unchanged dataset's findings come from the disk
 * cache (src/cache/disk.ts). Diagnostics are made from them afresh every time, located in the current file.
 */
const findingsKey = (fields: ScriptFields): string =>
  `script ${dependencyVersion('opencc-js')} ${fields.script}|${createHash('sha256').update(JSON.stringify(fields.texts)).digest('hex')}`;

function readFindings(key: string, count: number): WrongScript[][] | undefined {
  const payload = readCacheEntry('checks', key);
  if (!payload) return undefined;
  try {
    const findings = JSON.parse(payload.toString('utf8')) as WrongScript[][];
    return Array.isArray(findings) && findings.length === count ? findings : undefined;
  } catch {
    return undefined;
  }
}

interface ScriptFields {
  lang: string;
  script: Script;
  texts: string[];
  pointers: string[];
}

/** Every text of the dataset with its pointer, and the script `meta.lang` asks for (none: nothing to check). */
function scriptFields(data: LoadedYaml<Dataset>): ScriptFields | undefined {
  const lang = data.value.meta.lang;
  const script = scriptOfLang(lang);
  if (!script) return undefined;
  const texts: string[] = [];
  const pointers: string[] = [];
  forEachString(data.value, '', (text, pointer) => {
    texts.push(text);
    pointers.push(pointer);
  });
  return { lang, script, texts, pointers };
}

/** One diagnostic per wrong character and field, at the character. */
function scriptDiagnostics(data: LoadedYaml<Dataset>, fields: ScriptFields, findings: WrongScript[][]): Diagnostic[] {
  const { lang, script } = fields;
  const other: Script = script === 'Hant' ? 'Hans' : 'Hant';
  const out: Diagnostic[] = [];
  fields.texts.forEach((text, i) => {
    const seen = new Set<string>();
    for (const w of findings[i] ?? []) {
      if (seen.has(w.char)) continue;
      seen.add(w.char);
      // Which occurrence of the character in the field this is (a context may clear an earlier one).
      const before = [...text].slice(0, w.index).filter((c) => c === w.char).length;
      const span = pointAtText(data.text, data.locate(fields.pointers[i]!), w.char, before);
      out.push({
        ...error(
          codes.script,
          `${SCRIPT_NAMES[other]} character '${w.char}' in ${SCRIPT_NAMES[script]} Chinese text (meta.lang is ${lang})`,
          span,
          [`write '${w.suggestion}' (U+${hex(w.suggestion)}) instead of '${w.char}' (U+${hex(w.char)})`],
        ),
        text: w.char,
      });
    }
  });
  return out;
}

/** The compiled worker beside this module (dist/check/, or dist/cli/ in the bundle); absent when run from sources. */
const WORKER_FILE = new URL('./script-worker.js', import.meta.url);

let worker: { thread: Worker; pending: Map<number, (findings: WrongScript[][] | undefined) => void>; next: number } | undefined;
/**
 * Checks this process has asked for. A one-shot command asks once: its worker then ends as soon as it has
 * answered, and its memory (OpenCC's tables) is given back before the PDF writers need theirs. A process that
 * asks again (`watch`, a batch worker) keeps its worker, and its tables, from then on.
 */
let requests = 0;

function inWorker(script: Script, texts: string[]): Promise<WrongScript[][] | undefined> {
  if (!worker) {
    if (!existsSync(fileURLToPath(WORKER_FILE))) return Promise.resolve(undefined);
    // node:worker_threads is loaded only when the check runs: a build whose findings are cached never needs it.
    const threads = process.getBuiltinModule('node:worker_threads');
    const thread = new threads.Worker(WORKER_FILE);
    const state = { thread, pending: new Map<number, (findings: WrongScript[][] | undefined) => void>(), next: 0 };
    const settle = (id: number, findings: WrongScript[][] | undefined): void => {
      state.pending.get(id)?.(findings);
      state.pending.delete(id);
      if (state.pending.size > 0) return;
      if (requests === 1) {
        void thread.terminate();
        if (worker === state) worker = undefined;
      } else thread.unref(); // an idle worker does not keep the process alive
    };
    thread.on('message', (m: { id: number; findings: WrongScript[][] }) => settle(m.id, m.findings));
    thread.on('error', () => {
      // The check then runs in this thread.
      for (const id of [...state.pending.keys()]) settle(id, undefined);
      worker = undefined;
    });
    worker = state;
  }
  requests += 1;
  const w = worker;
  const id = w.next++;
  w.thread.ref();
  return new Promise((resolve) => {
    w.pending.set(id, resolve);
    w.thread.postMessage({ id, script, texts });
  });
}

function hex(c: string): string {
  return c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

/** Calls `visit` for every string in a JSON value, with its JSON pointer. */
export function forEachString(value: unknown, pointer: string, visit: (text: string, pointer: string) => void): void {
  if (typeof value === 'string') visit(value, pointer);
  else if (Array.isArray(value)) value.forEach((v, i) => forEachString(v, `${pointer}/${i}`, visit));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) forEachString(v, `${pointer}/${escapePointer(k)}`, visit);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
