// silkpress import on the seed fact sheet and on generated Markdown: the skeleton loads and checks as a dataset,
// every artefact of the export is found where it is, and the line reader keeps every line of its input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkProject } from '../src/check/check.js';
import { schemas, type Section } from '../src/data/schema.js';
import { checkReferences } from '../src/data/validate.js';
import { parseYaml } from '../src/data/yaml.js';
import { formatDiagnostic, type Diagnostic } from '../src/diag/diagnostic.js';
import { importCodes } from '../src/import/codes.js';
import { findFigureCandidates, isRealLabel } from '../src/import/figures.js';
import { joinLines, readMarkdown, type MdBlock } from '../src/import/markdown.js';
import { hanziNumber, parseOrdinal } from '../src/import/outline.js';
import { endsSentence, joinPageBreakSplits } from '../src/import/repair.js';
import { importFactSheet, skeletonToYaml, type ImportResult } from '../src/import/skeleton.js';

const { DatasetSchema } = schemas();

// A copy of the seed fact sheet (/work/shared/seed), byte for byte, so that the test runs anywhere.
const file = 'test/fixtures/import/belt-and-road.zh-Hant.md';
const source = readFileSync(file, 'utf8');

let result: ImportResult;
let yaml: string;
const ofCode = (code: string): Diagnostic[] => result.diagnostics.filter((d) => d.code === code);
const at = (ds: Diagnostic[]): string[] => ds.map((d) => `${d.span?.line}:${d.span?.column}`);

function allSections(sections: Section[]): Section[] {
  return sections.flatMap((s) => [s, ...allSections(s.sections ?? [])]);
}

beforeAll(() => {
  result = importFactSheet({ file, text: source });
  yaml = skeletonToYaml(result, 'belt-and-road.zh-Hant.md');
});

