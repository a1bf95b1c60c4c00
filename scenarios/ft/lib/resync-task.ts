/**
 * The resync as the BMC's Task shows it (FT-08, redfish-model.md §1.8), sampled continuously
 * through the resync (every TASK_PERIOD_MS wall, each reading with the harness times it started
 * and ended) and checked against the events of the same resync (resync-task-checks.ts).
 */
import type { SoloContext } from '../../../harness/scenario.ts';
import type { ResyncTaskRead } from '../../../drivers/capabilities/index.ts';
import { errorMessage } from '../../../lib/errors.ts';

type StateCtx = SoloContext<'FtState'>;

/** Wall ms between two readings of the task (a reading starts only after the last one ended). */
export const TASK_PERIOD_MS = 50;

/** One reading: harness (ctx.clock) times at which it started and ended, and what it found. */
export interface TaskReading {
  start: number;
  end: number;
  read: ResyncTaskRead;
}

export interface TaskSampler {
  /** One more reading (it starts after every event seen so far), then stop; the readings in order. */
  stop(): Promise<TaskReading[]>;
}

/** Sample module `m`'s resync task until stopped; a sampler that reads nothing when the driver cannot read Tasks. */
export function startTaskSampler(ctx: StateCtx, m: number): TaskSampler {
  const readTask = ctx.caps.FtState.resyncTask?.bind(ctx.caps.FtState);
  const readings: TaskReading[] = [];
  const stopping = new AbortController();
  let failures = 0;
  const once = async (): Promise<void> => {
    if (!readTask) return;
    const start = ctx.clock.now();
    try {
      const read = await readTask(m, ctx.signal);
      readings.push({ start, end: ctx.clock.now(), read });
    } catch (e) {
      // A reading that fails is left out (a management outage is judged elsewhere) and counted.
      if (failures++ === 0) ctx.log.warn(`resync task of module ${m}: a reading failed: ${errorMessage(e)}`);
    }
  };
  const loop = (async (): Promise<void> => {
    while (!stopping.signal.aborted && !ctx.signal.aborted) {
      await once();
      await ctx.clock.sleep(TASK_PERIOD_MS, stopping.signal).catch(() => undefined);
    }
  })();
  return {
    async stop() {
      stopping.abort();
      await loop;
      await once();
      if (failures > 0) ctx.log.info(`resync task of module ${m}: ${readings.length} readings, ${failures} failed`);
      return readings;
    },
  };
}
