/**
 * What the executor read from the lab for one management table: plain data, as the drivers
 * return it. Server ids are the ComputerSystem Ids, which in the cluster are the device names.
 */
import type { PartitionsView } from '../../../lib/domains/cluster/partitions.ts';
import type { LunMappingView, ZoningView } from '../../../lib/domains/cluster/san.ts';
import type { ServerInventoryView } from '../../../lib/domains/cluster/inventory.ts';
import type { SwitchVlansView } from '../../../lib/domains/cluster/lan.ts';

export interface ArrayRead {
  mapping: LunMappingView;
  /** The array's target port WWPNs (its storage endpoints, or the lab file's array ports). */
  targetPorts: string[];
}

export interface TableReads {
  /** ISO time of the reads (the table's `builtAt`). */
  at: string;
  servers: ServerInventoryView[];
  switches: SwitchVlansView[];
  fabrics: ZoningView[];
  arrays: ArrayRead[];
  /** The partition manager's view, or null when the lab has none. */
  partitions: PartitionsView | null;
  /** The manager's own record: servers that failed and were not repaired since. */
  failed: readonly string[];
}
