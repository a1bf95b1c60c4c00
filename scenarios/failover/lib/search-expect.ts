/**
 * What the standby search must answer for a unit, from the lab's readings (pure): an unused unit
 * of the same hardware and server count (FO-05, FO-08), else for a logical server N unused
 * same-hardware servers to compose (FO-08), else one satisfying the business's policy (FO-09),
 * else none. Each answer is the set of acceptable choices.
 */
import { composableServers, qualifyingUnits, type SearchPolicy } from './search-rules.ts';
import type { LabUnit, LabView } from './search-lab.ts';

export type Expected =
  | { kind: 'exact' | 'policy'; units: LabUnit[] }
  | { kind: 'compose'; servers: string[]; count: number }
  | { kind: 'none' };

export function expectedStandby(lab: LabView, failed: LabUnit, policy: SearchPolicy | null, failedServers: ReadonlySet<string> = new Set()): Expected {
  const exact = qualifyingUnits(lab, failed, null, failedServers);
  if (exact.length) return { kind: 'exact', units: exact };
  const singles = failed.logical ? composableServers(lab, failed, failedServers) : [];
  if (singles.length >= failed.members.length) return { kind: 'compose', servers: singles, count: failed.members.length };
  const byPolicy = policy ? qualifyingUnits(lab, failed, policy, failedServers) : [];
  return byPolicy.length ? { kind: 'policy', units: byPolicy } : { kind: 'none' };
}

/** Whether `servers` (boot member first) is an acceptable answer; else what was expected. */
export function judgeChoice(e: Expected, servers: readonly string[] | null): true | string {
  const got = servers?.join('+') ?? 'none';
  if (e.kind === 'none') return servers === null ? true : `chose ${got}; expected none`;
  if (e.kind === 'compose') {
    const ok = servers !== null && servers.length === e.count && servers.every((s) => e.servers.includes(s));
    return ok ? true : `chose ${got}; expected ${e.count} of the unused same-hardware servers ${e.servers.join(', ')} to compose`;
  }
  const ok = servers !== null && e.units.some((u) => u.members.join('+') === servers.join('+'));
  return ok ? true : `chose ${got}; expected one of ${e.units.map((u) => u.members.join('+')).join(', ')} (${e.kind})`;
}
