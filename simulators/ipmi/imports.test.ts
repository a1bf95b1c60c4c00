/**
 * Import rules for the embedded lab (architecture.md §2, §8): from drivers/, simulators/ may use
 * only the IPMI codec (the BMC and the client share it); and the generic IPMI BMC
 * (simulators/ipmi) knows no device model, so it imports nothing from simulators/ft.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const SIMULATORS = path.dirname(HERE);
const ROOT = path.dirname(SIMULATORS);

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      if (name !== 'testing' && name !== 'node_modules') yield* sources(full);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield full;
  }
}

/** Every relative import of `file`, as a path from the repository root. */
function importsOf(file: string): string[] {
  const out: string[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (spec) out.push(path.relative(ROOT, path.resolve(path.dirname(file), spec)));
  }
  return out;
}

test('simulators/ import nothing from drivers/ but the IPMI codec', (t) => {
  const violations: string[] = [];
  let checked = 0;
  for (const file of sources(SIMULATORS)) {
    for (const target of importsOf(file)) {
      checked++;
      if (target.startsWith(`drivers${path.sep}`) && !target.startsWith(path.join('drivers', 'ipmi', 'codec') + path.sep)) {
        violations.push(`${path.relative(ROOT, file)} imports ${target}`);
      }
    }
  }
  t.true(checked > 0, 'no imports were checked');
  t.deepEqual(violations, []);
});

test('simulators/ipmi imports nothing from simulators/ft and does not name the ft model', (t) => {
  const violations: string[] = [];
  for (const file of sources(HERE)) {
    const rel = path.relative(ROOT, file);
    for (const target of importsOf(file)) {
      if (target.startsWith(path.join('simulators', 'ft') + path.sep)) violations.push(`${rel} imports ${target}`);
    }
    if (/\bFtModel\b|\bFtServer\b/.test(readFileSync(file, 'utf8'))) violations.push(`${rel} mentions the ft model`);
  }
  t.deepEqual(violations, []);
});
