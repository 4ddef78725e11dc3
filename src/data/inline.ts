// Data text → its links: `[words](https://…)` and bare `https://…` addresses, found where the dataset's text
// fields hold them. The template stage turns them into <a> elements; `check` reports a link that goes nowhere.

/** `[words](target)`: words without brackets or a line break, a target without spaces or parentheses. */
const MARKDOWN_LINK = /\[([^\[\]\n]+)\]\(([^()\s]*)\)/g;

/**
 * A bare address: `http(s)://` then anything up to a space, a CJK character or full-width punctuation, or a
 * character that cannot stand in an address (`<`, `>`, `"`). Trailing ASCII punctuation (`.`, `,`, `;` …) ends
 * the sentence, not the address, as in GitHub's and Markdown's autolinks.
 */
const BARE_URL = /https?:\/\/[^\s<>"'\u2E80-\u9FFF\u3000-\u303F\uFF00-\uFFEF「」『』【】《》（）]+/g;
const TRAILING = /[.,;:!?'")\]*]/;

/** A target a reader can follow: a web address or an e-mail address. */
export const LINK_TARGET = /^(https?:\/\/[^\s/]+\.[^\s]*|https?:\/\/localhost\b\S*|mailto:[^\s@]+@[^\s@]+)$/;

export interface TextLink {
  /** UTF-16 range of the whole link in the text: `[words](url)` or the address itself. */
  start: number;
  end: number;
  /** What the reader sees: the words, or the address. */
  words: string;
  href: string;
  /** `markdown` for `[words](url)`, `bare` for an address standing in the text. */
  form: 'markdown' | 'bare';
}

/** The links of a text, in order; bare addresses inside a `[words](url)` are part of it, not links of their own. */
export function findLinks(text: string): TextLink[] {
  const out: TextLink[] = [];
  for (const m of text.matchAll(MARKDOWN_LINK)) {
    out.push({ start: m.index, end: m.index + m[0].length, words: m[1]!, href: m[2]!, form: 'markdown' });
  }
  const inside = (i: number): boolean => out.some((l) => l.form === 'markdown' && i >= l.start && i < l.end);
  for (const m of text.matchAll(BARE_URL)) {
    if (inside(m.index)) continue;
    let url = m[0];
    // Trailing punctuation ends the sentence, one mark at a time; a closing parenthesis stays when the address
    // opened one it closes: (see https://x.org/a_(b)).
    const count = (c: string): number => url.split(c).length - 1;
    while (TRAILING.test(url.slice(-1)) && !(url.endsWith(')') && count('(') >= count(')'))) url = url.slice(0, -1);
    if (url.length <= 'https://'.length) continue;
    out.push({ start: m.index, end: m.index + url.length, words: url, href: url, form: 'bare' });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The text as a reader sees it: `[words](url)` → `words`; bare addresses stay. */
export function linkWords(text: string): string {
  return text.replace(MARKDOWN_LINK, '$1');
}
