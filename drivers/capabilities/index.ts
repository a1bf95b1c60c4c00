export type { PowerControl, PowerState, PowerAction } from './power-control.ts';
export type { SystemState, FtSystemSnapshot, ModuleState, ModuleOpState, SubsystemCounter } from './system-state.ts';
export type { EventSource, EventSubscription, EventFilter, BmcEvent } from './event-source.ts';
export type { LogReader, LogRecord, LogKind } from './log-reader.ts';
export type { FaultInjector, ModuleIndex, Subsystem, ErrorKind } from './fault-injector.ts';
export type { WorkloadLocator, WorkloadEndpoint } from './workload.ts';
export type { SensorReader, SensorReading } from './sensors.ts';
export type { BmcClock } from './bmc-clock.ts';

import type { PowerControl } from './power-control.ts';
import type { SystemState } from './system-state.ts';
import type { EventSource } from './event-source.ts';
import type { LogReader } from './log-reader.ts';
import type { FaultInjector } from './fault-injector.ts';
import type { WorkloadLocator } from './workload.ts';
import type { SensorReader } from './sensors.ts';
import type { BmcClock } from './bmc-clock.ts';

/** Every capability, keyed by its `kind`; fixtures bind scenarios to these by name. */
export interface CapabilityMap {
  PowerControl: PowerControl;
  SystemState: SystemState;
  EventSource: EventSource;
  LogReader: LogReader;
  FaultInjector: FaultInjector;
  WorkloadLocator: WorkloadLocator;
  SensorReader: SensorReader;
  BmcClock: BmcClock;
}
export type CapabilityName = keyof CapabilityMap;
