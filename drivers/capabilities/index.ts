export type { PowerControl, PowerState, PowerAction } from './power-control.ts';
export type { FtState, FtSystemSnapshot, ModuleState, ModuleOpState, ResyncFigures, ResyncTaskRead, ResyncTaskView, SubsystemCounter } from './ft-state.ts';
export type { SystemHealth, HealthSnapshot } from './system-health.ts';
export type { SystemSettings } from './system-settings.ts';
export type { EventSource, EventSubscription, EventFilter, BmcEvent } from './event-source.ts';
export type { LogReader, LogRecord, LogKind } from './log-reader.ts';
export type { FaultPolicy, FtLabFaultInjection, ModuleIndex, ModuleResetType, Subsystem, ErrorKind } from './ftlab-fault-injection.ts';
export type { WorkloadLocator, WorkloadEndpoint } from './workload.ts';
export type { SensorReader, SensorReading } from './sensors.ts';
export type { BmcClock } from './bmc-clock.ts';
export type { BmcCertificate, CertificateFacts, ListedCertificate, PresentedCertificate } from './bmc-certificate.ts';
export type { BusinessLocator, BusinessAddress, BusinessLocation } from './business-locator.ts';
export type { ServerInventory, ServerInventoryView } from './server-inventory.ts';
export type { VlanControl, PortVlanView, SwitchVlansView } from './vlan-control.ts';
export type { ZoneControl, ZoneView, ZoningView } from './zone-control.ts';
export type { LunMapping, LunMapRequest, LunMappingView, ConnectionView, HostGroupView } from './lun-mapping.ts';
export type { FabricLogins, FabricLoginsView } from './fabric-logins.ts';
export type { PartitionControl, PartitionsView, LogicalServerView } from './partition-control.ts';
export type { ConsoleCapture, ConsoleLine, ConsoleMatch } from './console-capture.ts';
export type { ClusterLabFaultInjection } from './cluster-fault-injection.ts';
export type { FailoverManagerView } from './failover-manager.ts';
export { CapabilityNotSupportedError, ChangeRefusedError, ConcurrentChangeError, WriteNotConfirmedError, type WriteOptions } from './cluster-errors.ts';

import type { PowerControl } from './power-control.ts';
import type { FtState } from './ft-state.ts';
import type { SystemHealth } from './system-health.ts';
import type { SystemSettings } from './system-settings.ts';
import type { EventSource } from './event-source.ts';
import type { LogReader } from './log-reader.ts';
import type { FtLabFaultInjection } from './ftlab-fault-injection.ts';
import type { WorkloadLocator } from './workload.ts';
import type { SensorReader } from './sensors.ts';
import type { BmcClock } from './bmc-clock.ts';
import type { BmcCertificate } from './bmc-certificate.ts';
import type { BusinessLocator } from './business-locator.ts';
import type { ServerInventory } from './server-inventory.ts';
import type { VlanControl } from './vlan-control.ts';
import type { ZoneControl } from './zone-control.ts';
import type { LunMapping } from './lun-mapping.ts';
import type { FabricLogins } from './fabric-logins.ts';
import type { PartitionControl } from './partition-control.ts';
import type { ClusterLabFaultInjection } from './cluster-fault-injection.ts';
import type { FailoverManagerView } from './failover-manager.ts';
import type { ConsoleCapture } from './console-capture.ts';

/** Every capability, keyed by its `kind`; fixtures bind scenarios to these by name. */
export interface CapabilityMap {
  PowerControl: PowerControl;
  SystemHealth: SystemHealth;
  SystemSettings: SystemSettings;
  FtState: FtState;
  EventSource: EventSource;
  LogReader: LogReader;
  FtLabFaultInjection: FtLabFaultInjection;
  WorkloadLocator: WorkloadLocator;
  SensorReader: SensorReader;
  BmcClock: BmcClock;
  BmcCertificate: BmcCertificate;
  BusinessLocator: BusinessLocator;
  ServerInventory: ServerInventory;
  VlanControl: VlanControl;
  ZoneControl: ZoneControl;
  LunMapping: LunMapping;
  FabricLogins: FabricLogins;
  PartitionControl: PartitionControl;
  ClusterLabFaultInjection: ClusterLabFaultInjection;
  FailoverManagerView: FailoverManagerView;
  /** Opened by the runner for each testcase (not by connecting the device) when the inventory names a console. */
  ConsoleCapture: ConsoleCapture;
}
export type CapabilityName = keyof CapabilityMap;
/** The capabilities of SAN-boot cluster devices (servers, switches, arrays, partition managers). */
export type ClusterCapabilityName = 'ServerInventory' | 'VlanControl' | 'ZoneControl' | 'LunMapping' | 'FabricLogins' | 'PartitionControl' | 'ClusterLabFaultInjection';
