/**
 * The decision core of the reference failover manager (pure but for the config file read): what
 * the executor imports. Contract types: plan/types.ts.
 */
export type { Decision, Failure, ManagedServer, ManagementTable, Priority, ServerStatus, Step } from './plan/types.ts';
export type { BusinessConfig, FailoverConfig, ManagerSettings, PartitionRule, SearchPolicy } from './config/types.ts';
export { DEFAULT_FAILOVER_CONFIG, loadFailoverConfig, parseFailoverConfigText } from './config/load.ts';
export type { ArrayRead, TableReads } from './table/reads.ts';
export { buildTable } from './table/build.ts';
export { decide, faultAction } from './search/decide.ts';
export { selectForScaleOut, type ScaleOutRequest, type ScaleOutResult } from './search/scale-out.ts';
export { UnknownServerError } from './search/units.ts';
export { PlanError } from './plan/pairs.ts';
export { DEFECT_NAMES, DEFECTS, type DefectName, type Defects, listDefectsText, NO_DEFECTS, parseDefects } from './defects.ts';
