// Read the Markdown subset of exported fact sheets (ATX headings, bullets, paragraphs, rules, `**bold**`)
// into a flat list of blocks, each with the source lines it came from.
//
// No Markdown parser is installed, and the fact sheets are exports of this simple shape, so this is a small
// line-based reader rather than CommonMark. Deliberate differences from CommonMark: no setext headings
// (`---` is always a rule), no nested lists (an indented bullet is a bullet), no code blocks; inline syntax is
// left in the text for the importer (bold is kept as `**…**`, the dataset's own emphasis mark).

export interface BlockBase {
  /** 1-based line of the block's first line. */
  line: number;
  /** 1-based line of the block's last line (a paragraph or bullet can run over several lines). */
  endLine: number;
  /** 1-based column (in code points) where the text starts on the first line. */
  column: number;
}

export interface HeadingBlock extends BlockBase {
  kind: 'heading';
  /** 1–6, the number of `#`. */
  level: number;
  text: string;
}

export interface BulletBlock extends BlockBase {
  kind: 'bullet';
  text: string;
}

export interface ParagraphBlock extends BlockBase {
  kind: 'paragraph';
  text: string;
}

export interface RuleBlock extends BlockBase {
  kind: 'rule';
}

export type MdBlock = HeadingBlock | BulletBlock | ParagraphBlock | RuleBlock;

const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const BULLET = /^([ \t]*[-*+][ \t]+)(.*)$/;

/** Code-point length, so columns match what an editor shows for CJK text. */
const cpLength = (s: string): number => [...s].length;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Join two pieces of text that a line break separated. Between two CJK characters a line break is not a
 * space (CSS Text 3 segment-break transformation), so nothing is inserted there; elsewhere one space.
 */
export function joinLines(a: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  const last = [...a].at(-1)!;
  const first = [...b][0]!;
  return CJK.test(last) || CJK.test(first) ? a + b : `${a} ${b}`;
}

/** Split a text into lines, accepting `\n`, `\r\n` and `\r`. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export function readMarkdown(text: string): MdBlock[] {
  const lines = splitLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const blocks: MdBlock[] = [];
  /** The paragraph or bullet that a following non-blank plain line continues (lazy continuation). */
  let open: BulletBlock | ParagraphBlock | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') {
      open = undefined;
      return;
    }
    const heading = HEADING.exec(raw);
    if (heading) {
      const body = heading[2] ?? '';
      const column = body ? cpLength(raw.slice(0, raw.indexOf(body, heading[1]!.length))) + 1 : cpLength(raw) + 1;
      blocks.push({ kind: 'heading', level: heading[1]!.length, text: body.trim(), line, endLine: line, column });
      open = undefined;
      return;
    }
    if (RULE.test(raw)) {
      blocks.push({ kind: 'rule', line, endLine: line, column: cpLength(raw) - cpLength(raw.trimStart()) + 1 });
      open = undefined;
      return;
    }
    const bullet = BULLET.exec(raw);
    if (bullet) {
      open = { kind: 'bullet', text: bullet[2]!.trim(), line, endLine: line, column: cpLength(bullet[1]!) + 1 };
      blocks.push(open);
      return;
    }
    const content = raw.trim();
    if (open) {
      open.text = joinLines(open.text, content);
      open.endLine = line;
      return;
    }
    open = { kind: 'paragraph', text: content, line, endLine: line, column: cpLength(raw) - cpLength(raw.trimStart()) + 1 };
    blocks.push(open);
  });
  return blocks;
}
