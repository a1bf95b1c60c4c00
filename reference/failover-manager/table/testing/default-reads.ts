/**
 * Test fixture: the TableReads the drivers would return for the shipped default cluster
 * (simulators/cluster/cluster-default.yaml) right after it starts — servers with a mapped boot
 * volume on, spares off. Derived from the cluster config so it stays shaped like the lab.
 */
import type { ServerInventoryView } from '../../../../lib/domains/cluster/inventory.ts';
import type { SwitchVlansView } from '../../../../lib/domains/cluster/lan.ts';
import type { ZoningView } from '../../../../lib/domains/cluster/san.ts';
import { loadClusterConfig } from '../../../../simulators/cluster/config/load.ts';
import type { ClusterConfig, ServerSpec } from '../../../../simulators/cluster/config/types.ts';
import type { ArrayRead, TableReads } from '../reads.ts';

export function defaultClusterReads(): TableReads {
  const c = loadClusterConfig();
  return {
    at: '2026-12-06T10:00:00.000Z',
    servers: c.servers.map((s) => server(c, s)),
    switches: c.ethernetSwitches.map((sw): SwitchVlansView => ({
      switch: sw.id,
      vlanTable: sw.vlans.map((v) => ({ id: v.id, name: v.name })),
      ports: Array.from({ length: sw.portCount }, (_, i) => {
        const pv = sw.portVlans.find((p) => p.port === String(i + 1));
        return { port: String(i + 1), uri: `/p/${i + 1}`, enabled: true, linkUp: true, untagged: pv?.untagged ?? 1, tagged: pv ? [...pv.tagged] : [], learnedMacs: [] };
      }),
    })),
    fabrics: c.fabrics.map((f): ZoningView => ({
      fabric: f.id,
      zones: f.zones.map((z) => ({ id: z.id, uri: `/z/${z.id}`, members: [...z.members].sort(), etag: null })),
      zoneSets: f.zoneSets.map((s) => ({ id: s.id, uri: `/zs/${s.id}`, zones: [...s.zones], active: s.id === f.activeZoneSet })),
      activeZoneSet: f.activeZoneSet,
      defaultRouting: f.defaultZone === 'allow',
    })),
    arrays: c.arrays.map((a): ArrayRead => ({
      targetPorts: a.ports.map((p) => p.wwpn),
      mapping: {
        array: a.id,
        volumes: a.volumes.map((v) => ({ id: v.id, uri: `/v/${v.id}`, naa: v.naa, capacityBytes: v.capacityGiB * 2 ** 30, bootCapable: v.bootable, reachableFrom: null })),
        hostGroups: a.hostGroups.map((g) => ({ id: g.id, uri: `/g/${g.id}`, initiators: [...g.initiators], etag: null })),
        connections: [...new Set(a.mappings.map((m) => m.hostGroup))].map((g) => ({ id: `c-${g}`, uri: `/c/${g}`, hostGroup: g, luns: a.mappings.filter((m) => m.hostGroup === g).map((m) => ({ volume: m.volume, lun: m.lun })), etag: null })),
      },
    })),
    partitions: { logicalServers: c.partitions.map((p) => ({ id: p.id, uri: `/s/${p.id}`, servers: [...p.servers], powerState: 'On' })), blocks: [] },
    failed: [],
  };
}

function server(c: ClusterConfig, s: ServerSpec): ServerInventoryView {
  const k = c.hardwareKinds.find((h) => h.id === s.kind);
  if (!k) throw new Error(`fixture: no hardware kind ${s.kind}`);
  const p = c.partitions.find((x) => x.servers.includes(s.id));
  const unitWwpns = c.servers.filter((o) => (p ? p.servers.includes(o.id) : o.id === s.id)).flatMap((o) => o.hbas.map((h) => h.wwpn));
  const running = c.arrays.some((a) => a.hostGroups.some((g) => g.initiators.some((w) => unitWwpns.includes(w))));
  const targets = (fabric: string): string[] => c.arrays.flatMap((a) => a.ports.filter((x) => x.fabric === fabric).map((x) => x.wwpn));
  return {
    uri: `/redfish/v1/Systems/${s.id}`,
    id: s.id,
    manufacturer: k.manufacturer,
    model: k.model,
    hardwareKind: k.id,
    chipset: k.chipset,
    powerState: running ? 'On' : 'Off',
    cpu: { model: k.cpu.model, stepping: k.cpu.stepping, frequencyMHz: k.cpu.frequencyMHz, count: k.cpu.sockets, cores: k.cpu.coresPerSocket * k.cpu.sockets },
    memoryGiB: k.memoryGiB * (p?.servers.length ?? 1),
    nics: s.nics.map((n) => ({ adapter: n.id, mac: n.mac, linkUp: running, switchPort: { chassisId: n.switch, portId: n.port } })),
    hbas: s.hbas.map((h) => ({ adapter: h.id, wwpn: h.wwpn, wwnn: h.wwnn, fabric: h.fabric, loggedIn: running, bootTargets: targets(h.fabric).map((w, i) => ({ wwpn: w, lun: '0', priority: i })) })),
    arrayTargets: [...new Set(s.hbas.flatMap((h) => targets(h.fabric)))].sort(),
    partition: p ? { id: p.id, members: [...p.servers], bootMember: p.servers[0] ?? null } : null,
  };
}
