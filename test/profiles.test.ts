// Delegation profiles belong to a dataset (`dataset:`): `check --data X` checks only X's profiles, a profile built
// against another dataset is refused at its line, every hint says something, and names that do not exist get
// the nearest one that does.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diag/diagnostic.js';
import { didYouMean, editDistance } from '../src/diag/suggest.js';
import { projectCopy, silkpress } from './support/cli.js';

const SLOW = 120_000;

/** A project with the four shipped (Belt and Road) profiles and a second dataset beside them, as README suggests for `import`. */
function projectWithSecondDataset(extraProfile?: string): string {
  const root = projectCopy();
  mkdirSync(join(root, 'data'));
  cpSync('data/delegations', join(root, 'data', 'delegations'), { recursive: true });
  cpSync('test/fixtures/broken/clean.yaml', join(root, 'data', 'other.yaml'));
  if (extraProfile) writeFileSync(join(root, 'data', 'delegations', 'zz-other.yaml'), extraProfile);
  return root;
}

describe.concurrent('profiles belong to a dataset', () => {
  it("check --data X ignores the profiles of another dataset: no E103 against X's countries, no E108 for English", async () => {
    const root = projectWithSecondDataset();
    const r = await silkpress(['check', '--root', root, '--data', join(root, 'data', 'other.yaml'), '--json']);
    const result = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(r.code).toBe(0);
  }, SLOW);

  it("checks a profile that names X, and its hints list what X has instead of trailing off", async () => {
    const root = projectWithSecondDataset(
      ['dataset: data/other.yaml', 'id: other-kz', 'name: 代表團', 'country: KZ', 'visitDate: 2026-05-01', 'language: zh-Hant-HK', 'audience: officials', 'themes: [financ]', ''].join('\n'),
    );
    const r = await silkpress(['check', '--root', root, '--data', join(root, 'data', 'other.yaml'), '--json']);
    const result = JSON.parse(r.stdout) as { diagnostics: Diagnostic[] };
    expect(r.code).toBe(1);
    const found = result.diagnostics.map((d) => ({ code: d.code, line: d.span?.line, hints: d.hints }));
    expect(found).toEqual([
      { code: 'E103', line: 4, hints: ["the dataset names SA; add KZ: <name> under its 'countries', or leave 'country' out and choose 'themes'"] },
      { code: 'E103', line: 8, hints: ["no fact of the dataset carries a theme yet; tag facts with it (themes: [financ]) or remove it here"] },
    ]);
    for (const d of result.diagnostics) expect(d.span?.file).toBe(join(root, 'data', 'delegations', 'zz-other.yaml'));
  }, SLOW);

  it('build --delegation refuses a profile of another dataset with E109 at the profile, exit 1', async () => {
    const root = projectWithSecondDataset();
    const profile = join(root, 'data', 'delegations', 'saudi-arabia-investment-2026-05.yaml');
    const r = await silkpress(['build', '--root', root, '--data', join(root, 'data', 'other.yaml'), '--delegation', profile, '--out', join(root, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${profile}:5:1: error[E109]: profile 'saudi-arabia-investment-2026-05' is an edition of data/belt-and-road.yaml, not of ${join(root, 'data', 'other.yaml')} (at /dataset)`);
    expect(r.stderr).toContain('  = hint: build it with --data data/belt-and-road.yaml');
  }, SLOW);
});

describe('did you mean', () => {
  it('measures edits, a swap of neighbours counting as one', () => {
    expect(editDistance('poin', 'point')).toBe(1);
    expect(editDistance('titel', 'title')).toBe(1);
    expect(editDistance('國家', '国家')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });

  it.each([
    ['poin', ['point', 'text', 'en'], 'point'],
    ['titel', ['title', 'lead', 'body'], 'title'],
    ['open-economie', ['open-economy', 'overview'], 'open-economy'],
    ['sa', ['SA', 'AE'], 'SA'],
    ['xyz', ['point', 'text'], undefined],
    ['financ', [], undefined],
  ] as const)('%s among %j → %s', (word, names, expected) => {
    expect(didYouMean(word, names)).toBe(expected);
  });
});
