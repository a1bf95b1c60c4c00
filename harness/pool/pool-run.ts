/**
 * `ftlab run --pool URL`: plans the selection on the benches the workers registered, enqueues one
 * job per testcase (with the run id; with --any-bench one per scenario × iteration, on any of its
 * bindings: plan-jobs.ts), waits for their results (re-queueing, through the reaper,
 * those whose worker died), and writes the run's history and reports from what the workers
 * recorded. Every wait has a deadline; on SIGINT its jobs still queued are withdrawn.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { sleepOn, systemClock } from '../../lib/clock.ts';
import { InfraError, errorMessage } from '../../lib/errors.ts';
import { type DeviceRecord, exitCodeFor, HISTORY_VERSION, type Outcome, type RunBegin, type RunEnd, type ScenarioEnd, type ScenarioRef, worstOutcome } from '../../lib/history/records.ts';
import { writeReports } from '../../reports/index.ts';
import { loadBudgets } from '../budgets/load.ts';
import { summaryTable } from '../console/summary-table.ts';
import { discoverScenarios } from '../discovery.ts';
import { REPO_ROOT } from '../lab/embedded.ts';
import { REQUIREMENTS } from '../requirements.ts';
import { runAbortReason } from '../runner/control.ts';
import { planTestcases, type Testcase } from '../runner/plan.ts';
import type { ScenarioDef } from '../scenario.ts';
import { selectForRun } from '../selection.ts';
import type { SessionOptions, SessionResult } from '../session.ts';
import { type BenchInfo, decodeResult } from './job.ts';
import { connectPool, type PoolCredentials, type PoolTarget } from './connect.ts';
import { planInputs, readBenches } from './benches.ts';
import { poolKeys, type PoolKeys } from './keys.ts';
import { type PlannedJob as Pending, planJobs } from './plan-jobs.ts';
import { collectResults, enqueueJobs, withdrawRun } from './run-queue.ts';
import { RunHistory } from './run-history.ts';

export interface PoolRunOptions extends Omit<SessionOptions, 'lab' | 'workers' | 'clock' | 'log'> {
  pool: PoolTarget;
  credentials: PoolCredentials;
  /** Wall ms to wait for a worker to register benches (default 60 s). */
  benchWaitMs?: number;
  /** Wall ms for the whole run once queued (default: twice the sum of the testcases' timeouts + 1 min each). */
  deadlineMs?: number;
  /** Each scenario × iteration once, on whichever of its bindings a worker leases first. */
  anyBench?: boolean;
}

