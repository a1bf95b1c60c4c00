/**
 * `ftlab worker`: takes queued testcases whose benches it can lease, one at a time, and runs each
 * with the normal runner under its lease: renewed while it runs (keeper.ts), checked before every
 * fault injection and undo (the fencing token), its faults undone before the lease is released.
 * The testcase's history records are its result, recorded only if the job still runs under this
 * lease. Its own history (history.jsonl) and the intervals it drove each bench (leases.jsonl)
 * are in its out dir. Pool trouble (Redis restarting) is retried, never a testcase's verdict.
 */
import { appendFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { type Clock, sleepOn } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { Logger } from '../../lib/log.ts';
import type { BudgetBook } from '../budgets/load.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { LeftChangedDevices } from '../runner/left-changed.ts';
import type { Testcase } from '../runner/plan.ts';
import { runTestcase } from '../runner/runner.ts';
import { decodeJob, type Job } from './job.ts';
import { LeaseKeeper } from './keeper.ts';
import type { Lease, LeaseStore } from './lease.ts';
import type { PoolKeys } from './keys.ts';

export interface WorkerDeps {
  id: string;
  redis: Redis;
  keys: PoolKeys;
  store: LeaseStore;
  /** The testcases this worker's lab can run, by testcaseKey(). */
  plan: ReadonlyMap<string, Testcase>;
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** Its lease intervals, one JSON per line. */
  leaseFile: string;
  ffdcDir: string;
  lost?: AbortSignal;
  /** Wall ms between looks at the queue when nothing could be taken (default 200). */
  pollMs?: number;
}

export const testcaseKey = (scenario: string, binding: string): string => `${scenario}\u0000${binding}`;

/** One line of leases.jsonl: when this worker drove these benches under this token (wall ms). */
export interface DrivenInterval {
  worker: string;
  job: string;
  benches: string[];
  token: number;
  from: number;
  to: number;
  recorded: boolean;
}

export async function workLoop(w: WorkerDeps): Promise<void> {
  const startedWall = Date.now();
  while (!w.signal.aborted) {
    try {
      await beat(w, startedWall);
      await w.store.reap();
      const taken = await takeOne(w);
      if (taken) await runJob(w, taken.job, taken.lease, startedWall);
      else await sleepOn(w.clock, w.pollMs ?? 200, w.signal);
    } catch (e) {
      if (w.signal.aborted) break;
      w.log.warn(`worker ${w.id}: the pool did not answer (${errorMessage(e)}); trying again`, { component: 'pool' });
      await sleepOn(w.clock, 1000, w.signal).catch(() => undefined);
    }
  }
  await w.redis.hdel(w.keys.workers, w.id).catch(() => undefined);
}

async function beat(w: WorkerDeps, startedWall: number, lease?: Lease): Promise<void> {
  const b = { host: hostname(), pid: process.pid, startedWall, beatWall: Date.now(), ...(lease ? { job: lease.jobId, token: lease.token } : {}) };
  await w.redis.hset(w.keys.workers, w.id, JSON.stringify(b));
}

/** The first queued job this worker's lab runs and whose benches it could lease (with the job taken off the queue). */
async function takeOne(w: WorkerDeps): Promise<{ job: Job; lease: Lease } | null> {
  const queued = await w.redis.lrange(w.keys.queue, 0, 199);
  for (const text of queued) {
    let job: Job;
    try {
      job = decodeJob(text);
    } catch (e) {
      w.log.warn(errorMessage(e), { component: 'pool' });
      continue;
    }
    if (!w.plan.has(testcaseKey(job.scenario, job.binding))) continue;
    const lease = await w.store.acquire(w.id, job.benches, { text, id: job.id });
    if (lease) return { job, lease };
  }
  return null;
}

async function runJob(w: WorkerDeps, job: Job, lease: Lease, startedWall: number): Promise<void> {
  const planned = w.plan.get(testcaseKey(job.scenario, job.binding));
  if (!planned) return;
  await beat(w, startedWall, lease);
  w.log.info(`worker ${w.id}: ${job.scenario} on ${job.binding} (job ${job.id}, token ${lease.token}${job.attempt ? `, attempt ${job.attempt + 1}` : ''})`, { component: 'pool' });
  const keeper = new LeaseKeeper(w.store, lease, w.log);
  // Heartbeats go on while the testcase runs (pool status shows the worker alive and its job).
  const beating = setInterval(() => void beat(w, startedWall, lease).catch(() => undefined), Math.max(1000, Math.floor(w.store.ttlMs / 3)));
  const from = Date.now();
  const first = w.history.records.length;
  const lost = w.lost ? AbortSignal.any([w.lost, keeper.lost]) : keeper.lost;
  try {
    await runTestcase({ ...planned, iteration: job.iteration }, {
      history: w.history, budgets: w.budgets, clock: w.clock, log: w.log, signal: w.signal, workers: 1,
      leftChanged: new LeftChangedDevices(), ffdcDir: w.ffdcDir, lost,
      fence: (_device, what) => w.store.assertCurrent(lease, what),
    });
  } finally {
    keeper.stop();
    clearInterval(beating);
  }
  const to = Date.now();
  const records = w.history.records.slice(first);
  const { recorded } = await finishWithin(w, lease, job, JSON.stringify({ worker: w.id, token: lease.token, records }));
  const line: DrivenInterval = { worker: w.id, job: job.id, benches: lease.benches, token: lease.token, from, to, recorded };
  appendFileSync(w.leaseFile, `${JSON.stringify(line)}\n`);
  if (!recorded) w.log.warn(`worker ${w.id}: the result of job ${job.id} was not recorded: its lease (token ${lease.token}) is no longer ours`, { component: 'pool' });
}

/** Record the result and release, retried while the lease could still be ours (the pool restarting). */
async function finishWithin(w: WorkerDeps, lease: Lease, job: Job, result: string): Promise<{ recorded: boolean }> {
  const until = Date.now() + w.store.ttlMs;
  for (;;) {
    try {
      return await w.store.finish(lease, job.runId, result);
    } catch (e) {
      if (Date.now() > until) {
        w.log.error(`worker ${w.id}: could not record job ${job.id} within the lease TTL: ${errorMessage(e)}`, { component: 'pool' });
        return { recorded: false };
      }
      await sleepOn(w.clock, 200);
    }
  }
}
