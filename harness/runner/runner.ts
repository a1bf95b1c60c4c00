/**
 * Runs testcases one after the other and decides each one's outcome from what it did and what
 * the history says. Order per testcase: scenario-begin → (needs met?) → clock offset → events
 * subscription → run() within the overall deadline → stop probes/events → undo the faults
 * (reverse order) → invariants over the history → required checks → scenario-end.
 */
import { abortReason, type Clock } from '../../lib/clock.ts';
import { DeadlineError, errorMessage } from '../../lib/errors.ts';
import {
  type CheckRecord,
  type ClockOffsetRecord,
  type HistoryRecord,
  type Outcome,
  type ScenarioBegin,
  type ScenarioEnd,
  type ScenarioRef,
  worstOutcome,
} from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { withDeadline } from '../../lib/deadline.ts';
import type { BudgetBook } from '../budgets/load.ts';
import { estimateClockOffset } from '../clock-offset.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { RunnerContext } from './context.ts';
import { RunAborted } from './control.ts';
import { classifyError } from './outcome.ts';
import { missingNeeds, type Testcase } from './plan.ts';

export interface RunnerOptions {
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  log: Logger;
  /** Aborted on SIGINT: the testcase in progress ends as aborted, no further testcase starts. */
  signal: AbortSignal;
  /** Wall ms each fault undo may take (default 30 s). */
  undoDeadlineMs?: number;
  /** Wall ms for infrastructure steps before run() (events subscription, clock offset; default 15 s). */
  setupDeadlineMs?: number;
  /** Round trips for the clock offset estimate (default 5; 0 = skip). */
  clockOffsetSamples?: number;
}

export interface RunResult {
  outcome: Outcome;
  ends: ScenarioEnd[];
  aborted: boolean;
}

export async function runTestcases(cases: readonly Testcase[], opts: RunnerOptions): Promise<RunResult> {
  const ends: ScenarioEnd[] = [];
  for (const tc of cases) {
    if (opts.signal.aborted) break;
    ends.push(await runTestcase(tc, opts));
  }
  const aborted = opts.signal.aborted;
  const outcome = aborted ? 'aborted' : worstOutcome(ends.map((e) => e.outcome));
  return { outcome, ends, aborted };
}

interface Verdicts {
  outcome: Outcome;
  reason?: string;
}

export async function runTestcase(tc: Testcase, opts: RunnerOptions): Promise<ScenarioEnd> {
  const { history, clock, def } = { ...opts, def: tc.def };
  const scenario: ScenarioRef = { id: def.id, iteration: tc.iteration, ...(tc.device ? { device: tc.device.name } : {}) };
  const startIndex = history.records.length;
  const started = clock.now();
  history.append<ScenarioBegin>({
    type: 'scenario-begin',
    scenario,
    title: def.title,
    requirements: def.requirements,
    device: tc.device?.name ?? '',
  });
  const end = (outcome: Outcome, reason: string | undefined, marginal = false): ScenarioEnd =>
    history.append<ScenarioEnd>({
      type: 'scenario-end',
      scenario,
      outcome,
      ...(reason !== undefined ? { reason } : {}),
      marginal,
      durationMs: Math.round((clock.now() - started) * 1000) / 1000,
    });

  const device = tc.device;
  if (!device) return end('skipped', tc.noDeviceReason ?? 'no device for this scenario');
  if (device.unavailable) return end('infra-error', `device "${device.name}" is unavailable: ${device.unavailable}`);
  const missing = missingNeeds(def, device);
  if (missing.length) {
    const has = Object.keys(device.caps).join(', ') || 'none';
    return end('skipped', `the lab cannot provide ${missing.join(', ')} on device "${device.name}" (it has: ${has})`);
  }

  const ctrl = new AbortController();
  const wallTimeout = def.timeoutMs / device.timeScale;
  const deadlineErr = new DeadlineError(`scenario "${def.id}"`, def.timeoutMs, {
    ...(device.timeScale !== 1 ? { detail: `SUT ms (${Math.round(wallTimeout)} ms wall at time scale ${device.timeScale})` } : {}),
  });
  const timer = clock.setTimer(wallTimeout, () => ctrl.abort(deadlineErr));
  const onRunAbort = (): void => ctrl.abort(new RunAborted());
  if (opts.signal.aborted) onRunAbort();
  else opts.signal.addEventListener('abort', onRunAbort, { once: true });

  const ctx = new RunnerContext({
    def,
    device,
    scenario,
    history,
    budgets: opts.budgets,
    clock,
    log: opts.log,
    signal: ctrl.signal,
    deadlineAt: clock.now() + wallTimeout,
  });
  const verdicts: Verdicts[] = [];
  const setupMs = opts.setupDeadlineMs ?? 15_000;
  try {
    await raceAbort(ctrl.signal, async () => {
      const bmc = device.caps.BmcClock;
      const samples = opts.clockOffsetSamples ?? 5;
      if (bmc && samples > 0) {
        const phase = 'measure clock offset';
        ctx.infraPhases.add(phase);
        const off = await withDeadline(phase, setupMs, (signal) => estimateClockOffset(bmc, clock, { samples, signal }), { clock, parent: ctrl.signal });
        history.append<ClockOffsetRecord>({ type: 'clock-offset', device: device.name, offsetMs: off.offsetMs, uncertaintyMs: off.uncertaintyMs, timeScale: device.timeScale });
      }
      await ctx.openEvents(setupMs);
      await def.run(ctx);
    });
  } catch (e) {
    const c = classifyError(e, { aborted: opts.signal.aborted, infraPhases: ctx.infraPhases });
    verdicts.push(c);
    if (c.outcome !== 'skipped') opts.log.warn(`${def.id} on ${device.name}: ${c.outcome}: ${c.reason}`, { component: 'runner', scenario: def.id, iteration: tc.iteration, device: device.name });
  } finally {
    timer.cancel();
    opts.signal.removeEventListener('abort', onRunAbort);
    if (!ctrl.signal.aborted) ctrl.abort(new Error('scenario finished'));
  }

  await ctx.close();
  const undoFailures = await ctx.ledger.undoAll(opts.undoDeadlineMs ?? 30_000);
  for (const f of undoFailures) verdicts.push({ outcome: 'infra-error', reason: `could not undo fault "${f.fault}": ${f.error}` });

  const records = history.records.slice(startIndex);
  const ran = !verdicts.some((v) => v.outcome === 'skipped' || v.outcome === 'aborted');
  if (ran) {
    for (const name of evaluateInvariants(tc, scenario, records, history, verdicts)) ctx.evaluated.add(name);
    requireDeclaredChecks(tc, scenario, ctx.evaluated, history, verdicts);
  }
  verdicts.push(...verdictsFromChecks(history.records.slice(startIndex)));

  const outcome = worstOutcome(verdicts.map((v) => v.outcome));
  const reason = verdicts.find((v) => v.outcome === outcome && v.reason)?.reason;
  const marginal = outcome === 'passed' && history.records.slice(startIndex).some((r) => r.type === 'measurement' && r.verdict === 'marginal');
  return end(outcome, outcome === 'passed' ? undefined : reason, marginal);
}

