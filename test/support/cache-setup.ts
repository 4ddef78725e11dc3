// The test run's own disk cache (src/cache/disk.ts), empty at the start like a CI machine's, removed at the
// end: tests neither read what the user's ~/.cache/silkpress holds nor write into it. Every CLI run a test
// starts inherits it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-test-cache-'));
  process.env.SILKPRESS_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
