// SVG pictures in the PDFs beyond the shipped map: transparency, dashes, rotated text, tspans, Latin text and a
// gradient, in a fact sheet of their own. An SVG drawn once and replayed into later documents
// (src/pdf/svg-replay.ts) gives the same file, byte for byte, as svg-to-pdfkit drawing it again, the gradient
// (which the recorder must refuse to keep) included.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../src/build.js';
import { forgetSvgRecordings, svgReplays } from '../src/pdf/svg-replay.js';
import { tempDir } from './support/cli.js';
import { writeOneSectionSheet } from './support/dataset.js';
import { run } from './support/pdf.js';

const RICH = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" viewBox="0 0 400 240">
<rect x="4" y="4" width="392" height="232" fill="#eef3f8" stroke="#335577" stroke-width="2" stroke-dasharray="6 3"/>
<ellipse cx="120" cy="110" rx="80" ry="40" fill="#2a7ab0" fill-opacity="0.5" stroke="#102030" stroke-opacity="0.8"/>
<polyline points="20,200 80,150 140,190 200,120" fill="none" stroke="#c4626f" stroke-width="3" stroke-linejoin="round" stroke-linecap="round"/>
<polygon points="300,40 360,90 330,160 270,160 240,90" fill="#c8973c" opacity="0.7"/>
<g transform="rotate(-12 300 200)"><text x="230" y="210" font-size="16" fill="#1f1f1f">貿易 <tspan font-weight="bold" fill="#9e1b32">Trade 2026</tspan> 增長</text></g>
<text x="20" y="30" font-size="12" font-weight="bold" fill="#1f1f1f">Belt and Road 一帶一路</text>
<circle cx="200" cy="60" r="12" fill="#2f6f4f"/>
</svg>`;

const GRADIENT = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120">
<defs><linearGradient id="g" x1="0" x2="1"><stop offset="0" stop-color="#2a7ab0"/><stop offset="1" stop-color="#c8973c"/></linearGradient></defs>
<rect width="300" height="120" fill="url(#g)"/><text x="20" y="70" font-size="20" fill="#ffffff">漸變 Gradient</text>
</svg>`;

function sheet(opening = '以下三幅圖以向量繪成。', dir = tempDir('svg-replay')): { file: string; dir: string } {
  mkdirSync(join(dir, 'images'), { recursive: true });
  copyFileSync('data/images/partners-map.svg', join(dir, 'images', 'map.svg'));
  writeFileSync(join(dir, 'images', 'rich.svg'), RICH);
  writeFileSync(join(dir, 'images', 'gradient.svg'), GRADIENT);
  const image = (file: string, alt: string) => ({ image: { file: `images/${file}`, alt, caption: alt } });
  const file = writeOneSectionSheet(
    dir,
    { title: '圖片重繪', asOf: '2026-02' },
    {
      id: 'maps',
      title: '地圖與圖表',
      body: [{ paragraph: opening }, image('map.svg', '夥伴經濟體地圖。'), image('rich.svg', '半透明的圖形與文字。'), image('gradient.svg', '漸變色的橫幅。')],
    },
  );
  return { file, dir };
}

const pdfs = (dir: string): Map<string, Buffer> =>
  new Map(readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().map((f) => [f, readFileSync(join(dir, f))]));

describe('an SVG replayed into a later document', () => {
  it('gives the same bytes as svg-to-pdfkit drawing it again, in every PDF edition and the briefing', async () => {
    // Recorded in the first build; replayed in a second whose opening paragraph uses other characters (of the same
    // widths, so the pictures stay where they were): the SVGs' glyphs get other codes in that document's subsets.
    const { file, dir } = sheet();
    forgetSvgRecordings();
    const before = { ...svgReplays };
    await build({ root: '.', dataFile: file, outDir: join(dir, 'recorded') });
    const recorded = svgReplays.recorded - before.recorded;
    // The map and the rich SVG in the screen and print editions; the gradient is drawn afresh every time.
    expect(recorded).toBeGreaterThanOrEqual(4);
    const edited = sheet('首段改用別的字：香港地圖。', join(dir, 'edited')).file;
    await build({ root: '.', dataFile: edited, outDir: join(dir, 'replayed') });
    expect(svgReplays.replayed - before.replayed).toBe(recorded);
    // The edited sheet drawn afresh.
    forgetSvgRecordings();
    await build({ root: '.', dataFile: edited, outDir: join(dir, 'afresh') });
    const afresh = pdfs(join(dir, 'afresh'));
    const replayed = pdfs(join(dir, 'replayed'));
    expect([...afresh.keys()]).toEqual(['briefing.pdf', 'brochure-print.pdf', 'brochure.pdf']);
    for (const [name, bytes] of afresh) expect(replayed.get(name)!.equals(bytes), name).toBe(true);
    // And the first build's files differ from them (the glyph codes moved), so the replay had codes to change.
    expect(pdfs(join(dir, 'recorded')).get('brochure.pdf')!.equals(afresh.get('brochure.pdf')!)).toBe(false);
  }, 120_000);
});

describe('an SVG with a gradient', () => {
  it('builds in every edition (it crashed the colour lookup), its gradient in CMYK in the print edition', async () => {
    const { file, dir } = sheet();
    const out = join(dir, 'out');
    await build({ root: '.', dataFile: file, outDir: out });
    // Every shading of the print edition (the gradient's) is in CMYK: nothing in RGB reaches the press.
    const objects = JSON.parse(run('qpdf', ['--json=2', join(out, 'brochure-print.pdf'), '-'])) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>] };
    const shadings = Object.values(objects.qpdf[1]).flatMap((o) => (o.value && typeof o.value === 'object' && '/ShadingType' in o.value ? [o.value] : []));
    expect(shadings.length).toBeGreaterThan(0);
    for (const sh of shadings) expect(sh['/ColorSpace']).toBe('/DeviceCMYK');
  }, 120_000);
});
