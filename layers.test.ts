/**
 * Imports point downward only (architecture.md §2, §8). Checked on every non-test source file:
 * a module may import only from the folders its layer allows. Test files and `testing/` helpers
 * may import anything (a test starts simulators to have a real peer); benchmarks and the CLI sit
 * on top. A second test proves the check bites: a copy of the tree with one bad import per rule.
 */
import test from 'ava';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.dirname(new URL(import.meta.url).pathname);

interface Layer {
  /** Folder (relative to the root) whose files this layer covers; the most specific layer wins. */
  dir: string;
  /** Folders it may import from (a folder covers its subfolders). */
  mayImport: string[];
  /** Bare specifiers it may import ("node:*" for any built-in); default: any package. */
  mayUse?: string[];
  /** Folders inside `mayImport` it must not import after all. */
  mustNotImport?: string[];
}

const LAYERS: readonly Layer[] = [
  { dir: 'lib', mayImport: ['lib'] },
  { dir: 'drivers/capabilities', mayImport: ['drivers/capabilities', 'lib'] },
  { dir: 'drivers', mayImport: ['lib', 'drivers'] },
  // The codec is shared by the IPMI client and the emulated BMCs: pure, nothing but itself and crypto.
  { dir: 'drivers/ipmi/codec', mayImport: ['drivers/ipmi/codec'], mayUse: ['node:crypto'] },
  { dir: 'simulators', mayImport: ['lib', 'drivers/ipmi/codec', 'simulators'] },
  // The generic BMC cores serve every device model; ft knowledge lives in simulators/ft.
  { dir: 'simulators/ipmi', mayImport: ['lib', 'drivers/ipmi/codec', 'simulators'], mustNotImport: ['simulators/ft'] },
  { dir: 'simulators/redfish', mayImport: ['lib', 'drivers/ipmi/codec', 'simulators'], mustNotImport: ['simulators/ft'] },
  { dir: 'reports', mayImport: ['lib', 'reports'] },
  { dir: 'harness', mayImport: ['lib', 'drivers', 'harness', 'reports'] },
  { dir: 'scenarios', mayImport: ['lib', 'drivers/capabilities', 'harness', 'scenarios'] },
  // A failover manager is a client of the lab like any real one: drivers and lib only.
  { dir: 'reference', mayImport: ['lib', 'drivers', 'reference'] },
  // The mutation pass treats the emulator as text it patches and a suite it runs: it imports no simulator.
  { dir: 'scripts/mutate', mayImport: ['lib', 'harness/glob.ts', 'harness/config', 'scripts/mutate'] },
];

/** Folders nothing else may import (a separate process). */
const NOT_IMPORTABLE = ['reference'];

function within(rel: string, dir: string): boolean {
  return rel === dir || rel.startsWith(`${dir}/`);
}

