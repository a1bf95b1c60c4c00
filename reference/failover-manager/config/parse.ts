/**
 * A schema-valid document into a FailoverConfig, with the rules a schema cannot state (one
 * business per boot volume, no partition table without a partition manager). Nothing is returned unless all of it holds.
 */
import type { Priority } from '../plan/types.ts';
import type { BusinessConfig, FailoverConfig, FaultAction, SearchPolicy } from './types.ts';
import { checkFailoverSchema, type Locator } from './validate.ts';

interface RawPolicy {
  minCpuFrequencyMHz?: number;
  minMemoryGiB?: number;
  cpuModels?: string[];
  allowChipsetMismatch?: boolean;
  allowPartitionMismatch?: boolean;
}
interface RawConfig {
  manager: { partitionManager: string | null; shutdownDeadlineMs: number; dumpWaitDeadlineMs: number };
  faultActions: { default: FaultAction; byType: Record<string, FaultAction> };
  moveLowerPriorityFirst: boolean;
  businesses: Record<string, { type: string; priority: Priority; volume: string; policy?: RawPolicy }>;
  partitionTable: Record<string, { serverCounts: number[] }>;
}

export function parseFailoverConfig(data: unknown, where: Locator): FailoverConfig {
  checkFailoverSchema(data, where);
  const raw = data as RawConfig;
  const businesses = Object.entries(raw.businesses).map(([name, b]): BusinessConfig => ({ name, type: b.type, priority: b.priority, volume: b.volume, policy: b.policy ? policy(b.policy) : null }));
  const byVolume = new Map<string, string>();
  for (const b of businesses) {
    const other = byVolume.get(b.volume);
    if (other) throw where.error(['businesses', b.name, 'volume'], `expected a boot volume of its own (business ${other} boots from it too)`, { value: b.volume });
    byVolume.set(b.volume, b.name);
  }
  const kinds = Object.keys(raw.partitionTable);
  if (kinds.length > 0 && raw.manager.partitionManager === null) {
    throw where.error(['manager', 'partitionManager'], `expected the partition manager device that composes the partition table's logical servers (${kinds.join(', ')})`, { value: null });
  }
  return {
    manager: { ...raw.manager },
    faultActions: { default: raw.faultActions.default, byType: new Map(Object.entries(raw.faultActions.byType)) },
    moveLowerPriorityFirst: raw.moveLowerPriorityFirst,
    businesses,
    partitionTable: Object.entries(raw.partitionTable).map(([hardwareKind, r]) => ({ hardwareKind, serverCounts: [...r.serverCounts].sort((a, b) => a - b) })),
  };
}

function policy(p: RawPolicy): SearchPolicy {
  return {
    minCpuFrequencyMHz: p.minCpuFrequencyMHz ?? null,
    minMemoryGiB: p.minMemoryGiB ?? null,
    cpuModels: p.cpuModels ?? null,
    allowChipsetMismatch: p.allowChipsetMismatch ?? false,
    allowPartitionMismatch: p.allowPartitionMismatch ?? false,
  };
}
