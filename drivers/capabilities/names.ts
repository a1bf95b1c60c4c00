/** Every capability name at run time (a compile error here when a capability is added to CapabilityMap and not listed). */
import type { CapabilityName } from './index.ts';

const ALL: Readonly<Record<CapabilityName, true>> = {
  PowerControl: true,
  SystemHealth: true,
  SystemSettings: true,
  FtState: true,
  EventSource: true,
  LogReader: true,
  FtLabFaultInjection: true,
  WorkloadLocator: true,
  SensorReader: true,
  BmcClock: true,
  BmcCertificate: true,
  BusinessLocator: true,
  ServerInventory: true,
  VlanControl: true,
  ZoneControl: true,
  LunMapping: true,
  FabricLogins: true,
  PartitionControl: true,
  ClusterLabFaultInjection: true,
  FailoverManagerView: true,
  ConsoleCapture: true,
};

export const CAPABILITY_NAMES = Object.keys(ALL) as readonly CapabilityName[];

/** Capabilities no protocol serves (the runner opens them from the inventory's `console:`): not choosable with `use:`. */
export const NOT_BY_PROTOCOL: readonly CapabilityName[] = ['ConsoleCapture'];
