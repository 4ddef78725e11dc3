// Writes data/dataset.schema.json from the zod schema, so editors can validate and autocomplete the YAML.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { DatasetSchema } from './schema.js';

export function datasetJsonSchema(): object {
  return z.toJSONSchema(DatasetSchema, { io: 'input' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2] ?? 'data/dataset.schema.json';
  writeFileSync(target, JSON.stringify(datasetJsonSchema(), null, 2) + '\n');
  console.log(`wrote ${target}`);
}
