/**
 * The worker loop of the bench pool: takes queued jobs whose benches it can lease (up to `slots` at
 * once) and runs each body under its lease: renewed while it runs (keeper.ts), its result recorded
 * only if the job still runs under this lease. When the worker is stopped (SIGINT/SIGTERM), it takes
 * no more work; a job its stop cut short (aborted, faults undone by the body) is handed back at once
 * (re-queued, or out of reruns failed with the reason), not left to the TTL. The intervals it drove
 * each bench are in leases.jsonl. Pool trouble (Redis restarting) is retried, never a verdict.
 */
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { type Clock, sleepOn } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import type { Job } from './job.ts';
import { LeaseKeeper } from './keeper.ts';
import type { Lease, LeaseStore } from './lease.ts';
import type { PoolKeys } from './keys.ts';

/** What a job runs: a testcase of the worker's lab (worker-testcase.ts) or a bench's stand-in. */
export interface JobBody {
  canRun(job: Job): boolean;
  /** Runs it under `lease` (`lost` aborts when the lease is lost); the history records it made. */
  run(job: Job, lease: Lease, lost: AbortSignal): Promise<HistoryRecord[]>;
}

export interface WorkerDeps {
  id: string;
  redis: Redis;
  keys: PoolKeys;
  store: LeaseStore;
  body: JobBody;
  /** The benches it may lease (its lab's). */
  benches: readonly string[];
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** Its lease intervals, one JSON per line. */
  leaseFile: string;
  /** Jobs run at once (default 1). */
  slots?: number;
  /** Wall ms between looks at the queue when nothing could be taken (default 200). */
  pollMs?: number;
  /** Times a job whose worker died or was stopped is run again (default 1). */
  reruns?: number;
}

/** One line of leases.jsonl: when this worker drove these benches under this token (wall ms). */
export interface DrivenInterval {
  worker: string;
  job: string;
  benches: string[];
  token: number;
  from: number;
  to: number;
  recorded: boolean;
  /** Set when the job was given back (the worker stopped mid-testcase): what became of it. */
  handedBack?: 'requeued' | 'lost' | 'gone';
}

interface LoopState {
  startedWall: number;
  running: Map<Promise<void>, Lease>;
  /** Wall ms of its last look for expired leases (one every half TTL is enough). */
  reaped: number;
}

export async function workLoop(w: WorkerDeps): Promise<void> {
  const s: LoopState = { startedWall: Date.now(), running: new Map(), reaped: 0 };
  await beat(w, s).catch(() => undefined);
  const beating = setInterval(() => void beat(w, s).catch(() => undefined), 1000);
  try {
    while (!w.signal.aborted) await lookForWork(w, s);
    // Stopped: the running jobs end (aborted, undone) and are handed back.
    await Promise.allSettled(s.running.keys());
  } finally {
    clearInterval(beating);
    await w.redis.hdel(w.keys.workers, w.id).catch(() => undefined);
  }
}

/** One round: take what fits in the free slots, then wait for a slot to free or the poll interval. */
async function lookForWork(w: WorkerDeps, s: LoopState): Promise<void> {
  const { running } = s;
  try {
    if (Date.now() - s.reaped > w.store.ttlMs / 2) {
      await w.store.reap(w.reruns);
      s.reaped = Date.now();
    }
    while (running.size < (w.slots ?? 1) && !w.signal.aborted) {
      const taken = await w.store.take(w.id, w.benches);
      if (!taken) break;
      const p = runJob(w, taken.job, taken.lease).catch((e: unknown) => {
        w.log.error(`worker ${w.id}: job ${taken.job.id}: ${errorMessage(e)}`, { component: 'pool' });
      });
      running.set(p, taken.lease);
      void p.finally(() => running.delete(p));
    }
    await Promise.race([sleepOn(w.clock, w.pollMs ?? 200, w.signal).catch(() => undefined), ...running.keys()]);
  } catch (e) {
    if (w.signal.aborted) return;
    w.log.warn(`worker ${w.id}: the pool did not answer (${errorMessage(e)}); trying again`, { component: 'pool' });
    await sleepOn(w.clock, 1000, w.signal).catch(() => undefined);
  }
}

