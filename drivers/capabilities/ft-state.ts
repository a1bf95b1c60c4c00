/** The state of a fault-tolerant (lockstep) server as its BMC shows it: modules, redundancy, IO paths. */
import type { FtSystemSnapshot } from '../../lib/domains/ft/state.ts';
import type { ResyncTaskRead } from '../../lib/domains/ft/resync-task.ts';

export type { FtSystemSnapshot, ModuleOpState, ModuleState, ResyncFigures, SubsystemCounter } from '../../lib/domains/ft/state.ts';
export type { ResyncTaskRead, ResyncTaskView } from '../../lib/domains/ft/resync-task.ts';

export interface FtState {
  readonly kind: 'FtState';
  snapshot(signal?: AbortSignal): Promise<FtSystemSnapshot>;
  /** The BMC's Task for the re-integration of module `module` (its newest), where the driver can read Tasks. */
  resyncTask?(module: number, signal?: AbortSignal): Promise<ResyncTaskRead>;
}
