// The one way a data file's YAML text becomes a Document: yaml's parseDocument, with its nesting bounded before it composes.
import { Composer, Parser, YAMLParseError, type Document, type LineCounter } from 'yaml';
import { MAX_DEPTH } from './limits.js';

/** The options every parse of a data file uses. */
export const PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true } as const;

/**
 * How deep the parser's stack of open collections may grow: four times the levels a dataset may have (limits.ts),
 * so that a text between the two is still read and refused by checkTextSize at its data path. yaml's composer,
 * and every walk of what it makes, recurses once per level: some nine hundred levels of brackets or indentation,
 * a few kilobytes of text, would run out of stack, and where it does depends on the stack the caller left (the
 * entry module, a worker's size, node's version). Refused here, the place reported is the token that went over.
 */
export const MAX_PARSE_DEPTH = 4 * MAX_DEPTH;

/** The text nests collections deeper than MAX_PARSE_DEPTH; `offset` is the token that went over. */
export class NestingError extends Error {
  constructor(readonly offset: number) {
    super(`YAML nested more than ${MAX_PARSE_DEPTH} deep`);
  }
}

/** The parser's stack holds the document, its top collection and the token in hand besides one entry per level. */
const STACK_OVER_LEVELS = 3;

class BoundedParser extends Parser {
  override *next(source: string): ReturnType<Parser['next']> {
    const at = this.offset;
    yield* super.next(source);
    if (this.stack.length > MAX_PARSE_DEPTH + STACK_OVER_LEVELS) throw new NestingError(at);
  }
}

/** As `parseDocument(text, { ...PARSE_OPTIONS, lineCounter })`, or a NestingError. */
export function parseDataDocument(text: string, lineCounter: LineCounter): Document.Parsed {
  const parser = new BoundedParser(lineCounter.addNewLine);
  const composer = new Composer(PARSE_OPTIONS);
  let doc: Document.Parsed | undefined;
  // As parseDocument: the first document, and an error if another follows (PARSE_OPTIONS' prettyErrors is off).
  for (const next of composer.compose(parser.parse(text), true, text.length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(…, forceDoc) ends with a document, if only an empty one.
  if (!doc) throw new Error('yaml composed no document');
  return doc;
}
