/**
 * Runs one testcase and decides its outcome from what it did and what the history says. Order:
 * scenario-begin → (binding made, devices available, needs met?) → clock offset and event
 * subscription per device (late fixtures) → the observation's first reading (if the scenario
 * observes) → run() within the overall deadline → on failure, the onFailure steps → fixture
 * teardown (probes) → undo the faults (reverse order) → settle, verified restore, observation
 * stopped → event streams closed → invariants over the history → required checks → scenario-end.
 */
import type { Clock } from '../../lib/clock.ts';
import { abortReason } from '../../lib/clock.ts';
import { DeadlineError, errorMessage } from '../../lib/errors.ts';
import type { ClockOffsetRecord, Outcome, ScenarioBegin, ScenarioEnd, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { withDeadline } from '../../lib/deadline.ts';
import type { BudgetBook } from '../budgets/load.ts';
import { estimateClockOffset } from '../clock-offset.ts';
import type { HistoryWriter } from '../history/writer.ts';
import { RunnerContext } from './context.ts';
import { RunAborted, runAbortReason } from './control.ts';
import { judgeHistory, ownRecords, testcaseRecords, type Verdict } from './judge.ts';
import { causeChain, type Classified, classifyError } from './outcome.ts';
import { type Binding, bindingDevices, missingNeeds, type Testcase } from './plan.ts';
import type { ObserveSpec } from '../scenario.ts';
import type { StateMonitor } from './monitor.ts';
import { LeftChangedDevices } from './left-changed.ts';
import { finishObservation, type ObservationDeps, startObservation } from './observe.ts';
import { raceAbort } from './race-abort.ts';
import { drainConsoles, firstFailureData } from './ffdc-step.ts';
import { setMaxListeners } from 'node:events';

export interface RunnerOptions {
  history: HistoryWriter;
  budgets: BudgetBook;
  clock: Clock;
  log: Logger;
  /** Aborted on SIGINT: the testcase in progress ends as aborted, no further testcase starts. */
  signal: AbortSignal;
  /**
   * Floor of the wall ms each fault undo may take (default 30 s). An undo may take as long as the
   * slowest thing the device is budgeted to do (e.g. a resync after a module is re-inserted): the
   * largest time budget that resolves for this testcase, in SUT ms converted with the time scale,
   * times UNDO_BUDGET_FACTOR, when that is more.
   */
  undoDeadlineMs?: number;
  /** Wall ms the check "does the device's BMC still answer?" may take after a SUT deadline passed (default 5 s). */
  managementProbeMs?: number;
  /**
   * Aborted (its reason an InfraError naming the process) when the lab's emulator process exits
   * during the run: the testcase in progress and every later one end as infra-error.
   */
  lost?: AbortSignal;
  /** Wall ms for infrastructure steps before run() (events subscription, clock offset; default 15 s). */
  setupDeadlineMs?: number;
  /** Wall ms for each fixture teardown and each onFailure step (default 15 s). */
  teardownDeadlineMs?: number;
  /** Round trips for the clock offset estimate (default 5; 0 = skip). */
  clockOffsetSamples?: number;
  /** Testcases run at once when their bindings share no device (default 1). */
  workers?: number;
  /** Devices earlier testcases left changed; one per run (runTestcases makes it). */
  leftChanged?: LeftChangedDevices;
  /** The run's first-failure data folder (DIR/ffdc); unset: no bundles. */
  ffdcDir?: string;
  /** Wall ms a bundle may take (default FFDC_DEADLINE_MS). */
  ffdcDeadlineMs?: number;
  /** The run's console logs folder (DIR/consoles, one <device>.log each); unset: consoles are captured into the history only. */
  consoleDir?: string;
  /** A bench pool's fencing check before each fault injection and undo (ledger.ts). */
  fence?: (device: string, what: string) => Promise<void>;
}

export { runTestcases, type RunResult } from './schedule.ts';

/** Room an undo gets beyond the largest time budget of the device. */
export const UNDO_BUDGET_FACTOR = 1.5;

/** Why a bound testcase cannot start, as its outcome; null when it can. */
function preflight(tc: Testcase, b: Binding, lost: AbortSignal | undefined): { outcome: Outcome; reason: string } | null {
  if (lost?.aborted) return { outcome: 'infra-error', reason: errorMessage(abortReason(lost)) };
  const devices = bindingDevices(b);
  const down = devices.find((d) => d.unavailable);
  if (down) return { outcome: 'infra-error', reason: `device "${down.name}" is unavailable: ${down.unavailable}` };
  const missing = missingNeeds(tc.def, b);
  if (missing.length) return { outcome: 'skipped', reason: `the lab cannot provide ${missing.join('; ')}` };
  const scales = new Set(devices.map((d) => d.timeScale));
  if (scales.size > 1) return { outcome: 'infra-error', reason: `the devices of binding ${b.label} advertise different time scales (${[...scales].join(', ')})` };
  return null;
}

export async function runTestcase(tc: Testcase, opts: RunnerOptions): Promise<ScenarioEnd> {
  const { history, clock, def } = { ...opts, def: tc.def };
  const b = tc.binding;
  const scenario: ScenarioRef = { id: def.id, iteration: tc.iteration, ...(b ? { binding: b.label } : {}) };
  const started = clock.now();
  const roles = Object.fromEntries(Object.entries(b?.roles ?? {}).map(([r, ds]) => [r, ds.map((d) => d.name)]));
  const begin = history.append<ScenarioBegin>({ type: 'scenario-begin', scenario, title: def.title, requirements: def.requirements, roles });
  const end = (outcome: Outcome, reason: string | undefined, marginal = false, ffdc?: string): ScenarioEnd =>
    history.append<ScenarioEnd>({
      type: 'scenario-end',
      scenario,
      outcome,
      ...(reason !== undefined ? { reason } : {}),
      marginal,
      ...(ffdc !== undefined ? { ffdc } : {}),
      durationMs: Math.round((clock.now() - started) * 1000) / 1000,
    });

  if (!b) return end('skipped', tc.noBindingReason ?? 'no binding for this scenario');
  const blocked = preflight(tc, b, opts.lost);
  if (blocked) return end(blocked.outcome, blocked.reason);

  const verdicts = await execute(tc, b, scenario, opts);
  const records = testcaseRecords(history.records, begin, scenario, bindingDevices(b).map((d) => d.name));
  const j = judgeHistory(tc.def, scenario, records, verdicts.ctx.evaluated, verdicts.list, history);
  const ffdc = verdicts.ffdc ?? (await firstFailureData(opts, { scenario, devices: bindingDevices(b), outcome: j.outcome, reason: j.reason, afterUndo: true }));
  return end(j.outcome, j.reason, j.marginal, ffdc);
}

/** Run the scenario with its fixtures, then onFailure, teardown and undo; the verdicts so far. */
async function execute(tc: Testcase, b: Binding, scenario: ScenarioRef, opts: RunnerOptions): Promise<{ ctx: RunnerContext; list: Verdict[]; ffdc: string | undefined }> {
  const { def } = tc;
  const clock = opts.clock;
  const timeScale = bindingDevices(b)[0]?.timeScale ?? 1;
  const ctrl = new AbortController();
  // Every device of the binding reads on this signal at once (a cluster's sampler: tens of them).
  setMaxListeners(Math.max(10, 8 * bindingDevices(b).length), ctrl.signal);
  const wallTimeout = def.timeoutMs / timeScale;
  const deadlineErr = new DeadlineError(`scenario "${def.id}"`, def.timeoutMs, {
    ...(timeScale !== 1 ? { detail: `SUT ms (${Math.round(wallTimeout)} ms wall at time scale ${timeScale})` } : {}),
  });
  const timer = clock.setTimer(wallTimeout, () => ctrl.abort(deadlineErr));
  const onRunAbort = (): void => ctrl.abort(new RunAborted(runAbortReason(opts.signal)));
  if (opts.signal.aborted) onRunAbort();
  else opts.signal.addEventListener('abort', onRunAbort, { once: true });
  const lost = opts.lost;
  const onLost = (): void => {
    if (lost) ctrl.abort(abortReason(lost));
  };
  lost?.addEventListener('abort', onLost, { once: true });

  const teardownMs = opts.teardownDeadlineMs ?? 15_000;
  const ctx = new RunnerContext({ ...opts, def, binding: b, scenario, signal: ctrl.signal, deadlineAt: clock.now() + wallTimeout, timeScale, teardownMs });
  const list: Verdict[] = [];
  const observing: ObservationDeps = { clock, log: ctx.log, timeScale, readWithinMs: opts.managementProbeMs ?? 5000, leftChanged: opts.leftChanged ?? new LeftChangedDevices(), label: `${def.id} on ${b.label}` };
  let monitor: StateMonitor | undefined;
  try {
    await raceAbort(ctrl.signal, async () => {
      await setUpDevices(ctx, opts, ctrl.signal);
      if (def.observe) {
        const started = await startObservation(def.observe, ctx.allRoles(), observing);
        // raceAbort may have given up on this function already: nobody else would stop it then.
        if (ctrl.signal.aborted) await started.stop();
        else monitor = started;
      }
      await def.run(ctx);
    });
  } catch (e) {
    let c = classifyError(e, { aborted: opts.signal.aborted, abortReason: runAbortReason(opts.signal), infraPhases: ctx.infraPhases });
    if (opts.lost?.aborted && c.outcome !== 'aborted') c = { outcome: 'infra-error', reason: errorMessage(abortReason(opts.lost)) };
    else if (c.outcome === 'failed' && [...causeChain(e)].some((x) => x instanceof DeadlineError)) c = (await managementOutage(ctx, b, scenario, opts)) ?? c;
    list.push(c);
    if (c.outcome !== 'skipped') opts.log.warn(`${def.id} on ${b.label}: ${c.outcome}: ${c.reason}`, { component: 'runner', scenario: def.id, iteration: tc.iteration, binding: b.label });
  } finally {
    timer.cancel();
    opts.signal.removeEventListener('abort', onRunAbort);
    lost?.removeEventListener('abort', onLost);
    if (!ctrl.signal.aborted) ctrl.abort(new Error('scenario finished'));
  }
  const after = await afterRun(ctx, scenario, opts, list, teardownMs, monitor && def.observe ? { monitor, spec: def.observe, deps: observing } : null);
  list.push(...after.list);
  return { ctx, list, ffdc: after.ffdc };
}

/**
 * After run(), given its verdicts so far: the onFailure steps (if it failed), fixture teardown,
 * the undos, the end of the observation (settle, verified restore), the late fixtures; the
 * verdicts these add.
 */
async function afterRun(
  ctx: RunnerContext,
  scenario: ScenarioRef,
  opts: RunnerOptions,
  sofar: readonly Verdict[],
  teardownMs: number,
  observation: { monitor: StateMonitor; spec: ObserveSpec; deps: ObservationDeps } | null,
): Promise<{ list: Verdict[]; ffdc: string | undefined }> {
  const list: Verdict[] = [];
  let ffdc: string | undefined;
  const failure = sofar.find((v) => v.outcome !== 'skipped' && v.outcome !== 'passed');
  if (failure || failedCheckSoFar(opts.history, scenario)) {
    for (const f of await ctx.fixtures.runFailureSteps(teardownMs)) opts.log.warn(`on-failure step ${f.name}: ${f.error}`, { component: 'runner' });
    const outcome = failure?.outcome ?? 'failed';
    if (opts.ffdcDir) await drainConsoles(ctx.allRoles().map((r) => r.console));
    ffdc = await firstFailureData(opts, { scenario, devices: ctx.devices, outcome, reason: failure?.reason ?? 'a check failed', afterUndo: false });
  }
  const teardown = await ctx.fixtures.teardownAll();
  if (teardown) list.push({ outcome: 'infra-error', reason: teardown.message });
  if (ctx.ledger.pending().length > 0 && !sampledThisTestcase(opts.history, scenario)) {
    // Faults to undo and nothing known of the system yet (e.g. interrupted right after the
    // injection): one sample of each device's state, so budgets such as a resync's can be sized.
    await Promise.all(ctx.allRoles().map((role) => role.readStates(opts.managementProbeMs ?? 5000)));
  }
  const undoMs = undoDeadlineMs(ctx, scenario, opts);
  for (const f of await ctx.ledger.undoAll(undoMs)) list.push({ outcome: 'infra-error', reason: `could not undo fault "${f.fault}" on ${f.device}: ${f.error}`, undoFailed: true });
  if (observation) list.push(...(await finishObservation(observation.monitor, observation.spec, ctx.allRoles(), { ...observation.deps, restoreWithinMs: undoMs })));
  const late = await ctx.fixtures.teardownLate();
  if (late) list.push({ outcome: 'infra-error', reason: late.message });
  return { list, ffdc };
}

/**
 * Wall ms each undo of this testcase may take: the floor (opts.undoDeadlineMs), or the largest
 * time budget that resolves with what is known of the system (the parameters the scenario used,
 * numbers in its devices' latest samples such as memoryGiB), in SUT ms converted with the time
 * scale and times UNDO_BUDGET_FACTOR, whichever is more.
 */
export function undoDeadlineMs(ctx: RunnerContext, scenario: ScenarioRef, opts: Pick<RunnerOptions, 'undoDeadlineMs' | 'budgets' | 'history'>): number {
  const floor = opts.undoDeadlineMs ?? 30_000;
  const params: Record<string, number> = {};
  for (const r of ownRecords(opts.history.records, scenario)) {
    if (r.type !== 'sample' || typeof r.state !== 'object' || r.state === null) continue;
    for (const [k, v] of Object.entries(r.state)) if (typeof v === 'number' && Number.isFinite(v)) params[k] = v;
  }
  Object.assign(params, ctx.budgetParams);
  let largestSutMs = 0;
  for (const id of opts.budgets.ids()) {
    let limitMs: number;
    try {
      const rec = opts.budgets.resolve(id, params);
      limitMs = rec.unit === 'ms' ? rec.limit : rec.unit === 's' ? rec.limit * 1000 : Number.NaN;
    } catch {
      continue; // a parameter this testcase does not know
    }
    if (Number.isFinite(limitMs) && limitMs > largestSutMs) largestSutMs = limitMs;
  }
  return Math.max(floor, (largestSutMs * UNDO_BUDGET_FACTOR) / ctx.timeScale);
}

/**
 * A SUT deadline passed: is it the management plane that stopped answering? Each device of the
 * binding is asked a cheap question on its own short deadline; the first that does not answer
 * makes the testcase an infra-error naming the device, its endpoint and when it last answered.
 */
async function managementOutage(ctx: RunnerContext, b: Binding, scenario: ScenarioRef, opts: RunnerOptions): Promise<Classified | null> {
  const probeMs = opts.managementProbeMs ?? 5000;
  const results = await Promise.all(ctx.allRoles().map(async (role) => ({ role, error: await role.managementProbe(probeMs) })));
  const down = results.find((r) => r.error !== null);
  if (!down) return null;
  const device = down.role.device;
  let lastT: number | null = null;
  for (const r of ownRecords(opts.history.records, scenario)) {
    if (!('device' in r) || r.device !== device) continue;
    if ((r.type === 'call' && r.ok) || r.type === 'sample' || r.type === 'event') lastT = r.t;
  }
  const when = lastT === null ? 'before this testcase asked it anything' : `t=${(lastT / 1000).toFixed(3)} s (its last answer)`;
  const reason = `device ${device} (endpoint ${down.role.managementEndpoint()}) stopped answering at ${when}; asked again after the deadline: ${down.error ?? ''}`;
  opts.log.error(`${ctx.scenario.id} on ${b.label}: ${reason}`, { component: 'runner', device });
  return { outcome: 'infra-error', reason };
}

function sampledThisTestcase(history: HistoryWriter, scenario: ScenarioRef): boolean {
  return ownRecords(history.records, scenario).some((r) => r.type === 'sample');
}

function failedCheckSoFar(history: HistoryWriter, scenario: ScenarioRef): boolean {
  return ownRecords(history.records, scenario).some((r) => r.type === 'check' && r.evaluated && !r.ok);
}

/** Per device of the binding: its console capture (if it has one), the clock offset (if it has a BmcClock) and its event stream. */
async function setUpDevices(ctx: RunnerContext, opts: RunnerOptions, signal: AbortSignal): Promise<void> {
  const setupMs = opts.setupDeadlineMs ?? 15_000;
  for (const role of ctx.allRoles()) await role.openConsole(setupMs, opts.consoleDir);
  const samples = opts.clockOffsetSamples ?? 5;
  for (const role of ctx.allRoles()) {
    const bmc = role.bmcClock();
    if (!bmc || samples <= 0) continue;
    const phase = ctx.allRoles().length === 1 ? 'measure clock offset' : `measure clock offset of ${role.device}`;
    ctx.infraPhases.add(phase);
    const off = await withDeadline(phase, setupMs, (s) => estimateClockOffset(bmc, opts.clock, { samples, signal: s }), { clock: opts.clock, parent: signal });
    opts.history.append<ClockOffsetRecord>({ type: 'clock-offset', device: role.device, offsetMs: off.offsetMs, uncertaintyMs: off.uncertaintyMs, timeScale: role.timeScale });
    role.setClockOffset(off);
  }
  for (const role of ctx.allRoles()) await role.openEvents(setupMs);
}
