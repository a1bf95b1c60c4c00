/**
 * FO invariants about *which* standby took over and what it took over: the hardware rules (the
 * BMCs' own inventory) or the scenario's active search policy, preemption only of a lower
 * priority, the failed server's zones and VLANs moved to the standby.
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import type { ServerInventoryView } from '../../../lib/domains/cluster/inventory.ts';
import { activeZones } from '../../../lib/domains/failover/samples.ts';
import { holdersOf, series, serverOfWwpn } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import { failovers, noFailover, type Failover } from './moves.ts';

function inventoryOf(records: readonly HistoryRecord[], server: string): ServerInventoryView | null {
  return series(records, 'ServerInventory', server)[0]?.state ?? null;
}

/** A search policy (FO-09): what may differ from the failed server, and by how much. */
export interface StandbyPolicy {
  minCpuFrequencyMHz?: number;
  minMemoryGiB?: number;
  partitionMismatchAllowed?: boolean;
}

/** The rules (FO-05, FO-11) a standby breaks against the failed server, each as "what: failed vs standby". */
function differences(a: ServerInventoryView, b: ServerInventoryView, policy: StandbyPolicy | null): string[] {
  const out: string[] = [];
  const same = (what: string, x: unknown, y: unknown): void => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${what}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
  };
  same('CPU model', a.cpu.model, b.cpu.model);
  same('CPU stepping', a.cpu.stepping, b.cpu.stepping);
  if (policy?.minCpuFrequencyMHz === undefined) same('CPU frequency MHz', a.cpu.frequencyMHz, b.cpu.frequencyMHz);
  else if ((b.cpu.frequencyMHz ?? 0) < policy.minCpuFrequencyMHz) out.push(`CPU frequency ${b.cpu.frequencyMHz} MHz < policy ${policy.minCpuFrequencyMHz}`);
  if (policy?.minMemoryGiB === undefined) same('memory GiB', a.memoryGiB, b.memoryGiB);
  else if ((b.memoryGiB ?? 0) < policy.minMemoryGiB) out.push(`memory ${b.memoryGiB} GiB < policy ${policy.minMemoryGiB}`);
  if (!policy?.partitionMismatchAllowed) same('partition server count', a.partition?.members.length ?? 1, b.partition?.members.length ?? 1);
  same('chipset', a.chipset, b.chipset);
  same('NIC port count', a.nics.length, b.nics.length);
  same('HBA port count', a.hbas.length, b.hbas.length);
  same('connected switches', [...new Set(a.nics.map((n) => n.switchPort?.chassisId ?? null))].sort(), [...new Set(b.nics.map((n) => n.switchPort?.chassisId ?? null))].sort());
  same('connected array ports', a.arrayTargets, b.arrayTargets);
  return out;
}

/** FO-05, FO-09, FO-11: the standby matches the failed server's hardware (BMC inventories), or satisfies `policy` where it relaxes a rule. */
export function standbyMatches(policy: StandbyPolicy | null = null): InvariantDef {
  return {
    name: policy ? 'the standby satisfies the active search policy' : 'the standby matches the failed server\'s hardware',
    requirements: policy ? ['FO-09', 'FO-11'] : ['FO-05', 'FO-11'],
    evaluate(records) {
      const fs = failovers(records);
      if (fs.length === 0) return noFailover;
      for (const f of fs) {
        const a = inventoryOf(records, f.failed);
        const b = inventoryOf(records, f.standby);
        if (!a || !b) return { notApplicable: `no inventory sample of ${a ? f.standby : f.failed}` };
        const d = differences(a, b, policy);
        if (d.length) return `standby ${f.standby} for ${f.failed} breaks ${d.join('; ')}`;
      }
      return { holds: fs.map((f) => `${f.standby} for ${f.failed}`).join('; ') };
    },
  };
}

export type Priority = 'high' | 'medium' | 'low';
const RANK: Record<Priority, number> = { low: 0, medium: 1, high: 2 };

/** The boot volumes `server` held in the first masking samples, other than `except`. */
function heldAtStart(records: readonly HistoryRecord[], server: string, except: string): string[] {
  const owner = serverOfWwpn(records);
  const samples = series(records, 'LunMapping');
  const firsts = new Map<string, (typeof samples)[number]>();
  for (const s of samples) if (!firsts.has(s.device)) firsts.set(s.device, s);
  return [...firsts.values()].flatMap((s) => s.state.volumes.filter((v) => v.bootCapable && v.volume !== except && holdersOf(v, owner).includes(server)).map((v) => v.volume));
}

