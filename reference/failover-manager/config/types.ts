/**
 * The reference failover manager's configuration (failover-manager-default.yaml; schema:
 * failover-manager.schema.json). Businesses are keyed by name and found on the devices by their
 * boot volume: the server whose WWPNs see that volume runs the business, so priorities and search
 * policies follow a business from server to server across failovers (FO-09, FO-10).
 */
import type { Priority } from '../plan/types.ts';

export const FAULT_ACTIONS = ['failover', 'none'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

/** Fault types the cluster's server BMCs report (`ClusterLab.HardwareFault`, second MessageArg). */
export const CLUSTER_FAULT_TYPES = ['Cpu', 'Memory', 'Pcie', 'OsHang', 'Fan', 'PowerSupply'] as const;

export const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];
/** Higher number, more important. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = { high: 3, medium: 2, low: 1 };

export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]*$';
/** Most servers one logical server may have (the cluster lab's own bound). */
export const MAX_PARTITION_SERVERS = 16;

/**
 * FO-09: what a standby may differ in when no exact match exists. A rule not named stays exact:
 * without `minCpuFrequencyMHz` the frequency must be equal, without `cpuModels` the CPU model and
 * stepping must be equal, and so on. Connectivity (switches, arrays, NIC and HBA port counts) is
 * never relaxed (FO-11).
 */
export interface SearchPolicy {
  minCpuFrequencyMHz: number | null;
  minMemoryGiB: number | null;
  /** CPU models allowed (any stepping); null: the failed server's model and stepping only. */
  cpuModels: string[] | null;
  allowChipsetMismatch: boolean;
  /** A standby of another server count than the failed logical server's. */
  allowPartitionMismatch: boolean;
}

export interface BusinessConfig {
  name: string;
  type: string;
  priority: Priority;
  /** Its boot volume (volume ids are unique across the arrays). */
  volume: string;
  policy: SearchPolicy | null;
}

/** FO-08, the partition-configurable table: the server counts a hardware kind may be composed into. */
export interface PartitionRule {
  hardwareKind: string;
  serverCounts: number[];
}

export interface ManagerSettings {
  /** The partition manager's device name in the lab file (compose steps go to it); null: none. */
  partitionManager: string | null;
  /** Graceful shutdown → off, before ForceOff (FO-03). */
  shutdownDeadlineMs: number;
  /** Longest wait while a failed server writes its dump (FO-03). */
  dumpWaitDeadlineMs: number;
}

export interface FailoverConfig {
  manager: ManagerSettings;
  /** FO-02: per fault type, fail over or not; `default` for types not listed. */
  faultActions: { default: FaultAction; byType: ReadonlyMap<string, FaultAction> };
  /** FO-10: with no unused standby, move the preempted business to an unused server first when one qualifies. */
  moveLowerPriorityFirst: boolean;
  businesses: BusinessConfig[];
  partitionTable: PartitionRule[];
}
