/**
 * Scenario discovery: every module under the scenarios directory (scenarios/**\/*.ts, tests
 * excluded) is imported; its default export and named exports that are ScenarioDefs (or arrays
 * of them) are collected. Ids must be unique.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CAPABILITY_NAMES } from '../drivers/capabilities/names.ts';
import { ConfigError } from '../lib/errors.ts';
import type { RoleSpec, ScenarioDef } from './scenario.ts';

export interface DiscoveredScenario {
  def: ScenarioDef;
  /** File it came from, relative to the scenarios directory's parent. */
  file: string;
}

export function isScenarioDef(v: unknown): v is ScenarioDef {
  const o = v as Partial<ScenarioDef> | null;
  return !!o && typeof o === 'object' && typeof o.id === 'string' && typeof o.run === 'function' && typeof o.roles === 'object' && Array.isArray(o.requirements);
}

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* tsFiles(full);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) yield full;
  }
}

/** What is wrong with a scenario definition, or null. */
export function scenarioDefProblem(def: ScenarioDef): string | null {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(def.id)) return 'id: expected lower-case letters, digits, . _ -';
  if (typeof def.title !== 'string' || !def.title) return 'title: expected a non-empty string';
  if (!(def.timeoutMs > 0) || !Number.isFinite(def.timeoutMs)) return `timeoutMs: expected a positive number (found ${String(def.timeoutMs)})`;
  for (const key of ['requirements', 'tags', 'suites'] as const) {
    if (!Array.isArray(def[key]) || !def[key].every((x) => typeof x === 'string')) return `${key}: expected a list of strings`;
  }
  const roles = Object.entries(def.roles ?? {});
  if (roles.length === 0) return 'roles: expected at least one role {kind, needs}';
  for (const [name, spec] of roles) {
    const problem = roleProblem(spec);
    if (problem) return `roles.${name}.${problem}`;
  }
  for (const c of def.checks ?? []) if (!c || typeof c.name !== 'string' || !['invariant', 'assertion', 'budget'].includes(c.kind)) return 'checks: expected {name, kind: invariant|assertion|budget}';
  for (const i of def.invariants ?? []) if (!i || typeof i.name !== 'string' || typeof i.evaluate !== 'function') return 'invariants: expected {name, evaluate(records)}';
  return null;
}

function roleProblem(spec: RoleSpec): string | null {
  if (!spec || typeof spec.kind !== 'string' || !spec.kind) return 'kind: expected a device kind';
  if (!Array.isArray(spec.needs)) return 'needs: expected a list of capability names';
  for (const key of ['needs', 'uses'] as const) {
    const names = spec[key] ?? [];
    if (!Array.isArray(names)) return `${key}: expected a list of capability names`;
    const unknown = names.filter((n) => !CAPABILITY_NAMES.includes(n));
    if (unknown.length) return `${key}: unknown capabilit${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} (known: ${CAPABILITY_NAMES.join(', ')})`;
  }
  for (const key of ['count', 'min', 'max'] as const) {
    const v = spec[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= (key === 'min' ? 0 : 1))) return `${key}: expected a whole number${key === 'min' ? '' : ' >= 1'} (found ${String(v)})`;
  }
  if (spec.count !== undefined && (spec.min !== undefined || spec.max !== undefined)) return 'count: give count, or min/max, not both';
  if (spec.min !== undefined && spec.max !== undefined && spec.max < spec.min) return `max: expected >= min (${spec.min})`;
  if (spec.tags !== undefined && !(Array.isArray(spec.tags) && spec.tags.every((t) => typeof t === 'string'))) return 'tags: expected a list of strings';
  return null;
}

export async function discoverScenarios(dir: string): Promise<DiscoveredScenario[]> {
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new ConfigError(dir, 'expected a directory of scenario modules', { cause: e });
  }
  const out: DiscoveredScenario[] = [];
  const seen = new Map<string, string>();
  const rel = (f: string): string => path.relative(path.dirname(path.resolve(dir)), f);
  for (const file of tsFiles(dir)) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError(rel(file), `cannot load the scenario module: ${(e as Error).message}`, { cause: e });
    }
    const defs = new Set<ScenarioDef>();
    for (const v of Object.values(mod)) {
      if (isScenarioDef(v)) defs.add(v);
      else if (Array.isArray(v)) for (const x of v) if (isScenarioDef(x)) defs.add(x);
    }
    for (const def of defs) {
      const problem = scenarioDefProblem(def);
      if (problem) throw new ConfigError(`${rel(file)}: scenario "${def.id}"`, problem);
      const prev = seen.get(def.id);
      if (prev) throw new ConfigError(rel(file), `scenario id "${def.id}" is already defined in ${prev}`);
      seen.set(def.id, rel(file));
      out.push({ def, file: rel(file) });
    }
  }
  return out;
}
