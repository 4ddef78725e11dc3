// Dataset section → every text a reader of it sees, so checks and the view can ask what a section states.
import type { Section } from './schema.js';

/** Title, lead, paragraphs, facts and their points, and every subsection's, one text per line. */
export function sectionText(s: Section): string {
  const parts = [s.title, s.lead ?? ''];
  for (const b of s.body) {
    if ('paragraph' in b) parts.push(b.paragraph);
    else for (const f of b.facts) parts.push(f.text, f.point ?? '');
  }
  for (const sub of s.sections ?? []) parts.push(sectionText(sub));
  return parts.join('\n');
}
