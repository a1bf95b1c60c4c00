/**
 * The ordered steps of one failover, every one derived from the management table:
 *   fence failed (waitForDump) → [fence the preempted standby] → [compose] → unmap every volume the
 *   failed WWPNs see (and the preempted standby's) → map the same volumes with the SAME LUN numbers
 *   to the standby's WWPNs → per fabric zone-remove failed / zone-add standby → zone-activate →
 *   vlan (the standby's ports get the failed ports' VLANs where they differ) → boot → notify (OK).
 * A logical server is fenced and booted through its boot member; members pair with the standby's
 * by position (pairs.ts). Plan defects (defects.ts) change exactly their part of this order or content.
 */
import type { Defects } from '../defects.ts';
import type { Unit } from '../search/units.ts';
import { lead } from '../search/units.ts';
import type { ManagementTable, Step } from './types.ts';
import { counterpart, PlanError, vlanChanges, wwpnPairs } from './pairs.ts';

export interface FailoverPlanInput {
  table: ManagementTable;
  failed: Unit;
  standby: Unit;
  compose: { partitionManager: string; id: string; servers: string[] } | null;
  /** A failed server may be writing a dump; a business moved off a healthy server is not. */
  waitForDump: boolean;
  /** The standby runs a business that was not moved first (FO-10): fence it, unmap its volumes, unzone its WWPNs. */
  clearStandby: boolean;
  message: string;
  defects: Defects;
}

type Unmap = Extract<Step, { op: 'unmap' }>;
type Map_ = Extract<Step, { op: 'map' }>;

export function planFailover(p: FailoverPlanInput): Step[] {
  const { failed, standby, defects } = p;
  const pairs = wwpnPairs(failed, standby);
  const fence: Step = { op: 'fence', server: lead(failed).id, waitForDump: p.waitForDump && !defects.has('no-dump-wait') };
  const unmaps = [...unmapsOf(failed), ...(p.clearStandby ? unmapsOf(standby) : [])];
  const maps = mapsOf(p.table, failed, standby, pairs, defects);
  const zoning = defects.has('skip-zoning') ? [] : zoneSteps(p.table, failed, p.clearStandby ? standby : null, pairs);
  const vlans: Step[] = defects.has('skip-vlan') ? [] : vlanChanges(failed, standby).map((v) => ({ op: 'vlan', ...v }));
  const boot: Step = { op: 'boot', server: lead(standby).id };
  const late = defects.has('boot-before-fence');
  return [
    ...(late ? [] : [fence]),
    ...(p.clearStandby ? [{ op: 'fence', server: lead(standby).id, waitForDump: false } satisfies Step] : []),
    ...(p.compose ? [{ op: 'compose', ...p.compose } satisfies Step] : []),
    ...(defects.has('map-before-unmap') ? [...maps, ...unmaps] : [...unmaps, ...maps]),
    ...zoning,
    ...vlans,
    boot,
    ...(late ? [fence] : []),
    { op: 'notify', severity: 'OK', message: p.message },
  ];
}

/** Every volume any member's WWPNs see, once per host group. */
export function unmapsOf(u: Unit): Unmap[] {
  const seen = new Set<string>();
  return u.members.flatMap((m) =>
    m.bootVolumes.flatMap((v): Unmap[] => {
      const key = `${v.array}/${v.hostGroup}/${v.volume}`;
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ op: 'unmap', array: v.array, hostGroup: v.hostGroup, volume: v.volume }];
    }),
  );
}

function mapsOf(table: ManagementTable, failed: Unit, standby: Unit, pairs: ReadonlyMap<string, string>, defects: Defects): Map_[] {
  const renumber = defects.has('same-lun-renumbered');
  const next = new Map<string, number>();
  return unmapsOf(failed).map((u) => {
    const group = table.hostGroups.find((g) => g.array === u.array && g.id === u.hostGroup);
    const initiators = (group?.initiators ?? []).filter((w) => pairs.has(w)).map((w) => counterpart(pairs, w));
    const wwpn = initiators[0];
    if (!wwpn) throw new PlanError(`host group ${u.hostGroup} on ${u.array} has no initiator the standby ${standby.id} stands in for`);
    const existing = table.hostGroups.find((g) => g.array === u.array && g.initiators.includes(wwpn));
    const hostGroup = existing?.id ?? `hg-${standby.id}`;
    const lun = volumeLun(failed, u);
    const n = (next.get(hostGroup) ?? 0) + 1;
    next.set(hostGroup, n);
    return { op: 'map', array: u.array, hostGroup, wwpn, initiators, volume: u.volume, lun: renumber ? n : lun };
  });
}

function volumeLun(u: Unit, step: Unmap): number {
  const v = u.members.flatMap((m) => m.bootVolumes).find((b) => b.array === step.array && b.hostGroup === step.hostGroup && b.volume === step.volume);
  if (!v) throw new PlanError(`volume ${step.volume} vanished from ${u.id}'s row`);
  return v.lun;
}

function zoneSteps(table: ManagementTable, failed: Unit, clear: Unit | null, pairs: ReadonlyMap<string, string>): Step[] {
  const cleared: Step[] = (clear?.members ?? []).flatMap((m) => m.zones.map((z): Step => ({ op: 'zone-remove', fabric: z.fabric, zone: z.zone, wwpn: z.wwpn })));
  const moved = failed.members.flatMap((m) =>
    m.zones.flatMap((z): Step[] => [
      { op: 'zone-remove', fabric: z.fabric, zone: z.zone, wwpn: z.wwpn },
      { op: 'zone-add', fabric: z.fabric, zone: z.zone, wwpn: counterpart(pairs, z.wwpn) },
    ]),
  );
  const changed = [...cleared, ...moved];
  const fabrics = [...new Set(changed.flatMap((s) => ('fabric' in s ? [s.fabric] : [])))].sort();
  const activations = fabrics.map((fabric): Step => {
    const zoneSet = table.fabrics.find((f) => f.fabric === fabric)?.activeZoneSet;
    if (!zoneSet) throw new PlanError(`fabric ${fabric} has no active zone set to activate again`);
    return { op: 'zone-activate', fabric, zoneSet };
  });
  return [...changed, ...activations];
}
