/**
 * `emulate cluster --servers N`: a cluster of N servers only, derived from a base config (the
 * shipped default): the base's hardware kinds taken in turn (server i has kind i mod the number of
 * kinds), every server powered off, cabled to one Ethernet switch and to every fabric, an array with
 * its ports on each fabric and no volumes, no zones, no businesses, no partitions. For fleet-scale
 * work (many BMCs), not SAN boot. Checked like any config.
 */
import { ConfigError } from '../../../lib/errors.ts';
import { checkReferences } from './check.ts';
import { Reader } from './reader.ts';
import type { ArraySpec, ClusterConfig, FabricSpec, HardwareKind, ServerSpec } from './types.ts';

/** What one process is meant to host (MACs and WWPNs number servers in two bytes). */
export const MAX_FLEET_SERVERS = 10_000;

const hex = (n: number, bytes: number): string => [...Array<number>(bytes)].map((_, i) => ((n >> (8 * (bytes - 1 - i))) & 0xff).toString(16).padStart(2, '0')).join(':');

function server(i: number, kind: HardwareKind, fabrics: readonly string[], nicPort: number, width: number): ServerSpec {
  const id = `srv${String(i + 1).padStart(width, '0')}`;
  return {
    id,
    kind: kind.id,
    nics: [...Array<number>(kind.nicPorts)].map((_, n) => ({ id: `nic${n}`, mac: `02:f7:1b:${hex(i, 2)}:${hex(n, 1)}`, switch: 'sw1', port: String(nicPort + n) })),
    hbas: [...Array<number>(kind.hbaPorts)].map((_, h) => {
      const suffix = `${hex(i, 2)}:${hex(h, 1)}`;
      return { id: `hba${h}`, wwpn: `21:00:00:24:fe:${suffix}`, wwnn: `20:00:00:24:fe:${suffix}`, fabric: fabrics[h % fabrics.length] ?? 'A', port: String(i) };
    }),
    bootLun: 0,
  };
}

export function serversOnlyConfig(base: ClusterConfig, n: number): ClusterConfig {
  if (!Number.isInteger(n) || n < 1 || n > MAX_FLEET_SERVERS) throw new ConfigError('--servers', `expected a number of servers from 1 to ${MAX_FLEET_SERVERS}`, { found: n });
  const fabricIds = base.fabrics.map((f) => f.id);
  const width = Math.max(2, String(n).length);
  const servers: ServerSpec[] = [];
  let nicPort = 1;
  for (let i = 0; i < n; i++) {
    const kind = base.hardwareKinds[i % base.hardwareKinds.length];
    if (!kind) throw new ConfigError('--servers', 'expected a base config with at least one hardware kind');
    servers.push(server(i, kind, fabricIds, nicPort, width));
    nicPort += kind.nicPorts;
  }
  const fabrics: FabricSpec[] = base.fabrics.map((f) => ({ ...f, portCount: n + 1, zones: [], zoneSets: [], activeZoneSet: null, defaultZone: 'deny' }));
  const arrays: ArraySpec[] = base.arrays.slice(0, 1).map((a) => ({
    id: a.id,
    ports: fabricIds.map((f, i) => ({ id: `CTL-${f}-0`, wwpn: `50:06:01:6${i}:3e:a0:ff:01`, fabric: f, port: String(n) })),
    pools: a.pools,
    volumes: [],
    hostGroups: [],
    mappings: [],
  }));
  const config: ClusterConfig = {
    name: `${base.name}-servers-${n}`,
    timing: base.timing,
    hardwareKinds: base.hardwareKinds,
    servers,
    ethernetSwitches: [{ id: 'sw1', portCount: Math.max(1, nicPort - 1), vlans: [{ id: 1, name: 'default' }], portVlans: [] }],
    fabrics,
    arrays,
    businesses: [],
    partitions: [],
  };
  checkReferences(config, new Reader(`--servers ${n}`));
  return config;
}
