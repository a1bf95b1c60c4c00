/**
 * The pool half of the bench: a redis-server of its own, the real pool engine (the lease Lua, the
 * run's queue and result collection, the worker loop with its lease keeper), N workers in this
 * process, each running up to `slots` jobs; only the testcase body is a stand-in: it checks its
 * fencing token as a fault injection does, then holds the bench for its scaled duration. The
 * testcases are queued as a plain pool run does (each on its fixed bench) or, with `anyBench`, as
 * `run --any-bench` does (each with every bench of its kind as alternatives).
 */
import { setMaxListeners } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { sleepOn, systemClock } from '../../lib/clock.ts';
import type { HistoryRecord, ScenarioBegin, ScenarioEnd } from '../../lib/history/records.ts';
import { createLogger } from '../../lib/log.ts';
import { connectPool, parsePoolUrl } from '../../harness/pool/connect.ts';
import { leaseLogDoubleBookings } from '../../harness/pool/intervals.ts';
import type { Alternative, Job } from '../../harness/pool/job.ts';
import { poolKeys, type PoolKeys } from '../../harness/pool/keys.ts';
import { type Lease, LeaseStore } from '../../harness/pool/lease.ts';
import { collectResults, enqueueJobs } from '../../harness/pool/run-queue.ts';
import { freePort, launch } from '../../harness/pool/testing/redis-server.ts';
import { readJsonl } from '../../harness/pool/testing/pool-lab.ts';
import { type DrivenInterval, type JobBody, workLoop } from '../../harness/pool/worker.ts';
import type { Driven } from './figures.ts';
import { anyBench, type SimBench, type Workload } from './workload.ts';

export interface PoolSimOptions {
  workers: number;
  slots: number;
  scale: number;
  ttlMs: number;
  pollMs: number;
  /** Queue each testcase with every bench of its kind as alternatives. */
  anyBench?: boolean;
  /** With anyBench: queue the longest testcase first (as a run ordering by past durations would). */
  longestFirst?: boolean;
}

export interface PoolSimResult {
  driven: Driven[];
  start: number;
  /** Wall ms of each successful take (the lease script's round trip), ascending. */
  takeMs: number[];
  /** Double bookings the server's lease log shows. */
  serverDoubleBookings: number;
  results: number;
}

/** A LeaseStore that times its successful takes. */
class TimedStore extends LeaseStore {
  readonly takes: number[] = [];
  override async take(holder: string, allowed: readonly string[] | null, scan?: number): ReturnType<LeaseStore['take']> {
    const t0 = performance.now();
    const got = await super.take(holder, allowed, scan);
    if (got) this.takes.push(performance.now() - t0);
    return got;
  }
}

function standInBody(store: LeaseStore, durations: ReadonlyMap<string, number>, stop: AbortSignal): JobBody {
  return {
    canRun: (job) => durations.has(job.id),
    async run(job: Job, lease: Lease, lost: AbortSignal): Promise<HistoryRecord[]> {
      const scenario = { id: job.scenario, iteration: job.iteration, binding: job.binding };
      const begin: ScenarioBegin = { t: 0, wall: Date.now(), type: 'scenario-begin', scenario, title: job.scenario, requirements: [], roles: { sut: job.benches } };
      await store.assertCurrent(lease, 'the stand-in fault');
      const outcome = await sleepOn(systemClock, durations.get(job.id) ?? 0, AbortSignal.any([lost, stop])).then(
        () => 'passed' as const,
        () => (lost.aborted ? ('infra-error' as const) : ('aborted' as const)),
      );
      const end: ScenarioEnd = { t: Date.now() - begin.wall, wall: Date.now(), type: 'scenario-end', scenario, outcome, marginal: false, durationMs: Date.now() - begin.wall };
      return [begin, end];
    },
  };
}

async function runWorkers(url: string, keys: PoolKeys, w: Workload, o: PoolSimOptions, dir: string, stop: AbortSignal) {
  const durations = new Map(w.testcases.map((tc) => [tc.id, Math.round(tc.seconds * 1000 * o.scale)]));
  const devices = w.benches.flatMap((b) => b.devices);
  const log = createLogger({ level: 'error' });
  const clients: Redis[] = [];
  const stores: TimedStore[] = [];
  const loops: Promise<void>[] = [];
  for (let i = 0; i < o.workers; i++) {
    const redis = await connectPool(parsePoolUrl(url));
    const store = new TimedStore(redis, keys, o.ttlMs);
    clients.push(redis);
    stores.push(store);
    const id = `w${String(i).padStart(2, '0')}`;
    const body = standInBody(store, durations, stop);
    loops.push(workLoop({ id, redis, keys, store, body, benches: devices, clock: systemClock, log, signal: stop, leaseFile: path.join(dir, `${id}.jsonl`), slots: o.slots, pollMs: o.pollMs }));
  }
  return { clients, stores, loops };
}

