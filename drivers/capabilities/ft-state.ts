/** The state of a fault-tolerant (lockstep) server as its BMC shows it: modules, redundancy, IO paths. */
import type { FtSystemSnapshot } from '../../lib/domains/ft/state.ts';

export type { FtSystemSnapshot, ModuleOpState, ModuleState, ResyncFigures, SubsystemCounter } from '../../lib/domains/ft/state.ts';

export interface FtState {
  readonly kind: 'FtState';
  snapshot(signal?: AbortSignal): Promise<FtSystemSnapshot>;
}
