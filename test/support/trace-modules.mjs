// `node --import ./test/support/trace-modules.mjs …`: appends the URL of every ES module the process loads to the
// file named by TRACE_MODULES_FILE, so a test can see what a command loaded (and what it did not).
import { register } from 'node:module';

if (process.env.TRACE_MODULES_FILE) {
  register(
    'data:text/javascript,' +
      encodeURIComponent(`
import { appendFileSync } from 'node:fs';
const file = ${JSON.stringify(process.env.TRACE_MODULES_FILE)};
export async function load(url, context, next) {
  appendFileSync(file, url + '\\n');
  return next(url, context);
}`),
  );
}
