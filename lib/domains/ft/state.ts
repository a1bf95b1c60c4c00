/**
 * The ft domain's state: what a fault-tolerant (lockstep) server shows through its BMC. The
 * `FtState` capability produces it; history samples of that capability carry it (decoded here).
 */
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
  /** Per subsystem (Cpu, Io, ...) its own state as the BMC reports it (Online, Isolated, Diagnostics, ...), when it does (FT-10). */
  subsystems?: Record<string, string>;
  /** What its transient errors lead to (UseThreshold, NeverRestart, AlwaysRestart), when reported (FT-11). */
  faultPolicy?: string | null;
  /** The module's own PowerState, when reported (optional: older recorded samples lack it). */
  powerState?: string | null;
  /** MessageIds of the module's Status.Conditions (why it needs attention), when read. */
  conditions?: string[];
  /** Whether the BMC says the module can be pulled while the system runs, and replaced (HotPluggable, Replaceable), when read. */
  hotPluggable?: boolean | null;
  replaceable?: boolean | null;
}

/** The chassis that holds the modules, as the BMC reports it (its power and the health it rolls up). */
export interface EnclosureState {
  uri: string;
  powerState: string | null;
  health: string | null;
  healthRollup: string | null;
}

/**
 * What the BMC reports about its memory copy between the modules (FT-08, FT-09): module memory,
 * the data mover's copy bandwidth, the dirty residual at which brownout stops, the most brownout
 * passes it makes, and the fixed CPU context / cache copy time of the blackout. The resync's own
 * figures (passes, dirty memory per pass, blackout pause) must add up against these.
 */
export interface ResyncFigures {
  memoryMiB: number;
  copyBandwidthMiBps: number;
  stopThresholdMiB: number;
  maxBrownoutPasses: number;
  contextCopyMs: number;
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
  /** The resync figures, when the BMC reports them (optional: older recorded samples lack it). */
  resync?: ResyncFigures | null;
  /** The BMC's own word on the system (Oem.FtLab.FtState: Duplex, Simplex, Syncing, Down), when it reports one. */
  ftState?: string | null;
  /** The BMC's own resync phase (Oem.FtLab.SyncPhase: None, Diagnostics, Brownout, Blackout), when it reports one. */
  syncPhase?: string | null;
  /** The system's AssetTag, a setting the operator owns, when reported (optional: older recorded samples lack it). */
  assetTag?: string | null;
  /** The enclosure chassis, when the modules name one (optional: older recorded samples lack it). */
  enclosure?: EnclosureState | null;
}


/** Capability name whose samples carry an FtSystemSnapshot. */
export const FT_STATE = 'FtState';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The fields readers rely on, checked before a recorded state is trusted as a snapshot. */
export function isFtSnapshot(v: unknown): v is FtSystemSnapshot {
  return isObject(v) && typeof v.powerState === 'string' && Array.isArray(v.modules) && Array.isArray(v.activeModules);
}

/** The ft snapshot a history sample carries, or null when the sample is of another capability. */
export function ftStateOf(sample: { capability: string; state: unknown }): FtSystemSnapshot | null {
  return sample.capability === FT_STATE && isFtSnapshot(sample.state) ? sample.state : null;
}