describe('import of the seed fact sheet', () => {
  it('gives a skeleton that loads as a dataset: schema and references hold', () => {
    const loaded = parseYaml('skeleton.yaml', yaml, DatasetSchema);
    expect(checkReferences(loaded)).toEqual([]);
    expect(loaded.value.meta).toMatchObject({ title: '「一帶一路」', lang: 'zh-Hant', asOf: '2026-04-28' });
  });

  it('passes check once the reported Simplified characters are replaced as the hints say', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'silkpress-import-'));
    let repaired = yaml;
    for (const d of ofCode(importCodes.script)) {
      const suggestion = /write '(.)'/u.exec(d.hints[0] ?? '')?.[1];
      expect(suggestion, formatDiagnostic(d)).toBeDefined();
      repaired = repaired.replaceAll(d.text!, suggestion!);
    }
    const data = join(dir, 'skeleton.yaml');
    writeFileSync(data, repaired);
    const checked = await checkProject({ root: process.cwd(), dataFile: data });
    expect(checked.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
  }, 30_000);

  it('joins the three sentences the page breaks split, and says where', () => {
    const splits = ofCode(importCodes.pageBreakSplit);
    expect(splits.map((d) => d.span?.line)).toEqual([34, 60, 93]);
    expect(formatDiagnostic(splits[0]!).split('\n')[0]).toBe(
      `${file}:34:46: warning[E701]: a sentence is split by a page break: line 34 ends without sentence-final punctuation and line 36 continues it; joined`,
    );
    expect(yaml).toContain('特區政府將繼續打造高端香港港口品牌，以及推動港口綠色化、數字化和智能化。');
    expect(yaml).toContain('國家的標誌性工程，或是「小而美」民生項目，都可以積極參與和作出貢獻。');
    expect(yaml).toContain('知識產權中心和研發中心的其中一大原因。');
    // No paragraph is left holding the continuation on its own.
    expect(yaml).not.toMatch(/paragraph: (高端香港|或是「小而美」|心的其中)/u);
  });

  it('drops the ➤ markers and reports each at its column', () => {
    expect(at(ofCode(importCodes.decorativeMarker))).toEqual(['45:5', '58:5', '101:6', '120:6', '128:6', '142:6', '149:6']);
    expect(yaml).not.toContain('➤');
  });

  it('reports the Simplified characters 资 and 项 at their line and column, and leaves them for the editor', () => {
    const found = ofCode(importCodes.script);
    expect(found.map((d) => `${d.text}@${d.span?.line}:${d.span?.column}`)).toEqual(['资@77:40', '项@134:25']);
    expect(found[0]!.hints[0]).toContain("write '資' (U+8CC7) instead of '资'");
    expect(found[1]!.hints[0]).toContain("write '項' (U+9805) instead of '项'");
    expect(yaml).toContain('投融资');
  });

  it('places the eight numbered actions as sibling sections, however the export formatted their headings', () => {
    const advantages = result.dataset.sections.find((s) => s.title === '香港的優勢')!;
    const actions = advantages.sections ?? [];
    expect(actions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(actions.map((s) => s.title)).toEqual([
      '構建「一帶一路」立體互聯互通網路',
      '支持建設開放型世界經濟',
      '開展務實合作',
      '促進綠色發展',
      '推動科技創新',
      '支持民間交往',
      '建設廉潔之路',
      '完善「一帶一路」國際合作機制',
    ]);
    expect(actions[0]!.sections?.map((s) => s.title)).toEqual(['航空', '海運', '鐵路']);
    expect(actions[2]!.sections?.map((s) => s.title)).toEqual(['首選功能平台', '金融', '法律', '知識產權', '建造業']);
    expect(actions[3]!.sections?.map((s) => s.title)).toEqual(['綠色金融', '環境生態', '氣象']);
    expect(result.dataset.sections.map((s) => s.title)).toEqual(['概況', '香港的頂層督導工作', '香港的優勢']);
  });

  it('reports the inconsistent numbering: a bold item as heading, two heading levels, half-width brackets, uneven subsection levels', () => {
    const numbering = ofCode(importCodes.headingNumbering);
    expect(at(numbering)).toEqual(['20:3', '45:7', '97:6', '101:8']);
    expect(numbering[1]!.message).toContain('（二）（三） are level-3 headings (line 45, 58) where (四)(五)(六)(七)(八) are level 4');
    expect(numbering[3]!.message).toContain('(四)(五)(六)(七)(八) (line 101, 120, 128, 142, 149) use half-width brackets');
  });

  it('keeps bold phrases as **…**, gives ASCII ids, takes the update line as the date and drops the page footer', () => {
    // The source and publisher are not stated: left unset, each with a finding, never the file's name or TODO.
    expect(result.dataset.meta.source).toBeUndefined();
    expect(result.dataset.meta.publisher).toBeUndefined();
    expect(ofCode(importCodes.unstated).map((d) => d.message)).toEqual([
      'the fact sheet does not state its source; meta.source is left unset, and the documents print nothing in its place',
      'the fact sheet does not state its publisher; meta.publisher is left unset, and the documents print nothing in its place',
    ]);
    expect(yaml.slice(yaml.indexOf('\nmeta:'), yaml.indexOf('\ncountries:'))).not.toMatch(/TODO|\.md|source|publisher/u);
    expect(yaml).toContain('並成立**聯席會議機制**，');
    expect(yaml).toContain('「**融入國家發展大局督導組**」');
    for (const s of allSections(result.dataset.sections)) expect(s.id).toMatch(/^section-\d+(?:-\d+)*$/);
    expect(yaml).not.toMatch(/paragraph: .*更新日期/u);
    expect(yaml).not.toMatch(/paragraph: 2026 年 4 月$/mu);
    expect(at(ofCode(importCodes.furniture))).toEqual(['155:1', '159:1']);
  });

  it('finds key figures with value, unit, year and section, and skips years, ranks and titles', () => {
    const figures = result.dataset.figures;
    const byWritten = (written: string) => figures[result.figureSources.findIndex((s) => s.written === written)];
    expect(byWritten('1 400 家')).toMatchObject({ value: 1400, unit: '家', asOf: 2024, label: '來自「一帶一路」的企業（約）' });
    expect(byWritten('1 330 億美元')).toMatchObject({ value: 1330, unit: '億美元', asOf: 2023 });
    expect(byWritten('366.4 億美元')).toMatchObject({ value: 366.4, unit: '億美元', asOf: 2025 });
    expect(byWritten('13.9%')).toMatchObject({ value: 13.9, unit: '%', asOf: 2024, label: '香港貿易額' });
    expect(byWritten('1 000 萬公噸')).toMatchObject({ value: 1000, unit: '萬公噸', asOf: 2035 });
    const aviation = allSections(result.dataset.sections).find((s) => s.title === '航空')!;
    expect(byWritten('1.2 億人次')!.section).toBe(aviation.id);
    // 「2024 年」, 「第 3」, 《BIMCO 法律和仲裁條款 2020》 are not figures.
    expect(figures.some((f) => f.value >= 1900 && f.value <= 2100)).toBe(false);
    expect(result.figureSources.some((s) => /^3\b/.test(s.written) && s.written.length <= 2)).toBe(false);
    expect(yaml).toContain('  # line 48: 「1 400 家」\n  - id: figure-4\n');
    // Every proposal has a year from its own sentence, and a label that is a noun phrase, not a clause fragment.
    for (const f of figures) expect(f.label, f.id).not.toMatch(/^[的之及和與或在於]|[間中之的及在於了]$|[|#]/u);
    // 「30 個民航夥伴全面開放了…」 names no noun phrase it counts; 「15 次勇奪…」 counts a verb: no figure.
    expect(byWritten('30 個')).toBeUndefined();
    expect(byWritten('15 次')).toBeUndefined();
  });

  it('prints nothing but warnings: an import always yields a skeleton', () => {
    expect(result.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(result.repaired).toBe(3 + 7 + 2);
  });
});

describe('silkpress import (the real bin)', () => {
  const BIN = join(process.cwd(), 'dist', 'cli', 'main.js');
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('writes the skeleton, prints each finding with file:line and a summary, exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'silkpress-import-cli-'));
    const out = join(dir, 'skeleton.yaml');
    const r = run('import', file, '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(yaml);
    expect(r.stderr).toContain(`${file}:77:40: warning[E703]: Simplified character '资' (U+8D44) in Traditional text (zh-Hant)`);
    expect(r.stderr).toMatch(/silkpress: .*: 22 sections, 73 facts, 3 paragraphs, 19 candidate key figures; 12 repairs made, 8 findings to review\n$/);
    expect(r.stdout).toBe(`wrote ${out}\n`);
    // A second run does not overwrite without --force.
    const again = run('import', file, '--out', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`silkpress: ${out} exists; pass --force to replace it\n`);
  }, 30_000);

  it('gives the skeleton and the findings as JSON with --json', () => {
    const r = run('import', file, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { ok: boolean; yaml: string; repaired: number; diagnostics: Diagnostic[] };
    expect(json).toMatchObject({ command: 'import', ok: true, sections: 22, figures: 19, repaired: 12 });
    expect(json.yaml).toBe(yaml);
    expect(json.diagnostics).toHaveLength(result.diagnostics.length);
  }, 30_000);

  it('exits 1 with a located error for a file it cannot read', () => {
    const r = run('import', 'no-such-sheet.md');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('no-such-sheet.md: error[E104]: cannot read no-such-sheet.md: no such file');
  }, 30_000);
});

// ---- The line reader and the repairs, on generated Markdown ----

const cjk = fc.constantFrom(...'香港一帶路的國家和地區金融法律資訊平台合作發展');
const latin = fc.constantFrom(...'abcXYZ 019');
const punct = fc.constantFrom('，', '。', '「', '」', '、', '：');
/** Text that stays itself as a line of Markdown: no leading marker, no surrounding space, possibly with **bold**. */
const inlineText = fc
  .tuple(fc.array(fc.oneof(cjk, cjk, latin, punct), { minLength: 1, maxLength: 20 }), fc.option(fc.array(cjk, { minLength: 1, maxLength: 5 })))
  .map(([chars, bold]) => (bold ? `${chars.join('')}**${bold.join('')}**` : chars.join('')).trim())
  .filter((s) => s !== '' && !/^[#>*+\-=_\d]/.test(s) && !/^[-*_](?:\s*[-*_]){2,}$/.test(s));

type Spec =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'bullet'; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'rule' };

const spec: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ kind: fc.constant('heading' as const), level: fc.integer({ min: 1, max: 6 }), text: inlineText }),
  fc.record({ kind: fc.constant('bullet' as const), text: inlineText }),
  fc.record({ kind: fc.constant('paragraph' as const), lines: fc.array(inlineText, { minLength: 1, maxLength: 3 }) }),
  fc.constant({ kind: 'rule' as const }),
);

/** Blocks separated by one or more blank lines, as an export writes them. */
function serialise(specs: Spec[], blanks: number[]): { text: string; lines: number[] } {
  const out: string[] = [];
  const lines: number[] = [];
  specs.forEach((s, i) => {
    if (i > 0) for (let b = 0; b < (blanks[i] ?? 1); b++) out.push('');
    lines.push(out.length + 1);
    if (s.kind === 'heading') out.push(`${'#'.repeat(s.level)} ${s.text}`);
    else if (s.kind === 'bullet') out.push(`- ${s.text}`);
    else if (s.kind === 'paragraph') out.push(...s.lines);
    else out.push('---');
  });
  return { text: out.join('\n'), lines };
}

describe('the Markdown line reader', () => {
  it('reads back generated blocks: kind, level, text and line', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 12 }), (specs, blanks) => {
        const { text, lines } = serialise(specs, blanks);
        const blocks = readMarkdown(text);
        expect(blocks.map((b) => b.kind)).toEqual(specs.map((s) => s.kind));
        blocks.forEach((b, i) => {
          const s = specs[i]!;
          expect(b.line).toBe(lines[i]);
          if (s.kind === 'heading') expect(b).toMatchObject({ level: s.level, text: s.text });
          if (s.kind === 'bullet') expect(b).toMatchObject({ text: s.text, column: 3 });
          if (s.kind === 'paragraph') expect(b).toMatchObject({ text: s.lines.reduce(joinLines), endLine: lines[i]! + s.lines.length - 1 });
        });
      }),
    );
  });

  it('never throws, and puts every non-blank line of any input in exactly one block, in order', () => {
    // Code fences, link definitions and HTML are not fact-sheet text (a fence's lines, a definition's target and an
    // HTML comment are not content); everything else is.
    const content = fc.string().filter((s) => !/^\s*(?:```|~~~|\[[^\]]*\]:|<)/u.test(s));
    fc.assert(
      fc.property(fc.array(fc.oneof(content, inlineText, fc.constantFrom('', '# x', '- y', '***', '  - z', '####### n', '#', '1. n', '> q')), { maxLength: 30 }), (rows) => {
        const text = rows.join('\n');
        const blocks = readMarkdown(text);
        const covered: number[] = [];
        let last = 0;
        for (const b of blocks) {
          expect(b.line).toBeGreaterThan(last);
          expect(b.endLine).toBeGreaterThanOrEqual(b.line);
          last = b.endLine;
          for (let n = b.line; n <= b.endLine; n++) covered.push(n);
        }
        const nonBlank = text.split(/\r\n|\r|\n/).flatMap((l, i) => (l.trim() ? [i + 1] : []));
        // A list item may hold a blank line before its nested items; the blank lines are the item's, not text.
        expect(covered.filter((n) => nonBlank.includes(n))).toEqual(nonBlank);
      }),
    );
  });

  it('keeps **bold** exactly as written', () => {
    fc.assert(
      fc.property(inlineText, (t) => {
        expect(readMarkdown(`- ${t}`)[0]).toMatchObject({ kind: 'bullet', text: t });
      }),
    );
  });
});

describe('page-break joining', () => {
  const blocksOf = (specs: Spec[]): MdBlock[] => readMarkdown(serialise(specs, []).text);
  const ctx = { file: 'x.md', lines: [] as string[] };
  const squash = (bs: MdBlock[]) => bs.map((b) => ('text' in b ? b.text : '')).join('').replace(/\s/g, '');

  it('loses no text, is idempotent, and leaves no paragraph after an unfinished sentence', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 12 }), (specs) => {
        const before = blocksOf(specs);
        const once = joinPageBreakSplits(before, ctx).blocks;
        expect(squash(once)).toBe(squash(before));
        expect(joinPageBreakSplits(once, ctx).blocks).toEqual(once);
        once.forEach((b, i) => {
          const prev = once[i - 1];
          if (b.kind === 'paragraph' && prev && (prev.kind === 'bullet' || prev.kind === 'paragraph')) expect(endsSentence(prev.text)).toBe(true);
        });
      }),
    );
  });

  it('joins an item split across a blank line and reports the line it ends on', () => {
    const r = joinPageBreakSplits(readMarkdown('- 特區政府將繼續打造\n\n高端港口品牌。\n\n- 下一項。'), { file: 'x.md', lines: ['- 特區政府將繼續打造'] });
    expect(r.blocks.map((b) => ('text' in b ? b.text : b.kind))).toEqual(['特區政府將繼續打造高端港口品牌。', '下一項。']);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span?.line}`)).toEqual(['E701 1']);
  });

  it('treats a sentence as ended through closing brackets and bold marks', () => {
    expect(endsSentence('……的角色。」')).toBe(true);
    expect(endsSentence('**（一）構建網路：**')).toBe(true);
    expect(endsSentence('研發中')).toBe(false);
    expect(endsSentence('標誌性工程，')).toBe(false);
  });
});

