// Which facts a delegation's edition puts first: those tagged with its country, else its themes.
// Facts are referenced by JSON pointer, never copied, so spans still lead to the authored data.
import type { Dataset, Fact, Section } from '../data/schema.js';

export interface FocusRequest {
  /** ISO code of the delegation's country; facts tagged with it come first. */
  country?: string | undefined;
  /** Theme ids; used when no country is given. */
  themes?: string[] | undefined;
}

export interface FocusFact {
  pointer: string;
  fact: Fact;
  /** Title of the section the fact comes from, in the dataset's language. */
  sectionTitle: string;
}

export function selectFocusFacts(d: Dataset, request: FocusRequest): FocusFact[] {
  const out: FocusFact[] = [];
  const themes = new Set(request.themes ?? []);
  const wanted = (f: Fact): boolean =>
    request.country !== undefined ? (f.countries ?? []).includes(request.country) : (f.themes ?? []).some((t) => themes.has(t));
  const walk = (sections: Section[], base: string): void => {
    sections.forEach((s, i) => {
      const p = `${base}/${i}`;
      s.body.forEach((b, j) => {
        if ('facts' in b) b.facts.forEach((f, k) => wanted(f) && out.push({ pointer: `${p}/body/${j}/facts/${k}`, fact: f, sectionTitle: s.title }));
      });
      walk(s.sections ?? [], `${p}/sections`);
    });
  };
  if (request.country !== undefined || themes.size > 0) walk(d.sections, '/sections');
  return out;
}
