/**
 * What the BMC reports where a defect makes it differ from the model's state: the figures the
 * projections show (active modules, active storage path, memory size). Without a reporting defect
 * each is the model's own value.
 */
import type { FtModel } from './model.ts';
import type { ModuleIndex } from './types.ts';

/** ActiveRedundancySet / Oem ActiveModules (simplex-wrong-module: module 0 whenever one module runs). */
export function reportedActiveModules(model: FtModel): ModuleIndex[] {
  const active = model.activeModules();
  return model.defects.has('simplex-wrong-module') && active.length === 1 ? [0] : active;
}

/** The active storage path (stale-active-path: the path active at power-on, whatever happened since). */
export function reportedStoragePath(model: FtModel): string | null {
  if (!model.defects.has('stale-active-path')) return model.storageSet.active;
  return model.powerState === 'On' ? (model.storageSet.members[0] ?? null) : null;
}

/** MemorySummary.TotalSystemMemoryGiB (hypervisor-memory-half: half of it). */
export function reportedMemoryGiB(model: FtModel): number {
  const gib = model.profile.system.memoryGiB;
  return model.defects.has('hypervisor-memory-half') ? gib / 2 : gib;
}