/** FO-10: a standby that ran a business before (preempted) ran one of strictly lower priority. `priorities`: server → its business's priority at the start. */
export function preemptsOnlyLower(priorities: Readonly<Record<string, Priority>>): InvariantDef {
  return {
    name: 'only a lower-priority business is preempted',
    requirements: ['FO-10'],
    evaluate(records) {
      const fs = failovers(records);
      if (fs.length === 0) return noFailover;
      const said: string[] = [];
      for (const f of fs) {
        const held = heldAtStart(records, f.standby, f.volume);
        if (held.length === 0) {
          said.push(`${f.standby} was unused`);
          continue;
        }
        const mine = priorities[f.failed];
        const theirs = priorities[f.standby];
        if (!mine || !theirs) return `no priority given for ${mine ? f.standby : f.failed}`;
        if (RANK[theirs] >= RANK[mine]) return `${f.standby} (${theirs}, volume ${held.join(', ')}) was preempted for ${f.failed} (${mine})`;
        said.push(`${f.standby} (${theirs}) preempted for ${f.failed} (${mine})`);
      }
      return { holds: said.join('; ') };
    },
  };
}

/** Zoning of one failover: every active zone of a failed WWPN at the start holds a standby WWPN at the end, and no failed WWPN is zoned then. */
function zoningMoved(records: readonly HistoryRecord[], f: Failover, a: ServerInventoryView, b: ServerInventoryView, seen: string[]): string[] {
  const failed = new Set(a.hbas.map((h) => h.wwpn));
  const standby = new Set(b.hbas.map((h) => h.wwpn));
  const out: string[] = [];
  for (const fabric of [...new Set(series(records, 'ZoneControl').map((s) => s.device))].sort()) {
    const ss = series(records, 'ZoneControl', fabric);
    const first = activeZones(ss[0]?.state ?? { fabric, activeZoneSet: null, zones: {}, zoneSets: {}, defaultRouting: null });
    const last = activeZones(ss[ss.length - 1]?.state ?? { fabric, activeZoneSet: null, zones: {}, zoneSets: {}, defaultRouting: null });
    for (const [zone] of Object.entries(first).filter(([, m]) => m.some((w) => failed.has(w)))) {
      if (!(last[zone] ?? []).some((w) => standby.has(w))) out.push(`${fabric}: ${f.standby} is not in active zone ${zone} of ${f.failed}`);
      seen.push(`zone ${zone} on ${fabric}`);
    }
    for (const [zone, members] of Object.entries(last)) if (members.some((w) => failed.has(w))) out.push(`${fabric}: ${f.failed}'s WWPN is still in active zone ${zone}`);
  }
  return out;
}

/** VLANs of one failover: the standby's NIC ports carry, at the end, the VLANs the failed server's ports carried at the start (NICs in order). */
function vlansMoved(records: readonly HistoryRecord[], f: Failover, a: ServerInventoryView, b: ServerInventoryView, seen: string[]): string[] {
  const all = series(records, 'VlanControl');
  const at = (s: (typeof all)[number] | undefined, sp: { chassisId: string; portId: string } | null) => s?.state.ports.find((p) => sp && s.state.switch === sp.chassisId && p.port === sp.portId);
  const out: string[] = [];
  a.nics.forEach((nic, i) => {
    const sp = nic.switchPort;
    const theirs = b.nics[i]?.switchPort ?? null;
    if (!sp) return;
    const before = at(all.find((s) => s.state.switch === sp.chassisId), sp);
    const after = at(all.filter((s) => theirs && s.state.switch === theirs.chassisId).at(-1), theirs);
    const want = `untagged ${before?.untagged ?? 'none'} tagged [${before?.tagged.join(',') ?? ''}]`;
    const got = `untagged ${after?.untagged ?? 'none'} tagged [${after?.tagged.join(',') ?? ''}]`;
    if (!before) out.push(`no VLAN sample of ${f.failed}'s port ${sp.chassisId}/${sp.portId}`);
    else if (want !== got) out.push(`${f.standby} ${b.nics[i]?.adapter ?? `NIC ${i}`} has ${got}; ${f.failed}'s had ${want}`);
    else seen.push(`${want} on ${theirs?.chassisId}/${theirs?.portId}`);
  });
  return out;
}

/** FO-11: afterwards the standby is in the failed server's zones and VLANs, and the failed WWPNs are unzoned. */
export const standbyTakesZoneAndVlan: InvariantDef = {
  name: 'the standby takes the failed server\'s zones and VLANs',
  requirements: ['FO-11'],
  evaluate(records) {
    const fs = failovers(records);
    if (fs.length === 0) return noFailover;
    const said: string[] = [];
    for (const f of fs) {
      const a = inventoryOf(records, f.failed);
      const b = inventoryOf(records, f.standby);
      if (!a || !b) return { notApplicable: `no inventory sample of ${a ? f.standby : f.failed}` };
      const seen: string[] = [];
      const wrong = [...zoningMoved(records, f, a, b, seen), ...vlansMoved(records, f, a, b, seen)];
      if (wrong.length) return wrong.join('; ');
      said.push(`${f.standby} for ${f.failed}: ${seen.join(', ') || 'no zone or VLAN to take'}`);
    }
    return { holds: `${said.join('; ')} (first samples against the last)` };
  },
};
