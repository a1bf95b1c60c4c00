/**
 * FO-10: with no unused standby, the server to take over: an in-use unit running a business of
 * STRICTLY lower priority than the failed one's, that matches the failed unit as a standby would
 * (exact, or the failed business's policy). Tie-break: the lowest priority first, then an exact
 * match before a policy one, then unit id ascending. `ignore-priority` drops the priority rule and
 * takes the first match by id.
 */
import { PRIORITY_RANK, type SearchPolicy } from '../config/types.ts';
import type { Defects } from '../defects.ts';
import type { ManagementTable, Priority } from '../plan/types.ts';
import { compareKeys, fits } from './standby.ts';
import { allUnits, lead, type Unit } from './units.ts';

export interface Victim {
  unit: Unit;
  business: string;
  priority: Priority;
}

export function findVictim(table: ManagementTable, failed: Unit, priority: Priority, policy: SearchPolicy | null, defects: Defects): Victim | null {
  const n = failed.members.length;
  const grade = (u: Unit): number => {
    if (u.members.length === n && fits(u, failed, 'exact', defects)) return 0;
    const countOk = u.members.length === n || (policy?.allowPartitionMismatch ?? false);
    return policy && countOk && fits(u, failed, policy, defects) ? 1 : -1;
  };
  const ignore = defects.has('ignore-priority');
  const candidates = allUnits(table).flatMap((u) => {
    const b = lead(u).business;
    if (u.id === failed.id || !b || !u.members.every((m) => m.status === 'in-use')) return [];
    if (!ignore && PRIORITY_RANK[b.priority] >= PRIORITY_RANK[priority]) return [];
    const g = grade(u);
    return g < 0 ? [] : [{ unit: u, business: b.name, priority: b.priority, key: ignore ? [0, 0] : [PRIORITY_RANK[b.priority], g] }];
  });
  const best = candidates.sort((a, b) => compareKeys(a.key, b.key) || a.unit.id.localeCompare(b.unit.id))[0];
  return best ? { unit: best.unit, business: best.business, priority: best.priority } : null;
}
