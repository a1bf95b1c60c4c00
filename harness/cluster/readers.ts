/**
 * What the cluster sampler reads of each device kind, through which capability, and the compact
 * state it records (lib/domains/failover/samples.ts). Drivers only: never the lab's ground truth.
 * Of the failover manager, its decisions (its own account, recorded beside the lab's state): those
 * it had finished before the sampler's first reading are left out, so each testcase's samples hold
 * its own decisions, however many the manager took before.
 */
import type { CapabilityMap } from '../../drivers/capabilities/index.ts';
import { decisionDone, decisionsSample, loginsSample, maskingSample, partitionsSample, vlanSample, zoningSample, type FailoverSampled } from '../../lib/domains/failover/samples.ts';

type Caps = Partial<CapabilityMap>;
interface Reader {
  has(caps: Caps): boolean;
  read(caps: Caps, signal: AbortSignal): Promise<unknown>;
}

/** A reader of capability `name` through `fn`; `fn` runs only when the device has it. */
function reader<N extends keyof CapabilityMap>(name: N, fn: (cap: CapabilityMap[N], signal: AbortSignal) => Promise<unknown>): Reader {
  return {
    has: (caps) => caps[name] !== undefined,
    read: (caps, signal) => fn(caps[name] as CapabilityMap[N], signal),
  };
}

/** The manager's decisions but those it had finished at this reader's first reading (one reader per sampler). */
function decisionsReader(): Reader {
  let earlier: ReadonlySet<number> | null = null;
  return reader('FailoverManagerView', async (c, s) => {
    const all = await c.decisions(s);
    earlier ??= new Set(all.filter(decisionDone).map((d) => d.id));
    const before = earlier;
    return decisionsSample(all.filter((d) => !before.has(d.id)));
  });
}

/** A fresh reader per sampled device (a reader may keep state across its device's readings). */
const READERS: Readonly<Record<Exclude<FailoverSampled, 'ServerInventory'>, () => Reader>> = {
  SystemHealth: () => reader('SystemHealth', (c, s) => c.read(s)),
  LunMapping: () => reader('LunMapping', async (c, s) => maskingSample(await c.read(s))),
  ZoneControl: () => reader('ZoneControl', async (c, s) => zoningSample(await c.read(s))),
  FabricLogins: () => reader('FabricLogins', async (c, s) => loginsSample(await c.read(s))),
  VlanControl: () => reader('VlanControl', async (c, s) => vlanSample(await c.read(s))),
  PartitionControl: () => reader('PartitionControl', async (c, s) => partitionsSample(await c.read(s))),
  FailoverManagerView: decisionsReader,
};

/** Device kind → the states sampled of it (power of servers, masking of arrays, zoning and logins of FC switches, VLANs of Ethernet switches, the manager's decisions). */
const BY_KIND: Readonly<Record<string, ReadonlyArray<keyof typeof READERS>>> = {
  server: ['SystemHealth'],
  array: ['LunMapping'],
  'fc-switch': ['ZoneControl', 'FabricLogins'],
  'ethernet-switch': ['VlanControl'],
  'partition-manager': ['PartitionControl'],
  'failover-manager': ['FailoverManagerView'],
};

export interface StateRead {
  capability: string;
  read(signal: AbortSignal): Promise<unknown>;
}

/** The periodic reads of a device of `kind` that it can serve (those it lacks are left out; see `missing`). */
export function readsOf(kind: string, caps: Caps): { reads: StateRead[]; missing: string[] } {
  const reads: StateRead[] = [];
  const missing: string[] = [];
  for (const capability of BY_KIND[kind] ?? []) {
    const r = READERS[capability]();
    if (r.has(caps)) reads.push({ capability, read: (signal) => r.read(caps, signal) });
    else missing.push(capability);
  }
  return { reads, missing };
}
