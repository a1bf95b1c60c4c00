/**
 * The resync as the BMC's TaskService shows it (redfish-model.md §1.8): one Task per
 * re-integration of a module, with its state, progress, start and end, and messages.
 */
export interface ResyncTaskView {
  /** Resource path of the Task. */
  uri: string;
  name: string;
  /** TaskState: New, Starting, Running, Completed, Exception, Cancelling, Cancelled, ... */
  state: string;
  /** TaskStatus: OK, Warning, Critical; null when not reported. */
  status: string | null;
  /** PercentComplete; null when not reported. */
  percent: number | null;
  /** StartTime / EndTime (ISO 8601, BMC clock); null when not (yet) reported. */
  startTime: string | null;
  endTime: string | null;
  /** MessageIds of the task's Messages, in order. */
  messages: string[];
  /** For a finished task: the TaskService's DateTime read right after it (the BMC's clock then; no EndTime may be later); else null. */
  seenBy: string | null;
}

/** What a read of a module's resync task found: the BMC offers no TaskService, or its newest task for that module (null: none). */
export type ResyncTaskRead = { offered: false } | { offered: true; task: ResyncTaskView | null };

/** Whether a TaskState is final (the task will not change again). */
export function isFinalTaskState(state: string): boolean {
  return state === 'Completed' || state === 'Exception' || state === 'Cancelled' || state === 'Killed';
}
