// mdast inline content → text in the dataset's inline syntax: `**bold**`, `[text](url)` for links with an http(s) or
// mailto target, bare URLs as they stand; every other mark becomes its text, and what is dropped is reported.
import type { Nodes } from 'mdast';

export interface InlineFinding {
  kind: 'image' | 'link-target' | 'emphasis';
  message: string;
  line: number;
  column: number;
}

/** The targets the dataset's links may have (the model's link grammar). */
const LINKABLE = /^(?:https?:\/\/|mailto:)\S+$/iu;

const CJK = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

/** A line break inside a paragraph: nothing between two CJK characters, one space elsewhere. */
function softBreak(before: string, after: string): string {
  const last = [...before.trimEnd()].at(-1) ?? '';
  const first = [...after.trimStart()][0] ?? '';
  if (last === '' || first === '') return '';
  if (before.endsWith('\n') || after.startsWith('\n')) return '';
  return CJK.test(last) || CJK.test(first) ? '' : ' ';
}

export interface Definitions {
  get(identifier: string): string | undefined;
}

export function inlineText(node: Nodes, definitions?: Definitions): { text: string; findings: InlineFinding[] } {
  const findings: InlineFinding[] = [];
  const at = (n: Nodes): { line: number; column: number } => ({ line: n.position?.start.line ?? 1, column: n.position?.start.column ?? 1 });

  const link = (n: Nodes, url: string, inner: string): string => {
    if (LINKABLE.test(url)) {
      // An autolink (<https://…>) or a link whose text is its target: a bare URL, as the text shows it.
      if (inner === url || inner === url.replace(/^mailto:/iu, '')) return /^mailto:/iu.test(url) ? `[${inner}](${url})` : url;
      return `[${inner}](${url})`;
    }
    findings.push({ kind: 'link-target', message: `link 「${inner}」 → ${url || '(empty)'}: only http(s) and mailto targets are kept as links; kept the link text`, ...at(n) });
    return inner;
  };

  const walk = (n: Nodes, inStrong: boolean): string => {
    switch (n.type) {
      case 'text':
        // Line breaks are resolved once the whole text is known: what stands on either side may be another node.
        return n.value.replace(/[ \t]*\r?\n[ \t]*/gu, '\n');
      case 'strong': {
        const inner = children(n, true);
        // Bold inside bold is one bold run; an empty one prints nothing.
        return inStrong || inner.trim() === '' ? inner : `**${inner}**`;
      }
      case 'emphasis': {
        const inner = children(n, inStrong);
        findings.push({ kind: 'emphasis', message: `italic 「${inner}」: the dataset marks only bold; kept the text`, ...at(n) });
        return inner;
      }
      case 'delete':
        return children(n, inStrong);
      case 'inlineCode':
        return n.value;
      case 'break':
        return '';
      case 'link':
        return link(n, n.url, children(n, inStrong));
      case 'linkReference': {
        const inner = children(n, inStrong);
        const url = definitions?.get(n.identifier);
        return url === undefined ? inner : link(n, url, inner);
      }
      case 'image':
      case 'imageReference':
        findings.push({ kind: 'image', message: `image 「${n.alt ?? ''}」: pictures are not imported; left out`, ...at(n) });
        return '';
      case 'html':
        return n.value;
      default:
        return 'children' in n ? children(n, inStrong) : 'value' in n && typeof n.value === 'string' ? n.value : '';
    }
  };
  const children = (n: Nodes, inStrong: boolean): string => ('children' in n ? (n.children as Nodes[]).map((c) => walk(c, inStrong)).join('') : '');
  const text = walk(node, false).replace(/\n/gu, (_m, offset: number, whole: string) => softBreak(whole.slice(0, offset), whole.slice(offset + 1)));
  return { text, findings };
}
