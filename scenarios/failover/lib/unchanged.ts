/**
 * FO-05 "none found → change nothing": with no qualifying standby, every sampled state of the
 * cluster stays as its first sample showed it — except the failed server's own power and its own
 * fabric logins, which its failure may change. The manager's own account of its decisions is not
 * the lab's state: its decision and notification are expected, and what it claims is not compared.
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import { isLabState, stateOf } from '../../../lib/domains/failover/samples.ts';
import { describeWindow, serverOfWwpn } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord, SampleRecord } from '../../../lib/history/records.ts';
import { faultedServers } from './moves.ts';

/**
 * The state as compared: fabric logins without the failed servers' WWPNs, Ethernet ports without
 * their link state (a powered-off server's link drops; power itself is compared in SystemHealth),
 * logical servers without the power of one the failed server is part of.
 */
function comparable(r: SampleRecord, failed: ReadonlySet<string>, failedWwpns: ReadonlySet<string>): string {
  const logins = stateOf(r, 'FabricLogins');
  if (logins) return JSON.stringify(logins.fabrics.map((f) => ({ ...f, wwpns: f.wwpns.filter((w) => !failedWwpns.has(w)) })));
  const vlans = stateOf(r, 'VlanControl');
  if (vlans) return JSON.stringify({ ...vlans, ports: vlans.ports.map(({ linkUp: _l, ...p }) => p) });
  const parts = stateOf(r, 'PartitionControl');
  if (parts) return JSON.stringify(parts.logicalServers.map((l) => (l.servers.some((x) => failed.has(x)) ? { ...l, powerState: '(failed)' } : l)));
  return JSON.stringify(r.state);
}

/** `failed`: the failed server(s); default: the servers a fault was injected into. */
export function nothingChanges(failed?: readonly string[]): InvariantDef {
  return {
    name: 'nothing changes when no standby qualifies',
    requirements: ['FO-05'],
    evaluate(records: readonly HistoryRecord[]) {
      const samples = records.filter((r): r is SampleRecord => r.type === 'sample' && r.capability !== 'ServerInventory' && isLabState(r));
      if (samples.length === 0) return { notApplicable: 'no cluster sample was taken' };
      const servers = new Set(records.flatMap((r) => (r.type === 'sample' && r.capability === 'ServerInventory' ? [r.device] : [])));
      const gone = new Set(failed ?? faultedServers(records, servers));
      const owner = serverOfWwpn(records);
      const failedWwpns = new Set([...owner].filter(([, s]) => gone.has(s)).map(([w]) => w));
      const first = new Map<string, string>();
      for (const r of samples) {
        if (gone.has(r.device) && r.capability === 'SystemHealth') continue;
        const key = `${r.device} ${r.capability}`;
        const now = comparable(r, gone, failedWwpns);
        const was = first.get(key);
        if (was === undefined) first.set(key, now);
        else if (was !== now) return `${r.capability} of ${r.device} changed at t=${Math.round(r.t)} ms: ${now} (was ${was})`;
      }
      return { holds: `${first.size} states unchanged (failed: ${[...gone].join(', ') || 'none named'}) over ${describeWindow(samples.map((s) => s.t), records)}` };
    },
  };
}
