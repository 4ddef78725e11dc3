// Element-level edits of OOXML part text: find elements by qualified name, split their children, set attributes.
// pptxgenjs writes its parts as strings; editing them as strings (instead of parse → serialise) leaves every byte
// we do not mean to change exactly as it was, which keeps the package stable and the diffs readable.

/** A tag, a comment, a processing instruction or a CDATA section; groups: 1 `/`, 2 name, 3 attributes, 4 `/`. */
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/)?([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/)?>/g;

export interface XmlElement {
  name: string;
  /** Attributes in document order, values exactly as written (still escaped). */
  attrs: [string, string][];
  /** The text between the start and end tags; null for an empty-element tag. */
  inner: string | null;
}

/**
 * Replace every outermost `name` element with what `rewrite` returns for it. Nested elements of the same name
 * stay inside their outermost one (rewrite them there if needed).
 */
export function rewriteElements(xml: string, name: string, rewrite: (el: XmlElement) => string): string {
  let out = '';
  let last = 0;
  let depth = 0;
  let start = 0;
  let attrs = '';
  let innerStart = 0;
  for (const m of xml.matchAll(TOKEN)) {
    if (m[2] !== name) continue;
    const at = m.index;
    const closing = m[1] === '/';
    const empty = m[4] === '/';
    if (!closing) {
      if (depth === 0) {
        start = at;
        attrs = m[3] ?? '';
        innerStart = at + m[0].length;
        if (empty) {
          out += xml.slice(last, start) + rewrite({ name, attrs: parseAttributes(attrs), inner: null });
          last = innerStart;
          continue;
        }
      }
      if (!empty) depth++;
    } else if (depth > 0) {
      depth--;
      if (depth === 0) {
        out += xml.slice(last, start) + rewrite({ name, attrs: parseAttributes(attrs), inner: xml.slice(innerStart, at) });
        last = at + m[0].length;
      }
    }
  }
  return out + xml.slice(last);
}

export interface XmlChild {
  /** Qualified name of an element child; null for text, comments and the like between elements. */
  name: string | null;
  xml: string;
}

/** The top-level children of an element's inner text, in order. */
export function childNodes(inner: string): XmlChild[] {
  const out: XmlChild[] = [];
  let depth = 0;
  let last = 0;
  let start = 0;
  let name = '';
  for (const m of inner.matchAll(TOKEN)) {
    const tag = m[2];
    if (tag === undefined) continue; // a comment or PI inside text: kept with the text around it
    const at = m.index;
    const closing = m[1] === '/';
    const empty = m[4] === '/';
    if (!closing && depth === 0) {
      if (at > last) out.push({ name: null, xml: inner.slice(last, at) });
      start = at;
      name = tag;
      if (empty) {
        out.push({ name, xml: m[0] });
        last = at + m[0].length;
        continue;
      }
    }
    if (!closing && !empty) depth++;
    if (closing) {
      depth--;
      if (depth === 0) {
        out.push({ name, xml: inner.slice(start, at + m[0].length) });
        last = at + m[0].length;
      }
    }
  }
  if (last < inner.length) out.push({ name: null, xml: inner.slice(last) });
  return out;
}

export function parseAttributes(raw: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of raw.matchAll(/([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.push([m[1] as string, m[2] ?? m[3] ?? '']);
  return out;
}

/** Set an attribute (value unescaped), keeping its place if present, appending it otherwise. */
export function setAttribute(attrs: [string, string][], name: string, value: string): [string, string][] {
  const escaped = escapeXml(value);
  const found = attrs.some(([n]) => n === name);
  return found ? attrs.map(([n, v]) => [n, n === name ? escaped : v]) : [...attrs, [name, escaped]];
}

export function renderElement(el: XmlElement): string {
  // Values are kept escaped; a `"` can only be there raw if the value was single-quoted.
  const attrs = el.attrs.map(([n, v]) => ` ${n}="${v.replace(/"/g, '&quot;')}"`).join('');
  return el.inner === null ? `<${el.name}${attrs}/>` : `<${el.name}${attrs}>${el.inner}</${el.name}>`;
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
