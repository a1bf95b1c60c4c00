/** Every capability name, for the `use:` mapping (a compile error here when drivers add one). */
import type { CapabilityName } from '../../drivers/capabilities/index.ts';

const ALL: Record<CapabilityName, true> = {
  PowerControl: true,
  SystemState: true,
  EventSource: true,
  LogReader: true,
  FaultInjector: true,
  WorkloadLocator: true,
  SensorReader: true,
  BmcClock: true,
};

export const CAPABILITY_NAMES: readonly string[] = Object.keys(ALL);