export async function runPoolSession(opts: PoolRunOptions): Promise<SessionResult> {
  const budgets = loadBudgets(opts.budgetsDir ?? path.join(REPO_ROOT, 'budgets'), opts.budgetsDir !== undefined ? '--budgets' : undefined);
  const selected = selectForRun(await discoverScenarios(opts.scenariosDir ?? path.join(REPO_ROOT, 'scenarios')), opts.selection);
  const redis = await connectPool(opts.pool, opts.credentials);
  const outDir = path.resolve(opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const history = new RunHistory(path.join(outDir, 'history.jsonl'));
  const runId = randomUUID();
  history.append<RunBegin>({
    type: 'run-begin', version: HISTORY_VERSION, runId, ftlabVersion: 'pool', lab: { kind: 'file', file: opts.pool.display },
    suite: opts.selection.suite ?? (opts.selection.patterns.length ? '' : 'nightly'), argv: opts.argv, repeat: opts.repeat, budgets: budgets.records(),
    ...(budgets.availability ? { availability: budgets.availability } : {}),
    plan: selected.map((s) => ({ id: s.def.id, title: s.def.title, requirements: s.def.requirements, tags: s.def.tags, file: s.file })), requirements: { ...REQUIREMENTS },
  });
  let verdict: { outcome: Outcome; reason?: string };
  try {
    verdict = await planAndRun(redis, runId, selected.map((s) => s.def), history, opts);
  } catch (e) {
    verdict = { outcome: opts.signal.aborted ? 'aborted' : 'infra-error', reason: errorMessage(e) };
  } finally {
    redis.disconnect();
  }
  return finishRun(history, outDir, verdict, opts);
}

/** Plan on the registered benches, run the testcases through the pool; the run's outcome. */
async function planAndRun(redis: Redis, runId: string, defs: readonly ScenarioDef[], history: RunHistory, opts: PoolRunOptions): Promise<{ outcome: Outcome; reason?: string }> {
  const benches = await waitForBenches(redis, poolKeys(), opts.benchWaitMs ?? 60_000, opts.signal);
  appendDevices(history, benches);
  const { devices, clusters } = planInputs(benches);
  const ends = await runJobs(redis, poolKeys(), runId, planTestcases(defs, devices, opts.repeat, clusters), history, opts);
  if (opts.signal.aborted) return { outcome: 'aborted', reason: `${runAbortReason(opts.signal)}: its queued testcases were withdrawn` };
  if (!opts.allowSkipAll && ends.every((e) => e.outcome === 'skipped')) return { outcome: 'infra-error', reason: `every testcase was skipped (${ends.length}), so nothing was tested; pass --allow-skip-all to accept such a run` };
  return { outcome: worstOutcome(ends.map((e) => e.outcome)) };
}

/** The run-end, the reports and the console summary. */
async function finishRun(history: RunHistory, outDir: string, verdict: { outcome: Outcome; reason?: string }, opts: PoolRunOptions): Promise<SessionResult> {
  const { outcome, reason } = verdict;
  const exitCode = exitCodeFor(outcome);
  history.append<RunEnd>({ type: 'run-end', outcome, exitCode, ...(reason !== undefined ? { reason } : {}) });
  const written = await writeReports(history.records, outDir, { reporters: opts.reporters, historyFile: history.file });
  for (const f of written.failures) opts.stdout.write(`report: ${f.message}\n`);
  if (reason !== undefined) opts.stdout.write(`run: ${reason}\n`);
  opts.stdout.write(written.summary ? summaryTable(written.summary) : 'the run summary could not be computed; history.jsonl holds everything received\n');
  opts.stdout.write(`reports: ${outDir}\n`);
  return { exitCode, outcome, outDir };
}

async function waitForBenches(redis: Redis, keys: PoolKeys, withinMs: number, signal: AbortSignal): Promise<Map<string, BenchInfo>> {
  const until = Date.now() + withinMs;
  for (;;) {
    const benches = await readBenches(redis, keys);
    if (benches.size > 0) return benches;
    if (Date.now() > until) throw new InfraError(`no worker registered a bench in the pool within ${withinMs} ms: start "ftlab worker --pool URL"`);
    await sleepOn(systemClock, 250, signal);
  }
}

function appendDevices(history: RunHistory, benches: ReadonlyMap<string, BenchInfo>): void {
  for (const [name, b] of benches) {
    if (b.cluster) continue;
    history.append<DeviceRecord>({ type: 'device', device: name, kind: b.kind, endpoints: b.endpoints, protocols: b.protocols, timeScale: b.timeScale });
  }
}

/** Enqueue the bound testcases, collect their results; the testcases' ends in plan order. */
async function runJobs(redis: Redis, keys: PoolKeys, runId: string, cases: readonly Testcase[], history: RunHistory, opts: PoolRunOptions): Promise<ScenarioEnd[]> {
  const ends = new Map<number, ScenarioEnd>();
  const plan = planJobs(cases, runId, opts.anyBench === true);
  for (const { tc, i } of plan.unbound) ends.set(i, skippedEnd(history, tc));
  const pending = new Map(plan.jobs.map((p) => [p.job.id, p]));
  await enqueueJobs(redis, keys, [...pending.values()].map((p) => p.job), plan.alternatives);
  const deadlineMs = opts.deadlineMs ?? 2 * [...pending.values()].reduce((s, p) => s + p.tc.def.timeoutMs + 60_000, 0);
  const waiting = new Set(pending.keys());
  await collectResults(redis, keys, runId, waiting, {
    until: Date.now() + deadlineMs, signal: opts.signal,
    onResult: (id, text) => {
      const p = pending.get(id);
      if (p) ends.set(p.i, absorb(history, p, text));
    },
    onTrouble: (m) => opts.stdout.write(`pool: ${m}; trying again\n`),
  });
  await withdrawRun(redis, keys, runId).catch(() => undefined);
  const why = opts.signal.aborted ? `${runAbortReason(opts.signal)} before a worker finished it` : `no worker finished it within the run's deadline (${deadlineMs} ms)`;
  for (const id of waiting) {
    const p = pending.get(id);
    if (!p) continue;
    history.appendUnrun(refOf(p), p.tc.def.title, p.tc.def.requirements, opts.signal.aborted ? 'aborted' : 'infra-error', why);
    ends.set(p.i, history.records.at(-1) as ScenarioEnd);
  }
  return [...ends.entries()].sort(([a], [b]) => a - b).map(([, e]) => e);
}

/** A job no worker ran to its end: with alternatives, no binding is its own. */
const refOf = (p: Pending): ScenarioRef => ({ id: p.tc.def.id, iteration: p.tc.iteration, ...(p.job.alternatives ? {} : { binding: p.job.binding }) });

function skippedEnd(history: RunHistory, tc: Testcase): ScenarioEnd {
  history.appendUnrun({ id: tc.def.id, iteration: tc.iteration }, tc.def.title, tc.def.requirements, 'skipped', tc.noBindingReason ?? 'no binding for this scenario');
  return history.records.at(-1) as ScenarioEnd;
}

/** A recorded result into the history; its scenario-end. */
function absorb(history: RunHistory, p: Pending, text: string): ScenarioEnd {
  const ref = refOf(p);
  const r = decodeResult(text);
  if ('lost' in r) {
    history.appendUnrun(ref, p.tc.def.title, p.tc.def.requirements, 'infra-error', r.lost);
    return history.records.at(-1) as ScenarioEnd;
  }
  history.appendFromWorker(r.records);
  const end = [...r.records].reverse().find((x): x is ScenarioEnd => x.type === 'scenario-end' && x.scenario.id === ref.id);
  if (end) return end;
  history.appendUnrun(ref, p.tc.def.title, p.tc.def.requirements, 'infra-error', `worker ${r.worker} recorded no scenario-end for it`);
  return history.records.at(-1) as ScenarioEnd;
}
