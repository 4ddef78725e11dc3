// Find the numbers in a fact's text that could be key figures: value, unit, a label from the clause around the
// number, the year the sentence names, and a qualifier such as 約 or 超過. Numbers as written: 16,688, 16 688,
// 1,668.8, 8 600 萬 (data/numbers.ts reads them).
import { findNumbers } from '../data/numbers.js';

export interface FigureCandidate {
  value: number;
  unit: string;
  label: string;
  /** The year the sentence states (「2024 年」, 「截至 2025 年 6 月底」), if any. */
  year?: number | undefined;
  /** The number as written, with its unit: 「1 400 家」. */
  written: string;
  /** Code-point index of the number in the text (emphasis marks removed). */
  index: number;
}

// Units as printed after a number, longest first where one is a prefix of another. A magnitude (萬, 億) may
// stand before a currency or measure. A number followed by anything else (年, 月, 日, 至) is not a figure.
const UNIT = new RegExp(
  '^(?:' +
    [
      '%',
      '％',
      '個百分點',
      '(?:萬億|千億|百億|千萬|百萬|億|萬|千)?(?:元人民幣|美元|港元|歐元|人民幣|元|人次|公噸|噸|平方米|公里)',
      '萬億',
      '億',
      '萬',
      '[家個份名人位次間項天所宗艘架座條場批倍]',
    ].join('|') +
    ')',
  'u',
);

const QUALIFIER_BEFORE = /(約|超過|逾|近|達|接近|至少|最少|多於|共)(?:為|为)?\s*$/u;
const QUALIFIER_AFTER = /^(多|餘|余)/u;
const CLAUSE_BREAK = /[，。；：！？,;:!?（）()]/u;
const SENTENCE_BREAK = /[。；;！？!?]/u;
const YEAR = /(?<!\d)((?:19|20)\d{2})(?:\/\d{2})?\s*(?:年|學年)/gu;
const MAX_LABEL = 24;

/**
 * Candidate key figures of a text: a number with a unit after it, a label naming what it counts and the year its
 * sentence states. A number whose label is not a real noun phrase, or whose sentence names no year, is no
 * candidate: a skeleton proposes fewer figures rather than wrong ones.
 */
export function findFigureCandidates(raw: string): FigureCandidate[] {
  return findNumberCandidates(raw).filter((c) => c.year !== undefined && isRealLabel(c.label));
}

/** Every number with a unit, labelled as well as the clause allows, with or without a year (see findFigureCandidates). */
export function findNumberCandidates(raw: string): FigureCandidate[] {
  // Links count by their words: the URL's digits are not figures.
  const joined = raw.replace(/\[([^\]]*)\]\([^)\s]*\)/gu, '$1').replace(/https?:\/\/[\x21-\x7e]+/gu, (u) => ' '.repeat(u.length)).replace(/\*\*/g, '');
  const out: FigureCandidate[] = [];
  const inTitle = titleRanges(joined);
  for (const n of findNumbers(joined)) {
    if (n.value < 0) continue;
    const m = { index: n.index, 0: n.written };
    const start = m.index;
    const end = start + m[0].length;
    const before = joined.slice(0, start);
    const gap = /^[ \u00a0\u202f]*/u.exec(joined.slice(end))![0].length;
    let after = joined.slice(end + gap);
    if (/第\s*$/u.test(before)) continue; // an ordinal or rank: 「第 3」
    if (inTitle.some(([a, b]) => start >= a && start < b)) continue; // 《2025 年國際仲裁調查報告》
    let suffix = '';
    const more = QUALIFIER_AFTER.exec(after);
    if (more) {
      suffix = more[1]!;
      after = after.slice(suffix.length);
    }
    const unit = UNIT.exec(after)?.[0];
    if (!unit) continue;
    const value = n.value;

    const clauseStart = lastIndexOf(before, CLAUSE_BREAK) + 1;
    const rest = after.slice(unit.length);
    const clauseEndRel = rest.search(CLAUSE_BREAK);
    // The clause after the unit, up to the next number (「1.2 億人次年客運量及 1 000 萬公噸…」 stops at 及).
    let tail = clauseEndRel < 0 ? rest : rest.slice(0, clauseEndRel);
    const nextNumber = tail.search(/\d/u);
    if (nextNumber >= 0) tail = tail.slice(0, nextNumber).trim().replace(/(?:[及和與或、]|在內的|當中)$/u, '');
    // A preposition or auxiliary left at the end is the next clause's (「1 400 家公司於 2024 年…」 → 公司).
    tail = tail.trim().replace(/^[的之]/u, '').replace(/[於于在將将已會会從从向對对由自為为並并]+$/u, '');
    // What follows the counted noun is often its verb (「1 000 家企業參與」): the noun is the label.
    tail = tail.replace(VERB_END, '').trim();
    const qualifierMatch = QUALIFIER_BEFORE.exec(before.slice(clauseStart));
    const qualifier = [qualifierMatch?.[1], suffix ? '以上' : undefined].filter(Boolean).join('，');
    const head = before
      .slice(clauseStart, qualifierMatch ? before.length - qualifierMatch[0].length : before.length)
      .replace(/^(?:[^「」]*?(?:19|20)\d{2}(?:\/\d{2})?\s*(?:年|學年)(?:\s*\d{1,2}\s*月(?:底|初|中)?)?(?:起|以來|至今)?)/u, '')
      .replace(/^(?:截至|於|在|自)\s*/u, '')
      .trim()
      .replace(/^[的之]|[有為是共達的]$/gu, '')
      // 「香港貿易額中有 13.9%」: what is counted is 香港貿易額; 中 only says "among".
      .replace(/(?:當中|之中|中)$/u, '')
      .trim();
    // After the unit usually comes what is counted (「1 400 家來自…的企業」); when that is a predicate
    // (「13.9% 是通過…」) or nothing, the words before the number name it (「向外直接投資超過 1 330 億美元」).
    const tailIsPredicate = /^[是有或及和與為]/u.test(tail);
    let label = [...tail].length >= 2 && !(tailIsPredicate && [...head].length >= 2) ? tail : [...head].length >= 2 ? head : tail || head || unit;
    if ([...label].length > MAX_LABEL) label = [...label].slice(0, MAX_LABEL).join('') + '…';
    if (qualifier) label += `（${qualifier}）`;

    out.push({
      value,
      unit,
      label,
      year: yearNear(joined, start),
      written: joined.slice(start, end + gap + suffix.length + unit.length),
      // Code points, so the index matches the columns reported elsewhere.
      index: [...joined.slice(0, start)].length,
    });
  }
  return out;
}

