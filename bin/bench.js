#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.ts (or bench/NAME/index.ts).
import { register } from 'tsx/esm/api';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

register();
const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bench');
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(benchDir)
  .filter((f) => (f.endsWith('.ts') && !f.endsWith('.test.ts')) || existsSync(path.join(benchDir, f, 'index.ts')))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME [args]\n  NAME is one of: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
const file = existsSync(path.join(benchDir, `${name}.ts`)) ? `${name}.ts` : `${name}/index.ts`;
const mod = await import(path.join(benchDir, file));
process.exitCode = await mod.main(rest);
