/** Where the pool keeps its state in Redis (one namespace per pool; every key starts with it). */
export interface PoolKeys {
  /** INCR counter: each lease's fencing token. */
  fence: string;
  /** Stream of lease operations (acquire, renew, release, expire), stamped by the server's clock. */
  leaseLog: string;
  /** Hash bench name → its registration (BenchInfo JSON). */
  benches: string;
  /** List of queued jobs (Job JSON), oldest first. */
  queue: string;
  /** Hash "RUNID:N" → the bindings jobs of a run --any-bench may run on (Alternative[] JSON). */
  alternatives: string;
  /** Hash job id → the lease running it (RunningEntry JSON). */
  running: string;
  /** Hash worker id → its heartbeat (WorkerBeat JSON). */
  workers: string;
  bench(name: string): string;
  /** Hash job id → its result, per run. */
  results(runId: string): string;
  /** Prefix of bench keys (Lua builds them for the reaper). */
  benchPrefix: string;
  resultsPrefix: string;
}

export function poolKeys(ns = 'ftlab'): PoolKeys {
  const benchPrefix = `${ns}:bench:`;
  const resultsPrefix = `${ns}:results:`;
  return {
    fence: `${ns}:fence`,
    leaseLog: `${ns}:lease-log`,
    benches: `${ns}:benches`,
    queue: `${ns}:queue`,
    alternatives: `${ns}:alternatives`,
    running: `${ns}:running`,
    workers: `${ns}:workers`,
    bench: (name) => `${benchPrefix}${name}`,
    results: (runId) => `${resultsPrefix}${runId}`,
    benchPrefix,
    resultsPrefix,
  };
}
