// Checks the schema cannot express: unique ids, and references between sections, figures, charts and countries.
import type { Dataset, Section } from './schema.js';
import type { LoadedYaml } from './yaml.js';
import { codes, error, type Diagnostic } from '../diag/diagnostic.js';

export function checkReferences(data: LoadedYaml<Dataset>): Diagnostic[] {
  const d = data.value;
  const out: Diagnostic[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, pointer: string): void => {
    const first = ids.get(id);
    if (first) out.push(error(codes.reference, `id '${id}' is used twice (first at ${first})`, data.locate(pointer), ['ids must be unique across sections, figures and charts']));
    else ids.set(id, pointer);
  };
  const sectionIds = new Set<string>();
  const walk = (sections: Section[], base: string): void => {
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      claim(s.id, `${p}/id`);
      sectionIds.add(s.id);
      s.body.forEach((b, j) => {
        if (!('facts' in b)) return;
        b.facts.forEach((f, k) => {
          (f.countries ?? []).forEach((c, m) => {
            if (!(c in d.countries)) {
              out.push(error(codes.reference, `country '${c}' is not listed under 'countries'`, data.locate(`${p}/body/${j}/facts/${k}/countries/${m}`), [`add ${c}: <name> under 'countries'`]));
            }
          });
        });
      });
      if (s.sections) walk(s.sections, `${p}/sections`);
    });
  };
  walk(d.sections, '/sections');
  const figureIds = new Set<string>();
  d.figures.forEach((f, i) => {
    claim(f.id, `/figures/${i}/id`);
    figureIds.add(f.id);
    if (!sectionIds.has(f.section)) out.push(error(codes.reference, `figure '${f.id}' names section '${f.section}', which does not exist`, data.locate(`/figures/${i}/section`)));
  });
  d.charts.forEach((c, i) => {
    claim(c.id, `/charts/${i}/id`);
    if (!sectionIds.has(c.section)) out.push(error(codes.reference, `chart '${c.id}' names section '${c.section}', which does not exist`, data.locate(`/charts/${i}/section`)));
    c.series.forEach((s, j) => {
      if (s.figures.length !== c.categories.length) {
        out.push(error(codes.reference, `series '${s.name}' has ${s.figures.length} figures for ${c.categories.length} categories`, data.locate(`/charts/${i}/series/${j}/figures`)));
      }
      s.figures.forEach((f, k) => {
        if (!figureIds.has(f)) out.push(error(codes.reference, `chart '${c.id}' names figure '${f}', which does not exist`, data.locate(`/charts/${i}/series/${j}/figures/${k}`)));
      });
    });
  });
  return out;
}
