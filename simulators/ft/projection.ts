/**
 * The Redfish view of the ft-server model (redfish-model.md §1, §4.1): every resource renders
 * from the model on each GET; writes go to the model. One System ft0, an Enclosure chassis, two
 * Module chassis with PCIe devices, processors and memory per module, the NIC team bond0, the
 * mirrored storage, the BMC manager and its logs — one module per resource under projection/.
 */
import { mountCollections } from './projection/collections.ts';
import type { ProjectionContext } from './projection/common.ts';
import { mountEnclosure } from './projection/enclosure.ts';
import { mountLogs, mountManager, type MountedProjection } from './projection/manager.ts';
import { mountModule } from './projection/module.ts';
import { mountNics } from './projection/nics.ts';
import { mountMemory, mountProcessors } from './projection/processors-memory.ts';
import { mountStorage } from './projection/storage.ts';
import { mountSystem } from './projection/system.ts';
import { MODULES } from './types.ts';

export { member, moduleStatus, rejection } from './projection/common.ts';
export type { MountedProjection } from './projection/manager.ts';
export type ProjectionOptions = ProjectionContext;

/** Mount every resource, in the order the service lists them. */
export function mountProjection(ctx: ProjectionOptions): MountedProjection {
  mountCollections(ctx);
  mountSystem(ctx);
  mountProcessors(ctx);
  mountMemory(ctx);
  mountNics(ctx);
  mountStorage(ctx);
  mountEnclosure(ctx);
  for (const m of MODULES) mountModule(ctx, m);
  mountManager(ctx);
  return mountLogs(ctx);
}
