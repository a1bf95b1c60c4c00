/**
 * The `clusters:` section of an inventory: groups of its devices that a scenario targets as one
 * (a role of kind `cluster`, runner/plan.ts). Each slot takes devices of one kind (CLUSTER_SLOTS);
 * a device belongs to at most one cluster and to one slot of it. Businesses are where a cluster's
 * services answer (the same address whichever server runs them). Errors name file, line and path.
 */
import { formatPath, type PathSegment, type YamlSource } from '../config/yaml-file.ts';
import type { BusinessConfig, ClusterConfig } from './types.ts';

/** What a role names to bind a cluster (not a device kind: a cluster has no management endpoint of its own). */
export const CLUSTER_KIND = 'cluster';
export const BUSINESS_PRIORITIES = ['high', 'medium', 'low'] as const;

type Shape = 'list' | 'map' | 'one';
type SlotName = 'servers' | 'ethernetSwitches' | 'fabrics' | 'arrays' | 'partitionManager' | 'failoverManager';

/** Slot → the device kind it takes and its shape. */
export const CLUSTER_SLOTS: Readonly<Record<SlotName, { kind: string; shape: Shape; description: string }>> = {
  servers: { kind: 'server', shape: 'list', description: 'The fleet servers (active and spare).' },
  ethernetSwitches: { kind: 'ethernet-switch', shape: 'list', description: 'Ethernet switches the servers are cabled to.' },
  fabrics: { kind: 'fc-switch', shape: 'map', description: 'Fabric name (e.g. A) → the FC switch of that fabric.' },
  arrays: { kind: 'array', shape: 'list', description: 'Disk arrays holding the boot volumes.' },
  partitionManager: { kind: 'partition-manager', shape: 'one', description: 'The partition manager composing logical servers of partition-capable servers.' },
  failoverManager: { kind: 'failover-manager', shape: 'one', description: 'The failover manager of the cluster (the system under test of the failover suite).' },
};

const DEVICE_REF = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]*$', description: 'the name of a device of this inventory' } as const;
const PORT = { type: 'integer', minimum: 1, maximum: 65535 } as const;

const SHAPES: Record<Shape, object> = {
  list: { type: 'array', items: DEVICE_REF },
  map: { type: 'object', minProperties: 1, propertyNames: { pattern: '^[A-Za-z0-9][A-Za-z0-9_-]*$' }, additionalProperties: DEVICE_REF },
  one: DEVICE_REF,
};

export const BUSINESS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'host', 'udp', 'tcp', 'priority'],
  properties: {
    name: { type: 'string', minLength: 1 },
    host: { type: 'string', minLength: 1, description: 'Address the business answers on (it keeps it across a failover).' },
    udp: { ...PORT, description: 'UDP echo port.' },
    tcp: { ...PORT, description: 'TCP port.' },
    priority: { type: 'string', enum: [...BUSINESS_PRIORITIES] },
    volume: { type: 'string', minLength: 1, description: 'The boot volume its OS runs from (an id of a volume of the cluster\'s arrays). When given, the failover scenarios do not ask a business whose volume no running server boots.' },
  },
} as const;

export function clusterSchema(): object {
  const slots = Object.entries(CLUSTER_SLOTS).map(([n, s]) => [n, { ...SHAPES[s.shape], ...(n === 'servers' ? { minItems: 1 } : {}), description: `${s.description} ${s.shape === 'one' ? 'A device' : 'Devices'} of kind ${s.kind}.` }]);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['servers'],
    properties: {
      ...Object.fromEntries(slots),
      businesses: { type: 'array', items: { $ref: '#/definitions/business' } },
      scenarios: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Scenario id globs this cluster runs (as for a device).' },
      tags: { type: 'array', items: { type: 'string' } },
    },
  };
}

interface RawCluster {
  servers: string[];
  ethernetSwitches?: string[];
  fabrics?: Record<string, string>;
  arrays?: string[];
  partitionManager?: string;
  failoverManager?: string;
  businesses?: BusinessConfig[];
  scenarios?: string[];
  tags?: string[];
}

