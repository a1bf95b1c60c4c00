/**
 * Structure of the cluster config: every mapping has exactly its keys (keys.ts), every value its
 * type and range. Cross-references (cables, volumes, zones, uniqueness) are check.ts's.
 */
import { KEYS } from './keys.ts';
import { type Raw, Reader, type Seg } from './reader.ts';
import {
  type ArraySpec,
  type BusinessSpec,
  type ClusterConfig,
  DEFAULT_ZONES,
  type EthernetSwitchSpec,
  type FabricSpec,
  type HardwareKind,
  ID_PATTERN,
  LUN_MAX,
  MAC_PATTERN,
  NAA_PATTERN,
  PORT_MODES,
  PRIORITIES,
  type ServerSpec,
  type SwitchPortVlans,
  type TimingSpec,
  VLAN_MAX,
  VLAN_MIN,
  WWPN_PATTERN,
} from './types.ts';

const WWPN = { re: WWPN_PATTERN, what: 'a WWPN like 21:00:00:24:ff:30:14:c5 (8 lower-case hex pairs)' };
const MAC = { re: MAC_PATTERN, what: 'a unicast MAC like 02:f7:1a:00:01:00 (6 lower-case hex pairs)' };
const NAA = { re: NAA_PATTERN, what: 'an NAA type 6 identifier (32 lower-case hex digits starting with 6)' };
const ID = { re: ID_PATTERN, what: 'an id of letters, digits, - and _ starting with a letter' };

export function parseStructure(doc: unknown, r: Reader): ClusterConfig {
  const top = r.map(doc, [], KEYS.top);
  return {
    name: r.str(top, 'name', []),
    timing: timing(r, r.map(top.timing, ['timing'], KEYS.timing)),
    hardwareKinds: r.entries(top.hardwareKinds, ['hardwareKinds']).map(([id, v]) => kind(r, id, v)),
    servers: r.entries(top.servers, ['servers']).map(([id, v]) => server(r, id, v)),
    ethernetSwitches: r.entries(top.ethernetSwitches, ['ethernetSwitches']).map(([id, v]) => ethernetSwitch(r, id, v)),
    fabrics: r.entries(top.fabrics, ['fabrics']).map(([id, v]) => fabric(r, id, v)),
    arrays: r.entries(top.arrays, ['arrays']).map(([id, v]) => diskArray(r, id, v)),
    businesses: r.entries(top.businesses, ['businesses'], true).map(([id, v]) => business(r, id, v)),
    partitions: r.entries(top.partitions, ['partitions'], true).map(([id, v]) => ({
      id,
      servers: r.list(r.map(v, ['partitions', id], KEYS.partition).servers, ['partitions', id, 'servers']).map((s, i) => idValue(r, s, ['partitions', id, 'servers', i])),
    })),
  };
}

function idValue(r: Reader, v: unknown, path: readonly Seg[]): string {
  if (typeof v !== 'string' || !new RegExp(ID.re).test(v)) throw r.fail(path, `expected ${ID.what}`, { value: v });
  return v;
}

function timing(r: Reader, o: Raw): TimingSpec {
  const ms = (k: string): number => r.int(o, k, ['timing'], 0);
  return {
    powerOnMs: ms('powerOnMs'),
    fabricLoginMs: ms('fabricLoginMs'),
    bootMs: ms('bootMs'),
    shutdownMs: ms('shutdownMs'),
    dumpMs: ms('dumpMs'),
    offMs: ms('offMs'),
    commitMs: ms('commitMs'),
  };
}

