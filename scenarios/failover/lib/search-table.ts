/**
 * FO-04 (pure): the manager's server management table against the lab's own readings, column by
 * column, every mismatch named "server column: table X, lab Y". The lab's side: the BMC's
 * inventory and power, the switch's VLANs, the fabrics' active zones, the arrays' masking, the
 * partition manager's logical servers; a business's priority from the lab's business list. Status:
 * in use when powered or seeing a volume, unused otherwise (`failed`: the servers this testcase failed).
 */
import type { BusinessConfig } from '../../../harness/inventory/types.ts';
import type { ManagedServer, ManagementTable } from '../../../lib/domains/failover/manager.ts';
import { activeZones } from '../../../lib/domains/failover/samples.ts';
import { series } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { bootVolumeOf, isUnused, unitOf, type LabServer, type LabView } from './search-lab.ts';
import { memoryPerServer } from './search-rules.ts';

type Columns = Record<string, unknown>;

function lastOf<S>(items: ReadonlyArray<{ device: string; state: S }>): S[] {
  const m = new Map<string, S>();
  for (const s of items) m.set(s.device, s.state);
  return [...m.values()];
}

/** The columns the lab shows for one server. */
function labColumns(lab: LabView, s: LabServer, records: readonly HistoryRecord[], failed: ReadonlySet<string>): Columns {
  const inv = s.inventory;
  const unit = unitOf(lab, s.id);
  const wwpns = new Set(inv.hbas.map((h) => h.wwpn));
  const switches = lastOf(series(records, 'VlanControl'));
  const zones = lastOf(series(records, 'ZoneControl')).flatMap((z) =>
    Object.entries(activeZones(z)).flatMap(([zone, members]) => members.filter((w) => wwpns.has(w)).map((wwpn) => ({ fabric: z.fabric, zone, wwpn }))),
  );
  const status = unit.members.some((m) => failed.has(m)) ? 'failed' : isUnused(lab, unit) ? 'unused' : 'in-use';
  return {
    cpuModel: inv.cpu.model,
    cpuStepping: inv.cpu.stepping,
    cpuFrequencyMHz: inv.cpu.frequencyMHz,
    memoryGiB: memoryPerServer(inv),
    partition: unit.logical ? { id: unit.id, serverCount: unit.members.length, members: unit.members, bootMember: unit.members[0] } : null,
    status,
    powerState: s.power,
    hardwareKind: inv.hardwareKind,
    chipset: inv.chipset,
    nicPorts: inv.nics.length,
    hbaPorts: inv.hbas.length,
    vlans: inv.nics.flatMap((n) => {
      const sp = n.switchPort;
      const p = sp ? switches.find((x) => x.switch === sp.chassisId)?.ports.find((x) => x.port === sp.portId) : undefined;
      return sp && p ? [{ switch: sp.chassisId, port: p.port, untagged: p.untagged, tagged: p.tagged }] : [];
    }),
    zones: sortBy(zones),
    hbas: inv.hbas.map((h) => ({ wwpn: h.wwpn, fabric: h.fabric })),
    switches: [...new Set(inv.nics.flatMap((n) => (n.switchPort ? [n.switchPort.chassisId] : [])))].sort(),
    bootVolumes: s.volumes.map(({ bootCapable: _b, ...v }) => v),
  };
}

const sortBy = <T>(xs: T[]): T[] => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** The same columns as the table states them. */
function tableColumns(r: ManagedServer, lab: Columns): Columns {
  const out: Columns = {};
  for (const k of Object.keys(lab)) out[k] = (r as unknown as Columns)[k];
  out['zones'] = sortBy(r.zones);
  out['partition'] = r.partition && { ...r.partition, members: [r.partition.bootMember, ...r.partition.members.filter((m) => m !== r.partition?.bootMember)] };
  return out;
}

/** The business column (a logical server's, shared by its members): present exactly when its boot member sees a boot volume, named as a business of the lab, at the lab's priority. */
function businessMismatch(r: ManagedServer, lab: LabView, businesses: readonly BusinessConfig[]): string | null {
  const unit = unitOf(lab, r.id);
  const boot = bootVolumeOf(lab, unit);
  const b = r.business;
  if (!b) return boot ? `${r.id} business: table none, lab: ${unit.id} boots from ${boot.volume}` : null;
  if (!boot) return `${r.id} business: table ${b.name}, lab: ${unit.id} sees no boot volume`;
  const known = businesses.find((x) => x.name === b.name);
  if (!known) return `${r.id} business: table ${b.name}, lab: no such business (${businesses.map((x) => x.name).join(', ')})`;
  return known.priority === b.priority ? null : `${r.id} business ${b.name} priority: table ${b.priority}, lab ${known.priority}`;
}

/** Every mismatch between the table and the lab; [] when they agree. */
export function tableMismatches(table: ManagementTable, lab: LabView, records: readonly HistoryRecord[], businesses: readonly BusinessConfig[], failed: ReadonlySet<string> = new Set()): string[] {
  const out: string[] = [];
  const ids = table.servers.map((r) => r.id).sort();
  const labIds = [...lab.servers.keys()];
  if (ids.join() !== labIds.join()) out.push(`servers: table [${ids.join(', ')}], lab [${labIds.join(', ')}]`);
  for (const r of table.servers) {
    const s = lab.servers.get(r.id);
    if (!s) continue;
    const want = labColumns(lab, s, records, failed);
    const got = tableColumns(r, want);
    for (const k of Object.keys(want)) if (JSON.stringify(got[k]) !== JSON.stringify(want[k])) out.push(`${r.id} ${k}: table ${JSON.stringify(got[k])}, lab ${JSON.stringify(want[k])}`);
    const b = businessMismatch(r, lab, businesses);
    if (b) out.push(b);
  }
  return out;
}
