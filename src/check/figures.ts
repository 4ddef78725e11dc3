// Dataset → key figures whose number the text of their section never states (a typo in the value, or the
// wrong section named).
import type { Dataset, Section } from '../data/schema.js';
import { sectionText } from '../data/walk.js';
import type { LoadedYaml } from '../data/yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';
import { formatFigure } from '../template/text.js';
import { findNumbers, statesValue } from '../data/numbers.js';

/**
 * Whether `text` states the number `printed` (as the brochure prints it) as a whole number, in any grouping:
 * 3 200 is stated by 「3,200」, 「3 200」 and 「3200」; 15 is not found in 2015, 150 or 1.15.
 */
export function statesNumber(text: string, printed: string): boolean {
  const wanted = findNumbers(printed)[0]?.value;
  return wanted !== undefined && statesValue(text, wanted);
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
    if (statesValue(text, f.value)) return;
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
