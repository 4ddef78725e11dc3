// A dataset is set in the language it is written in: `meta.lang` picks the theme's fonts, deck typefaces and
// words (theme.languages), as a delegation's language does for its edition. Before, a dataset written in
// Simplified Chinese was refused with 90 missing-glyph errors: the authored edition always took the default
// (Hong Kong) fonts, which have no Simplified-only characters.
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, silkpress, tempDir } from './support/cli.js';
import { readPdf, squashedText } from './support/pdf.js';

const DATA = 'test/fixtures/authored/innovation.zh-Hans.yaml';
const SLOW = 120_000;

describe('a dataset written in Simplified Chinese, through the command line', () => {
  const out = tempDir('authored');
  let built: Awaited<ReturnType<typeof silkpress>>;
  beforeAll(async () => {
    built = await silkpress(['build', '--data', DATA, '--out', out]);
  }, SLOW);

  it('passes check and builds', async () => {
    const checked = await silkpress(['check', '--data', DATA]);
    expect(checked.stderr).not.toMatch(/E401/);
    expect(checked.code).toBe(0);
    expect(built.stderr).toBe('');
    expect(built.code).toBe(0);
  }, SLOW);

  it('sets its PDFs in the zh-Hans fonts, never the Hong Kong ones, with the layouts’ words in Simplified', async () => {
    for (const file of ['brochure.pdf', 'brochure-print.pdf', 'briefing.pdf']) {
      const bytes = readFileSync(join(out, file));
      const fonts = new Set([...bytes.toString('latin1').matchAll(/\/BaseFont \/[A-Z]{6}\+([\w-]+)/g)].map((m) => m[1]));
      expect([...fonts].sort(), file).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular']);
    }
    const text = squashedText(await readPdf(readFileSync(join(out, 'brochure.pdf'))));
    expect(text).toContain('目录');
    expect(text).toContain('粤港澳大湾区创新科技合作概况');
    expect(text).not.toContain('目錄');
  });

  it('gives its deck the zh-Hans East Asian typeface', async () => {
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'briefing.pptx')));
    const slide = await zip.file('ppt/slides/slide1.xml')!.async('string');
    expect(slide).toMatch(/<a:ea typeface="Noto Sans SC"/);
    expect(slide).not.toMatch(/Noto Sans HK/);
  });
});

describe('a dataset written in Simplified Chinese, watched', () => {
  it('builds it in the zh-Hans fonts from the first build on', async () => {
    const dir = tempDir('authored-watch');
    const data = join(dir, 'dataset.yaml');
    copyFileSync(DATA, data);
    const child = spawn(process.execPath, [BIN, 'watch', '--data', data, '--out', join(dir, 'out'), '--json', '--only', 'pdf', '--edition', 'screen'], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    try {
      const first = await new Promise<{ ok: boolean }>((resolve) => {
        let buffer = '';
        child.stdout.setEncoding('utf8').on('data', (t: string) => {
          buffer += t;
          for (const line of buffer.split('\n').slice(0, -1)) {
            const event = JSON.parse(line) as { event: string; ok: boolean };
            if (event.event === 'build') resolve(event);
          }
          buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
        });
      });
      expect(first.ok, stderr).toBe(true);
      const bytes = readFileSync(join(dir, 'out', 'brochure.pdf')).toString('latin1');
      expect(bytes).toMatch(/NotoSansSC-Regular/);
      expect(bytes).not.toMatch(/NotoSansHK/);
    } finally {
      // Stopped and gone before the test ends: the run's scratch folder is removed after it.
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await gone;
    }
  }, SLOW);
});
