// `build` refuses what `check` refuses, as a user runs it: an error stops the build before a byte is written
// (the earlier outputs stay as they were), a warning is printed and does not stop it unless --strict, and the
// delegation options work as README shows them.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { silkpress, snapshot, tempDir } from './support/cli.js';

const CORPUS = 'test/fixtures/broken';
const SLOW = 120_000;
let good: string;
let outputs: string[];

beforeAll(async () => {
  good = tempDir('refuse-good');
  const r = await silkpress(['build', '--data', `${CORPUS}/clean.yaml`, '--out', good]);
  expect(r.code, r.stderr).toBe(0);
  outputs = readdirSync(good).sort();
}, SLOW);

/** A copy of the good build's folder, and a way to tell it is untouched. */
function earlierOutputs(): { out: string; untouched: () => void } {
  const out = tempDir('refuse-out');
  cpSync(good, out, { recursive: true, preserveTimestamps: true });
  const before = snapshot(out, outputs);
  return {
    out,
    untouched: () => {
      snapshot(out, outputs).forEach((a, i) => {
        expect(a.bytes.equals(before[i]!.bytes), `${a.file} is unchanged`).toBe(true);
        expect(a.mtimeMs, `${a.file} was not rewritten`).toBe(before[i]!.mtimeMs);
      });
      expect(readdirSync(out).sort()).toEqual(outputs);
    },
  };
}

describe.concurrent('build refuses what check refuses', () => {
  it.each([
    ['a Simplified 发 in Traditional text', 'simplified-character.yaml', 'E106'],
    ['a key figure its section never states', 'figure-contradicted.yaml', 'E107'],
  ])('%s: exit 1 before writing, the earlier outputs intact', async (_what, file, code) => {
    const { out, untouched } = earlierOutputs();
    const r = await silkpress(['build', '--data', join(CORPUS, file), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[${code}]: `);
    expect(r.stderr).toContain('  = hint: ');
    expect(r.stderr).toMatch(/silkpress: 1 error; no output was changed\n$/);
    expect(r.stdout).toBe('');
    untouched();
  }, SLOW);

  it('prints a warning and still builds; with --strict the warning stops it', async () => {
    const loose = await silkpress(['build', '--data', `${CORPUS}/deck-overflow.yaml`, '--out', tempDir('refuse-warn')]);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toMatch(/deck-overflow\.yaml:20:20: warning\[E501\]/);
    const { out, untouched } = earlierOutputs();
    const strict = await silkpress(['build', '--data', `${CORPUS}/deck-overflow.yaml`, '--out', out, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/deck-overflow\.yaml:20:20: error\[E501\]/);
    expect(strict.stderr).toMatch(/no output was changed\n$/);
    untouched();
  }, SLOW);
});

describe.concurrent('delegation options', () => {
  it("--delegation FILE, exactly as README shows it, builds that delegation's edition", async () => {
    const out = tempDir('refuse-deleg');
    const r = await silkpress(['build', '--delegation', 'data/delegations/saudi-arabia-investment-2026-05.yaml', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/saudi-arabia-investment-2026-05 +built/);
    for (const f of ['brochure.pdf', 'briefing.pptx', 'manifest.json']) expect(existsSync(join(out, 'saudi-arabia-investment-2026-05', f)), f).toBe(true);
  }, SLOW);

  it('--delegation with --delegations is a usage error that says which to give', async () => {
    const r = await silkpress(['build', '--delegation', 'data/delegations/saudi-arabia-investment-2026-05.yaml', '--delegations']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--delegation builds one profile and --delegations every profile: give one of them');
    expect(r.stdout).toBe('');
  }, SLOW);
});
