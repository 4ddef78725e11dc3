// Find the numbers in a fact's text that could be key figures: value, unit, a label guessed from the clause
// around the number, the year the sentence names, and a qualifier such as 約 or 超過.

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

// Thousands are grouped with a space in these fact sheets (「1 400 家」), sometimes with a comma.
const NUMBER = /(?<![\d.\/])(\d{1,3}(?:[ \u00a0\u202f,]\d{3})+|\d+)(?:\.(\d+))?(?![\d\/])/gu;

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

const QUALIFIER_BEFORE = /(約|超過|逾|近|達|接近|至少|最少|多於|共)\s*$/u;
const QUALIFIER_AFTER = /^(多|餘|余)/u;
const CLAUSE_BREAK = /[，。；：！？,;:!?（）()]/u;
const SENTENCE_BREAK = /[。；;！？!?]/u;
const YEAR = /(?<!\d)((?:19|20)\d{2})(?:\/\d{2})?\s*(?:年|學年)/gu;
const MAX_LABEL = 24;

export function findFigureCandidates(raw: string): FigureCandidate[] {
  const joined = raw.replace(/\*\*/g, '');
  const out: FigureCandidate[] = [];
  const inTitle = titleRanges(joined);
  for (const m of joined.matchAll(NUMBER)) {
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
    const value = Number(m[1]!.replace(/[ \u00a0\u202f,]/gu, '') + (m[2] ? `.${m[2]}` : ''));
    if (!Number.isFinite(value)) continue;

    const clauseStart = lastIndexOf(before, CLAUSE_BREAK) + 1;
    const rest = after.slice(unit.length);
    const clauseEndRel = rest.search(CLAUSE_BREAK);
    // The clause after the unit, up to the next number (「1.2 億人次年客運量及 1 000 萬公噸…」 stops at 及).
    let tail = clauseEndRel < 0 ? rest : rest.slice(0, clauseEndRel);
    const nextNumber = tail.search(/\d/u);
    if (nextNumber >= 0) tail = tail.slice(0, nextNumber).trim().replace(/(?:[及和與或、]|在內的|當中)$/u, '');
    tail = tail.trim().replace(/^[的之]/u, '');
    const qualifierMatch = QUALIFIER_BEFORE.exec(before.slice(clauseStart));
    const qualifier = [qualifierMatch?.[1], suffix ? '以上' : undefined].filter(Boolean).join('，');
    const head = before
      .slice(clauseStart, qualifierMatch ? before.length - qualifierMatch[0].length : before.length)
      .replace(/^(?:[^「」]*?(?:19|20)\d{2}(?:\/\d{2})?\s*(?:年|學年)(?:\s*\d{1,2}\s*月(?:底|初|中)?)?(?:起|以來|至今)?)/u, '')
      .replace(/^(?:截至|於|在|自)\s*/u, '')
      .replace(/^[的之]|[有為是共達的]$/gu, '')
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
