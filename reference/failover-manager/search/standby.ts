/**
 * The standby search among unused units, in this order; the first rule with a candidate wins:
 *   1. exact (FO-05): an unused unit of the same server count whose every member matches exactly
 *      (a logical server for a logical one, FO-08); tie-break: unit id ascending;
 *   2. composed (FO-08, failed logical servers only): N unused standalone exact matches whose
 *      hardware kind the partition table lets form N; tie-break: the first N by server id;
 *   3. policy (FO-09, when the business has one): an unused unit satisfying it, of the same server
 *      count unless the policy allows a mismatch; tie-break: least capable first (CPU frequency,
 *      memory, server count), then unit id — a bigger server stays free for a bigger need.
 */
import type { FailoverConfig, SearchPolicy } from '../config/types.ts';
import type { Defects } from '../defects.ts';
import type { ManagementTable } from '../plan/types.ts';
import { matches } from './match.ts';
import { allUnits, lead, type Unit } from './units.ts';

export interface Choice {
  /** The standby unit (for a composed one: the logical server to be). */
  unit: Unit;
  /** The rule that chose it, for the decision's reason. */
  rule: string;
  compose: { id: string; servers: string[] } | null;
}

/** The search policy of the business `name` runs under, if any (FO-09). */
export function policyOf(config: FailoverConfig, name: string | undefined): SearchPolicy | null {
  return config.businesses.find((b) => b.name === name)?.policy ?? null;
}

const unused = (u: Unit): boolean => u.members.every((m) => m.status === 'unused');

export function findStandby(table: ManagementTable, config: FailoverConfig, failed: Unit, policy: SearchPolicy | null, defects: Defects): Choice | null {
  const free = allUnits(table).filter((u) => u.id !== failed.id && unused(u));
  return exact(free, failed, defects) ?? composed(free, config, failed, defects) ?? (policy ? byPolicy(free, failed, policy, defects) : null);
}

/** Every member of `u` matches the failed unit's hardware under `rule` (match.ts). */
export function fits(u: Unit, failed: Unit, rule: 'exact' | SearchPolicy, defects: Defects): boolean {
  return u.members.every((m) => matches(lead(failed), m, rule, defects));
}

function exact(free: readonly Unit[], failed: Unit, defects: Defects): Choice | null {
  const n = failed.members.length;
  const unit = free.find((u) => (defects.has('wrong-hardware') || u.members.length === n) && fits(u, failed, 'exact', defects));
  if (!unit) return null;
  const count = unit.members.length;
  return { unit, rule: count === 1 ? 'exact hardware match (FO-05)' : `unused ${count}-server logical server of the same hardware (FO-08)`, compose: null };
}

function composed(free: readonly Unit[], config: FailoverConfig, failed: Unit, defects: Defects): Choice | null {
  const n = failed.members.length;
  if (n < 2 || !config.manager.partitionManager) return null;
  const kind = lead(failed).hardwareKind;
  const rule = config.partitionTable.find((r) => r.hardwareKind === kind);
  if (!rule?.serverCounts.includes(n)) return null;
  const singles = free.filter((u) => u.partitionId === null && u.members[0]?.hardwareKind === kind && fits(u, failed, 'exact', defects));
  if (singles.length < n) return null;
  const members = singles.slice(0, n).flatMap((u) => u.members);
  const id = `${failed.id}-${members[0]?.id ?? 'standby'}`;
  return {
    unit: { id, partitionId: id, members },
    rule: `composed a ${n}-server logical server of unused same-hardware servers (FO-08, partition table: ${kind} forms ${rule.serverCounts.join('/')})`,
    compose: { id, servers: members.map((m) => m.id) },
  };
}

function byPolicy(free: readonly Unit[], failed: Unit, policy: SearchPolicy, defects: Defects): Choice | null {
  const n = failed.members.length;
  const ok = free.filter((u) => (policy.allowPartitionMismatch || u.members.length === n) && fits(u, failed, policy, defects));
  const key = (u: Unit): number[] => [lead(u).cpuFrequencyMHz ?? 0, lead(u).memoryGiB ?? 0, u.members.length];
  const unit = ok.sort((a, b) => compareKeys(key(a), key(b)) || a.id.localeCompare(b.id))[0];
  return unit ? { unit, rule: 'satisfies the search policy (FO-09)', compose: null } : null;
}

export function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
