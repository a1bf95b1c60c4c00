/**
 * A failover manager's own account, read-only: its server management table, its decisions with
 * their steps and timings, its event log; and the one request it serves, a scale-out target
 * selection (FO-12). Scenarios judge a failover by what the lab shows; this is the manager's
 * claim, compared against it (and the only source for FO-04's table and FO-05's notification).
 */
import type { DecisionRecord, ManagementTable, ManagerEvent, ScaleOutRequest, ScaleOutResult } from '../../lib/domains/failover/manager.ts';

export type { DecisionRecord, ManagementTable, ManagerEvent, ScaleOutRequest, ScaleOutResult } from '../../lib/domains/failover/manager.ts';

export interface FailoverManagerView {
  readonly kind: 'FailoverManagerView';
  /** The management table as last built, or null before the first build. */
  table(signal?: AbortSignal): Promise<ManagementTable | null>;
  decisions(signal?: AbortSignal): Promise<DecisionRecord[]>;
  events(signal?: AbortSignal): Promise<ManagerEvent[]>;
  selectScaleOut(request: ScaleOutRequest, signal?: AbortSignal): Promise<ScaleOutResult>;
  /** How many times faster than real time its deadlines run (the lab's time scale; 1 for a real manager). */
  timeScale(signal?: AbortSignal): Promise<number>;
}