describe('outline of other fact sheets', () => {
  const titles = (sections: Section[]): unknown[] => sections.map((s) => (s.sections?.length ? { [s.title]: titles(s.sections) } : s.title));

  it('nests 「一、」 and 「（一）」 series, and ends a series at a heading of its members\' level', () => {
    const md = ['# 文件', '## 一、總則', '### （一）甲', '- 項目。', '#### 細節', '- 項目。', '### （二）乙', '## 二、細則', '### （一）丙', '## 附錄', '段落。'].join('\n\n');
    const r = importFactSheet({ file: 'x.zh-Hant.md', text: md });
    expect(titles(r.dataset.sections)).toEqual([{ 總則: [{ 甲: ['細節'] }, '乙'] }, { 細則: ['丙'] }, '附錄']);
    expect(r.dataset.sections.map((s) => s.number)).toEqual([1, 2, undefined]);
    expect(r.dataset.meta.title).toBe('文件');
  });

  it('puts text before the first heading in a section of its own and says so', () => {
    const r = importFactSheet({ file: 'x.md', text: '沒有標題的一段。' });
    expect(r.dataset.sections).toEqual([{ id: 'section-1', title: 'TODO', body: [{ paragraph: '沒有標題的一段。' }] }]);
    expect(r.diagnostics.map((d) => d.code)).toContain(importCodes.placeholder);
  });
});