function layerOf(rel: string): Layer | undefined {
  return LAYERS.filter((l) => within(rel, l.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
}

function* sourceFiles(root: string, dir: string): Generator<string> {
  let names: string[];
  try {
    names = readdirSync(path.join(root, dir));
  } catch {
    return;
  }
  for (const name of names) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const rel = `${dir}/${name}`;
    if (statSync(path.join(root, rel)).isDirectory()) {
      if (name !== 'testing') yield* sourceFiles(root, rel);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield rel;
  }
}

const IMPORT = /(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function problem(rel: string, layer: Layer, spec: string): string | null {
  if (!spec.startsWith('.')) {
    if (!layer.mayUse || layer.mayUse.includes(spec)) return null;
    return `${rel} imports ${spec}; ${layer.dir}/ may use only ${layer.mayUse.join(', ')}`;
  }
  const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
  const barred = NOT_IMPORTABLE.find((d) => within(target, d) && !within(rel, d));
  if (barred) return `${rel} imports ${spec}; nothing may import ${barred}/ (it is a separate process)`;
  const allowed = layer.mayImport.some((d) => within(target, d)) && !layer.mustNotImport?.some((d) => within(target, d));
  if (allowed) return null;
  const not = layer.mustNotImport?.length ? ` (not ${layer.mustNotImport.join(', ')})` : '';
  return `${rel} imports ${spec} (${target}); ${layer.dir}/ may import only ${layer.mayImport.join(', ')}${not}`;
}

function layerViolations(root: string): { checked: number; violations: string[] } {
  const violations: string[] = [];
  let checked = 0;
  const tops = [...new Set(LAYERS.map((l) => l.dir.split('/')[0] ?? l.dir))];
  for (const top of tops) {
    for (const rel of sourceFiles(root, top)) {
      const layer = layerOf(rel);
      if (!layer) continue;
      for (const m of readFileSync(path.join(root, rel), 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2];
        if (!spec) continue;
        checked++;
        const p = problem(rel, layer, spec);
        if (p) violations.push(p);
      }
    }
  }
  return { checked, violations };
}

test('every import points to a layer below or beside its own', (t) => {
  const { checked, violations } = layerViolations(ROOT);
  t.true(checked > 100, `only ${checked} imports were checked: the layer walk found too few sources`);
  t.deepEqual(violations, []);
});

/** One bad import per rule, each added to a real file of a copy of the tree. */
const PLANTED: ReadonlyArray<{ file: string; line: string; caught: RegExp }> = [
  { file: 'lib/clock.ts', line: "import type { Testcase } from '../harness/runner/plan.ts';", caught: /lib\/clock\.ts imports .*lib\/ may import only lib$/ },
  { file: 'lib/history/records.ts', line: "import type { BmcEvent } from '../../drivers/capabilities/event-source.ts';", caught: /lib\/history\/records\.ts imports .*lib\/ may import only lib$/ },
  { file: 'drivers/ipmi/codec/rmcp.ts', line: "import { InfraError } from '../../../lib/errors.ts';", caught: /codec\/rmcp\.ts imports .*may import only drivers\/ipmi\/codec$/ },
  { file: 'drivers/ipmi/codec/rmcp.ts', line: "import { inspect } from 'node:util';", caught: /codec\/rmcp\.ts imports node:util; drivers\/ipmi\/codec\/ may use only node:crypto/ },
  { file: 'simulators/redfish/router.ts', line: "import { RedfishClient } from '../../drivers/redfish/client.ts';", caught: /simulators\/redfish\/router\.ts imports .*drivers\/redfish\/client\.ts/ },
  { file: 'simulators/ipmi/server.ts', line: "import { FtModel } from '../ft/model.ts';", caught: /simulators\/ipmi\/server\.ts imports .*\(not simulators\/ft\)$/ },
  { file: 'reports/junit.ts', line: "import { runSession } from '../harness/session.ts';", caught: /reports\/junit\.ts imports .*reports\/ may import only lib, reports$/ },
  { file: 'scenarios/ft/lib/steps.ts', line: "import { FtModel } from '../../../simulators/ft/model.ts';", caught: /scenarios\/ft\/lib\/steps\.ts imports .*simulators\/ft\/model\.ts/ },
  { file: 'harness/session.ts', line: "import { main } from '../reference/failover-manager/main.ts';", caught: /harness\/session\.ts imports .*nothing may import reference\// },
  { file: 'scripts/mutate/sites.ts', line: "import { FtModel } from '../../simulators/ft/model.ts';", caught: /scripts\/mutate\/sites\.ts imports .*scripts\/mutate\/ may import only lib, harness\/glob\.ts, harness\/config, scripts\/mutate$/ },
];

/** The generic BMC cores must not even name a device model (a sign of ft logic creeping in). */
test('simulators/ipmi and simulators/redfish do not name the ft model', (t) => {
  const named: string[] = [];
  for (const dir of ['simulators/ipmi', 'simulators/redfish']) {
    for (const rel of sourceFiles(ROOT, dir)) if (/\bFtModel\b|\bFtServer\b|\bstartFtServer\b/.test(readFileSync(path.join(ROOT, rel), 'utf8'))) named.push(rel);
  }
  t.deepEqual(named, []);
});

test('the check catches a deliberate bad import for every rule (in a copy of the tree)', (t) => {
  const copy = mkdtempSync(path.join(os.tmpdir(), 'ftlab-layers-'));
  t.teardown(() => rmSync(copy, { recursive: true, force: true }));
  for (const dir of new Set(LAYERS.map((l) => l.dir.split('/')[0] ?? l.dir))) {
    try {
      cpSync(path.join(ROOT, dir), path.join(copy, dir), { recursive: true });
    } catch {
      // a layer folder that does not exist yet (reference/) has nothing to copy
    }
  }
  t.deepEqual(layerViolations(copy).violations, [], 'the copy starts clean');
  for (const plant of PLANTED) {
    const file = path.join(copy, plant.file);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, `${plant.line}\n${original}`);
    const { violations } = layerViolations(copy);
    writeFileSync(file, original);
    t.is(violations.length, 1, `${plant.file}: ${plant.line} → ${violations.join(' | ') || 'not caught'}`);
    t.regex(violations[0] ?? '', plant.caught);
  }
});
