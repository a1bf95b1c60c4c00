import type { CapabilityMap, CapabilityName } from '../../drivers/capabilities/index.ts';
import type { ConsoleTarget } from '../../drivers/serial/open.ts';
import type { WorkloadProbeConfig } from '../inventory/types.ts';

/** One device of the lab, connected: the capabilities it offers and over which protocol each. */
export interface BoundDevice {
  name: string;
  /** Inventory device kind ("ft"); scenarios name the kind they run against. */
  kind: string;
  caps: Partial<CapabilityMap>;
  /** Protocol behind each capability, e.g. {PowerControl: "ipmi", FtState: "redfish"}. */
  protocols: Partial<Record<CapabilityName, string>>;
  /** Endpoints without credentials, for the history and reports. */
  endpoints: Record<string, string>;
  /** Scenario id globs this device runs (a leading "!" excludes); undefined = all. */
  scenarios?: string[];
  tags: string[];
  /** SUT time scale advertised by the BMC (1 for real hardware). */
  timeScale: number;
  /** Its console as the inventory names it: captured for every testcase it takes part in (ConsoleCapture). */
  console?: ConsoleTarget;
  /** The inventory's settings for the outside probe of its workload. */
  probe?: WorkloadProbeConfig;
  /** Set when the device could not be connected: its scenarios end as infra-error with this reason. */
  unavailable?: string;
  close(): Promise<void>;
}

/** Does the device offer `name`? ConsoleCapture when the inventory names its console (the runner opens it per testcase). */
export function offers(d: Pick<BoundDevice, 'caps' | 'console'>, name: CapabilityName): boolean {
  return name === 'ConsoleCapture' ? d.console !== undefined : d.caps[name] !== undefined;
}

/** The capabilities the device offers, by name (for messages). */
export function offeredNames(d: Pick<BoundDevice, 'caps' | 'console'>): string[] {
  return [...Object.keys(d.caps), ...(d.console ? ['ConsoleCapture'] : [])];
}
