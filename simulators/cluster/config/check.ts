/**
 * Cross-references of the cluster config: every name points at something that exists, every
 * cable at a port of its switch, every WWPN, MAC, NAA and port is used once. The first problem
 * is a ConfigError at the place that breaks the rule, naming the earlier use where there is one.
 */
import type { Reader, Seg } from './reader.ts';
import type { ArraySpec, ClusterConfig } from './types.ts';

/** Who already holds a unique value, by value. */
class Claims {
  private readonly held = new Map<string, string>();
  constructor(
    private readonly r: Reader,
    private readonly what: string,
  ) {}
  claim(value: string, path: readonly Seg[], holder: string): void {
    const first = this.held.get(value);
    if (first !== undefined) throw this.r.fail(path, `expected a ${this.what} used once; ${first} already has ${value}`, { value });
    this.held.set(value, holder);
  }
}

export function checkReferences(c: ClusterConfig, r: Reader): void {
  const wwpns = new Claims(r, 'WWPN');
  const cables = new Claims(r, 'switch port with one cable');
  checkServers(c, r, wwpns, cables);
  checkSwitches(c, r);
  for (const a of c.arrays) checkArray(c, a, r, wwpns, cables);
  checkFabrics(c, r);
  checkBusinesses(c, r);
  checkPartitions(c, r);
}

function checkPort(c: ClusterConfig, r: Reader, path: Seg[], to: { switch?: string; fabric?: string; port: string }, holder: string, cables: Claims): void {
  if (to.switch !== undefined) {
    const sw = c.ethernetSwitches.find((s) => s.id === to.switch);
    if (!sw) throw r.fail([...path, 'switch'], `expected an Ethernet switch of ethernetSwitches (${c.ethernetSwitches.map((s) => s.id).join(', ')})`, { value: to.switch });
    if (Number(to.port) < 1 || Number(to.port) > sw.portCount) throw r.fail([...path, 'port'], `expected a port of switch ${sw.id} (1 to ${sw.portCount})`, { value: Number(to.port) });
    cables.claim(`${sw.id}/${to.port}`, [...path, 'port'], holder);
    return;
  }
  const f = c.fabrics.find((x) => x.id === to.fabric);
  if (!f) throw r.fail([...path, 'fabric'], `expected a fabric of fabrics (${c.fabrics.map((x) => x.id).join(', ')})`, { value: to.fabric });
  if (Number(to.port) >= f.portCount) throw r.fail([...path, 'port'], `expected a port of FC switch ${f.switchName} (0 to ${f.portCount - 1})`, { value: Number(to.port) });
  cables.claim(`fabric ${f.id}/${to.port}`, [...path, 'port'], holder);
}

function checkServers(c: ClusterConfig, r: Reader, wwpns: Claims, cables: Claims): void {
  const macs = new Claims(r, 'MAC address');
  for (const s of c.servers) {
    const p = ['servers', s.id];
    const kind = c.hardwareKinds.find((k) => k.id === s.kind);
    if (!kind) throw r.fail([...p, 'kind'], `expected a hardware kind of hardwareKinds (${c.hardwareKinds.map((k) => k.id).join(', ')})`, { value: s.kind });
    if (s.nics.length !== kind.nicPorts) throw r.fail([...p, 'nics'], `expected ${kind.nicPorts} NIC ports (hardware kind ${kind.id})`, { value: s.nics.length });
    if (s.hbas.length !== kind.hbaPorts) throw r.fail([...p, 'hbas'], `expected ${kind.hbaPorts} HBA ports (hardware kind ${kind.id})`, { value: s.hbas.length });
    const ids = new Claims(r, 'port id');
    s.nics.forEach((n, i) => {
      ids.claim(n.id, [...p, 'nics', i, 'id'], `${s.id}/${n.id}`);
      macs.claim(n.mac, [...p, 'nics', i, 'mac'], `${s.id}/${n.id}`);
      checkPort(c, r, [...p, 'nics', i], n, `${s.id}/${n.id}`, cables);
    });
    s.hbas.forEach((h, i) => {
      ids.claim(h.id, [...p, 'hbas', i, 'id'], `${s.id}/${h.id}`);
      wwpns.claim(h.wwpn, [...p, 'hbas', i, 'wwpn'], `${s.id}/${h.id}`);
      checkPort(c, r, [...p, 'hbas', i], h, `${s.id}/${h.id}`, cables);
    });
  }
}

function checkSwitches(c: ClusterConfig, r: Reader): void {
  for (const sw of c.ethernetSwitches) {
    const p = ['ethernetSwitches', sw.id];
    const vids = new Claims(r, 'VLAN id');
    for (const v of sw.vlans) vids.claim(String(v.id), [...p, 'vlans', String(v.id)], `VLAN ${v.id}`);
    const known = (vid: number, path: Seg[]): void => {
      if (!sw.vlans.some((v) => v.id === vid)) throw r.fail(path, `expected a VLAN of ${sw.id}'s VLAN table (${sw.vlans.map((v) => v.id).join(', ')})`, { value: vid });
    };
    for (const pv of sw.portVlans) {
      const q = [...p, 'portVlans', pv.port];
      if (Number(pv.port) < 1 || Number(pv.port) > sw.portCount) throw r.fail(q, `expected a port of switch ${sw.id} (1 to ${sw.portCount})`);
      known(pv.untagged, [...q, 'vlan']);
      pv.tagged.forEach((t, i) => known(t, [...q, 'tagged', i]));
    }
  }
}

