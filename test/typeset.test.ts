// The line breaker and justifier, on the real fonts: clreq rules, digit groups, measure, round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadFonts } from '../src/fonts/registry.js';
import { loadProject } from '../src/project.js';
import { loadFontManifest } from '../src/theme/theme.js';
import { findBreaks, URL_CUT, URL_SEAM } from '../src/text/breaks.js';
import { NO_LINE_END, NO_LINE_START } from '../src/text/chars.js';
import { createTextEngine, type Line } from '../src/text/engine.js';

const project = loadProject('.');
const engine = createTextEngine(project.fonts);

const set = (text: string, widthPt: number, sizePt = 10.5): Line[] =>
  engine.typeset({ inlines: [{ kind: 'text', text }], role: 'body', sizePt, widthPt, align: 'justify' });

const lineTexts = (text: string, widthPt: number): string[] => set(text, widthPt).map((l) => l.text);

describe('line breaking follows clreq', () => {
  it('never starts a line with closing punctuation, pushing the preceding character down with it', () => {
    // 20 ideographs fit a 210 pt measure at 10.5 pt; the 21st character is a full stop.
    const text = '一二三四五六七八九十一二三四五六七八九十。一二三';
    const lines = lineTexts(text, 210);
    expect(lines[0]).toBe('一二三四五六七八九十一二三四五六七八九');
    expect(lines[1]!.startsWith('十。')).toBe(true);
  });

  it('never ends a line with an opening bracket', () => {
    const text = '一二三四五六七八九十一二三四五六七八九「十一」二三';
    const lines = lineTexts(text, 210);
    expect(lines[0]!.endsWith('「')).toBe(false);
    expect(lines[1]!.startsWith('「十')).toBe(true);
  });

  it('keeps a digit group such as 1 400 on one line', () => {
    for (let pad = 0; pad < 12; pad++) {
      const text = '香'.repeat(pad) + '約 1 400 家來自「一帶一路」的企業，1 330 億美元。';
      for (const l of lineTexts(text, 120)) {
        expect(l).not.toMatch(/(^|\D)\d{1,3} $|^\d{3}(\D|$)/);
        expect(l.endsWith(' 1')).toBe(false);
      }
    }
  });

  it('never splits the two-em dash or the ellipsis', () => {
    for (let pad = 0; pad < 22; pad++) {
      const text = '香'.repeat(pad) + '他說——好……吧。';
      const lines = lineTexts(text, 210);
      for (const l of lines) {
        expect(l.endsWith('—') && !l.endsWith('——')).toBe(false);
        expect(l.startsWith('—') && !l.startsWith('——')).toBe(false);
        expect(l.endsWith('…') && !l.endsWith('……')).toBe(false);
      }
    }
  });

  it('breaks Latin words only at spaces', () => {
    const lines = lineTexts('波羅的海國際航運公會（BIMCO）的《BIMCO 法律和仲裁條款 2020》', 90);
    for (const l of lines) expect(l).not.toMatch(/^[A-Z]{1,4}[^A-Z]|[^A-Z][A-Z]{1,4}$/);
  });
});

