/** The hardware of one server as its BMC reports it (the server management table's row). */
import type { ServerInventoryView } from '../../lib/domains/cluster/inventory.ts';

export type { ServerInventoryView, CpuInventory, NicPortInventory, HbaPortInventory, PartitionMembership } from '../../lib/domains/cluster/inventory.ts';

export interface ServerInventory {
  readonly kind: 'ServerInventory';
  read(signal?: AbortSignal): Promise<ServerInventoryView>;
}
