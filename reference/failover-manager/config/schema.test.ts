import test from 'ava';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { DEFAULT_FAILOVER_CONFIG } from './load.ts';
import { buildFailoverSchema } from './schema.ts';
import { FAILOVER_SCHEMA_PATH } from './write-schema.ts';

const onDisk = (): unknown => JSON.parse(readFileSync(FAILOVER_SCHEMA_PATH, 'utf8'));

test('failover-manager.schema.json is the schema schema.ts makes (else: npx tsx reference/failover-manager/config/write-schema.ts)', (t) => {
  t.deepEqual(onDisk(), JSON.parse(JSON.stringify(buildFailoverSchema())) as unknown);
});

test('the shipped default is valid under the schema file, which a strict validator compiles', (t) => {
  const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(onDisk() as object);
  t.true(validate(parse(readFileSync(DEFAULT_FAILOVER_CONFIG, 'utf8'))), JSON.stringify(validate.errors));
  t.false(validate({ ...(parse(readFileSync(DEFAULT_FAILOVER_CONFIG, 'utf8')) as object), extra: 1 }));
});
