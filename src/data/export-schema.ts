// Writes data/dataset.schema.json and data/delegation.schema.json from the zod schemas, so editors can validate
// and autocomplete the dataset and the delegation profiles.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { delegationSchema } from './delegation.js';
import { schemas } from './schema.js';

/** The dataset as written (`io: 'input'`): a country may be a name or { name, en }, as the YAML allows. */
export function datasetJsonSchema(): object {
  return z.toJSONSchema(schemas().DatasetSchema, { io: 'input' });
}

export function delegationJsonSchema(): object {
  return z.toJSONSchema(delegationSchema(), { io: 'input' });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [datasetTarget = 'data/dataset.schema.json', delegationTarget = 'data/delegation.schema.json'] = process.argv.slice(2);
  for (const [target, schema] of [
    [datasetTarget, datasetJsonSchema()],
    [delegationTarget, delegationJsonSchema()],
  ] as const) {
    writeFileSync(target, JSON.stringify(schema, null, 2) + '\n');
    console.log(`wrote ${target}`);
  }
}