function kind(r: Reader, id: string, v: unknown): HardwareKind {
  const p = ['hardwareKinds', id];
  const o = r.map(v, p, KEYS.kind);
  const cpu = r.map(o.cpu, [...p, 'cpu'], KEYS.cpu);
  const cp = [...p, 'cpu'];
  return {
    id,
    manufacturer: r.str(o, 'manufacturer', p),
    model: r.str(o, 'model', p),
    chipset: r.str(o, 'chipset', p),
    cpu: {
      model: r.str(cpu, 'model', cp),
      stepping: r.str(cpu, 'stepping', cp),
      frequencyMHz: r.int(cpu, 'frequencyMHz', cp, 1),
      sockets: r.int(cpu, 'sockets', cp, 1),
      coresPerSocket: r.int(cpu, 'coresPerSocket', cp, 1),
    },
    memoryGiB: r.int(o, 'memoryGiB', p, 1),
    nicPorts: r.int(o, 'nicPorts', p, 1, 16),
    hbaPorts: r.int(o, 'hbaPorts', p, 1, 16),
    maxPartitionServers: r.int(o, 'maxPartitionServers', p, 1, 16, 1),
  };
}

function server(r: Reader, id: string, v: unknown): ServerSpec {
  const p = ['servers', id];
  const o = r.map(v, p, KEYS.server);
  return {
    id,
    kind: idValue(r, o.kind, [...p, 'kind']),
    nics: r.list(o.nics, [...p, 'nics']).map((n, i) => {
      const q = [...p, 'nics', i];
      const c = r.map(n, q, KEYS.nic);
      return { id: r.str(c, 'id', q, ID), mac: r.str(c, 'mac', q, MAC), switch: r.str(c, 'switch', q, ID), port: portName(r, c, q) };
    }),
    hbas: r.list(o.hbas, [...p, 'hbas']).map((n, i) => {
      const q = [...p, 'hbas', i];
      const c = r.map(n, q, KEYS.hba);
      return { id: r.str(c, 'id', q, ID), wwpn: r.str(c, 'wwpn', q, WWPN), wwnn: r.str(c, 'wwnn', q, WWPN), fabric: r.str(c, 'fabric', q, ID), port: portName(r, c, q) };
    }),
    bootLun: r.int(o, 'bootLun', p, 0, LUN_MAX, 0),
  };
}

/** Switch ports are numbered from 1 (Ethernet) or 0 (FC); YAML may give the number bare. */
function portName(r: Reader, o: Raw, path: readonly Seg[]): string {
  const v = o.port;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return String(Number(v));
  throw r.fail([...path, 'port'], 'expected a switch port number', { value: v });
}

function vlanId(r: Reader, v: unknown, path: readonly Seg[]): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return r.intValue(n, path, VLAN_MIN, VLAN_MAX);
}

function ethernetSwitch(r: Reader, id: string, v: unknown): EthernetSwitchSpec {
  const p = ['ethernetSwitches', id];
  const o = r.map(v, p, KEYS.ethernetSwitch);
  const vlans = r.entries(o.vlans, [...p, 'vlans']).map(([k, name]) => {
    const q = [...p, 'vlans', k];
    if (typeof name !== 'string' || name.length === 0) throw r.fail(q, 'expected a VLAN name', { value: name });
    return { id: vlanId(r, k, q), name };
  });
  const portVlans = r.entries(o.portVlans, [...p, 'portVlans'], true).map(([port, pv]): SwitchPortVlans => {
    const q = [...p, 'portVlans', port];
    const c = r.map(pv, q, KEYS.portVlan);
    const mode = r.oneOf(c, 'mode', q, PORT_MODES);
    if (mode === 'access' && c.tagged !== undefined) throw r.fail([...q, 'tagged'], 'expected no tagged VLANs on an access port (mode: trunk carries tagged VLANs)');
    const tagged = r.list(c.tagged, [...q, 'tagged'], true).map((t, i) => vlanId(r, t, [...q, 'tagged', i]));
    if (!/^\d+$/.test(port)) throw r.fail(q, 'expected a switch port number as the key');
    return { port: String(Number(port)), mode, untagged: vlanId(r, c.vlan ?? 1, [...q, 'vlan']), tagged };
  });
  return { id, portCount: r.int(o, 'ports', p, 1, 1024), vlans, portVlans };
}

