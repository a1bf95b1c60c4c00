/**
 * What a first-failure data bundle reads from one device, by capability: its state as each state
 * capability reports it (ft state, health, power, sensors; the cluster's inventory, VLANs, zoning,
 * logins, masking, partitions) and every log its LogReader offers (the Redfish event log, the SEL).
 * One file per read; a read that fails is named with its error instead, never hiding the others.
 */
import type { CapabilityMap } from '../../drivers/capabilities/index.ts';

type Read = (caps: Partial<CapabilityMap>, signal: AbortSignal) => Promise<unknown> | undefined;

/** File name (without .json) → how to read it; undefined when the device lacks the capability. */
export const STATE_READS: Readonly<Record<string, Read>> = {
  'ft-state': (c, s) => c.FtState?.snapshot(s),
  'system-health': (c, s) => c.SystemHealth?.read(s),
  power: (c, s) => c.PowerControl?.state(s),
  sensors: (c, s) => c.SensorReader?.read(s),
  'server-inventory': (c, s) => c.ServerInventory?.read(s),
  vlans: (c, s) => c.VlanControl?.read(s),
  zoning: (c, s) => c.ZoneControl?.read(s),
  'fabric-logins': (c, s) => c.FabricLogins?.read(s),
  'lun-masking': (c, s) => c.LunMapping?.read(s),
  partitions: (c, s) => c.PartitionControl?.read(s),
};

/** Every log the device's LogReader offers: kind → its entries (as the BMC keeps them). */
export async function readLogs(caps: Partial<CapabilityMap>, signal: AbortSignal): Promise<Record<string, unknown>> {
  const reader = caps.LogReader;
  if (!reader) return {};
  const out: Record<string, unknown> = {};
  for (const kind of await reader.logs()) out[kind] = await reader.entries(kind, signal);
  return out;
}
