/**
 * The body of a pool job in `ftlab worker`: the testcase of the worker's plan, run by the normal
 * runner under the lease (its fencing token checked before every fault injection and undo). Its
 * records are what it appended to the worker's history while it ran (one testcase at a time).
 */
import type { Clock } from '../../lib/clock.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import type { BudgetBook } from '../budgets/load.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { LeftChangedDevices } from '../runner/left-changed.ts';
import type { Testcase } from '../runner/plan.ts';
import { runTestcase } from '../runner/runner.ts';
import type { Job } from './job.ts';
import type { Lease, LeaseStore } from './lease.ts';
import type { JobBody } from './worker.ts';

export const testcaseKey = (scenario: string, binding: string): string => `${scenario}\u0000${binding}`;

export interface RunnerBodyDeps {
  /** The testcases this worker's lab can run, by testcaseKey(). */
  plan: ReadonlyMap<string, Testcase>;
  store: LeaseStore;
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  ffdcDir: string;
  /** Aborted when the lab itself is lost (its process died). */
  labLost?: AbortSignal;
}

export function runnerBody(d: RunnerBodyDeps): JobBody {
  return {
    canRun: (job: Job) => d.plan.has(testcaseKey(job.scenario, job.binding)),
    async run(job: Job, lease: Lease, lost: AbortSignal): Promise<HistoryRecord[]> {
      const planned = d.plan.get(testcaseKey(job.scenario, job.binding));
      if (!planned) throw new Error(`no testcase ${job.scenario} on ${job.binding} in this worker's plan`);
      const first = d.history.records.length;
      await runTestcase({ ...planned, iteration: job.iteration }, {
        history: d.history, budgets: d.budgets, clock: d.clock, log: d.log, signal: d.signal, workers: 1,
        leftChanged: new LeftChangedDevices(), ffdcDir: d.ffdcDir, lost: d.labLost ? AbortSignal.any([d.labLost, lost]) : lost,
        fence: (_device, what) => d.store.assertCurrent(lease, what),
      });
      return d.history.records.slice(first);
    },
  };
}