/** Run `fn`, but settle as soon as `signal` aborts (a scenario that ignores its signal cannot hold the run). */
async function raceAbort(signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortReason(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([fn(), aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Judges the scenario's invariants over its history; returns the names that were evaluated. */
function evaluateInvariants(tc: Testcase, scenario: ScenarioRef, records: readonly HistoryRecord[], history: HistoryWriter, verdicts: Verdicts[]): string[] {
  const evaluatedNames: string[] = [];
  for (const inv of tc.def.invariants ?? []) {
    const required = inv.required ?? true;
    let ok = false;
    let evaluated = true;
    let detail: string;
    try {
      const r = inv.evaluate(records);
      if (r === true) {
        ok = true;
        detail = 'holds over the history';
      } else if (typeof r === 'string') {
        detail = r;
      } else {
        evaluated = false;
        detail = `not applicable: ${r.notApplicable}`;
      }
    } catch (e) {
      evaluated = false;
      detail = `could not be evaluated: ${errorMessage(e)}`;
    }
    history.append<CheckRecord>({
      type: 'check',
      scenario,
      name: inv.name,
      kind: 'invariant',
      required,
      evaluated,
      ok,
      detail,
      requirements: inv.requirements ?? [],
    });
    if (evaluated) evaluatedNames.push(inv.name);
    else if (required) verdicts.push({ outcome: 'failed', reason: `required check ${inv.name} was not evaluated (${detail})` });
  }
  return evaluatedNames;
}

function requireDeclaredChecks(tc: Testcase, scenario: ScenarioRef, evaluated: ReadonlySet<string>, history: HistoryWriter, verdicts: Verdicts[]): void {
  for (const c of tc.def.checks ?? []) {
    if ((c.required ?? true) === false || evaluated.has(c.name)) continue;
    history.append<CheckRecord>({
      type: 'check',
      scenario,
      name: c.name,
      kind: c.kind,
      required: true,
      evaluated: false,
      ok: false,
      detail: 'required check was not evaluated',
      requirements: c.requirements ?? [],
    });
    verdicts.push({ outcome: 'failed', reason: `required check ${c.name} was not evaluated` });
  }
}

function verdictsFromChecks(records: readonly HistoryRecord[]): Verdicts[] {
  const out: Verdicts[] = [];
  for (const r of records) {
    if (r.type !== 'check' || !r.evaluated || r.ok) continue;
    const outcome: Outcome = r.kind === 'invariant' ? 'invariant-violation' : r.kind === 'budget' ? 'budget-violation' : 'failed';
    out.push({ outcome, reason: `${r.kind} ${r.name}: ${r.detail}` });
  }
  out.push({ outcome: 'passed' });
  return out;
}
