// Delegation editions, built for real: the Saudi edition opens on exactly the facts tagged SA, the
// mainland edition is Simplified Chinese throughout, an English profile is refused with a located error.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepareEdition, renderDocuments } from '../src/build.js';
import { loadDelegation } from '../src/data/delegation.js';
import { selectFocusFacts } from '../src/edition/focus.js';
import { loadProject } from '../src/project.js';
import { DiagnosticError } from '../src/diag/diagnostic.js';
import { loadDataset } from '../src/build.js';
import { readPdf, squashedText } from './support/pdf.js';

const DATA = 'data/belt-and-road.yaml';
const SAUDI = 'data/delegations/saudi-arabia-investment-2026-05.yaml';
const MAINLAND = 'data/delegations/guangdong-commerce-2026-06.yaml';
const out = mkdtempSync(join(tmpdir(), 'silkpress-delegations-'));

describe('the Saudi delegation edition', () => {
  it('opens with a section holding exactly the facts tagged SA, each pointing at where it was written', () => {
    const project = loadProject('.', 'zh-Hant-HK');
    const data = loadDataset(DATA);
    const { data: edition, edition: input } = prepareEdition(data, project, loadDelegation(SAUDI));
    const docs = renderDocuments(project, edition, input);
    const sections = docs.brochure.blocks.filter((b) => b.kind === 'section');
    const focus = sections[0]!;
    expect(focus.kind === 'section' && focus.id).toBe('focus');
    if (focus.kind !== 'section') return;
    expect(focus.heading.map((i) => (i.kind === 'text' ? i.text : '')).join('')).toBe('香港與沙特阿拉伯');
    const items = focus.blocks.flatMap((b) => (b.kind === 'list' ? b.items : []));
    const expected = selectFocusFacts(data.value, { country: 'SA' }).map((f) => `${f.pointer}/text`);
    expect(items.map((i) => i.span?.path)).toEqual(expected);
    expect(items.every((i) => i.span?.file === DATA && (i.span.line ?? 0) > 1)).toBe(true);
    // Then the standard sections, unchanged.
    expect(sections.slice(1).map((s) => s.kind === 'section' && s.id)).toEqual(data.value.sections.map((s) => s.id));
  });

  it('carries the delegation name and visit date on the cover', async () => {
    await build({ root: '.', dataFile: DATA, outDir: join(out, 'sa'), delegation: loadDelegation(SAUDI) });
    const pdf = await readPdf(readFileSync(join(out, 'sa', 'brochure.pdf')));
    const cover = pdf.pages[0]!.items.map((i) => i.str).join('').replace(/\s+/g, '');
    expect(cover).toContain('沙特阿拉伯投資部代表團');
    expect(cover).toContain('2026年5月18日');
  }, 60_000);
});

describe('the mainland delegation edition (Simplified Chinese)', () => {
  const toCn = OpenCC.Converter({ from: 't', to: 'cn' });
  let pdfText = '';
  let deckText = '';

  beforeAll(async () => {
    await build({ root: '.', dataFile: DATA, outDir: join(out, 'cn'), delegation: loadDelegation(MAINLAND) });
    pdfText = squashedText(await readPdf(readFileSync(join(out, 'cn', 'brochure.pdf'))));
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'cn', 'briefing.pptx')));
    const parts = Object.keys(zip.files).filter((n) => /^ppt\/(slides|notesSlides|charts)\/.*\.xml$/.test(n));
    for (const n of parts) deckText += [...(await zip.file(n)!.async('string')).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join('');
  }, 120_000);

  it('has no character in its PDF text that OpenCC would still convert', () => {
    expect(pdfText.length).toBeGreaterThan(5000);
    const left = [...new Set([...pdfText].filter((c) => toCn(c) !== c))];
    expect(left).toEqual([]);
  });

  it('has no such character in its deck either (slides, notes, charts)', () => {
    expect(deckText.length).toBeGreaterThan(3000);
    const left = [...new Set([...deckText].filter((c) => toCn(c) !== c))];
    expect(left).toEqual([]);
  });

  it('is set in Noto Sans SC and tagged zh-Hans', async () => {
    const bytes = readFileSync(join(out, 'cn', 'brochure.pdf')).toString('latin1');
    expect(bytes).toMatch(/NotoSansSC/);
    expect(bytes).not.toMatch(/NotoSansHK/);
    expect(bytes).toMatch(/\/Lang \(zh-Hans\)/);
  });
});

describe('an English profile', () => {
  it('is refused with a located error until the English layouts exist, and nothing is written', async () => {
    const dir = join(out, 'en');
    const attempt = build({ root: '.', dataFile: DATA, outDir: dir, delegation: loadDelegation('data/delegations/uae-green-finance-2026-09.yaml') });
    await expect(attempt).rejects.toBeInstanceOf(DiagnosticError);
    const e = (await attempt.catch((x: unknown) => x)) as DiagnosticError;
    expect(e.diagnostics[0]!.code).toBe('E109');
    expect(e.diagnostics[0]!.span).toMatchObject({ file: 'data/delegations/uae-green-finance-2026-09.yaml', line: 7, path: '/language' });
  });
});

describe('silkpress build --delegations (the real bin)', () => {
  it('builds every profile it can into OUT/<id>/, reports the others, and exits 1 when any failed', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = join(out, 'batch');
    const r = spawnSync(process.execPath, [join('dist', 'cli', 'main.js'), 'build', '--delegations', '--out', dir], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^saudi-arabia-investment-2026-05\s+built\s+\d+\s+\d+/m);
    expect(r.stdout).toMatch(/^guangdong-commerce-2026-06\s+built/m);
    expect(r.stdout).toMatch(/^uae-green-finance-2026-09\s+FAILED/m);
    expect(r.stderr).toContain('error[E109]');
    for (const id of ['saudi-arabia-investment-2026-05', 'guangdong-commerce-2026-06']) {
      expect(readFileSync(join(dir, id, 'manifest.json'), 'utf8')).toContain('brochure.pdf');
    }
  }, 120_000);
});