/** Each slot entry with its path, in the order written. */
function slotEntries(name: string, c: RawCluster): Array<{ slot: SlotName; device: string; at: PathSegment[] }> {
  const out: Array<{ slot: SlotName; device: string; at: PathSegment[] }> = [];
  const list = (slot: SlotName, ds: string[] | undefined): void => ds?.forEach((device, i) => out.push({ slot, device, at: ['clusters', name, slot, i] }));
  list('servers', c.servers);
  list('ethernetSwitches', c.ethernetSwitches);
  for (const [fabric, device] of Object.entries(c.fabrics ?? {})) out.push({ slot: 'fabrics', device, at: ['clusters', name, 'fabrics', fabric] });
  list('arrays', c.arrays);
  for (const slot of ['partitionManager', 'failoverManager'] as const) {
    const device = c[slot];
    if (device !== undefined) out.push({ slot, device, at: ['clusters', name, slot] });
  }
  return out;
}

/** Schema-valid `clusters:` → ClusterConfig[], after the cross-checks against `kinds` (device name → kind). */
export function resolveClusters(src: YamlSource, raw: Record<string, RawCluster> | undefined, kinds: ReadonlyMap<string, string>): ClusterConfig[] {
  const memberOf = new Map<string, PathSegment[]>();
  const ports = new Map<string, PathSegment[]>();
  return Object.entries(raw ?? {}).map(([name, c]) => {
    if (kinds.has(name)) throw src.error(['clusters', name], `"${name}" is also a device's name; expected a cluster name of its own`);
    for (const { slot, device, at } of slotEntries(name, c)) {
      const kind = kinds.get(device);
      const want = CLUSTER_SLOTS[slot].kind;
      if (kind === undefined) throw src.error(at, `unknown device "${device}"; expected one of the devices: ${[...kinds.keys()].join(', ')}`);
      if (kind !== want) throw src.error(at, `device "${device}" is of kind ${kind}; ${slot} takes devices of kind ${want}`);
      const first = memberOf.get(device);
      if (first) throw src.error(at, `device "${device}" is already in ${formatPath(first)}; a device belongs to one cluster, once`);
      memberOf.set(device, at);
    }
    checkBusinesses(src, name, c.businesses ?? [], ports);
    return clusterConfig(name, c);
  });
}

function checkBusinesses(src: YamlSource, cluster: string, businesses: BusinessConfig[], ports: Map<string, PathSegment[]>): void {
  const names = new Set<string>();
  businesses.forEach((b, i) => {
    const at: PathSegment[] = ['clusters', cluster, 'businesses', i];
    if (names.has(b.name)) throw src.error([...at, 'name'], `business "${b.name}" is named twice in cluster ${cluster}; expected unique names`);
    names.add(b.name);
    for (const proto of ['udp', 'tcp'] as const) {
      const key = `${proto} ${b.host}:${b[proto]}`;
      const first = ports.get(key);
      if (first) throw src.error([...at, proto], `${key} is already the address of ${formatPath(first)}; expected one address per business`);
      ports.set(key, [...at, proto]);
    }
  });
}

function clusterConfig(name: string, c: RawCluster): ClusterConfig {
  return {
    name,
    servers: [...c.servers],
    ethernetSwitches: [...(c.ethernetSwitches ?? [])],
    fabrics: { ...c.fabrics },
    arrays: [...(c.arrays ?? [])],
    businesses: (c.businesses ?? []).map((b) => ({ ...b })),
    ...(c.partitionManager !== undefined ? { partitionManager: c.partitionManager } : {}),
    ...(c.failoverManager !== undefined ? { failoverManager: c.failoverManager } : {}),
    ...(c.scenarios ? { scenarios: [...c.scenarios] } : {}),
    tags: [...(c.tags ?? [])],
  };
}

/** Every device of a cluster, once each, in slot order. */
export function clusterMembers(c: ClusterConfig): string[] {
  return [...c.servers, ...c.ethernetSwitches, ...Object.values(c.fabrics), ...c.arrays, ...[c.partitionManager, c.failoverManager].filter((d): d is string => d !== undefined)];
}
