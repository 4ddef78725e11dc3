// Every box the deck lays out stays on its slide, for fact sheets of every shape the fixtures hold, not only the
// shipped one: a section slide whose points held a list four levels deep set them in a box running 0.75 in past the
// slide's foot (its points were measured by their own line only, not with the items nested under them).
import { describe, expect, it } from 'vitest';
import { loadDataset, renderDocuments, typesetDocuments } from '../src/build.js';
import { loadProject } from '../src/project.js';

const DATASETS = [
  'data/belt-and-road.yaml',
  'test/fixtures/mini/dataset.yaml',
  'test/fixtures/blocks/trade.yaml',
  'test/fixtures/blocks/ports.yaml',
  'test/fixtures/authored/innovation.zh-Hans.yaml',
];

describe('the deck keeps every box on its slide', () => {
  it.each(DATASETS)('%s', (file) => {
    const data = loadDataset(file);
    const project = loadProject('.', data.value.meta.lang);
    const { deck } = typesetDocuments(project, renderDocuments(project, data), data);
    const off: string[] = [];
    deck.slides.forEach((slide, i) => {
      for (const item of slide.items) {
        const b = item.box;
        const fits = b.xIn >= -0.01 && b.yIn >= -0.01 && b.xIn + b.wIn <= deck.widthIn + 0.01 && b.yIn + b.hIn <= deck.heightIn + 0.01;
        if (!fits) off.push(`slide ${i + 1} ${item.kind}${item.kind === 'text' ? ` ${item.role}` : ''}: ${JSON.stringify(b)}`);
      }
    });
    expect(deck.slides.length).toBeGreaterThan(3);
    expect(off).toEqual([]);
  });
});
