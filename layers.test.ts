/**
 * Imports point downward only (architecture.md §2). Checked on every non-test source file:
 * a module may import only from the folders its layer allows. Test files may import anything
 * (a test starts simulators to have a real peer), benchmarks and the CLI sit on top.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

const ALLOWED: Record<string, string[]> = {
  lib: ['lib', 'drivers/capabilities'],
  'drivers/capabilities': ['drivers/capabilities'],
  drivers: ['lib', 'drivers'],
  simulators: ['lib', 'drivers', 'simulators'],
  reports: ['lib', 'reports'],
  harness: ['lib', 'drivers', 'harness', 'reports'],
  scenarios: ['lib', 'drivers/capabilities', 'harness', 'scenarios'],
};

function layerOf(rel: string): string | undefined {
  if (rel.startsWith('drivers/capabilities/')) return 'drivers/capabilities';
  return Object.keys(ALLOWED).find((l) => rel.startsWith(`${l}/`));
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !full.includes(`${path.sep}testing${path.sep}`)) yield full;
  }
}

test('every import points to a layer below or beside its own', (t) => {
  const violations: string[] = [];
  let checked = 0;
  for (const layer of Object.keys(ALLOWED)) {
    const dir = path.join(ROOT, layer);
    try {
      statSync(dir);
    } catch {
      continue;
    }
    for (const file of sourceFiles(dir)) {
      const rel = path.relative(ROOT, file);
      const own = layerOf(rel);
      if (!own) continue;
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
        const spec = m[1] ?? m[2];
        if (!spec) continue;
        const target = path.relative(ROOT, path.resolve(path.dirname(file), spec));
        const targetLayer = layerOf(target) ?? target.split(path.sep)[0];
        checked++;
        if (!ALLOWED[own]?.some((a) => targetLayer === a || target.startsWith(`${a}/`))) {
          violations.push(`${rel} imports ${spec} (layer ${targetLayer}); ${own}/ may import only ${ALLOWED[own]?.join(', ')}`);
        }
      }
    }
  }
  t.true(checked > 0, 'no imports were checked: the layer walk found no sources');
  t.deepEqual(violations, []);
});
