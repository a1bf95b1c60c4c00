/**
 * Leases over benches on the pool's Redis (lua.ts): acquire all-or-nothing with a fencing token,
 * renew and release only while the lease is ours, check that it is still current (before every
 * fault injection), and reap the jobs of workers whose leases expired.
 */
import type { Redis } from 'ioredis';
import { InfraError } from '../../lib/errors.ts';
import { decodeJob, type Job } from './job.ts';
import type { PoolKeys } from './keys.ts';
import { ACQUIRE, CHECK, FINISH, HAND_BACK, REAP, RENEW, TAKE } from './lua.ts';

export interface Lease {
  token: number;
  holder: string;
  benches: string[];
  /** The job it runs, when it was taken from the queue. */
  jobId?: string;
}

export class LostLease extends InfraError {}

function value(l: Lease): string {
  return `${l.token}|${l.holder}`;
}

export class LeaseStore {
  constructor(
    readonly redis: Redis,
    readonly keys: PoolKeys,
    readonly ttlMs: number,
  ) {
    if (!Number.isInteger(ttlMs) || ttlMs < 100) throw new RangeError(`lease TTL must be an integer ≥ 100 ms (got ${ttlMs})`);
  }

  private benchKeys(benches: readonly string[]): string[] {
    return benches.map((b) => this.keys.bench(b));
  }

  /**
   * Lease every bench or none; with `job` (its exact queued text and id), also take it off the
   * queue in the same step. Null when a bench is held or the job was taken by someone else.
   */
  async acquire(holder: string, benches: readonly string[], job?: { text: string; id: string }): Promise<Lease | null> {
    const k = this.keys;
    const keys = [k.fence, k.leaseLog, k.queue, k.running, ...this.benchKeys(benches)];
    const token = Number(await this.redis.eval(ACQUIRE, keys.length, ...keys, holder, String(this.ttlMs), benches.join(','), job?.text ?? '', job?.id ?? ''));
    if (token <= 0) return null;
    return { token, holder, benches: [...benches], ...(job ? { jobId: job.id } : {}) };
  }

  /**
   * Lease the benches of the first queued job (scanning up to `scan` entries) that are all free and
   * all in `allowed` (null: any), taking the job off the queue in the same step; null when none is.
   * A job with alternatives gets its first such alternative: the returned job's `binding` and
   * `benches` are the ones leased.
   */
  async take(holder: string, allowed: readonly string[] | null, scan = 10_000): Promise<{ lease: Lease; job: Job } | null> {
    const k = this.keys;
    const out = (await this.redis.eval(TAKE, 5, k.fence, k.leaseLog, k.queue, k.running, k.alternatives, holder, String(this.ttlMs), k.benchPrefix, String(scan), allowed ? allowed.join(',') : '')) as [number, string];
    const [token, text] = out;
    if (!token) return null;
    const job = decodeJob(text);
    return { lease: { token, holder, benches: [...job.benches], jobId: job.id }, job };
  }

  /**
   * Give the lease's job back now (not after the TTL): re-queued (`countAttempt`: as a re-run, at
   * the head, while reruns are left; else as it was, at the tail) or, out of reruns, failed with
   * `reason`; the benches released. 'gone' when the job no longer ran under this lease.
   */
  async handBack(l: Lease, runId: string, reason: string, opts: { reruns?: number; countAttempt?: boolean } = {}): Promise<'requeued' | 'lost' | 'gone'> {
    const k = this.keys;
    const keys = [k.leaseLog, k.running, k.queue, k.results(runId), ...this.benchKeys(l.benches)];
    const args = [value(l), String(l.token), l.holder, l.benches.join(','), l.jobId ?? '', reason, String(opts.reruns ?? 1), opts.countAttempt === false ? '0' : '1'];
    return String(await this.redis.eval(HAND_BACK, keys.length, ...keys, ...args)) as 'requeued' | 'lost' | 'gone';
  }

  /** Extend the lease; false (and nothing changed) when it is no longer ours. */
  async renew(l: Lease): Promise<boolean> {
    const keys = [this.keys.leaseLog, ...this.benchKeys(l.benches)];
    return Number(await this.redis.eval(RENEW, keys.length, ...keys, value(l), String(this.ttlMs), String(l.token), l.holder, l.benches.join(','))) === 1;
  }

  async isCurrent(l: Lease): Promise<boolean> {
    const keys = this.benchKeys(l.benches);
    return Number(await this.redis.eval(CHECK, keys.length, ...keys, value(l))) === 1;
  }

  /** Throws LostLease, naming the bench and token, when the lease is no longer ours (the fencing check). */
  async assertCurrent(l: Lease, what: string): Promise<void> {
    let ok: boolean;
    try {
      ok = await this.isCurrent(l);
    } catch (e) {
      throw new LostLease(`cannot confirm the lease on ${l.benches.join(', ')} (token ${l.token}) before ${what}: the pool did not answer`, { cause: e });
    }
    if (!ok) throw new LostLease(`the lease on ${l.benches.join(', ')} (token ${l.token}) is no longer ours: not driving it (${what} refused)`);
  }

  /** Record `result` for the lease's job if it still runs under this lease; release what is still ours. */
  async finish(l: Lease, runId: string, result?: string): Promise<{ recorded: boolean; released: number }> {
    const k = this.keys;
    const keys = [k.leaseLog, k.running, k.results(runId), ...this.benchKeys(l.benches)];
    const out = (await this.redis.eval(FINISH, keys.length, ...keys, value(l), String(l.token), l.holder, l.benches.join(','), l.jobId ?? '', result ?? '')) as [number, number];
    return { recorded: out[0] === 1, released: out[1] };
  }

  async release(l: Lease): Promise<number> {
    return (await this.finish(l, '')).released;
  }

  /** Re-queue (up to `reruns` times) or fail the jobs whose lease expired without a result. */
  async reap(reruns = 1): Promise<number> {
    const k = this.keys;
    return Number(await this.redis.eval(REAP, 3, k.running, k.queue, k.leaseLog, k.benchPrefix, k.resultsPrefix, String(reruns)));
  }
}
