// The test run's own temporary folder: every folder a test makes (tempDir, mkdtemp under os.tmpdir()) and every
// file a CLI run it starts writes to the temporary folder lands in it, and it is removed at the end. A full run
// makes a few hundred folders (several hundred MB of outputs); left in /tmp, repeated runs filled it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-test-run-'));
  // Readable and searchable by all, as /tmp is: a test runs the command as another user on folders made here.
  chmodSync(dir, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
