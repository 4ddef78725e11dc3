// A batch worker (a thread, or a child process: see run.ts): builds the delegation editions it is sent, one at a
// time, keeping one loaded project (theme, fonts, compiled templates) per edition language for its whole life.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { build, openProject } from '../build.js';
import { loadDelegation } from '../data/delegation.js';
import { DiagnosticError } from '../diag/diagnostic.js';
import type { Project } from '../project.js';
import { persistDeflated } from '../pdf/deflate-memo.js';
import { persistParagraphs } from '../text/engine.js';
import type { BatchSettings, EditionOutcome, EditionTask } from './types.js';

/** The driver on the other end: the thread's parent port, or the child process's IPC channel. */
const channel = parentPort
  ? { settings: workerData as BatchSettings, on: (f: (t: EditionTask) => void) => parentPort!.on('message', f), post: (m: EditionOutcome) => parentPort!.postMessage(m) }
  : {
      settings: JSON.parse(process.env.SILKPRESS_BATCH_SETTINGS ?? '{}') as BatchSettings,
      on: (f: (t: EditionTask) => void) => process.on('message', f),
      post: (m: EditionOutcome) => process.send!(m),
    };
const settings = channel.settings;
const projects = new Map<string, Project>();

async function run(task: EditionTask): Promise<EditionOutcome> {
  const started = performance.now();
  let id = task.file;
  try {
    const delegation = loadDelegation(task.file);
    id = delegation.value.id;
    const lang = delegation.value.language;
    let project = projects.get(lang);
    if (!project) projects.set(lang, (project = openProject(settings.root, lang)));
    const result = await build(
      { root: settings.root, dataFile: settings.dataFile, outDir: join(settings.outDir, id), delegation, ...settings.selection, ...(settings.strict ? { strict: true } : {}) },
      project,
    );
    // The paragraphs this edition set anew and the streams it deflated anew, for the next batch (the disk cache;
    // see text/engine.ts and pdf/deflate-memo.ts).
    persistParagraphs();
    persistDeflated();
    return {
      index: task.index,
      file: task.file,
      id,
      ok: true,
      ms: performance.now() - started,
      pages: result.pages,
      slides: result.slides,
      outputs: result.manifest.outputs,
      diagnostics: result.warnings,
    };
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return { index: task.index, file: task.file, id, ok: false, ms: performance.now() - started, outputs: [], diagnostics: e.diagnostics };
  }
}

channel.on((task: EditionTask) => {
  run(task).then(
    (outcome) => channel.post(outcome),
    // A bug, not a content error: report it as the edition's failure, with its stack, and carry on.
    (e: unknown) =>
      channel.post({
        index: task.index,
        file: task.file,
        id: task.file,
        ok: false,
        ms: 0,
        outputs: [],
        diagnostics: [{ severity: 'error', code: 'E999', message: `internal error: ${(e as Error).stack ?? String(e)}`, hints: [], trace: [] }],
      } satisfies EditionOutcome),
  );
});
