// The script check on a worker thread (see checkScriptConcurrently in script.ts): texts and their script in,
// each text's wrong-script characters out. OpenCC's tables are built on the first request and kept.
import { parentPort } from 'node:worker_threads';
import { findWrongScript } from './opencc.js';
import type { Script } from './script.js';

parentPort!.on('message', (m: { id: number; script: Script; texts: string[] }) => {
  parentPort!.postMessage({ id: m.id, findings: m.texts.map((t) => findWrongScript(t, m.script)) });
});