function checkArray(c: ClusterConfig, a: ArraySpec, r: Reader, wwpns: Claims, cables: Claims): void {
  const p = ['arrays', a.id];
  a.ports.forEach((port) => {
    wwpns.claim(port.wwpn, [...p, 'ports', port.id, 'wwpn'], `${a.id}/${port.id}`);
    checkPort(c, r, [...p, 'ports', port.id], port, `${a.id}/${port.id}`, cables);
  });
  const naas = new Claims(r, 'NAA identifier');
  for (const v of a.volumes) {
    const q = [...p, 'volumes', v.id];
    if (!a.pools.some((x) => x.id === v.pool)) throw r.fail([...q, 'pool'], `expected a storage pool of ${a.id} (${a.pools.map((x) => x.id).join(', ')})`, { value: v.pool });
    naas.claim(v.naa, [...q, 'naa'], `volume ${v.id}`);
    const other = c.arrays.find((o) => o !== a && o.volumes.some((x) => x.id === v.id));
    if (other) throw r.fail(q, `expected a volume id unique across arrays; array ${other.id} has one too`);
  }
  for (const pool of a.pools) {
    const used = a.volumes.filter((v) => v.pool === pool.id).reduce((n, v) => n + v.capacityGiB, 0);
    if (used > pool.capacityGiB) throw r.fail([...p, 'pools', pool.id, 'capacityGiB'], `expected at least the ${used} GiB its volumes take`, { value: pool.capacityGiB });
  }
  const luns = new Claims(r, 'LUN per host group');
  a.mappings.forEach((m, i) => {
    const q = [...p, 'mappings', i];
    if (!a.volumes.some((v) => v.id === m.volume)) throw r.fail([...q, 'volume'], `expected a volume of ${a.id}`, { value: m.volume });
    if (!a.hostGroups.some((g) => g.id === m.hostGroup)) throw r.fail([...q, 'hostGroup'], `expected a host group of ${a.id} (${a.hostGroups.map((g) => g.id).join(', ')})`, { value: m.hostGroup });
    luns.claim(`${m.hostGroup} LUN ${m.lun}`, [...q, 'lun'], `mapping of ${m.volume}`);
  });
}

function checkFabrics(c: ClusterConfig, r: Reader): void {
  for (const f of c.fabrics) {
    const p = ['fabrics', f.id];
    for (const s of f.zoneSets) {
      s.zones.forEach((z, i) => {
        if (!f.zones.some((x) => x.id === z)) throw r.fail([...p, 'zoneSets', s.id, i], `expected a zone of fabric ${f.id}`, { value: z });
      });
    }
    if (f.activeZoneSet !== null && !f.zoneSets.some((s) => s.id === f.activeZoneSet)) {
      throw r.fail([...p, 'activeZoneSet'], `expected a zone set of fabric ${f.id} (${f.zoneSets.map((s) => s.id).join(', ') || 'none defined'})`, { value: f.activeZoneSet });
    }
  }
}

function checkBusinesses(c: ClusterConfig, r: Reader): void {
  const volumes = new Claims(r, 'boot volume per business');
  const ports = new Claims(r, 'business port');
  for (const b of c.businesses) {
    const p = ['businesses', b.id];
    const vol = c.arrays.flatMap((a) => a.volumes).find((v) => v.id === b.volume);
    if (!vol) throw r.fail([...p, 'volume'], 'expected a volume of one of the arrays', { value: b.volume });
    if (!vol.bootable) throw r.fail([...p, 'volume'], `expected a boot-capable volume (set bootable: true on volume ${vol.id})`, { value: b.volume });
    volumes.claim(b.volume, [...p, 'volume'], `business ${b.id}`);
    if (!c.ethernetSwitches.some((sw) => sw.vlans.some((v) => v.id === b.vlan))) throw r.fail([...p, 'vlan'], "expected a VLAN of an Ethernet switch's VLAN table", { value: b.vlan });
    if (b.port !== 0) ports.claim(String(b.port), [...p, 'port'], `business ${b.id}`);
  }
}

function checkPartitions(c: ClusterConfig, r: Reader): void {
  const members = new Claims(r, 'server in one partition');
  for (const part of c.partitions) {
    const p = ['partitions', part.id, 'servers'];
    if (part.servers.length < 2) throw r.fail(p, 'expected at least 2 servers (a logical server of one is the server itself)', { value: part.servers.length });
    const first = c.servers.find((s) => s.id === part.servers[0]);
    part.servers.forEach((id, i) => {
      const s = c.servers.find((x) => x.id === id);
      if (!s) throw r.fail([...p, i], 'expected a server of servers', { value: id });
      if (first && s.kind !== first.kind) throw r.fail([...p, i], `expected the hardware kind of ${first.id} (${first.kind}): a partition is made of same-hardware servers`, { value: s.kind });
      members.claim(id, [...p, i], `partition ${part.id}`);
    });
    const kind = c.hardwareKinds.find((k) => k.id === first?.kind);
    if (kind && part.servers.length > kind.maxPartitionServers) {
      throw r.fail(p, `expected at most ${kind.maxPartitionServers} servers (hardware kind ${kind.id}: maxPartitionServers)`, { value: part.servers.length });
    }
  }
}
