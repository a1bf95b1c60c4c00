/**
 * FO-04: the server management table from what the drivers read (pure). A row is a physical
 * server; a logical server's members share its business and status. Status: `failed` when the
 * manager recorded a failure of a member; `unused` when the logical server runs no business, is
 * powered off and sees no volume; `in-use` otherwise. Memory is per physical server (a partition
 * member's BMC reports the logical server's total).
 */
import type { ServerInventoryView } from '../../../lib/domains/cluster/inventory.ts';
import type { FailoverConfig } from '../config/types.ts';
import type { ManagedServer, ManagementTable } from '../plan/types.ts';
import { arraysOf, switchesOf, volumesOf, vlansOf, zonesOf } from './columns.ts';
import type { TableReads } from './reads.ts';

export function buildTable(reads: TableReads, config: FailoverConfig): ManagementTable {
  const rows = reads.servers.map((v) => row(v, reads)).sort((a, b) => a.id.localeCompare(b.id));
  const servers = rows.map((r) => withUnitColumns(r, rows, reads, config));
  return {
    servers,
    builtAt: reads.at,
    fabrics: reads.fabrics.map((f) => ({ fabric: f.fabric, activeZoneSet: f.activeZoneSet })).sort((a, b) => a.fabric.localeCompare(b.fabric)),
    hostGroups: reads.arrays.flatMap(({ mapping }) => mapping.hostGroups.map((g) => ({ array: mapping.array, id: g.id, initiators: [...g.initiators] }))),
  };
}

function partitionOf(v: ServerInventoryView, reads: TableReads): ManagedServer['partition'] {
  const own = v.partition;
  const logical = reads.partitions?.logicalServers.find((l) => l.servers.includes(v.id));
  const members = own?.members ?? logical?.servers ?? [v.id];
  if (members.length < 2) return null;
  const id = own?.id ?? logical?.id ?? v.id;
  return { id, serverCount: members.length, members: [...members], bootMember: own?.bootMember ?? members[0] ?? v.id };
}

function row(v: ServerInventoryView, reads: TableReads): ManagedServer {
  const partition = partitionOf(v, reads);
  const bootVolumes = volumesOf(v.hbas.map((h) => h.wwpn), reads.arrays);
  return {
    id: v.id,
    cpuModel: v.cpu.model,
    cpuStepping: v.cpu.stepping,
    cpuFrequencyMHz: v.cpu.frequencyMHz,
    memoryGiB: v.memoryGiB === null ? null : v.memoryGiB / (partition?.serverCount ?? 1),
    partition,
    status: 'unused',
    powerState: v.powerState,
    business: null,
    hardwareKind: v.hardwareKind,
    chipset: v.chipset,
    nicPorts: v.nics.length,
    hbaPorts: v.hbas.length,
    vlans: vlansOf(v, reads.switches),
    zones: zonesOf(v, reads.fabrics),
    hbas: v.hbas.map((h) => ({ wwpn: h.wwpn, fabric: h.fabric })),
    switches: switchesOf(v),
    arrays: arraysOf(v, reads.arrays, bootVolumes),
    bootVolumes,
  };
}

/** Business and status are the logical server's: judged over all its members. */
function withUnitColumns(r: ManagedServer, rows: readonly ManagedServer[], reads: TableReads, config: FailoverConfig): ManagedServer {
  const members = rows.filter((o) => (r.partition ? r.partition.members.includes(o.id) : o.id === r.id));
  const volumes = members.flatMap((m) => m.bootVolumes.map((b) => b.volume));
  const b = config.businesses.find((x) => volumes.includes(x.volume));
  const business = b ? { name: b.name, type: b.type, priority: b.priority } : null;
  const failed = members.some((m) => reads.failed.includes(m.id));
  const idle = business === null && volumes.length === 0 && members.every((m) => m.powerState === 'Off');
  return { ...r, business, status: failed ? 'failed' : idle ? 'unused' : 'in-use' };
}
