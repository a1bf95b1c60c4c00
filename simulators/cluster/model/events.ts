/**
 * Events of the cluster model: one stream for the whole cluster, every change of every device.
 * `device` names the device whose management interface reports it (a server, a switch, a fabric's
 * FC switch, an array); `at` is SUT epoch ms. Projections (Redfish events, SEL, logs) read these.
 */
import type { Clock } from '../../../lib/clock.ts';
import { FtlabError } from '../../../lib/errors.ts';
import { WWPN_PATTERN } from '../config/types.ts';

export type HardwareFault = 'Cpu' | 'Memory' | 'Fan' | 'PowerSupply' | 'OsHang' | 'Pcie';
export const HARDWARE_FAULTS: readonly HardwareFault[] = ['Cpu', 'Memory', 'Fan', 'PowerSupply', 'OsHang', 'Pcie'];

export type ResetType = 'On' | 'ForceOff' | 'GracefulShutdown' | 'ForceRestart' | 'PowerCycle';
export const RESET_TYPES: readonly ResetType[] = ['On', 'ForceOff', 'GracefulShutdown', 'ForceRestart', 'PowerCycle'];

export type PowerState = 'On' | 'Off' | 'PoweringOff';

/** Where a powered system is, from power-on to its OS (Redfish BootProgress, coarser). */
export type BootState = 'Off' | 'Post' | 'FabricLogin' | 'Booting' | 'Running' | 'NoBootableDevice' | 'Crashed' | 'ShuttingDown';

export type ClusterEvent = { at: number; device: string } & (
  | { type: 'PowerChanged'; system: string; state: PowerState }
  | { type: 'ResetRequested'; system: string; reset: ResetType }
  | { type: 'BootStateChanged'; system: string; state: BootState; volume: string | null; reason?: string }
  | { type: 'DumpStarted' | 'DumpFinished'; system: string }
  | { type: 'HardwareFault' | 'HardwareRepaired'; server: string; fault: HardwareFault }
  | { type: 'BmcAnswering'; server: string; answering: boolean }
  | { type: 'PartitionComposed' | 'PartitionDissolved'; partition: string; servers: string[] }
  | { type: 'LinkChanged'; port: string; up: boolean; peer: string }
  | { type: 'PortEnabledChanged'; port: string; enabled: boolean }
  | { type: 'PortVlansChanged'; port: string }
  | { type: 'VlanCreated' | 'VlanRemoved'; vlan: number }
  | { type: 'MacLearned' | 'MacAged'; port: string; mac: string }
  | { type: 'FabricLogin' | 'FabricLogout'; wwpn: string; port: string }
  | { type: 'ZoneCreated' | 'ZoneModified' | 'ZoneRemoved'; zone: string }
  | { type: 'ZoneSetActivated'; zoneSet: string | null }
  | { type: 'CommitFailed'; what: string }
  | { type: 'VolumeCreated' | 'VolumeRemoved'; volume: string }
  | { type: 'HostGroupChanged' | 'HostGroupRemoved'; hostGroup: string }
  | { type: 'ConnectionCreated' | 'ConnectionModified' | 'ConnectionRemoved'; connection: string }
  | { type: 'BusinessReachability'; business: string; server: string | null }
  | { type: 'DataCorruption'; volume: string; systems: string[] }
);

/** `Omit` that distributes over the union. */
export type EventBody = ClusterEvent extends infer E ? (E extends ClusterEvent ? Omit<E, 'at'> : never) : never;

/** A request the model refuses in its current state (mapped to 409, or 404 for NotFound, 400 for BadRequest). */
export class ClusterRejection extends FtlabError {
  constructor(
    message: string,
    readonly code: 'Conflict' | 'NotFound' | 'BadRequest' = 'Conflict',
  ) {
    super(message);
  }
}

/** Refuse (400) the first of `wwpns` that is not a WWPN; `what` names the request. */
export function checkWwpns(what: string, wwpns: readonly string[]): void {
  const re = new RegExp(WWPN_PATTERN);
  const bad = wwpns.find((w) => !re.test(w));
  if (bad !== undefined) throw new ClusterRejection(`${what}: ${JSON.stringify(bad)} is not a WWPN like 21:00:00:24:ff:30:14:c5`, 'BadRequest');
}

/** The one event stream, stamped with the lab clock. Listeners see every event in order. */
export class EventBus {
  private readonly listeners = new Set<(e: ClusterEvent) => void>();
  constructor(readonly clock: Clock) {}

  on(fn: (e: ClusterEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  emit(body: EventBody): void {
    const e = { ...body, at: this.clock.wallNow() } as ClusterEvent;
    for (const fn of this.listeners) fn(e);
  }
}
