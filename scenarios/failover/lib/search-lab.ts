/**
 * The lab as the cluster's samples show it (pure): each server's inventory, power and the volumes
 * its WWPNs see, the logical servers, and the search units (a standalone server, or a logical
 * server, boot member first) with whether the lab shows them unused. The search scenarios take
 * their expectations from this view, never from the manager's table.
 */
import type { ServerInventoryView } from '../../../lib/domains/cluster/inventory.ts';
import { isLabState } from '../../../lib/domains/failover/samples.ts';
import { series } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';

export interface LabVolume {
  array: string;
  volume: string;
  lun: number;
  hostGroup: string;
  bootCapable: boolean;
}

export interface LabServer {
  id: string;
  inventory: ServerInventoryView;
  power: string;
  /** Every volume the masking shows to one of its WWPNs, sorted by array, LUN, volume. */
  volumes: LabVolume[];
  /** The logical server it is a member of (PartitionControl), members boot member first. */
  partition: { id: string; members: string[] } | null;
}

export interface LabUnit {
  /** The logical server's id, or the server's. */
  id: string;
  /** Boot member first. */
  members: string[];
  logical: boolean;
}

export interface LabView {
  /** By server id, sorted. */
  servers: Map<string, LabServer>;
  units: LabUnit[];
  /** Harness ms of the latest sample of the lab's state (not the manager's account) up to the view's time. */
  at: number;
}

function latest<S>(items: ReadonlyArray<{ t: number; device: string; state: S }>, t: number): Map<string, S> {
  const out = new Map<string, S>();
  for (const s of items) if (s.t <= t) out.set(s.device, s.state);
  return out;
}

function volumesOf(inv: ServerInventoryView, masking: Map<string, ReturnType<typeof series<'LunMapping'>>[number]['state']>): LabVolume[] {
  const wwpns = new Set(inv.hbas.map((h) => h.wwpn));
  const out = new Map<string, LabVolume>();
  for (const [array, m] of masking) {
    for (const v of m.volumes) {
      for (const p of v.paths.filter((x) => wwpns.has(x.initiator))) out.set(`${array} ${v.volume} ${p.lun} ${p.hostGroup}`, { array, volume: v.volume, lun: p.lun, hostGroup: p.hostGroup, bootCapable: v.bootCapable });
    }
  }
  return [...out.values()].sort((a, b) => a.array.localeCompare(b.array) || a.lun - b.lun || a.volume.localeCompare(b.volume));
}

/** The lab as its latest samples up to harness ms `t` show it. */
export function labAt(records: readonly HistoryRecord[], t = Number.POSITIVE_INFINITY): LabView {
  const inventories = latest(series(records, 'ServerInventory'), t);
  const power = latest(series(records, 'SystemHealth'), t);
  const masking = latest(series(records, 'LunMapping'), t);
  const logical = [...latest(series(records, 'PartitionControl'), t).values()].flatMap((p) => p.logicalServers);
  const servers = new Map<string, LabServer>();
  for (const id of [...inventories.keys()].sort()) {
    const inventory = inventories.get(id);
    if (!inventory) continue;
    const l = logical.find((x) => x.servers.includes(id));
    servers.set(id, { id, inventory, power: power.get(id)?.powerState ?? inventory.powerState, volumes: volumesOf(inventory, masking), partition: l ? { id: l.id, members: [...l.servers] } : null });
  }
  const units = new Map<string, LabUnit>();
  for (const s of servers.values()) {
    const u: LabUnit = s.partition ? { id: s.partition.id, members: s.partition.members, logical: true } : { id: s.id, members: [s.id], logical: false };
    if (!units.has(u.id)) units.set(u.id, u);
  }
  const at = Math.max(0, ...records.flatMap((r) => (r.type === 'sample' && isLabState(r) && r.t <= t ? [r.t] : [])));
  return { servers, units: [...units.values()].sort((a, b) => a.id.localeCompare(b.id)), at };
}

export function serverOf(lab: LabView, id: string): LabServer {
  const s = lab.servers.get(id);
  if (!s) throw new Error(`no inventory sample of ${id} (servers sampled: ${[...lab.servers.keys()].join(', ')})`);
  return s;
}

/** The unit `server` belongs to. */
export function unitOf(lab: LabView, server: string): LabUnit {
  const u = lab.units.find((x) => x.members.includes(server));
  if (!u) throw new Error(`${server} is in no unit of the lab`);
  return u;
}

/** Unused as the lab shows it: every member off and seeing no volume, and none of them `failed`. */
export function isUnused(lab: LabView, u: LabUnit, failed: ReadonlySet<string> = new Set()): boolean {
  return u.members.every((m) => {
    const s = lab.servers.get(m);
    return !!s && s.power === 'Off' && s.volumes.length === 0 && !failed.has(m);
  });
}

/** The boot-capable volume a unit runs from (its boot member's), or null. */
export function bootVolumeOf(lab: LabView, u: LabUnit): LabVolume | null {
  const lead = u.members[0];
  return (lead ? lab.servers.get(lead)?.volumes.find((v) => v.bootCapable) : undefined) ?? null;
}

/** Every volume a unit's members see (a failover moves them all, data volumes too). */
export function volumesOfUnit(lab: LabView, u: LabUnit): string[] {
  return [...new Set(u.members.flatMap((m) => lab.servers.get(m)?.volumes.map((v) => v.volume) ?? []))];
}
