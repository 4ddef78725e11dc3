// A dataset that names no publisher or source, dated only to the month, with a figure its text writes 3,200:
// built through the real command line, then read back. Nothing stands in for what the source did not give —
// no file name, no TODO, no invented day — and the figure prints as its text writes it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { parse as parseYaml, stringify } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from '../src/data/schema.js';
import { silkpress, tempDir } from './support/cli.js';
import { readPdf, type PdfInfo } from './support/pdf.js';

const CLEAN = 'test/fixtures/broken/clean.yaml';

let dir: string;
let screen: PdfInfo;
let print: PdfInfo;
let slides: string[];
let core: string;

const pageText = (pdf: PdfInfo, n: number): string => pdf.pages[n]!.items.map((i) => i.str).join('').replace(/\s/g, '');
const allText = (pdf: PdfInfo): string => pdf.pages.map((_, n) => pageText(pdf, n)).join('\n');

/** `check` then `build` of `file` into `out` through the command line: both clean, nothing on stderr. */
async function checkAndBuild(file: string, out: string): Promise<void> {
  const checked = await silkpress(['check', '--data', file]);
  expect(checked.stderr).toBe('');
  expect(checked.code).toBe(0);
  const r = await silkpress(['build', '--data', file, '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

beforeAll(async () => {
  dir = tempDir('meta-optional');
  const data = parseYaml(readFileSync(CLEAN, 'utf8')) as Dataset;
  const { publisher: _p, source: _s, ...meta } = data.meta;
  data.meta = { ...meta, asOf: '2026-03' };
  // A figure whose section writes it with a comma.
  const overview = data.sections[0]!;
  overview.body.push({ paragraph: '2025 年共有 3,200 名學員參加培訓。' });
  data.figures.push({ id: 'trainees-2025', value: 3200, unit: '名', label: '參加培訓的學員', asOf: 2025, section: overview.id });
  const file = join(dir, 'no-source.yaml');
  writeFileSync(file, stringify(data));
  await checkAndBuild(file, join(dir, 'out'));
  screen = await readPdf(readFileSync(join(dir, 'out', 'brochure.pdf')));
  print = await readPdf(readFileSync(join(dir, 'out', 'brochure-print.pdf')));
  const zip = await JSZip.loadAsync(readFileSync(join(dir, 'out', 'briefing.pptx')));
  const names = Object.keys(zip.files).filter((n) => /^ppt\/(slides|notesSlides)\/[^/]+\.xml$/.test(n));
  slides = await Promise.all(names.map((n) => zip.file(n)!.async('string')));
  core = await zip.file('docProps/core.xml')!.async('string');
}, 120_000);

describe('a dataset without publisher or source, dated to the month', () => {
  it('prints the month it is dated, and no day the source never gave', () => {
    expect(pageText(screen, 0)).toContain('更新日期：2026年3月');
    for (const pdf of [screen, print]) {
      expect(allText(pdf)).not.toMatch(/2026年3月1日|1970/u);
      expect(allText(pdf)).toContain('2026年3月');
    }
    // The back cover: the date the data is as of, at its precision (after the theme logo's own text, its SVG
    // drawn as text: 一帶一路 / 香港參與及角色).
    expect(pageText(screen, screen.pages.length - 1)).toBe('一帶一路香港參與及角色資料截至2026年3月');
  });

  it('prints no source line and no publisher, nor any placeholder, in either PDF', () => {
    for (const pdf of [screen, print]) {
      expect(allText(pdf)).not.toMatch(/資料來源|TODO|測試出版者|\.ya?ml|\.md/u);
      expect(pdf.info.Author).toBeUndefined();
    }
  });

  it('puts no source footer and no placeholder on any slide or in the speaker notes, and no author in the package', () => {
    const all = slides.join('\n');
    expect(all).not.toMatch(/資料來源|TODO|測試出版者|\.ya?ml/u);
    expect(all).toContain('2026 年 3 月');
    expect(core).not.toMatch(/PptxGenJS|TODO/u);
  });

  it('prints the key figure grouped as its text writes it: 3,200', () => {
    const text = allText(screen);
    // Once in the paragraph, once in the key-figure callout; never regrouped as 3 200.
    expect(text.match(/3,200/gu)?.length).toBe(2);
    expect(text).not.toContain('3200');
    expect(slides.join('\n')).toContain('3,200');
  });
});

describe('a dataset with no countries and no key figures, through the command line', () => {
  it('is checked and built without them, and the brochure shows no key-figure callout', async () => {
    const dir = tempDir('no-figures');
    const data = parseYaml(readFileSync(CLEAN, 'utf8')) as Partial<Dataset> & { sections: Dataset['sections'] };
    delete data.countries;
    delete data.figures;
    delete data.charts;
    // Facts that named a country name none now (there is none to name).
    const file = join(dir, 'no-figures.yaml');
    writeFileSync(file, stringify(data).replace(/^\s+countries:\s*\[[^\]]*\]\n/gm, '').replace(/^(\s+)countries:\n(\1  - .*\n)+/gm, ''));
    await checkAndBuild(file, join(dir, 'out'));
    const text = allText(await readPdf(readFileSync(join(dir, 'out', 'brochure.pdf'))));
    expect(text).toContain('八項行動與香港的優勢高度契合');
    // A key figure's label that only its callout prints: there with the figures, gone without them.
    expect(allText(screen)).toContain('海外經貿辦');
    expect(text).not.toContain('海外經貿辦');
  }, 120_000);
});
