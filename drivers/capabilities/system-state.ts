/** The observable state of a fault-tolerant (lockstep) server, read from its BMC. */
export type ModuleOpState =
  | 'Duplex'
  | 'Simplex'
  | 'Isolated'
  | 'KeptOut'
  | 'Diagnostics'
  | 'Brownout'
  | 'Blackout'
  | 'Absent'
  | 'Disabled'
  | 'Unknown';

export interface SubsystemCounter {
  count: number;
  windowSeconds: number;
  threshold: number;
}

export interface ModuleState {
  /** Module index, 0 or 1. */
  index: number;
  /** Redfish resource path of the module (e.g. /redfish/v1/Chassis/Module0). */
  uri: string;
  /** Redfish Status.State (Enabled, UnavailableOffline, Absent, Starting, InTest, Disabled, ...). */
  state: string;
  health: string | null;
  opState: ModuleOpState;
  ledOn: boolean;
  keptOut: boolean;
  /** Per subsystem (Cpu, Io, ...) error counters with their window and threshold. */
  counters: Record<string, SubsystemCounter>;
  /** Which component to replace, when the BMC says so (FT-12). */
  faultyComponent: string | null;
}

export interface FtSystemSnapshot {
  uri: string;
  powerState: string;
  state: string;
  health: string | null;
  /** Modules currently in lockstep (Redundancy ActiveRedundancySet). */
  activeModules: number[];
  redundancyHealth: string | null;
  modules: ModuleState[];
  /** Active member of the NIC team, and of the storage path set, when reported. */
  nicActive: string | null;
  storagePathActive: string | null;
  /** OS-visible memory size in GiB (MemorySummary.TotalSystemMemoryGiB); resync budgets may depend on it (FT-09). */
  memoryGiB: number | null;
  /** True when the server runs in hypervisor mode (whole memory copied in blackout, FT-09); null if not reported. */
  hypervisorMode: boolean | null;
  /** SUT time at which this snapshot was produced, if the BMC reports it (ISO 8601). */
  bmcTime: string | null;
}

export interface SystemState {
  readonly kind: 'SystemState';
  snapshot(signal?: AbortSignal): Promise<FtSystemSnapshot>;
}
