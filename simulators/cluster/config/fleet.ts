/**
 * A fleet of N identical servers and nothing else that runs (no businesses, no partitions): the
 * cluster `ftlab emulate cluster --servers N` and the fleet-scale bench start. Each server has one
 * NIC and one HBA and boots its own volume, so every power-on goes through the whole SAN-boot
 * sequence (fabric login, zoning, LUN masking). Servers come in groups of up to 1,000: each group
 * has its own Ethernet switch (swG) and fabric (FG, FC switch fcG, the array's port on its last
 * port). The document is built in the YAML shape and validated like a file, so it is a config the
 * loader accepts.
 */
import { ConfigError } from '../../../lib/errors.ts';
import { parseClusterConfig } from './load.ts';
import { Reader, type Raw } from './reader.ts';
import type { ClusterConfig } from './types.ts';

export const FLEET_MAX_SERVERS = 9999;
/** Servers per Ethernet switch and fabric (a switch has at most 1,024 ports, one is the array's). */
const GROUP = 1000;
const FC_PORTS = 1024;

const hex = (n: number): string => n.toString(16).padStart(2, '0');

/** Server `i` (1-based) of a fleet of `n`: srv01…, zero-padded to the width of n (at least 2). */
export function fleetServerId(i: number, n: number): string {
  return `srv${String(i).padStart(Math.max(2, String(n).length), '0')}`;
}

interface Slot {
  id: string;
  group: number;
  local: number;
  wwpn: string;
}

function slot(i: number, n: number): Slot {
  const group = Math.floor((i - 1) / GROUP);
  const local = (i - 1) % GROUP;
  return { id: fleetServerId(i, n), group, local, wwpn: `21:00:00:24:ff:${hex(group)}:${hex(local >> 8)}:${hex(local & 255)}` };
}

const arrayWwpn = (group: number): string => `50:06:01:60:3e:b0:${hex(group)}:01`;

function server(s: Slot): Raw {
  const tail = `${hex(s.group)}:${hex(s.local >> 8)}:${hex(s.local & 255)}`;
  return {
    kind: 'fx1',
    nics: [{ id: 'nic0', mac: `02:f7:1b:${tail}`, switch: `sw${s.group + 1}`, port: s.local + 1 }],
    hbas: [{ id: 'hba0', wwpn: s.wwpn, wwnn: `20:00:00:24:ff:${tail}`, fabric: `F${s.group + 1}`, port: s.local }],
  };
}

function fabric(group: number, slots: readonly Slot[]): Raw {
  const mine = slots.filter((s) => s.group === group);
  const zones = Object.fromEntries(mine.map((s) => [`z-${s.id}`, [s.wwpn, arrayWwpn(group)]]));
  return { switchName: `fc${group + 1}`, domainId: group + 1, ports: FC_PORTS, defaultZone: 'deny', zones, zoneSets: { [`cfg-F${group + 1}`]: Object.keys(zones) }, activeZoneSet: `cfg-F${group + 1}` };
}

function diskArray(groups: number, slots: readonly Slot[]): Raw {
  const naa = (i: number): string => `600a0b80003eb000${i.toString(16).padStart(16, '0')}`;
  return {
    ports: Object.fromEntries(Array.from({ length: groups }, (_, g) => [`CTL-${g + 1}`, { wwpn: arrayWwpn(g), fabric: `F${g + 1}`, port: FC_PORTS - 1 }])),
    pools: { pool0: { capacityGiB: 20 * slots.length } },
    volumes: Object.fromEntries(slots.map((s, i) => [`boot-${s.id}`, { pool: 'pool0', capacityGiB: 20, naa: naa(i + 1), bootable: true }])),
    hostGroups: Object.fromEntries(slots.map((s) => [`hg-${s.id}`, [s.wwpn]])),
    mappings: slots.map((s) => ({ volume: `boot-${s.id}`, lun: 0, hostGroup: `hg-${s.id}` })),
  };
}

/** The fleet document in the cluster config's YAML shape. */
export function fleetDocument(n: number): Raw {
  if (!Number.isInteger(n) || n < 1 || n > FLEET_MAX_SERVERS) throw new ConfigError('fleet --servers', `an integer 1..${FLEET_MAX_SERVERS}`, { found: n });
  const slots = Array.from({ length: n }, (_, k) => slot(k + 1, n));
  const groups = Math.ceil(n / GROUP);
  const range = Array.from({ length: groups }, (_, g) => g);
  return {
    name: `fleet${n}`,
    timing: { powerOnMs: 15000, fabricLoginMs: 2000, bootMs: 60000, shutdownMs: 20000, dumpMs: 90000, offMs: 5000, commitMs: 500 },
    hardwareKinds: {
      fx1: {
        manufacturer: 'Contoso',
        model: 'FX110',
        chipset: 'C621A',
        cpu: { model: 'Xeon Silver 4314', stepping: 'M1', frequencyMHz: 2400, sockets: 1, coresPerSocket: 16 },
        memoryGiB: 128,
        nicPorts: 1,
        hbaPorts: 1,
      },
    },
    servers: Object.fromEntries(slots.map((s) => [s.id, server(s)])),
    ethernetSwitches: Object.fromEntries(range.map((g) => [`sw${g + 1}`, { ports: 1024, vlans: { 1: 'default' } }])),
    fabrics: Object.fromEntries(range.map((g) => [`F${g + 1}`, fabric(g, slots)])),
    arrays: { array1: diskArray(groups, slots) },
  };
}

/** A validated ClusterConfig of `n` servers (1..9999), no businesses or partitions. */
export function fleetConfig(n: number): ClusterConfig {
  return parseClusterConfig(fleetDocument(n), new Reader(`fleet config (${n} servers)`));
}
