import test from 'ava';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_CLUSTER_CONFIG } from './load.ts';
import { BAD_CONFIGS, variant } from '../testing/bad-configs.ts';
import { buildClusterSchema } from './schema.ts';
import { CLUSTER_SCHEMA_PATH } from './write-schema.ts';

const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(JSON.parse(readFileSync(CLUSTER_SCHEMA_PATH, 'utf8')) as object);

test('cluster.schema.json is the schema schema.ts makes (else: npx tsx simulators/cluster/config/write-schema.ts)', (t) => {
  t.deepEqual(JSON.parse(readFileSync(CLUSTER_SCHEMA_PATH, 'utf8')) as unknown, JSON.parse(JSON.stringify(buildClusterSchema())) as unknown);
});

test('the shipped default is valid under the schema', (t) => {
  t.true(validate(parse(readFileSync(DEFAULT_CLUSTER_CONFIG, 'utf8'))), JSON.stringify(validate.errors));
});

for (const b of BAD_CONFIGS) {
  test(`the schema ${b.structural ? 'refuses' : 'leaves to the loader'}: ${b.title}`, (t) => {
    t.is(validate(parse(variant(b.from, b.to))), !b.structural, JSON.stringify(validate.errors));
  });
}