function fabric(r: Reader, id: string, v: unknown): FabricSpec {
  const p = ['fabrics', id];
  const o = r.map(v, p, KEYS.fabric);
  const members = (x: unknown, q: Seg[]): string[] => r.list(x, q).map((w, i) => wwpnValue(r, w, [...q, i]));
  const active = o.activeZoneSet;
  if (active !== undefined && active !== null && typeof active !== 'string') throw r.fail([...p, 'activeZoneSet'], 'expected a zone set id or null', { value: active });
  return {
    id,
    switchName: r.str(o, 'switchName', p, ID),
    domainId: r.int(o, 'domainId', p, 1, 239),
    portCount: r.int(o, 'ports', p, 1, 1024),
    zones: r.entries(o.zones, [...p, 'zones'], true).map(([z, m]) => ({ id: z, members: members(m, [...p, 'zones', z]) })),
    zoneSets: r.entries(o.zoneSets, [...p, 'zoneSets'], true).map(([s, zs]) => ({
      id: s,
      zones: r.list(zs, [...p, 'zoneSets', s]).map((z, i) => idValue(r, z, [...p, 'zoneSets', s, i])),
    })),
    activeZoneSet: typeof active === 'string' ? active : null,
    defaultZone: r.oneOf(o, 'defaultZone', p, DEFAULT_ZONES, 'deny'),
  };
}

function wwpnValue(r: Reader, v: unknown, path: readonly Seg[]): string {
  if (typeof v !== 'string' || !new RegExp(WWPN.re).test(v)) throw r.fail(path, `expected ${WWPN.what}`, { value: v });
  return v;
}

function diskArray(r: Reader, id: string, v: unknown): ArraySpec {
  const p = ['arrays', id];
  const o = r.map(v, p, KEYS.array);
  return {
    id,
    ports: r.entries(o.ports, [...p, 'ports']).map(([pid, x]) => {
      const q = [...p, 'ports', pid];
      const c = r.map(x, q, KEYS.arrayPort);
      return { id: pid, wwpn: r.str(c, 'wwpn', q, WWPN), fabric: r.str(c, 'fabric', q, ID), port: portName(r, c, q) };
    }),
    pools: r.entries(o.pools, [...p, 'pools']).map(([pid, x]) => ({ id: pid, capacityGiB: r.int(r.map(x, [...p, 'pools', pid], KEYS.pool), 'capacityGiB', [...p, 'pools', pid], 1) })),
    volumes: r.entries(o.volumes, [...p, 'volumes'], true).map(([vid, x]) => {
      const q = [...p, 'volumes', vid];
      const c = r.map(x, q, KEYS.volume);
      return { id: vid, pool: r.str(c, 'pool', q, ID), capacityGiB: r.int(c, 'capacityGiB', q, 1), naa: r.str(c, 'naa', q, NAA), bootable: r.bool(c, 'bootable', q, false) };
    }),
    hostGroups: r.entries(o.hostGroups, [...p, 'hostGroups'], true).map(([g, ws]) => ({
      id: g,
      initiators: r.list(ws, [...p, 'hostGroups', g]).map((w, i) => wwpnValue(r, w, [...p, 'hostGroups', g, i])),
    })),
    mappings: r.list(o.mappings, [...p, 'mappings'], true).map((x, i) => {
      const q = [...p, 'mappings', i];
      const c = r.map(x, q, KEYS.mapping);
      return { volume: r.str(c, 'volume', q, ID), lun: r.int(c, 'lun', q, 0, LUN_MAX), hostGroup: r.str(c, 'hostGroup', q, ID) };
    }),
  };
}

function business(r: Reader, id: string, v: unknown): BusinessSpec {
  const p = ['businesses', id];
  const o = r.map(v, p, KEYS.business);
  return {
    id,
    type: r.str(o, 'type', p),
    priority: r.oneOf(o, 'priority', p, PRIORITIES),
    volume: r.str(o, 'volume', p, ID),
    vlan: vlanId(r, o.vlan, [...p, 'vlan']),
    port: r.int(o, 'port', p, 0, 65535, 0),
  };
}