async function beat(w: WorkerDeps, s: LoopState): Promise<void> {
  const [lease] = s.running.values();
  const b = { host: hostname(), pid: process.pid, startedWall: s.startedWall, beatWall: Date.now(), ...(lease ? { job: lease.jobId, token: lease.token } : {}) };
  await w.redis.hset(w.keys.workers, w.id, JSON.stringify(b));
}

/** Whether the records end the testcase with a verdict of its own (not cut short by the worker's stop). */
function judged(records: readonly HistoryRecord[]): boolean {
  const end = [...records].reverse().find((r) => r.type === 'scenario-end');
  return end !== undefined && end.type === 'scenario-end' && end.outcome !== 'aborted';
}

async function runJob(w: WorkerDeps, job: Job, lease: Lease): Promise<void> {
  // Taken as the stop came, or not in its plan: put back as it was (nothing was driven).
  if (w.signal.aborted || !w.body.canRun(job)) {
    await retried(w, `put back job ${job.id}`, () => w.store.handBack(lease, job.runId, '', { countAttempt: false }), 'gone');
    if (!w.signal.aborted) w.log.warn(`worker ${w.id}: job ${job.id} (${job.scenario} on ${job.binding}) is not in its plan: put back`, { component: 'pool' });
    return;
  }
  w.log.info(`worker ${w.id}: ${job.scenario} on ${job.binding} (job ${job.id}, token ${lease.token}${job.attempt ? `, attempt ${job.attempt + 1}` : ''})`, { component: 'pool' });
  const keeper = new LeaseKeeper(w.store, lease, w.log);
  const from = Date.now();
  let records: HistoryRecord[] = [];
  let failure: string | undefined;
  try {
    records = await w.body.run(job, lease, keeper.lost);
  } catch (e) {
    failure = errorMessage(e);
  } finally {
    keeper.stop();
  }
  const line: DrivenInterval = { worker: w.id, job: job.id, benches: lease.benches, token: lease.token, from, to: Date.now(), recorded: false };
  if (failure !== undefined || (w.signal.aborted && !judged(records))) {
    const why = failure !== undefined ? `worker ${w.id} could not run it: ${failure}` : `worker ${w.id} was stopped (${stopName(w.signal)}) mid-testcase and gave it back, its faults undone`;
    line.handedBack = await retried(w, `hand back job ${job.id}`, () => w.store.handBack(lease, job.runId, why, { reruns: w.reruns ?? 1 }), 'gone');
    w.log.warn(`${why}: job ${job.id} ${line.handedBack === 'requeued' ? 'queued again' : line.handedBack === 'lost' ? 'recorded as infra-error (it was a re-run)' : 'was no longer its own'}`, { component: 'pool' });
  } else {
    line.recorded = (await retried(w, `record job ${job.id}`, () => w.store.finish(lease, job.runId, JSON.stringify({ worker: w.id, token: lease.token, records })), { recorded: false, released: 0 })).recorded;
    if (!line.recorded) w.log.warn(`worker ${w.id}: the result of job ${job.id} was not recorded: its lease (token ${lease.token}) is no longer ours`, { component: 'pool' });
  }
  appendFileSync(w.leaseFile, `${JSON.stringify(line)}\n`);
}

function stopName(signal: AbortSignal): string {
  const r: unknown = signal.reason;
  return typeof r === 'string' ? r : 'SIGINT/SIGTERM';
}

/** A pool write retried while the lease could still be ours (the pool restarting); `fallback` after the TTL. */
async function retried<T>(w: WorkerDeps, what: string, op: () => Promise<T>, fallback: T): Promise<T> {
  const until = Date.now() + w.store.ttlMs;
  for (;;) {
    try {
      return await op();
    } catch (e) {
      if (Date.now() > until) {
        w.log.error(`worker ${w.id}: could not ${what} within the lease TTL: ${errorMessage(e)}`, { component: 'pool' });
        return fallback;
      }
      await sleepOn(w.clock, 200);
    }
  }
}
