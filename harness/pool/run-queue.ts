/**
 * The run's side of the queue: enqueue a run's jobs, then collect their results as workers record
 * them (reaping, meanwhile, the jobs whose worker died), until every job has one, the deadline
 * passes or the run is stopped; what is left is withdrawn from the queue.
 */
import type { Redis } from 'ioredis';
import { sleepOn, systemClock } from '../../lib/clock.ts';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import type { Alternative, Job } from './job.ts';
import type { PoolKeys } from './keys.ts';
import { LeaseStore } from './lease.ts';

export interface CollectOptions {
  /** Wall ms (Date.now()) after which the jobs still pending are given up. */
  until: number;
  signal: AbortSignal;
  /** Called once per job, with its result's text. */
  onResult(id: string, text: string): void;
  /** The pool did not answer for a moment (it is asked again). */
  onTrouble(message: string): void;
  /** Wall ms between looks at the results (default 250). */
  pollMs?: number;
}

/** Queue `jobs`, after the alternatives hash entries they name (`alternatives`, from plan-jobs.ts). */
export async function enqueueJobs(redis: Redis, keys: PoolKeys, jobs: readonly Job[], alternatives: ReadonlyMap<string, readonly Alternative[]> = new Map()): Promise<void> {
  if (alternatives.size > 0) await redis.hset(keys.alternatives, Object.fromEntries([...alternatives].map(([ref, alts]) => [ref, JSON.stringify(alts)])));
  if (jobs.length > 0) await redis.rpush(keys.queue, ...jobs.map((j) => JSON.stringify(j)));
}

/** Collect the results of `pending` (job ids; each removed as its result arrives). */
export async function collectResults(redis: Redis, keys: PoolKeys, runId: string, pending: Set<string>, opts: CollectOptions): Promise<void> {
  const reaper = new LeaseStore(redis, keys, 1000);
  while (pending.size > 0 && !opts.signal.aborted && Date.now() < opts.until) {
    try {
      await reaper.reap();
      const got = Object.entries(await redis.hgetall(keys.results(runId)));
      for (const [id, text] of got) if (pending.delete(id)) opts.onResult(id, text);
      // Taken in: the next look reads only what arrived since (not every result again).
      if (got.length > 0) await redis.hdel(keys.results(runId), ...got.map(([id]) => id));
    } catch (e) {
      if (e instanceof InfraError) throw e;
      opts.onTrouble(errorMessage(e));
    }
    await sleepOn(systemClock, opts.pollMs ?? 250, opts.signal).catch(() => undefined);
  }
}

/** Take the run's jobs still queued off the queue (as first queued or as re-queued), drop its results and alternatives. */
export async function withdrawRun(redis: Redis, keys: PoolKeys, runId: string): Promise<void> {
  const queued = await redis.lrange(keys.queue, 0, -1);
  const ours = queued.filter((text) => {
    try {
      return (JSON.parse(text) as { runId?: unknown }).runId === runId;
    } catch {
      return false;
    }
  });
  for (const text of ours) await redis.lrem(keys.queue, 1, text);
  await redis.del(keys.results(runId));
  const refs = (await redis.hkeys(keys.alternatives)).filter((ref) => ref.startsWith(`${runId}:`));
  if (refs.length > 0) await redis.hdel(keys.alternatives, ...refs);
}