describe('numbers and ordinals', () => {
  it('reads Chinese ordinals up to 99 and the bracket forms of numbered headings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), (n) => {
        const digits = '一二三四五六七八九';
        const tens = Math.floor(n / 10);
        const units = n % 10;
        const hanzi = (tens > 1 ? digits[tens - 1]! : '') + (tens > 0 ? '十' : '') + (units ? digits[units - 1]! : '');
        expect(hanziNumber(hanzi)).toBe(n);
        expect(parseOrdinal(`（${hanzi}）標題`)?.ordinal).toMatchObject({ value: n, family: 'paren-hanzi', brackets: 'full' });
        expect(parseOrdinal(`(${hanzi}) 標題`)?.ordinal).toMatchObject({ value: n, brackets: 'half' });
        expect(parseOrdinal(`${hanzi}、標題`)?.ordinal).toMatchObject({ value: n, family: 'dunhao-hanzi' });
      }),
    );
  });

  it('finds a figure written 16,688, 16 688, 16688 or 1,668.8, with its qualifier and its sentence\'s year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_999_999 }),
        fc.option(fc.integer({ min: 1, max: 9 })),
        fc.constantFrom(',', ' ', ''),
        fc.constantFrom('家', '個', '名', '億美元', '%', '萬人次'),
        fc.constantFrom('約', '超過', ''),
        fc.integer({ min: 1990, max: 2030 }),
        (n, frac, sep, unit, q, year) => {
          const grouped = n.toLocaleString('en-US').replace(/,/g, sep) + (frac !== null ? `.${frac}` : '');
          const found = findFigureCandidates(`${year} 年香港有${q} ${grouped} ${unit}企業參與。`);
          expect(found).toHaveLength(1);
          expect(found[0]).toMatchObject({ value: Number(`${n}${frac !== null ? `.${frac}` : ''}`), unit, year, label: q ? `企業（${q}）` : '企業' });
        },
      ),
    );
  });

  it('proposes no figure without a year in its sentence or without a real label', () => {
    expect(findFigureCandidates('香港有約 1 400 家企業。')).toEqual([]);
    expect(findFigureCandidates('2024 年，香港與 33 個國家（共約 60 個航點）間營運航班。').map((c) => c.label)).toEqual(['國家', '航點（約）']);
    expect(findFigureCandidates('| 項目 | 數值 | 年份 |\n| --- | --- | --- |\n| 企業 | 3,200 家 | 2024 年 |')).toEqual([]);
    expect(isRealLabel('間（約）')).toBe(false);
    expect(isRealLabel('來自「一帶一路」的企業（約）')).toBe(true);
  });

  it('takes no year, date, rank or title number for a figure', () => {
    expect(findFigureCandidates('2024 年 6 月，排名全球第 3 位，《2025 年報告》及 2024/25 學年。')).toEqual([]);
  });
});

