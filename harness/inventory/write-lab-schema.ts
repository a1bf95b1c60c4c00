/** `npx tsx harness/inventory/write-lab-schema.ts`: regenerate lab.schema.json from the tables. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildLabSchema } from './schema.ts';

export const LAB_SCHEMA_PATH = fileURLToPath(new URL('../../lab.schema.json', import.meta.url));

export function labSchemaText(): string {
  return `${JSON.stringify(buildLabSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(LAB_SCHEMA_PATH, labSchemaText());
  process.stdout.write(`wrote ${LAB_SCHEMA_PATH}\n`);
}
