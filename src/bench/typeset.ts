// Typesetting throughput: the brochure's text set again and again in one process (fonts warm),
// reported as characters per second.
import { loadDataset, renderDocuments } from '../build.js';
import { layoutBrochure } from '../layout/brochure.js';
import type { Block, Doc } from '../markup/types.js';
import { inlineText } from '../markup/types.js';
import { loadProject } from '../project.js';
import { createTextEngine } from '../text/engine.js';

function countChars(doc: Doc): number {
  let n = 0;
  const walk = (blocks: Block[]): void => {
    for (const b of blocks) {
      if (b.kind === 'paragraph') n += [...inlineText(b.inlines)].length;
      else if (b.kind === 'list') for (const i of b.items) n += [...inlineText(i.inlines)].length;
      else if (b.kind === 'section') {
        n += [...inlineText(b.heading)].length;
        walk(b.blocks);
      }
    }
  };
  walk(doc.blocks);
  return n;
}

export interface TypesetBench {
  chars: number;
  medianMs: number;
  charsPerSecond: number;
}

export function benchTypeset(root: string, dataFile: string, rounds = 15): TypesetBench {
  const project = loadProject(root);
  const docs = renderDocuments(project, loadDataset(dataFile));
  const chars = countChars(docs.brochure);
  const times: number[] = [];
  for (let i = 0; i < rounds + 2; i++) {
    const t = performance.now();
    layoutBrochure(docs.brochure, project.theme, createTextEngine({ fonts: project.fonts.fonts, chains: project.fonts.chains }));
    // The first two rounds warm the JIT and glyph caches. Each round's registry is a new object, so no paragraph
    // is taken from the set-paragraph cache (which keys on it): this is the typesetting itself.
    if (i >= 2) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)]!;
  return { chars, medianMs, charsPerSecond: (chars / medianMs) * 1000 };
}
