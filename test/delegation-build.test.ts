// Delegation editions, built for real: the Saudi edition opens on exactly the facts tagged SA, the
// mainland edition is Simplified Chinese throughout, the UAE edition is English throughout with every key figure.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, prepareEdition, renderDocuments } from '../src/build.js';
import { loadDelegation } from '../src/data/delegation.js';
import { selectFocusFacts } from '../src/edition/focus.js';
import { loadProject } from '../src/project.js';
import { localise } from '../src/edition/language.js';
import { loadDataset } from '../src/build.js';
import { readPdf, squashedText } from './support/pdf.js';

const DATA = 'data/belt-and-road.yaml';
const SAUDI = 'data/delegations/saudi-arabia-investment-2026-05.yaml';
const MAINLAND = 'data/delegations/guangdong-commerce-2026-06.yaml';
const UAE = 'data/delegations/uae-green-finance-2026-09.yaml';
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

describe('the UAE delegation edition (English)', () => {
  const dir = join(out, 'en');
  let data: ReturnType<typeof loadDataset>;
  let pdfText = '';
  let coverText = '';
  let deckText = '';
  let deckXml = '';

  beforeAll(async () => {
    data = loadDataset(DATA);
    await build({ root: '.', dataFile: DATA, outDir: dir, delegation: loadDelegation(UAE) });
    const pdf = await readPdf(readFileSync(join(dir, 'brochure.pdf')));
    pdfText = squashedText(pdf);
    coverText = pdf.pages[0]!.items.map((i) => i.str).join(' ').replace(/\s+/g, ' ');
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'briefing.pptx')));
    const parts = Object.keys(zip.files).filter((n) => /^ppt\/(slides|notesSlides|charts)\/[^/]*\.xml$/.test(n));
    for (const n of parts) {
      const xml = await zip.file(n)!.async('string');
      deckXml += xml;
      // Slide and notes text, and the numbers a native chart draws (they are in its cache, not in runs).
      deckText += [...xml.matchAll(/<a:t>([^<]*)<\/a:t>|<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1] ?? m[2]).join(' ');
    }
  }, 120_000);

  /** Digits with their group separators removed: `1,400` and `1 400` read as 1400. */
  const digits = (text: string): string => text.replace(/(?<=\d)[,\s\u00a0\u2009\u202f](?=\d)/g, '');
  /** The Han characters the English text itself keeps (names written in Chinese); any other is a layout's Chinese word. */
  const keptHan = (): Set<string> => {
    const { data: en } = localise(data, 'en');
    // The SVG pictures (the logo, the map) keep the text they were drawn with: it is the picture's, not the edition's.
    const pictures = ['templates/images', 'data/images'].flatMap((dir) =>
      readdirSync(dir).filter((f) => f.endsWith('.svg')).map((f) => readFileSync(join(dir, f), 'utf8')),
    );
    return new Set([JSON.stringify(en.value), ...pictures].join('').match(/\p{Script=Han}/gu) ?? []);
  };

  it('shows the delegation name and the visit date, written the English way, on the cover', () => {
    expect(coverText).toContain('United Arab Emirates Green Finance Delegation');
    expect(coverText.replace(/\s+/g, '')).toContain('15September2026');
  });

  it('prints every key figure of the dataset in its brochure and its deck', () => {
    expect(pdfText.length).toBeGreaterThan(5000);
    const pdf = digits(pdfText);
    const deck = digits(deckText);
    for (const f of data.value.figures) {
      expect(pdf, `brochure: ${f.id}`).toContain(String(f.value));
      expect(deck, `deck: ${f.id}`).toContain(String(f.value));
    }
  });

  it('has no Chinese of its own in the brochure or the deck', () => {
    const kept = keptHan();
    const stray = (text: string): string[] => [...new Set(text.match(/\p{Script=Han}/gu) ?? [])].filter((c) => !kept.has(c));
    expect(stray(pdfText)).toEqual([]);
    expect(stray(deckText)).toEqual([]);
    expect(pdfText).not.toMatch(/[，。：；「」（）]/);
    expect(deckText).not.toMatch(/[，。：；「」（）]/);
  });

  it('tags every deck run en-US and sets it in the English deck typefaces', () => {
    const langs = new Set([...deckXml.matchAll(/\blang="([^"]*)"/g)].map((m) => m[1]));
    expect([...langs]).toEqual(['en-US']);
    expect(deckXml).toContain('<a:latin typeface="Noto Sans"');
    expect(deckXml).not.toMatch(/<a:latin typeface="Noto Sans HK"/);
  });
});

describe('silkpress build --delegations (the real bin)', () => {
  it('builds every profile, English ones included, into OUT/<id>/ and exits 0', async () => {
    const { spawnSync } = await import('node:child_process');
    const dir = join(out, 'batch');
    const r = spawnSync(process.execPath, [join('dist', 'cli', 'main.js'), 'build', '--delegations', '--out', dir], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^saudi-arabia-investment-2026-05\s+built\s+\d+\s+\d+/m);
    expect(r.stdout).toMatch(/^guangdong-commerce-2026-06\s+built/m);
    expect(r.stdout).toMatch(/^uae-green-finance-2026-09\s+built/m);
    expect(r.stdout).toMatch(/^kazakhstan-academic-2026-10\s+built/m);
    expect(r.stdout).not.toMatch(/FAILED/);
    expect(r.stderr).not.toContain('error[');
    for (const id of ['saudi-arabia-investment-2026-05', 'guangdong-commerce-2026-06', 'uae-green-finance-2026-09', 'kazakhstan-academic-2026-10']) {
      expect(readFileSync(join(dir, id, 'manifest.json'), 'utf8')).toContain('brochure.pdf');
    }
  }, 120_000);
});
