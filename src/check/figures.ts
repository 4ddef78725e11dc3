// Dataset → key figures whose number the text of their section never states (a typo in the value, or the
// wrong section named).
import type { Dataset, Section } from '../data/schema.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { formatFigure } from '../template/text.js';

/** Everything a reader of the section sees as text: title, lead, paragraphs, facts and their points, subsections. */
function sectionText(s: Section): string {
  const parts = [s.title, s.lead ?? ''];
  for (const b of s.body) {
    if ('paragraph' in b) parts.push(b.paragraph);
    else for (const f of b.facts) parts.push(f.text, f.point ?? '');
  }
  for (const sub of s.sections ?? []) parts.push(sectionText(sub));
  return parts.join('\n');
}

/** Digit-group spaces (「1 400」, with any space character) do not make a different number. */
function joinDigitGroups(text: string): string {
  return text.replace(/(\d)[ \u00a0\u2009\u202f](?=\d)/g, '$1');
}

/** Whether `text` states `printed` as a whole number: 15 is not found in 2015, 150 or 1.15. */
export function statesNumber(text: string, printed: string): boolean {
  const wanted = joinDigitGroups(printed).replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  return new RegExp(`(?<![\\d.])${wanted}(?!\\d|\\.\\d)`).test(joinDigitGroups(text));
}

export function checkFigures(data: LoadedYaml<Dataset>): Diagnostic[] {
  const texts = new Map<string, string>();
  const walk = (sections: Section[]): void => {
    for (const s of sections) {
      texts.set(s.id, sectionText(s));
      walk(s.sections ?? []);
    }
  };
  walk(data.value.sections);
  const out: Diagnostic[] = [];
  data.value.figures.forEach((f, i) => {
    const text = texts.get(f.section);
    if (text === undefined) return; // an unknown section is a reference error, reported by checkReferences
    const printed = formatFigure(f.value);
    if (statesNumber(text, printed)) return;
    out.push({
      ...error(
        codes.figureNotInText,
        `key figure '${f.id}' is ${printed}${f.unit ? ` ${f.unit}` : ''}, but the text of section '${f.section}' never states ${printed}`,
        data.locate(`/figures/${i}/value`),
        [`correct the value, or name the section whose text states it (section: …); the brochure prints both`],
      ),
      text: printed,
    });
  });
  return out;
}
