/**
 * How each search scenario arranges the lab it finds (pure): which unit fails, which spares it
 * occupies (powers on) so that exactly one answer is right, and that answer. Null when the lab
 * offers no such arrangement (the scenario then skips, naming what was missing). `priorities`:
 * unit id → the priority of the business it runs (units running none are absent).
 */
import { connectivityDiffers, hardwareDiffers, qualifyingUnits } from './search-rules.ts';
import { bootVolumeOf, isUnused, type LabUnit, type LabView } from './search-lab.ts';

export type Priority = 'high' | 'medium' | 'low';
export const RANK: Readonly<Record<Priority, number>> = { low: 0, medium: 1, high: 2 };

const running = (lab: LabView, u: LabUnit): boolean => bootVolumeOf(lab, u) !== null && u.members.every((m) => lab.servers.get(m)?.power === 'On');
const inv = (lab: LabView, u: LabUnit) => lab.servers.get(u.members[0] ?? '')?.inventory;
/** The boot members of every unused unit but `keep`: powered on, they are in use. */
const occupyAllBut = (lab: LabView, keep: readonly string[]): string[] => lab.units.filter((u) => isUnused(lab, u) && !keep.includes(u.id)).flatMap((u) => u.members.slice(0, 1));

function sameConnectivity(lab: LabView, a: LabUnit, b: LabUnit): boolean {
  const x = inv(lab, a);
  const y = inv(lab, b);
  return !!x && !!y && connectivityDiffers(x, y).length === 0;
}

function sameHardware(lab: LabView, a: LabUnit, b: LabUnit): boolean {
  const x = inv(lab, a);
  const y = inv(lab, b);
  return !!x && !!y && a.members.length === b.members.length && hardwareDiffers(x, y).length === 0;
}

export interface SameHardwarePlan {
  failed: LabUnit;
  /** The one unused unit of the failed one's hardware left free. */
  standby: LabUnit;
  /** An unused unit of other hardware on the same switches and arrays, ahead of the standby by id. */
  decoy: LabUnit;
  occupy: string[];
}

/**
 * FO-05: a standalone server running a business; of the unused servers of its hardware one is
 * left free (the last by id), the others occupied; an unused unit of other hardware, same
 * connectivity and ahead by id stays free too — a search that does not compare hardware finds it first.
 */
export function pickSameHardware(lab: LabView): SameHardwarePlan | null {
  for (const failed of lab.units.filter((u) => !u.logical && running(lab, u))) {
    const spares = qualifyingUnits(lab, failed, null);
    const standby = spares.at(-1);
    if (!standby) continue;
    const decoy = lab.units.find((u) => u.id < standby.id && isUnused(lab, u) && sameConnectivity(lab, failed, u) && !sameHardware(lab, failed, u));
    if (decoy) return { failed, standby, decoy, occupy: spares.filter((s) => s !== standby).map((s) => s.id) };
  }
  return null;
}

export interface NoStandbyPlan {
  failed: LabUnit;
  /** An in-use unit of the same hardware running a higher-priority business: never to be taken. */
  higher: LabUnit;
  occupy: string[];
}

/**
 * FO-05 "none found" and FO-10 "never a higher one": a unit running a business of the lowest
 * priority, with an in-use unit of its hardware running a higher one; every unused unit occupied.
 */
export function pickNoStandby(lab: LabView, priorities: ReadonlyMap<string, Priority>): NoStandbyPlan | null {
  for (const failed of lab.units.filter((u) => running(lab, u) && priorities.get(u.id) === 'low')) {
    const higher = lab.units.find((u) => u.id !== failed.id && running(lab, u) && RANK[priorities.get(u.id) ?? 'low'] > RANK.low && sameHardware(lab, failed, u));
    if (higher) return { failed, higher, occupy: occupyAllBut(lab, []) };
  }
  return null;
}

export interface PreemptPlan {
  failed: LabUnit;
  /** The one in-use unit of the failed one's hardware running the lowest priority below the failed one's. */
  victim: LabUnit;
  occupy: string[];
}

/**
 * FO-10: a unit running a business above the lowest priority, every unused unit occupied; of the
 * in-use units on the same switches and arrays with a lower priority, the lowest priority is one
 * unit's, and it has the failed one's hardware.
 */
export function pickPreempt(lab: LabView, priorities: ReadonlyMap<string, Priority>): PreemptPlan | null {
  for (const failed of lab.units.filter((u) => running(lab, u))) {
    const mine = RANK[priorities.get(failed.id) ?? 'low'];
    const lower = lab.units.filter((u) => u.id !== failed.id && running(lab, u) && priorities.has(u.id) && RANK[priorities.get(u.id) ?? 'high'] < mine && sameConnectivity(lab, failed, u));
    const lowest = Math.min(...lower.map((u) => RANK[priorities.get(u.id) ?? 'high']));
    const at = lower.filter((u) => RANK[priorities.get(u.id) ?? 'high'] === lowest);
    const victim = at[0];
    if (at.length === 1 && victim && sameHardware(lab, failed, victim)) return { failed, victim, occupy: occupyAllBut(lab, []) };
  }
  return null;
}

export interface PartitionPlan {
  failed: LabUnit;
  /** An unused logical server of the same count and hardware, or the unused servers to compose one from. */
  standby: { logical: LabUnit } | { compose: string[] };
}

/** FO-08: a logical server running a business, and the standby the lab offers: an unused logical server, else a composable set. */
export function pickPartition(lab: LabView, composable: (failed: LabUnit) => string[]): PartitionPlan | null {
  for (const failed of lab.units.filter((u) => u.logical && running(lab, u))) {
    const logical = qualifyingUnits(lab, failed, null)[0];
    if (logical) return { failed, standby: { logical } };
    const singles = composable(failed);
    if (singles.length >= failed.members.length) return { failed, standby: { compose: singles } };
  }
  return null;
}
