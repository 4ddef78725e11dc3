// The picture process (started by pixels-process.ts): framed jobs on stdin → framed results on stdout, one at a
// time, until stdin closes. A job that fails answers with its error's first line; the process goes on.
import { frame, frameReader, runPixelJob, type PixelJob } from './pixels-process.js';

let chain: Promise<void> = Promise.resolve();

process.stdin.on(
  'data',
  frameReader((head) => {
    const { id, job } = head as { id: number; job: PixelJob };
    chain = chain.then(async () => {
      try {
        process.stdout.write(frame({ id }, await runPixelJob(job)));
      } catch (e) {
        process.stdout.write(frame({ id, error: (e as Error).message.split('\n')[0] ?? String(e) }));
      }
    });
  }),
);
// The build that started this process has gone: nothing is left to answer.
process.stdout.on('error', () => process.exit(0));