describe('punctuation and mixed script', () => {
  const em = 10.5;

  it('pulls a closing mark back onto the line by compressing punctuation, rather than pushing a character down', () => {
    // 21 em of text fills a 21 em measure; the full stop that follows may not start a line. The line's
    // 「」 and the stop itself can give up enough blank to take it in.
    const text = '「一二三四五六七八」九十一二三四五六七八九。後來的事情就是這樣發生了';
    const lines = set(text, 21 * em);
    expect(lines[0]!.text).toBe('「一二三四五六七八」九十一二三四五六七八九。');
    const last = lines[0]!.runs[lines[0]!.runs.length - 1]!;
    expect(last.xPt + last.widthPt).toBeLessThanOrEqual(21 * em + 0.01);
  });

  it('sets adjacent full-width marks closer: 」， takes less than two ems', () => {
    const [line] = set('他說「好」，就走了。', 30 * em);
    const total = line!.runs.reduce((w, r) => Math.max(w, r.xPt + r.widthPt), 0);
    expect(total).toBeLessThan(10 * em - 0.4 * em);
  });

  it('puts a quarter-em gap between Han characters and digits written without a space', () => {
    const [line] = set('於2023年10月', 30 * em);
    const digits = line!.runs.find((r) => r.text.startsWith('2023'))!;
    expect(digits.xPt).toBeCloseTo(1.25 * em, 5);
    const after = line!.runs.find((r) => r.text.startsWith('年'))!;
    expect(after.xPt).toBeCloseTo(digits.xPt + digits.widthPt, 5);
  });

  it('adds no gap around Western punctuation such as the slash in 辦事處/聯絡處', () => {
    const [line] = set('辦事處/聯絡處', 30 * em);
    const slash = line!.runs.find((r) => r.text.includes('/'))!;
    const xs = line!.runs.map((r) => r.xPt);
    expect(xs[0]).toBe(0);
    // Everything is one unbroken run: no gap was inserted on either side of the slash.
    expect(line!.runs).toHaveLength(1);
    expect(slash.text).toBe('辦事處/聯絡處');
  });

  it('gives 2013 年 (with a space) the same quarter-em gap, not a space plus a gap', () => {
    const [spaced] = set('自 2013 年', 30 * em);
    const [tight] = set('自2013年', 30 * em);
    const lastX = (l: Line) => l.runs[l.runs.length - 1]!.xPt;
    expect(lastX(spaced!)).toBeCloseTo(lastX(tight!), 5);
  });

  it('does not end a paragraph on a line holding one ideograph', () => {
    for (let n = 18; n < 60; n++) {
      const lines = lineTexts('香'.repeat(n) + '量。', 20 * em);
      const tail = lines[lines.length - 1]!.replace(/[。，]/g, '');
      if (lines.length > 1) expect([...tail].length, `${n}: ${JSON.stringify(lines)}`).toBeGreaterThan(1);
    }
  });
});

describe('justification', () => {
  it('sets every line but the last exactly to the measure', () => {
    const lines = set('香港是國際金融中心，在《全球金融中心指數》排名全球第 3 及亞太區第 1（英國金融智庫 Z/Yen 和中國（深圳）綜合開發研究院於 2026 年 3 月公布）。', 200);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines.slice(0, -1)) {
      expect(l.justified).toBe(true);
      const last = l.runs[l.runs.length - 1]!;
      expect(Math.abs(last.xPt + last.widthPt - 200)).toBeLessThan(0.1);
    }
    expect(lines[lines.length - 1]!.justified).toBe(false);
  });

  it('adds no space inside a Latin word', () => {
    const lines = set('一帶一路國家和地區的企業可以利用港交所的國際碳交易平台 Core Climate，促進資金流向綠色項目。', 160);
    for (const l of lines) for (const r of l.runs) if (/[A-Za-z]{2}/.test(r.text)) expect(r.spacingPt).toBe(0);
  });

  it('keeps the source space in 2013 年 at its natural width (no double gap, no stretch)', () => {
    const lines = set('共建「一帶一路」倡議是國家自 2013 年提出的重要發展策略，旨在促進相關國家和地區全方位多領域互聯互通。', 300);
    const withYear = lines.find((l) => l.text.includes('2013 年'))!;
    const run = withYear.runs.find((r) => r.text.includes('2013'))!;
    expect(run.spacingPt).toBe(0);
    expect(run.text).toMatch(/2013 ?/);
  });
});

describe('English text', () => {
  const latin = loadFonts({
    fontsDir: 'fonts',
    manifest: loadFontManifest('fonts/manifest.json'),
    chains: { body: ['noto-sans-regular', 'noto-sans-hk-regular'] },
  });
  const en = createTextEngine(latin);
  const setEn = (text: string, widthPt: number) =>
    en.typeset({ inlines: [{ kind: 'text', text }], role: 'body', sizePt: 10, widthPt, align: 'justify' });

  it('sets the apostrophe of Hong Kong’s as Latin text from the Latin font, not on the CJK grid', () => {
    const [line] = setEn('Hong Kong’s role', 300);
    expect(line!.runs.map((r) => r.fontId)).toEqual(['noto-sans-regular']);
    // Drawn full-width, the apostrophe alone would take 10 pt; as Latin it takes about 2.5.
    const [plain] = setEn('Hong Kongs role', 300);
    expect(line!.naturalWidthPt - plain!.naturalWidthPt).toBeLessThan(4);
  });

  it('justifies English by stretching word spaces only, and breaks only between words', () => {
    const text = 'Hong Kong is an international financial centre, ranked third in the world and first in the Asia-Pacific region in the Global Financial Centres Index.';
    const lines = setEn(text, 160);
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines.slice(0, -1)) {
      expect(l.justified).toBe(true);
      for (const r of l.runs) expect(r.spacingPt).toBe(0);
      expect(text).toContain(l.text);
    }
    // A line may end after the hyphen of Asia-Pacific; elsewhere lines end at word spaces.
    expect(lines.map((l) => l.text).join(' ').replace(/- /g, '-')).toBe(text);
  });
});

