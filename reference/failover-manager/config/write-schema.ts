/** `npx tsx reference/failover-manager/config/write-schema.ts`: regenerate failover-manager.schema.json from schema.ts. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildFailoverSchema } from './schema.ts';

export const FAILOVER_SCHEMA_PATH = fileURLToPath(new URL('../failover-manager.schema.json', import.meta.url));

export function failoverSchemaText(): string {
  return `${JSON.stringify(buildFailoverSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(FAILOVER_SCHEMA_PATH, failoverSchemaText());
  process.stdout.write(`wrote ${FAILOVER_SCHEMA_PATH}\n`);
}
