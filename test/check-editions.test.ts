// `check` looks at the delegation profiles beside the dataset: each must fit the dataset, and every
// text must exist in the languages their editions are made in.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../src/check/check.js';

function workspace(profiles: string[], edit: (yaml: string) => string = (y) => y): string {
  const dir = mkdtempSync(join(tmpdir(), 'silkpress-check-editions-'));
  writeFileSync(join(dir, 'dataset.yaml'), edit(readFileSync('data/belt-and-road.yaml', 'utf8')));
  mkdirSync(join(dir, 'delegations'));
  // Each profile names this dataset as its own (`dataset:`), as a profile written for it would.
  for (const p of profiles) writeFileSync(join(dir, 'delegations', p), `dataset: ${join(dir, 'dataset.yaml')}\n${readFileSync(join('data/delegations', p), 'utf8')}`);
  return join(dir, 'dataset.yaml');
}

const dropFirstEnglishTitle = (y: string): string => {
  const m = /\n(\s+)en:\n\s+title: Overview\n/.exec(y);
  expect(m, 'the dataset has the English title Overview').not.toBeNull();
  return y.replace(m![0], '\n');
};

describe('check and edition languages', () => {
  it('reports a text with no English, at its place, when a profile wants an English edition', async () => {
    const dataFile = workspace(['uae-green-finance-2026-09.yaml'], dropFirstEnglishTitle);
    const result = await checkProject({ root: '.', dataFile });
    const missing = result.diagnostics.filter((d) => d.code === 'E108');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.span).toMatchObject({ file: dataFile, path: '/sections/0/title' });
    expect(missing[0]!.span!.line).toBeGreaterThan(1);
  }, 60_000);

  it('does not ask for English when no profile reads English', async () => {
    const dataFile = workspace(['saudi-arabia-investment-2026-05.yaml'], dropFirstEnglishTitle);
    const result = await checkProject({ root: '.', dataFile });
    expect(result.diagnostics.filter((d) => d.code === 'E108')).toEqual([]);
  }, 60_000);

  it('reports a profile naming a country the dataset does not list', async () => {
    const dataFile = workspace([]);
    writeFileSync(
      join(dataFile, '..', 'delegations', 'x.yaml'),
      `dataset: ${dataFile}\n${readFileSync('data/delegations/saudi-arabia-investment-2026-05.yaml', 'utf8').replace('country: SA', 'country: XX')}`,
    );
    const result = await checkProject({ root: '.', dataFile });
    const bad = result.diagnostics.find((d) => d.span?.file?.endsWith('x.yaml'));
    expect(bad?.severity).toBe('error');
    expect(bad?.span?.path).toBe('/country');
  }, 60_000);
});
