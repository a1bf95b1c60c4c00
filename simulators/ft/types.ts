/**
 * Vocabulary of the ft-server model: module and subsystem identities, their states, and the
 * events the model emits on every transition. The Redfish projection, the IPMI adapter and the
 * workload read these; none of them stores state of its own.
 */
import type { ModuleOpState as DomainOpState } from '../../lib/domains/ft/state.ts';

export type ModuleIndex = 0 | 1;
export const MODULES: readonly ModuleIndex[] = [0, 1];

export type SubsystemKind = 'Cpu' | 'Io';
export const SUBSYSTEMS: readonly SubsystemKind[] = ['Cpu', 'Io'];

export type ErrorKind = 'Transient' | 'Permanent';
export type FaultPolicy = 'UseThreshold' | 'NeverRestart' | 'AlwaysRestart';
export const FAULT_POLICIES: readonly FaultPolicy[] = ['UseThreshold', 'NeverRestart', 'AlwaysRestart'];

/**
 * State of one of the 4 subsystems.
 * - Online: in service (CPU: in lockstep; IO: its devices usable).
 * - Isolated: cut off after an error, diagnostics pending.
 * - Diagnostics: being checked before re-integration.
 * - Syncing: CPU only, memory being copied (brownout/blackout).
 * - KeptOut: over threshold, permanent fault or policy; waits for replacement or ClearErrorHistory.
 * - Offline: module pulled, powered down or the system is off.
 */
export type SubsystemState = 'Online' | 'Isolated' | 'Diagnostics' | 'Syncing' | 'KeptOut' | 'Offline';

/** Vendor-style operational state of a module (OEM OpState): the domain's vocabulary, less the reader's "Unknown". */
export type ModuleOpState = Exclude<DomainOpState, 'Unknown'>;

export type FtState = 'Duplex' | 'Simplex' | 'Syncing' | 'Down';
export type SyncPhase = 'None' | 'Diagnostics' | 'Brownout' | 'Blackout';
export type PowerState = 'On' | 'Off' | 'PoweringOn' | 'PoweringOff';

export type IoKind = 'Nic' | 'Storage';

/** What the workload does with traffic arriving now. */
export type WorkloadMode = 'answer' | 'queue' | 'drop' | 'down';

export type ResetType = 'On' | 'ForceOff' | 'GracefulShutdown' | 'GracefulRestart' | 'ForceRestart' | 'Nmi' | 'PowerCycle';
export const SYSTEM_RESET_TYPES: readonly ResetType[] = ['On', 'ForceOff', 'GracefulShutdown', 'GracefulRestart', 'ForceRestart', 'Nmi', 'PowerCycle'];
export type ModuleResetType = 'On' | 'ForceOff' | 'GracefulShutdown' | 'PowerCycle' | 'ForceRestart';
export const MODULE_RESET_TYPES: readonly ModuleResetType[] = ['On', 'ForceOff', 'GracefulShutdown', 'PowerCycle', 'ForceRestart'];

/**
 * One transition of the model. `at` is SUT epoch ms (fractional). Every listener sees every
 * event in the order the model produced them.
 */
export type ModelEvent = { at: number } & (
  | { type: 'ErrorDetected'; module: ModuleIndex; subsystem: SubsystemKind; kind: ErrorKind; count: number }
  | { type: 'SubsystemIsolated'; module: ModuleIndex; subsystem: SubsystemKind; kind: ErrorKind; reason: string; component: string | null }
  | { type: 'RedundancyLost'; module: ModuleIndex; reason: string }
  | { type: 'RedundancyRestored' }
  | { type: 'ModuleKeptOut'; module: ModuleIndex; subsystem: SubsystemKind; count: number; windowSeconds: number; threshold: number; component: string | null }
  | { type: 'TransientReintegrating'; module: ModuleIndex; subsystem: SubsystemKind }
  | { type: 'DiagnosticsStarted'; module: ModuleIndex; subsystem: SubsystemKind }
  | { type: 'DiagnosticsPassed'; module: ModuleIndex; subsystem: SubsystemKind }
  | { type: 'IoReintegrated'; module: ModuleIndex }
  | { type: 'ResyncStarted'; module: ModuleIndex; resync: number; hypervisor: boolean }
  | { type: 'BrownoutStarted'; module: ModuleIndex; resync: number }
  | { type: 'BrownoutPassCompleted'; module: ModuleIndex; resync: number; pass: number; copiedMiB: number; dirtyMiB: number; percent: number }
  | { type: 'BlackoutStarted'; module: ModuleIndex; resync: number; residualMiB: number }
  | { type: 'BlackoutCompleted'; module: ModuleIndex; resync: number; pauseMs: number }
  | { type: 'DuplexRestored'; module: ModuleIndex; resync: number }
  | { type: 'ResyncAborted'; module: ModuleIndex; resync: number; reason: string }
  | { type: 'ModuleRemoved'; module: ModuleIndex }
  | { type: 'ModuleInserted'; module: ModuleIndex }
  | { type: 'ModulePowerChanged'; module: ModuleIndex; on: boolean }
  | { type: 'ErrorHistoryCleared'; module: ModuleIndex; subsystem: SubsystemKind | null }
  | { type: 'LinkChanged'; iface: string; module: ModuleIndex; linkUp: boolean }
  | { type: 'IoMemberLost'; kind: IoKind; team: string; iface: string; reason: string }
  | { type: 'IoFailoverStarted'; kind: IoKind; team: string; from: string | null; to: string | null }
  | { type: 'IoFailoverCompleted'; kind: IoKind; team: string; from: string | null; to: string }
  | { type: 'IoPathsExhausted'; kind: IoKind; team: string }
  | { type: 'PCIeFatalError'; device: string; module: ModuleIndex; supported: boolean }
  | { type: 'DeviceSurpriseRemoved'; device: string; module: ModuleIndex }
  | { type: 'SystemCrashed'; reason: string }
  | { type: 'SystemPowerChanged'; state: PowerState }
  | { type: 'WorkloadStallStarted'; reason: string }
  | { type: 'WorkloadStallEnded'; reason: string }
  | { type: 'LedChanged'; module: ModuleIndex; on: boolean }
);

export type ModelEventType = ModelEvent['type'];
