/**
 * Following a Redfish task monitor (DSP0266 "Asynchronous operations"): GET the monitor while it
 * answers 202 (waiting Retry-After, or the poll interval), then return the final answer. A monitor
 * that answers with a Task resource is followed until TaskState is terminal.
 */
import { withDeadline } from '../../lib/deadline.ts';
import { TaskFailedError } from './errors.ts';
import { isObject } from './json.ts';
import { retryAfterMs, type RedfishClient, type RedfishResponse } from './client.ts';

const FAILED_STATES = new Set(['Exception', 'Killed', 'Cancelled', 'Interrupted']);
const DONE_STATES = new Set(['Completed']);

function taskMessages(body: Record<string, unknown>): string[] {
  const msgs = body.Messages;
  if (!Array.isArray(msgs)) return [];
  return msgs.filter(isObject).map((m) => (typeof m.Message === 'string' ? m.Message : typeof m.MessageId === 'string' ? m.MessageId : JSON.stringify(m)));
}

export async function followTaskMonitor(
  client: RedfishClient,
  monitor: string,
  opts: { budgetMs: number; signal?: AbortSignal; intervalMs?: number },
): Promise<RedfishResponse> {
  const interval = opts.intervalMs ?? 500;
  return withDeadline(
    `task monitor ${monitor}`,
    opts.budgetMs,
    async (signal) => {
      for (;;) {
        const res = await client.request('GET', monitor, { signal });
        let wait = interval;
        if (res.status === 202) {
          wait = retryAfterMs(res.headers['retry-after'], client.clock) ?? interval;
        } else if (isObject(res.body) && typeof res.body.TaskState === 'string') {
          const state = res.body.TaskState;
          if (DONE_STATES.has(state)) return res;
          if (FAILED_STATES.has(state)) throw new TaskFailedError(monitor, state, taskMessages(res.body));
        } else {
          return res;
        }
        await client.clock.sleep(Math.min(wait, opts.budgetMs), signal);
      }
    },
    { clock: client.clock, ...(opts.signal ? { parent: opts.signal } : {}) },
  );
}
