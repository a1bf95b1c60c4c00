/**
 * A partition manager: list the logical servers and which physical servers they are made of;
 * compose one from N powered-off servers of one hardware kind, dissolve one. Writes are read back.
 */
import type { LogicalServerView, PartitionsView } from '../../lib/domains/cluster/partitions.ts';
import type { WriteOptions } from './cluster-errors.ts';

export type { LogicalServerView, PartitionBlockView, PartitionsView } from '../../lib/domains/cluster/partitions.ts';

export interface PartitionControl {
  readonly kind: 'PartitionControl';
  read(signal?: AbortSignal): Promise<PartitionsView>;
  /** Compose logical server `id` of `servers` (the first is the boot member). */
  compose(id: string, servers: readonly string[], opts?: WriteOptions): Promise<LogicalServerView>;
  dissolve(id: string, opts?: WriteOptions): Promise<void>;
}
