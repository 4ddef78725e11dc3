// A shaped glyph's text must not depend on what the process did before. fontkit keeps one Glyph object per id
// with the characters it was first asked for; pdfkit's subsetting asks for glyphs with none. A Latin word shaped
// after a PDF embedded its glyphs came out with empty text, so `check` followed by `build` (with the disk cache)
// wrote a briefing.pdf whose numbers had no ToUnicode entries and did not copy.
import * as fontkit from 'fontkit';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../src/project.js';
import { createTextEngine } from '../src/text/engine.js';
import { silkpress, tempDir } from './support/cli.js';

const MINI = 'test/fixtures/mini/dataset.yaml';

describe('shaped glyphs keep their text', () => {
  it('after the same glyphs were taken without characters, as a PDF subset takes them', () => {
    const project = loadProject('.');
    const regular = project.fonts.chains.get('body')![0]!;
    const text = 'Zqvx';
    // The glyph ids, found in a separate parse of the same file (so the shared one makes no Glyph objects here).
    const other = fontkit.create(regular.bytes) as fontkit.Font;
    const ids = [...text].map((ch) => other.glyphForCodePoint(ch.codePointAt(0)!).id);
    const shared = regular.font as unknown as { getGlyph(id: number): { codePoints: number[] } };
    for (const id of ids) expect(shared.getGlyph(id).codePoints).toEqual([]);

    const engine = createTextEngine(project.fonts, { lang: 'en' });
    const [line] = engine.typeset({ inlines: [{ kind: 'text', text }], role: 'body', sizePt: 10, widthPt: 10_000, align: 'start' });
    const glyphs = line!.runs.flatMap((r) => r.glyphs);
    expect(glyphs.map((g) => g.id)).toEqual(ids);
    expect(glyphs.map((g) => g.text)).toEqual([...text]);
  });

  it('check, then build from what check left in the cache: the bytes of a build without the cache', async () => {
    const hashes = (dir: string): Record<string, string> =>
      Object.fromEntries(['brochure.pdf', 'brochure-print.pdf', 'briefing.pptx', 'briefing.pdf'].map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
    const plain = tempDir('glyph-text-plain');
    expect((await silkpress(['build', '--data', MINI, '--out', plain], { SILKPRESS_CACHE_DIR: 'off' })).code).toBe(0);
    const cache = tempDir('glyph-text-cache');
    const checked = await silkpress(['check', '--data', MINI], { SILKPRESS_CACHE_DIR: cache });
    expect(checked.code, checked.stderr).toBe(0);
    const out = tempDir('glyph-text-cached');
    expect((await silkpress(['build', '--data', MINI, '--out', out], { SILKPRESS_CACHE_DIR: cache })).code).toBe(0);
    expect(hashes(out)).toEqual(hashes(plain));
  }, 180_000);
});
