// Dataset section → every text a reader of it sees, so checks and the view can ask what a section states.
import { blockTexts } from './blocks.js';
import type { Section } from './schema.js';

/** Title, lead, every body block's texts, and every subsection's, one text per line. */
export function sectionText(s: Section): string {
  const parts = [s.title, s.lead ?? ''];
  // Every body block's texts: facts and sub-facts, list items at every depth, table cells, quotes, notes.
  // One push per text, not push(...texts): a block of a hundred thousand facts would overflow the call stack.
  for (const [j, b] of s.body.entries()) for (const t of blockTexts(b, `/body/${j}`)) parts.push(t.text);
  for (const sub of s.sections ?? []) parts.push(sectionText(sub));
  return parts.join('\n');
}
