/**
 * One `ftlab worker` process, end to end: validate (budgets, scenarios), connect to the pool, open
 * the lab and its devices, plan every testcase the lab can run, register its benches, then take
 * jobs until stopped (SIGINT/SIGTERM: the testcase in progress ends as aborted with its faults
 * undone); its history ends with run-end and the lab is stopped on every path.
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { HISTORY_VERSION, type RunBegin, type RunEnd } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { type BudgetBook, loadBudgets } from '../budgets/load.ts';
import { discoverScenarios } from '../discovery.ts';
import { historyLogTransport } from '../history/log-transport.ts';
import { HistoryWriter } from '../history/writer.ts';
import { REPO_ROOT } from '../lab/embedded.ts';
import { REQUIREMENTS } from '../requirements.ts';
import { planTestcases, selectionNeedsCluster, type Testcase } from '../runner/plan.ts';
import type { ScenarioDef } from '../scenario.ts';
import type { LabChoice } from '../session.ts';
import { benchesOf, registerBenches } from './benches.ts';
import type { BenchInfo } from './job.ts';
import { connectPool, type PoolCredentials, type PoolTarget } from './connect.ts';
import { poolKeys } from './keys.ts';
import { LeaseStore } from './lease.ts';
import { openWorkerLab, type WorkerLab } from './worker-lab.ts';
import { workLoop } from './worker.ts';
import { runnerBody, testcaseKey } from './worker-testcase.ts';

export interface WorkerOptions {
  pool: PoolTarget;
  credentials: PoolCredentials;
  id?: string;
  lab: LabChoice;
  ttlMs: number;
  /** Testcases run at once, on distinct benches (default 1). */
  slots?: number;
  outDir: string;
  scenariosDir?: string;
  budgetsDir?: string;
  log: Logger;
  signal: AbortSignal;
  argv: string[];
  clock?: Clock;
}

interface Serving {
  id: string;
  redis: Redis;
  lab: WorkerLab;
  defs: ScenarioDef[];
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  outDir: string;
}

/** Plan what the lab can run, register its benches, take jobs until stopped. */
async function serve(s: Serving, opts: WorkerOptions): Promise<void> {
  const keys = poolKeys();
  const plan = new Map<string, Testcase>();
  for (const tc of planTestcases(s.defs, s.lab.devices, 1, s.lab.inventory.clusters)) if (tc.binding) plan.set(testcaseKey(tc.def.id, tc.binding.label), tc);
  const benches = benchesOf(s.lab.devices, s.lab.inventory.clusters);
  await registerBenches(s.redis, keys, benches);
  opts.log.info(`worker ${s.id}: ${s.lab.devices.length} device(s), ${plan.size} testcase(s) it can run, ${opts.slots ?? 1} at once; pool ${opts.pool.display}, lease TTL ${opts.ttlMs} ms`, { component: 'pool' });
  const store = new LeaseStore(s.redis, keys, opts.ttlMs);
  const deps = { plan, store, history: s.history, budgets: s.budgets, clock: s.clock, log: opts.log, signal: opts.signal };
  const body = runnerBody({ ...deps, ffdcDir: path.join(s.outDir, 'ffdc'), ...(s.lab.lost ? { labLost: s.lab.lost } : {}) });
  const leaseFile = path.join(s.outDir, 'leases.jsonl');
  await workLoop({ id: s.id, redis: s.redis, keys, store, body, benches: leasable(benches), clock: s.clock, log: opts.log, signal: opts.signal, leaseFile, slots: opts.slots ?? 1 });
}

/** The bench names a job may lease: the devices (a cluster's job leases its members). */
function leasable(benches: ReadonlyMap<string, BenchInfo>): string[] {
  return [...benches].filter(([, b]) => !b.cluster).map(([n]) => n);
}

export async function runWorker(opts: WorkerOptions): Promise<number> {
  const clock = opts.clock ?? systemClock;
  const id = opts.id ?? `${os.hostname()}-${process.pid}`;
  const budgets = loadBudgets(opts.budgetsDir ?? path.join(REPO_ROOT, 'budgets'), opts.budgetsDir !== undefined ? '--budgets' : undefined);
  const defs = (await discoverScenarios(opts.scenariosDir ?? path.join(REPO_ROOT, 'scenarios'))).map((s) => s.def);
  // Each testcase, probe and event stream of the worker's life waits on its signal.
  setMaxListeners(100, opts.signal);
  const redis = await connectPool(opts.pool, opts.credentials);
  const outDir = path.resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const history = new HistoryWriter(path.join(outDir, 'history.jsonl'), clock);
  opts.log.add(historyLogTransport(history));
  history.append<RunBegin>({
    type: 'run-begin', version: HISTORY_VERSION, runId: randomUUID(), ftlabVersion: 'pool-worker', suite: `pool worker ${id}`, argv: opts.argv, repeat: 1,
    lab: opts.lab.kind === 'embedded' ? { kind: 'embedded', defects: opts.lab.defects, timeScale: opts.lab.timeScale } : { kind: 'file', file: path.resolve(opts.lab.file) },
    budgets: budgets.records(), plan: defs.map((d) => ({ id: d.id, title: d.title, requirements: d.requirements, tags: d.tags })), requirements: { ...REQUIREMENTS },
  });
  let lab: WorkerLab | null = null;
  let outcome: RunEnd['outcome'] = 'passed';
  try {
    lab = await openWorkerLab(opts.lab, selectionNeedsCluster(defs), { clock, log: opts.log, signal: opts.signal });
    await serve({ id, redis, lab, defs, history, budgets, clock, outDir }, opts);
    outcome = 'aborted';
  } catch (e) {
    outcome = 'infra-error';
    throw e;
  } finally {
    if (lab) await lab.close();
    redis.disconnect();
    history.append<RunEnd>({ type: 'run-end', outcome, exitCode: outcome === 'aborted' ? 0 : 3 });
    history.close();
  }
  return 0;
}
