/**
 * Tests only: a hand-made decision core (the real one is the decision-core branch's), so the
 * executor, detection and API can be tested on a real cluster. It fails every server over to one
 * fixed standby, with the plan read off the lab: fence, unmap + map the failed server's volumes
 * with their LUN numbers, swap zone members per fabric and activate, copy the VLANs, boot.
 */
import type { LabReadings } from '../process/readings.ts';
import type { CoreConfig, CoreDefects, DecisionCore } from '../process/core-api.ts';
import type { Decision, Failure, ManagementTable, Step } from '../plan/types.ts';

export interface HandConfig {
  standby: string;
  /** Fault types that fail over; the rest are no-action. */
  failoverOn: string[];
  /** Fault types answered by fencing only (no standby: the executor's fence on its own). */
  fenceOnlyOn?: string[];
  /** Fault types answered by a plan whose first step fails (a VLAN on a port the switch lacks), then a boot. */
  brokenOn?: string[];
  shutdownMs: number;
  dumpMs: number;
  array: string;
  ethernetSwitch: string;
}

function plan(r: LabReadings, c: HandConfig, failed: string): Step[] {
  const inv = (id: string) => r.servers.find((s) => s.id === id);
  const from = inv(failed);
  const to = inv(c.standby);
  if (!from || !to) return [];
  const wwpns = from.hbas.map((h) => h.wwpn);
  const lun = (r.arrays.find((a) => a.mapping.array === c.array) ?? r.arrays[0])?.mapping;
  const groups = (lun?.hostGroups ?? []).filter((g) => g.initiators.some((i) => wwpns.includes(i)));
  const conns = (lun?.connections ?? []).filter((x) => groups.some((g) => g.id === x.hostGroup));
  const toWwpns = to.hbas.map((h) => h.wwpn);
  const steps: Step[] = [{ op: 'fence', server: failed, waitForDump: true }];
  for (const x of conns) for (const l of x.luns) steps.push({ op: 'unmap', array: c.array, hostGroup: x.hostGroup, volume: l.volume });
  for (const x of conns) for (const l of x.luns) steps.push({ op: 'map', array: c.array, hostGroup: `hg-${c.standby}`, wwpn: toWwpns[0] ?? '', volume: l.volume, lun: l.lun, ...{ initiators: toWwpns } });
  for (const z of r.fabrics) {
    const i = from.hbas.findIndex((h) => z.zones.some((zz) => zz.members.includes(h.wwpn)));
    const zone = z.zones.find((zz) => zz.members.includes(from.hbas[i]?.wwpn ?? ''));
    const mine = to.hbas[i]?.wwpn;
    if (!zone || !mine || !z.activeZoneSet) continue;
    steps.push({ op: 'zone-remove', fabric: z.fabric, zone: zone.id, wwpn: from.hbas[i]?.wwpn ?? '' }, { op: 'zone-add', fabric: z.fabric, zone: zone.id, wwpn: mine }, { op: 'zone-activate', fabric: z.fabric, zoneSet: z.activeZoneSet });
  }
  const ports = r.switches.find((s) => s.switch === c.ethernetSwitch)?.ports ?? [];
  from.nics.forEach((n, i) => {
    const src = ports.find((p) => p.port === n.switchPort?.portId);
    const dst = to.nics[i]?.switchPort?.portId;
    if (src && dst) steps.push({ op: 'vlan', switch: c.ethernetSwitch, port: dst, untagged: src.untagged, tagged: src.tagged });
  });
  steps.push({ op: 'boot', server: c.standby }, { op: 'notify', severity: 'OK', message: `${failed} failed over to ${c.standby}` });
  return steps;
}

export function handCore(c: HandConfig): DecisionCore & { readings: LabReadings | null } {
  const core = {
    readings: null as LabReadings | null,
    loadConfig: () => c as unknown as CoreConfig,
    configJson: () => c,
    settings: () => ({ shutdownMs: c.shutdownMs, dumpMs: c.dumpMs }),
    defects: () => [],
    parseDefects: () => ({}) as CoreDefects,
    buildTable(r: LabReadings, _c: CoreConfig, builtAt: string): ManagementTable {
      core.readings = r;
      return { builtAt, servers: r.servers.map((s) => ({ id: s.id, powerState: s.powerState }) as ManagementTable['servers'][number]) } as ManagementTable;
    },
    decide(_t: ManagementTable, _c: CoreConfig, failure: Failure): Decision {
      if (c.brokenOn?.includes(failure.faultType)) {
        const steps: Step[] = [{ op: 'vlan', switch: c.ethernetSwitch, port: 'no-such-port', untagged: 10, tagged: [] }, { op: 'boot', server: 'srv09' }];
        return { kind: 'failover', failure, standby: ['srv09'], reason: 'a broken plan', steps };
      }
      if (c.fenceOnlyOn?.includes(failure.faultType)) {
        const steps: Step[] = [{ op: 'fence', server: failure.server, waitForDump: true }, { op: 'notify', severity: 'Warning', message: `${failure.server} fenced; no standby` }];
        return { kind: 'no-standby', failure, reason: 'fence only', steps };
      }
      if (!c.failoverOn.includes(failure.faultType)) return { kind: 'no-action', failure, reason: `${failure.faultType}: no failover` };
      return { kind: 'failover', failure, standby: [c.standby], reason: 'the hand-made plan', steps: core.readings ? plan(core.readings, c, failure.server) : [] };
    },
    selectForScaleOut: (t: ManagementTable, _c: CoreConfig, request: unknown) => ({ request, server: t.servers.find((s) => s.powerState === 'Off')?.id ?? null }),
  };
  return core;
}