export async function simulatePool(w: Workload, o: PoolSimOptions): Promise<PoolSimResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-pool-scale-'));
  const port = await freePort();
  const server = await launch(port, dir, []);
  const url = `redis://127.0.0.1:${port}/0`;
  const keys = poolKeys('bench');
  const stop = new AbortController();
  // Each running job's stand-in waits on it.
  setMaxListeners(o.workers * o.slots + 10, stop.signal);
  try {
    const run = await connectPool(parsePoolUrl(url));
    const workers = await runWorkers(url, keys, w, o, dir, stop.signal);
    const { jobs, alternatives } = queued(w, o);
    const start = Date.now();
    await enqueueJobs(run, keys, jobs, alternatives);
    const pending = new Set(jobs.map((j) => j.id));
    const total = w.testcases.reduce((s, tc) => s + tc.seconds * 1000 * o.scale, 0);
    await collectResults(run, keys, 'bench', pending, { until: start + 60_000 + total, signal: stop.signal, onResult: () => undefined, onTrouble: (m) => process.stderr.write(`pool: ${m}\n`), pollMs: 50 });
    stop.abort('bench done');
    await Promise.all(workers.loops);
    const serverDoubleBookings = (await leaseLogDoubleBookings(run, keys)).length;
    for (const c of [run, ...workers.clients]) c.disconnect();
    const bench = new Map(w.benches.map((b) => [leased(b), b.name]));
    return { driven: collectDriven(dir, o.workers, bench), start, takeMs: workers.stores.flatMap((s) => s.takes).sort((a, b) => a - b), serverDoubleBookings, results: jobs.length - pending.size };
  } finally {
    stop.abort('bench done');
    if (server.exitCode === null) {
      const gone = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A bench as a job names it: its binding label (its name) and the devices a lease on it holds. */
const alternativeOf = (b: SimBench): Alternative => ({ binding: b.name, benches: [...b.devices].sort() });
const leased = (b: SimBench): string => alternativeOf(b).benches.join(',');

/** The jobs as the run queues them, and the alternatives hash entries they name (one per bench kind). */
function queued(w: Workload, o: PoolSimOptions): { jobs: Job[]; alternatives: Map<string, Alternative[]> } {
  const alternatives = new Map<string, Alternative[]>();
  if (!o.anyBench) return { jobs: w.testcases.map((tc) => ({ runId: 'bench', id: tc.id, scenario: tc.scenario, iteration: 0, binding: tc.bench, benches: [...tc.devices].sort(), attempt: 0 })), alternatives };
  const order = o.longestFirst ? [...anyBench(w)].sort((a, b) => b.seconds - a.seconds) : anyBench(w);
  const jobs = order.map((tc) => {
    const ref = `bench:${tc.alternatives[0]?.kind ?? ''}`;
    if (!alternatives.has(ref)) alternatives.set(ref, tc.alternatives.map(alternativeOf));
    const [first] = alternatives.get(ref) as [Alternative];
    return { runId: 'bench', id: tc.id, scenario: tc.scenario, iteration: 0, binding: first.binding, benches: first.benches, attempt: 0, alternatives: ref };
  });
  return { jobs, alternatives };
}

/** `bench`: the bench each leased device set is (the devices joined by commas, sorted). */
function collectDriven(dir: string, workers: number, bench: ReadonlyMap<string, string>): Driven[] {
  const out: Driven[] = [];
  for (let i = 0; i < workers; i++) {
    for (const l of readJsonl<DrivenInterval>(path.join(dir, `w${String(i).padStart(2, '0')}.jsonl`))) {
      if (l.recorded) out.push({ bench: bench.get(l.benches.join(',')) ?? l.benches.join(','), devices: l.benches, from: l.from, to: l.to, runner: l.worker });
    }
  }
  return out;
}
