// A loaded project + a dataset (in an edition's language) → the documents rendered through the templates and
// typeset: the brochure laid out into pages and the briefing into a deck. What `check` inspects and `build`
// writes from, so the two see the same typesetting and a build does it once.
import { checkDelegation, type Delegation } from '../data/delegation.js';
import type { Dataset } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { DiagnosticError, type Diagnostic } from '../diag/diagnostic.js';
import { selectFocusFacts } from '../edition/focus.js';
import { localise } from '../edition/language.js';
import { dateIn, words } from '../edition/words.js';
import { layoutBrochure } from '../layout/brochure.js';
import type { LaidOutDocument } from '../layout/types.js';
import { parseMarkup } from '../markup/parse.js';
import type { Doc } from '../markup/types.js';
import { documentToDeck, type Deck, type SlideMemo } from '../pptx/deck.js';
import type { Project } from '../project.js';
import { renderMarkup } from '../template/render.js';
import type { EditionInput } from '../template/view.js';
import { createTextEngine, type TextEngine } from '../text/engine.js';
import { label } from '../theme/theme.js';
import { cachedDocuments } from './documents-cache.js';

export interface Documents {
  brochure: Doc;
  briefing: Doc;
}

export function renderDocuments(project: Project, data: LoadedYaml<Dataset>, edition?: EditionInput): Documents {
  // The data arrives in the edition's language (localise) and the layouts' own words come from the theme's
  // labels for that language, so the markup needs no further conversion.
  const parse = (layout: 'brochure' | 'briefing'): Doc => {
    const { markup, file } = renderMarkup({ layout, data, templatesDir: project.templatesDir, ...(edition ? { edition } : {}) });
    return parseMarkup({ markup, file, data });
  };
  return cachedDocuments(project.templatesDir, data, edition, () => ({ brochure: parse('brochure'), briefing: parse('briefing') }));
}

export interface Typeset {
  laid: LaidOutDocument;
  deck: Deck;
  engine: TextEngine;
}

/** Typeset both documents with one engine; any character no font can draw fails the build here, before any file is written. */
export function typesetDocuments(project: Project, docs: Documents, data: LoadedYaml<Dataset>): Typeset {
  const { missingGlyphs, ...typeset } = typesetCollecting(project, docs, data);
  if (missingGlyphs.length) throw new DiagnosticError(missingGlyphs);
  return typeset;
}

/** Each project's slides of its last deck (see SlideMemo): the theme and the fonts they were laid out with are the project's. */
const slideMemos = new WeakMap<Project, SlideMemo>();

/** As typesetDocuments, but the characters no font can draw are returned, not thrown: `check` reports them with the rest. */
export function typesetCollecting(project: Project, docs: Documents, data: LoadedYaml<Dataset>): Typeset & { missingGlyphs: Diagnostic[] } {
  const engine = createTextEngine(project.fonts, { lang: docs.brochure.meta.lang });
  const laid = layoutBrochure(docs.brochure, project.theme, engine);
  let memo = slideMemos.get(project);
  if (!memo) slideMemos.set(project, (memo = { entries: new Map() }));
  const deck = documentToDeck(docs.briefing, project.theme, engine, memo);
  return { laid, deck, engine, missingGlyphs: engine.diagnostics.map((d) => pointAtCharacter(d, data)) };
}

/**
 * A missing-glyph diagnostic points at its data field; move it onto the character itself: the first
 * occurrence of the character at or after the field's start in the data file.
 */
function pointAtCharacter(d: Diagnostic, data: LoadedYaml<Dataset>): Diagnostic {
  const ch = d.text;
  const span = d.span;
  if (!ch || !span || span.file !== data.file || span.line === undefined || span.column === undefined) return d;
  const lines = data.text.split('\n');
  for (let n = span.line - 1; n < lines.length; n++) {
    const from = n === span.line - 1 ? span.column - 1 : 0;
    const at = lines[n]!.indexOf(ch, from);
    if (at >= 0) return { ...d, span: { ...span, line: n + 1, column: at + 1 } };
  }
  return d;
}

/**
 * The dataset as a delegation's edition reads it: in its language, with its name and visit date as the
 * subtitle on the cover and title slide, and the facts to open with. Without a delegation, as authored.
 */
export function prepareEdition(
  authored: LoadedYaml<Dataset>,
  project: Project,
  delegation: LoadedYaml<Delegation> | undefined,
): { data: LoadedYaml<Dataset>; edition?: EditionInput } {
  if (!delegation) return { data: authored };
  const profile = delegation.value;
  const problems = checkDelegation(delegation, authored.value).filter((d) => d.severity === 'error');
  if (problems.length) throw new DiagnosticError(problems);
  const { data, diagnostics } = localise(authored, profile.language);
  if (diagnostics.length) throw new DiagnosticError(diagnostics);
  const d = data.value;
  const lang = profile.language;
  const facts = selectFocusFacts(d, { country: profile.country, themes: profile.themes });
  const country = profile.country ? (d.countries[profile.country] ?? profile.country) : undefined;
  const fill = (key: string): string => label(project.theme, lang, key).replace('{country}', country ?? '');
  // The cover's and title slide's line for the delegation: its name and visit date as the edition's language writes them.
  const subtitle = words(project.theme, lang, 'delegationSubtitle', { name: profile.name, date: dateIn(lang, profile.visitDate) });
  return {
    data: { ...data, value: { ...d, meta: { ...d.meta, subtitle } } },
    edition: {
      focus: {
        title: fill(country ? 'focusTitle' : 'focusThemes'),
        empty: facts.length === 0 ? fill('focusNone') : null,
        facts: facts.map((f) => f.pointer),
      },
    },
  };
}

