/** `npx tsx simulators/cluster/config/write-schema.ts`: regenerate cluster.schema.json from schema.ts. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildClusterSchema } from './schema.ts';

export const CLUSTER_SCHEMA_PATH = fileURLToPath(new URL('../cluster.schema.json', import.meta.url));

export function clusterSchemaText(): string {
  return `${JSON.stringify(buildClusterSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CLUSTER_SCHEMA_PATH, clusterSchemaText());
  process.stdout.write(`wrote ${CLUSTER_SCHEMA_PATH}\n`);
}
