/**
 * "Nothing else changed" for a scenario that changes some servers on purpose: every server not
 * `involved` keeps its power; every volume not `involved` keeps its masking paths; every switch
 * port not cabled to an involved server keeps its VLANs; every zone without an involved WWPN keeps
 * its members. First sample against every later one.
 */
import type { InvariantDef } from '../../../harness/scenario.ts';
import { activeZones } from '../../../lib/domains/failover/samples.ts';
import { describeWindow, series } from '../../../lib/domains/failover/series.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';

/** Each (key, value) reading of the history, in order, for the state outside `servers`/`volumes`. */
function readings(records: readonly HistoryRecord[], servers: ReadonlySet<string>, volumes: ReadonlySet<string>): Array<{ t: number; key: string; value: string }> {
  const inv = series(records, 'ServerInventory').filter((s) => servers.has(s.device));
  const ports = new Set(inv.flatMap((s) => s.state.nics.flatMap((n) => (n.switchPort ? [`${n.switchPort.chassisId}/${n.switchPort.portId}`] : []))));
  const wwpns = new Set(inv.flatMap((s) => s.state.hbas.map((h) => h.wwpn)));
  return [
    ...series(records, 'SystemHealth').filter((s) => !servers.has(s.device)).map((s) => ({ t: s.t, key: `power of ${s.device}`, value: s.state.powerState })),
    ...series(records, 'LunMapping').flatMap((s) => s.state.volumes.filter((v) => !volumes.has(v.volume)).map((v) => ({ t: s.t, key: `masking of ${v.volume} on ${s.device}`, value: JSON.stringify(v.paths) }))),
    ...series(records, 'VlanControl').flatMap((s) => s.state.ports.filter((p) => !ports.has(`${s.state.switch}/${p.port}`)).map((p) => ({ t: s.t, key: `VLANs of ${s.state.switch}/${p.port}`, value: `untagged ${p.untagged} tagged [${p.tagged.join(',')}]` }))),
    ...series(records, 'ZoneControl').flatMap((s) =>
      Object.entries(activeZones(s.state)).filter(([, m]) => !m.some((w) => wwpns.has(w))).map(([z, m]) => ({ t: s.t, key: `active zone ${z} on ${s.device}`, value: [...m].sort().join(',') })),
    ),
  ];
}

/** `involved()`: the servers and volumes the scenario changes on purpose (read when judged: the scenario learns them as it runs). */
export function othersUnchanged(involved: () => { servers: readonly string[]; volumes: readonly string[] }): InvariantDef {
  return {
    name: 'nothing else changed',
    requirements: ['FO-05'],
    evaluate(records) {
      const { servers, volumes } = involved();
      const rs = readings(records, new Set(servers), new Set(volumes));
      if (rs.length === 0) return { notApplicable: 'no cluster sample was taken' };
      const first = new Map<string, string>();
      for (const r of rs) {
        const was = first.get(r.key);
        if (was === undefined) first.set(r.key, r.value);
        else if (was !== r.value) return `${r.key} changed at t=${Math.round(r.t)} ms: ${r.value} (was ${was}); involved: ${[...servers, ...volumes].join(', ')}`;
      }
      return { holds: `${first.size} states outside ${[...servers, ...volumes].join(', ')} unchanged over ${describeWindow(rs.map((r) => r.t), records)}` };
    },
  };
}
