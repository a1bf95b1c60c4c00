/**
 * The codec is pure and self-contained: its (non-test) files import only each other and
 * node:crypto, so the client (drivers/ipmi) and the BMC (simulators/ipmi) share it without
 * pulling in anything else.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const CODEC = path.dirname(new URL(import.meta.url).pathname);
const ALLOWED_PACKAGES = new Set(['node:crypto']);

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield full;
  }
}

test('codec files import only other codec files and node:crypto', (t) => {
  const violations: string[] = [];
  let checked = 0;
  for (const file of sources(CODEC)) {
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      if (!spec) continue;
      checked++;
      const rel = path.relative(CODEC, file);
      if (spec.startsWith('.')) {
        const target = path.relative(CODEC, path.resolve(path.dirname(file), spec));
        if (target.startsWith('..')) violations.push(`${rel} imports ${spec}, outside the codec`);
      } else if (!ALLOWED_PACKAGES.has(spec)) {
        violations.push(`${rel} imports ${spec}; the codec may use only ${[...ALLOWED_PACKAGES].join(', ')}`);
      }
    }
  }
  t.true(checked > 0, 'no imports were checked');
  t.deepEqual(violations, []);
});