describe('fonts', () => {
  it('reports a character no font can draw, with its code point', () => {
    const e = createTextEngine(project.fonts);
    e.typeset({ inlines: [{ kind: 'text', text: '香港\u{1F600}', span: { file: 'data/x.yaml', line: 3, column: 5, path: '/a' } }], role: 'body', sizePt: 10, widthPt: 100, align: 'start' });
    expect(e.diagnostics).toHaveLength(1);
    expect(e.diagnostics[0]!.message).toContain('U+1F600');
    expect(e.diagnostics[0]!.span).toEqual({ file: 'data/x.yaml', line: 3, column: 5, path: '/a' });
  });

  it('draws a Kangxi radical as the unified ideograph, so copy and search find it', () => {
    const lines = set('\u2F08\u2F00', 100); // ⼈⼀ → 人一
    expect(lines[0]!.text).toBe('人一');
  });
});

const alphabet = fc.constantFrom(
  ...Array.from('香港國際金融中心一帶路的和在年月日'),
  ...Array.from('，。、；：？！「」『』（）《》'),
  'Core', 'Climate', 'BIMCO', 'Z/Yen', '2024', '1 400', '1 000 萬', ' ', '——', '……', '%', '13.9%',
);

describe('property: random text at random widths', () => {
  it('breaks no rule, overflows no line, and loses no character', () => {
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 80 }), fc.integer({ min: 60, max: 400 }), (parts, width) => {
        const text = parts.join('');
        const lines = set(text, width);
        // Round trip: the lines, with the spaces dropped at breaks, give back the text.
        expect(lines.map((l) => l.text).join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
        let from = 0;
        const starts: number[] = [];
        for (const l of lines) {
          const at = text.indexOf(l.text, from);
          expect(at).toBeGreaterThanOrEqual(from);
          starts.push(at);
          from = at + l.text.length;
        }
        const breaks = findBreaks(text);
        lines.forEach((l, i) => {
          // The line's set width is where its last run ends; justified lines end on the measure.
          const lastRun = l.runs[l.runs.length - 1];
          if (lastRun) expect(lastRun.xPt + lastRun.widthPt).toBeCloseTo(l.widthPt, 4);
          if (l.justified) expect(l.widthPt).toBeCloseTo(width, 4);
          const first = [...l.text][0]!;
          const last = [...l.text].pop()!;
          if (i > 0) expect(NO_LINE_START.has(first), `line ${i} starts with ${first}: ${JSON.stringify(lines.map((x) => x.text))}`).toBe(false);
          if (i < lines.length - 1) expect(NO_LINE_END.has(last), `line ${i} ends with ${last}`).toBe(false);
          // A line may exceed the measure only when it holds no break opportunity (one unbreakable piece).
          if (l.widthPt > width + 0.01) {
            const at = text.indexOf(l.text, starts[i]!);
            const inside = Array.from(breaks.allowed.slice(at + 1, at + l.text.length));
            expect(inside.includes(1), `overfull line with a break opportunity: ${l.text}`).toBe(false);
          }
        });
        for (const group of text.match(/(?<![\d.])\d{1,3}(?: \d{3})+(?!\d)/g) ?? []) {
          expect(lines.some((l) => l.text.includes(group)), `digit group ${group} split`).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('web addresses in the text', () => {
  const ADDRESS = 'https://www.itib.gov.hk/sc/publications/innovation-and-technology-development-blueprint/index.html';

  /** Where, inside the address at `at` in `text`, a line may end: at a seam, or only at a cost. */
  const kinds = (text: string, at: number, length: number): string =>
    Array.from({ length: length - 1 }, (_, k) => {
      const i = at + k + 1;
      const { allowed, url } = findBreaks(text);
      return allowed[i] ? (url[i] === URL_SEAM ? '|' : '!') : url[i] === URL_CUT ? '.' : '0';
    }).join('');

  it('breaks an address at its seams (Chicago 14.18), never after a hyphen or inside the scheme', () => {
    const text = `详情见 ${ADDRESS} 及其他。`;
    const at = text.indexOf(ADDRESS);
    const marks = kinds(text, at, ADDRESS.length);
    // Mark k sits between ADDRESS[k] and ADDRESS[k + 1].
    for (let k = 0; k < ADDRESS.length - 1; k++) {
      const after = ADDRESS[k + 1]!;
      const where = `${ADDRESS.slice(0, k + 1)}|${ADDRESS.slice(k + 1)}`;
      if (k + 1 < 'https://'.length || ADDRESS[k] === '-') expect(marks[k], where).toBe('0');
      else if (k + 1 === 'https://'.length || '/.-'.includes(after)) expect(marks[k], where).toBe('|');
      else expect(marks[k], where).toBe('.');
    }
  });

  it('leaves a final stop, bracket or quote to the sentence', () => {
    const text = '見 https://example.org/a). 及';
    const breaks = findBreaks(text);
    const end = text.indexOf(').');
    expect(breaks.url[end]).toBe(0);
    expect(breaks.url[end + 1]).toBe(0);
    expect(breaks.url[end - 1]).toBe(URL_CUT);
  });

  it('sets a long address beside a few ideographs without a gappy line', () => {
    // At this measure the seams alone leave the first line ~40 pt short: before, its three ideographs took it all.
    const text = `詳情見 ${ADDRESS} 及創新香港研發平台。`;
    const lines = set(text, 476);
    expect(lines.length).toBe(2);
    for (const l of lines.slice(0, -1)) expect(l.looseEm, l.text).toBeLessThan(0.25);
    expect(lines.map((l) => l.text).join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
  });

  it('property: inside any address only seams and cuts, never a line ending after its hyphen, the text comes back whole', () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    const address = fc
      .tuple(fc.constantFrom('https://', 'http://', 'www.'), fc.array(fc.tuple(fc.constantFrom('/', '.', '-', '_', '?', '=', '&', '#'), segment), { minLength: 1, maxLength: 12 }))
      .map(([scheme, parts]) => scheme + parts.map(([sep, seg], i) => (i === 0 && scheme === 'www.' ? seg : sep + seg)).join(''));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('香', '港', '，', '。'), maxLength: 12 }), address, fc.integer({ min: 120, max: 480 }), (lead, url, width) => {
        const text = `${lead}${url}。`;
        const at = text.indexOf(url);
        const breaks = findBreaks(text);
        const scheme = /^[a-z]+:\/\//.exec(url)?.[0].length ?? 0;
        for (let i = at + 1; i < at + scheme; i++) expect(breaks.allowed[i]! + breaks.url[i]!, `${text}: inside the scheme at ${i}`).toBe(0);
        for (let i = at + Math.max(1, scheme); i < at + url.length; i++) {
          // Every place inside is a seam (allowed) or a cut (only at a cost), never both; right after a hyphen, neither.
          if (text[i - 1] === '-') {
            expect(breaks.allowed[i]! + breaks.url[i]!, `${text} at ${i}`).toBe(0);
            continue;
          }
          expect(breaks.url[i] === URL_SEAM ? breaks.allowed[i] : breaks.url[i] === URL_CUT ? 1 - breaks.allowed[i]! : -1, `${text} at ${i}`).toBe(1);
        }
        const lines = set(text, width);
        expect(lines.map((l) => l.text).join('')).toBe(text);
        // A line that the address runs on from never ends with a hyphen of it (it would read as a hyphenated word).
        lines.slice(0, -1).forEach((l, k) => {
          if (l.text.endsWith('-') && lines[k + 1]!.text.length > 0 && url.includes(l.text.slice(-3) + lines[k + 1]!.text.slice(0, 1))) throw new Error(`line ends after a hyphen of ${url}`);
        });
      }),
      { numRuns: 200 },
    );
  });
});