function lastIndexOf(s: string, re: RegExp): number {
  for (let i = s.length - 1; i >= 0; i--) if (re.test(s[i]!)) return i;
  return -1;
}

/** Ranges of 《…》 (titles of reports and agreements), whose numbers are names, not figures. */
function titleRanges(s: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of s.matchAll(/《[^》]*》/gu)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** The year the number's sentence names: the nearest before the number, else the first after it. */
function yearNear(text: string, at: number): number | undefined {
  const sentenceStart = lastIndexOf(text.slice(0, at), SENTENCE_BREAK) + 1;
  const endRel = text.slice(at).search(SENTENCE_BREAK);
  const sentenceEnd = endRel < 0 ? text.length : at + endRel;
  let before: number | undefined;
  let after: number | undefined;
  const titles = titleRanges(text);
  for (const m of text.slice(sentenceStart, sentenceEnd).matchAll(YEAR)) {
    const pos = sentenceStart + m.index;
    if (pos === at || titles.some(([a, b]) => pos >= a && pos < b)) continue;
    const year = Number(m[1]);
    if (pos < at) before = year;
    else after ??= year;
  }
  return before ?? after;
}

/** Characters that end a clause fragment, not a noun phrase: 「…之間」「…在」「…及」. */
const NOT_NOUN_END = /[間间中內内之的及和與与或在於于為为是有將将已會会可並并等至到從从向對对把被由]$/u;
const NOT_NOUN_START = /^[的之及和與与或、在為为是有於于並并且而將将已會会可至到]/u;
/** A label that ends in a verb, or holds an aspect marker, is a clause: 「青年人參加」, 「開放了…運力」. */
const VERB_END = /(?:參加|参加|參與|参与|發言|发言|出席|舉辦|举办|簽署|签署|簽訂|签订|發行|发行|成立|設立|设立|進行|进行|提供|增加|上升|下降|第一|之一|參賽|参赛)$/u;
const VERB_START = /^(?:佔|占|勇奪|勇夺|舉辦|举办|簽署|签署|發行|发行|成功|增加|有所|可|達|达)/u;
const MEASURE_ONLY = /^[家個个份名人位次間间項项天所宗艘架座條条場场批倍年月日]+$/u;

/**
 * Whether a label names what a figure counts: at least two letters (Han, or a Latin word), not a bare measure word,
 * not a fragment of a clause (「間」, 「及 30 個」), no Markdown table or link syntax.
 */
export function isRealLabel(label: string): boolean {
  if (label.includes('…')) return false; // cut short: a clause, not a noun phrase
  const core = label.replace(/（[^（）]*）$/u, '').trim();
  if (/[|#[\]*`\d]/u.test(core)) return false;
  const letters = [...core].filter((c) => /[\p{Script=Han}\p{L}]/u.test(c));
  if (letters.length < 2 || MEASURE_ONLY.test(core)) return false;
  if (NOT_NOUN_START.test(core) || NOT_NOUN_END.test(core) || VERB_END.test(core) || VERB_START.test(core) || /[了過过着]/u.test(core)) return false;
  // Brackets and quotes must close within the label: 「一帶一路」的企業, not 「一帶一路.
  for (const [open, close] of [['「', '」'], ['（', '）'], ['《', '》'], ['(', ')']] as const) {
    if (core.split(open).length !== core.split(close).length) return false;
  }
  return true;
}
