/**
 * Steps shared by the ft scenarios: the duplex precondition, pull / insert with their events, the
 * resync observation (brownout passes, blackout, duplex restored), and idempotent undos for the
 * fault ledger.
 *
 * Undos only restore what is still broken, so a scenario may repair the system itself (that is
 * what FT-02 / FT-13 test) and the ledger's undo then finds nothing to do. An undo throws only when
 * the lab cannot be driven (the repair action is refused or never takes effect): that is an
 * infrastructure error. Whether the lab is then back where the scenario found it (both modules
 * duplex, ...) the verified restore of ftScenario's observation checks, after a settle period: a
 * lab not back is an infra-error of this testcase naming what differs, not a failure of the next.
 */
import { defineFixture, type SoloContext } from '../../../harness/scenario.ts';
import { ChangeRefusedError, type BmcEvent, type FtSystemSnapshot, type ModuleIndex, type Subsystem } from '../../../drivers/capabilities/index.ts';
import { waitFor } from '../../../lib/deadline.ts';
import { InfraError, errorMessage } from '../../../lib/errors.ts';
import { FT, FT_PREFIX, describeEvent, eventModule, ftEvent, isMessage, messageKey, numericArg, registryPrefix } from '../../../lib/domains/ft/messages.ts';
import { describeState, isDuplex, moduleOf } from './state.ts';
import { bmcEventClockMs, bmcSpanMs, budgetLimit, holdSut, sutDeadline } from './time.ts';
import { type StoppedProbe, largestGapOverlapping, largestGapWithin, probeResolutionSut } from './probe.ts';
import { checkBlackoutAgainstProbe, checkResyncFigures, learnResyncFigures } from './resync-figures.ts';
import { startTaskSampler } from './resync-task.ts';
import { checkResyncTask } from './resync-task-checks.ts';

type StateCtx = SoloContext<'FtState'>;
type FaultCtx = SoloContext<'FtState' | 'FtLabFaultInjection'>;

/** Default deadlines (SUT ms) when a budget cannot be read; generous on purpose. */
const FALLBACK_RESYNC_MS = 600_000;

/** System parameters that size-dependent budgets need (FT-09), learnt from the first snapshot: a per-testcase fixture. */
const systemParams = defineFixture<Record<string, number>>({ name: 'ft system parameters', setup: () => ({}) });

/** Budget parameters of this scenario's system ({ memoryGiB } once known). */
export function budgetParamsOf(ctx: StateCtx): Record<string, number> {
  return { ...(ctx.peek(systemParams) ?? {}) };
}

/** Remember the system's memory size for size-dependent budgets. */
export async function learnSystem(ctx: StateCtx, s: FtSystemSnapshot): Promise<Record<string, number>> {
  const params = await ctx.use(systemParams);
  if (typeof s.memoryGiB === 'number' && s.memoryGiB > 0) params.memoryGiB = s.memoryGiB;
  await learnResyncFigures(ctx, s);
  return { ...params };
}

/** The insert-to-duplex budget for this system (SUT ms), for deadlines. */
export function resyncBudgetMs(ctx: StateCtx): number {
  return budgetLimit(ctx, 'ft.resync.total', FALLBACK_RESYNC_MS, budgetParamsOf(ctx));
}

/** Wait until the system is duplex; a scenario starts from there. */
export async function requireDuplex(ctx: StateCtx, phase = 'precondition: system duplex'): Promise<FtSystemSnapshot> {
  if (!ctx.peek(systemParams)) await learnSystem(ctx, await ctx.sample('FtState'));
  const s = await ctx.waitForState('FtState', phase, sutDeadline(ctx, resyncBudgetMs(ctx) * 2), isDuplex);
  await learnSystem(ctx, s);
  return s;
}

/** Final step of every scenario: the system is duplex again, and the check says so. */
export async function verifyDuplexAtEnd(ctx: StateCtx, requirements: string[]): Promise<FtSystemSnapshot> {
  const resync = resyncBudgetMs(ctx);
  const s = await ctx.waitForState('FtState', 'verify: system duplex at the end', sutDeadline(ctx, resync * 2), isDuplex);
  ctx.check('system is duplex at the end', { kind: 'assertion', requirements }, () => (isDuplex(s) ? true : describeState(s)));
  return s;
}

export interface Pulled {
  /** ctx.clock time just before the pull. */
  since: number;
  removed: BmcEvent;
}

/** Pull a module (through the ledger, undo = insert) and wait until the BMC reports it absent. */
export async function pullModule(ctx: FaultCtx, m: ModuleIndex): Promise<Pulled> {
  const since = ctx.clock.now();
  await ctx.fault('pull module', { module: m }, () => ctx.caps.FtLabFaultInjection.pullModule(m, ctx.signal), restoreModuleUndo(ctx, m));
  const removed = await ctx.waitForEvent(`pull: ModuleRemoved(${m}) event`, sutDeadline(ctx, 30_000), ftEvent(FT.ModuleRemoved, m), { since });
  await ctx.waitForState('FtState', `pull: module ${m} absent`, sutDeadline(ctx, 30_000), (s) => moduleOf(s, m)?.opState === 'Absent');
  return { since, removed };
}

/** Insert a module (the repair step of a scenario) and wait for the BMC to report it. */
export async function insertModule(ctx: FaultCtx, m: ModuleIndex): Promise<number> {
  const since = ctx.clock.now();
  await ctx.phase(`insert module ${m}`, sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.insertModule(m, signal));
  await ctx.waitForEvent(`insert: ModuleInserted(${m}) event`, sutDeadline(ctx, 30_000), ftEvent(FT.ModuleInserted, m), { since });
  return since;
}

/** Replacement: pull the module, then insert it again (FT-13), returning the insert time. */
export async function replaceModule(ctx: FaultCtx, m: ModuleIndex): Promise<number> {
  await pullModule(ctx, m);
  return insertModule(ctx, m);
}

export interface ResyncObservation {
  module: number;
  /** ctx.clock time at which the resync was triggered (insert / reintegration). */
  since: number;
  inserted?: BmcEvent;
  started: BmcEvent;
  /** FtLab BrownoutStarted (after diagnostics), when the BMC sends it. */
  brownoutStarted?: BmcEvent;
  passes: BmcEvent[];
  blackoutStarted: BmcEvent;
  blackoutCompleted: BmcEvent;
  duplexRestored: BmcEvent;
}

/**
 * The start of the brownout copy: the module's Status.State turning `Starting` after its
 * diagnostics (ResourceEvent ResourceStateChanged, redfish-model.md §1.3), or an FtLab
 * BrownoutStarted message if the BMC sends one.
 */
export function isBrownoutStart(e: BmcEvent, m: number): boolean {
  if (eventModule(e) !== m) return false;
  if (isMessage(e, FT_PREFIX, 'BrownoutStarted')) return true;
  return isMessage(e, 'ResourceEvent', 'ResourceStateChanged') && e.messageArgs[1] === 'Starting';
}

/** The next resync of module `m` from `since` up to its brownout copy; returns when the copy runs. */
export async function untilBrownout(ctx: StateCtx, m: number, since: number, what: string): Promise<void> {
  await ctx.waitForEvent(`${what}: ResyncStarted(${m})`, sutDeadline(ctx, 120_000), ftEvent(FT.ResyncStarted, m), { since });
  await ctx.waitForEvent(`${what}: the brownout copy of module ${m} runs`, sutDeadline(ctx, 120_000), (e) => isBrownoutStart(e, m), { since });
}

function isAbort(m: number): (e: BmcEvent) => boolean {
  return (e) =>
    (isMessage(e, FT_PREFIX, 'ResyncAborted') && eventModule(e) === m) ||
    ftEvent(FT.ModuleIsolated, m)(e) ||
    ftEvent(FT.ModuleKeptOut, m)(e) ||
    (registryPrefix(e) === 'TaskEvent' && (messageKey(e) === 'TaskAborted' || messageKey(e) === 'TaskCancelled'));
}

/** SUT ms within which the system's return to OK follows DuplexRestored (the same transition: one event batch). */
const SYSTEM_OK_WITHIN_SUT_MS = 5_000;

/** The ComputerSystem's Status changed to `health` (ResourceStatusChanged<health> whose origin is a System). */
export function systemStatusChanged(health: 'OK' | 'Warning' | 'Critical'): (e: BmcEvent) => boolean {
  return (e) => isMessage(e, 'ResourceEvent', `ResourceStatusChanged${health}`) && /\/Systems\/[^/]+\/?$/.test(e.originOfCondition ?? '');
}

/**
 * Follow a resync of module `m` triggered at ctx.clock time `since`: ResyncStarted, brownout
 * passes, BlackoutStarted, BlackoutCompleted, DuplexRestored, with the BMC's resync Task sampled
 * throughout and checked against them. A resync that aborts (module isolated again, task
 * aborted) or never reaches the blackout fails the scenario.
 */
export async function observeResync(ctx: StateCtx, m: number, since: number): Promise<ResyncObservation> {
  const sampler = startTaskSampler(ctx, m);
  let o: ResyncObservation;
  try {
    o = await followResync(ctx, m, since);
  } catch (e) {
    await sampler.stop();
    throw e;
  }
  checkResyncTask(ctx, o, await sampler.stop(), o.passes.length === 0 ? ['FT-09'] : ['FT-08']);
  return o;
}

async function followResync(ctx: StateCtx, m: number, since: number): Promise<ResyncObservation> {
  const resync = resyncBudgetMs(ctx);
  const started = await ctx.waitForEvent(`resync: ResyncStarted(${m})`, sutDeadline(ctx, resync), ftEvent(FT.ResyncStarted, m), { since });
  // Blackout start, an abort, or more brownout passes than the budget allows (a copy that does not
  // converge), whichever comes first; the deadline is the whole resync budget twice over (an
  // overrun is a budget verdict, not a timeout, as long as it ends).
  // Everything after this point is judged from ResyncStarted on: an isolation event that led to
  // this resync (transient re-integration) must not count as an abort of it.
  const after = { since: Math.max(since, started.receivedAt) };
  const maxPasses = budgetLimit(ctx, 'ft.brownout.passes', 20);
  const passIds = new Set<string>();
  const next = await ctx.waitForEvent(
    `resync: brownout converges and BlackoutStarted(${m})`,
    sutDeadline(ctx, resync * 2),
    (e) => {
      if (ftEvent(FT.BrownoutPassCompleted, m)(e)) {
        passIds.add(e.id);
        return passIds.size > maxPasses;
      }
      return ftEvent(FT.BlackoutStarted, m)(e) || isAbort(m)(e);
    },
    after,
  );
  if (isMessage(next, FT_PREFIX, FT.BrownoutPassCompleted)) {
    ctx.fail(`brownout of module ${m} does not converge: ${passIds.size} passes (budget ft.brownout.passes: ${maxPasses}), last ${describeEvent(next)}`);
  }
  if (!isMessage(next, FT_PREFIX, FT.BlackoutStarted)) ctx.fail(`resync of module ${m} aborted before the blackout: ${describeEvent(next)}`);
  const blackoutCompleted = await ctx.waitForEvent(
    `resync: BlackoutCompleted(${m})`,
    sutDeadline(ctx, resync * 2),
    (e) => ftEvent(FT.BlackoutCompleted, m)(e) || isAbort(m)(e),
    after,
  );
  if (!isMessage(blackoutCompleted, FT_PREFIX, FT.BlackoutCompleted)) {
    ctx.fail(`resync of module ${m} aborted during the blackout: ${describeEvent(blackoutCompleted)}`);
  }
  const duplexRestored = await ctx.waitForEvent('resync: DuplexRestored', sutDeadline(ctx, resync * 2), ftEvent(FT.DuplexRestored), after);
  // With the duplex the system is redundant again: its Status back to OK, announced (redfish-model.md §1.4).
  await ctx.waitForEvent('resync: the system back to OK (ResourceStatusChangedOK of the ComputerSystem)', sutDeadline(ctx, SYSTEM_OK_WITHIN_SUT_MS), systemStatusChanged('OK'), after);
  const all = ctx.events({ since });
  const passes = all.filter(ftEvent(FT.BrownoutPassCompleted, m));
  const inserted = all.find(ftEvent(FT.ModuleInserted, m));
  const brownoutStarted = all.find((e) => isBrownoutStart(e, m));
  const o: ResyncObservation = {
    module: m,
    since,
    ...(inserted ? { inserted } : {}),
    ...(brownoutStarted ? { brownoutStarted } : {}),
    started,
    passes,
    blackoutStarted: next,
    blackoutCompleted,
    duplexRestored,
  };
  checkResyncFigures(ctx, o, passes.length === 0 ? ['FT-09'] : ['FT-08']);
  return o;
}

/** Required check: the resync events came in the documented order (FT-08). */
export function checkResyncOrder(ctx: StateCtx, o: ResyncObservation, requirements: string[]): void {
  ctx.check('resync phases in order: started, brownout passes, blackout, duplex', { kind: 'assertion', requirements }, () => {
    const t = (e: BmcEvent): number => ctx.parseBmcTime(e.eventTimestamp);
    const seq: Array<[string, BmcEvent]> = [
      ['ResyncStarted', o.started],
      ...o.passes.map((p, i): [string, BmcEvent] => [`BrownoutPassCompleted#${i + 1}`, p]),
      ['BlackoutStarted', o.blackoutStarted],
      ['BlackoutCompleted', o.blackoutCompleted],
      ['DuplexRestored', o.duplexRestored],
    ];
    for (let i = 1; i < seq.length; i++) {
      const [prevName, prev] = seq[i - 1] as [string, BmcEvent];
      const [name, cur] = seq[i] as [string, BmcEvent];
      if (t(cur) < t(prev)) return `${name} (${cur.eventTimestamp}) precedes ${prevName} (${prev.eventTimestamp})`;
    }
    return true;
  });
}

export interface ResyncMeasureOptions {
  requirements: string[];
  /** Measurement name prefix, e.g. "" or "hypervisor-". */
  prefix?: string;
  /** Budget ids to use (FT-09 uses the memory-dependent ones). */
  blackoutBudget?: string;
  blackoutProbeBudget?: string;
  resyncBudget?: string;
  budgetParams?: Record<string, number>;
  /** Whether a brownout phase is expected (not in hypervisor mode). */
  brownout?: boolean;
}

/**
 * Record the resync measurements: brownout duration and blackout pause from the BMC's events,
 * and the blackout pause (and the largest service gap during brownout) from the workload probe.
 */
export function measureResync(ctx: StateCtx, o: ResyncObservation, probe: StoppedProbe | undefined, opts: ResyncMeasureOptions): void {
  const prefix = opts.prefix ?? '';
  const req = opts.requirements;
  const bp = opts.budgetParams ?? budgetParamsOf(ctx);
  const params = Object.keys(bp).length > 0 ? { budgetParams: bp } : {};
  const blackoutBudget = opts.blackoutBudget ?? 'ft.blackout.pause';
  const blackoutProbeBudget = opts.blackoutProbeBudget ?? 'ft.blackout.pause.probe';
  const eventRes = 0.001;

  if (opts.brownout !== false) {
    // Brownout runs from BrownoutStarted (after diagnostics) to BlackoutStarted; without a
    // BrownoutStarted event the diagnostics are included and the source says so.
    const from = o.brownoutStarted ?? o.started;
    ctx.measure(`${prefix}brownout-duration`, bmcSpanMs(ctx, from, o.blackoutStarted), {
      unit: 'ms', source: o.brownoutStarted ? 'events' : 'events (from ResyncStarted: includes diagnostics)',
      budget: 'ft.brownout.duration', resolution: eventRes, requirements: req, ...params,
    });
    ctx.measure(`${prefix}brownout-passes`, o.passes.length, { unit: 'passes', source: 'events', budget: 'ft.brownout.passes', requirements: req });
  }
  ctx.measure(`${prefix}blackout-pause`, bmcSpanMs(ctx, o.blackoutStarted, o.blackoutCompleted), {
    unit: 'ms', source: 'events', budget: blackoutBudget, resolution: eventRes, requirements: req, ...params,
  });
  const reported = numericArg(o.blackoutCompleted, 1);
  if (reported !== undefined) {
    ctx.measure(`${prefix}blackout-pause-reported`, reported, { unit: 'ms', source: 'bmc-reported (BlackoutCompleted pauseMs)', requirements: req });
  }
  ctx.measure(`${prefix}resync-total`, bmcSpanMs(ctx, o.inserted ?? o.started, o.duplexRestored), {
    unit: 'ms', source: 'events', budget: opts.resyncBudget ?? 'ft.resync.total', resolution: eventRes, requirements: req, ...params,
  });

  if (probe) {
    const resolution = probeResolutionSut(ctx, probe);
    // The blackout gap straddles the BlackoutStarted..BlackoutCompleted receipts, or, when the event
    // stream delivered them late, the times the BMC stamped on them; a slack of a few probe intervals
    // covers the rest of the delivery latency on either side.
    const slack = Math.max(20, 5 * probe.record.intervalMs);
    const window = {
      from: Math.min(o.blackoutStarted.receivedAt, bmcEventClockMs(ctx, o.blackoutStarted)) - slack,
      to: Math.max(o.blackoutCompleted.receivedAt, bmcEventClockMs(ctx, o.blackoutCompleted)) + slack,
    };
    const blackoutGap = largestGapOverlapping(probe, window.from, window.to);
    checkBlackoutAgainstProbe(ctx, o, probe, blackoutGap, window, req);
    ctx.measure(`${prefix}blackout-pause-probe`, blackoutGap ? ctx.toSutMs(blackoutGap.outageMs) : 0, {
      unit: 'ms', source: 'probe', budget: blackoutProbeBudget, resolution, requirements: req, ...params,
    });
    if (opts.brownout !== false) {
      // Informational (no verdict): brownout has no single cause instant to attribute a gap to, so
      // over its whole length scheduler noise of the lab processes (times the time scale) would be
      // judged as SUT outage. The value is recorded for the report and for trends.
      const brownoutGap = largestGapWithin(probe, o.started.receivedAt, o.blackoutStarted.receivedAt);
      ctx.measure(`${prefix}brownout-service-gap`, brownoutGap ? ctx.toSutMs(brownoutGap.outageMs) : 0, {
        unit: 'ms', source: 'probe (informational: largest reply gap during brownout)', resolution, requirements: req,
      });
    }
  }
}

/**
 * SUT ms a "stays X" observation lasts (a kept-out module stays out, a module stays duplex):
 * several times the longest reaction the budgets allow (keep-out, re-integration start), so a
 * state that lapses after a few seconds is seen lapsing. The continuous observation samples it
 * throughout; the invariants say over which window it held.
 */
export const STAYS_WINDOW_SUT_MS = 10_000;

/**
 * An operator action the BMC documents as allowed in the state the scenario has verified (a reset
 * of a redundant module, clearing an error history, a system power request): its refusal
 * (ChangeRefusedError, an infra error by default: the harness cannot tell a lab at fault from a
 * server) is here the server failing to do what it documents.
 */
export async function documented<T>(ctx: { fail(message: string): never }, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ChangeRefusedError) ctx.fail(`${what}: refused where the BMC documents it as allowed: ${e.message}`);
    throw e;
  }
}

/**
 * A request the BMC may accept as a no-op or refuse (an action asked of a state it already has):
 * either is right, the scenario then checks that nothing changed. A refusal is logged.
 */
export async function requestMayBeRefused(ctx: { phase: SoloContext<'FtState'>['phase']; log: SoloContext<'FtState'>['log'] }, phase: string, deadlineMs: number, fn: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  try {
    await ctx.phase(phase, deadlineMs, fn);
  } catch (e) {
    if (!(e instanceof ChangeRefusedError)) throw e;
    ctx.log.info(`${phase}: the BMC refuses it: ${errorMessage(e)}`);
  }
}

/** Module `m`'s resync aborted (FtLab ResyncAborted naming it). */
export function resyncAborted(m: number): (e: BmcEvent) => boolean {
  return (e) => isMessage(e, FT_PREFIX, FT.ResyncAborted) && eventModule(e) === m;
}

/** How module `m`'s copy running at `since` ends: its ResyncAborted, or DuplexRestored. */
export function copyEnd(ctx: StateCtx, m: number, phase: string, since: number, sutMs: number): Promise<BmcEvent> {
  return ctx.waitForEvent(phase, sutDeadline(ctx, sutMs), (e) => resyncAborted(m)(e) || ftEvent(FT.DuplexRestored)(e), { since });
}

/** Clear module `m`'s error history (one subsystem, or all) through the BMC, a documented operator action. */
export async function clearHistory(ctx: FaultCtx, m: ModuleIndex, subsystem: Subsystem | undefined, phase: string): Promise<void> {
  await ctx.phase(phase, sutDeadline(ctx, 30_000), (signal) => documented(ctx, phase, () => ctx.caps.FtLabFaultInjection.clearErrorHistory(m, subsystem, signal)));
}

/** Keep observing for STAYS_WINDOW_SUT_MS (a "stays X" check follows). */
export async function holdStays(ctx: StateCtx): Promise<void> {
  await holdSut(ctx, STAYS_WINDOW_SUT_MS);
}

/** Hold the probe a little past a transition so a stall that started there is fully seen. */
export async function holdForStall(ctx: StateCtx): Promise<void> {
  // Longer than the longest stall the isolation budget could hide (the isolation-gap limit) so an
  // outage is measured in full rather than cut off when the probe stops.
  const limit = budgetLimit(ctx, 'ft.isolation.gap', 1_000);
  await holdSut(ctx, limit * 2.5);
}

async function snapshotNow(ctx: StateCtx): Promise<FtSystemSnapshot> {
  return ctx.caps.FtState.snapshot();
}

/** Poll the snapshot outside any phase (undos run after the scenario body, possibly after an abort). */
async function pollState(ctx: StateCtx, what: string, wallMs: number, pred: (s: FtSystemSnapshot) => boolean): Promise<FtSystemSnapshot> {
  let last: FtSystemSnapshot | undefined;
  return waitFor(
    what,
    wallMs,
    async () => {
      last = await snapshotNow(ctx);
      return pred(last) ? last : undefined;
    },
    { clock: ctx.clock, intervalMs: 20, describeLast: () => (last ? describeState(last) : 'no snapshot yet') },
  );
}

/** Wall ms for undo steps: a lab action should take effect within this. */
const UNDO_ACTION_WALL_MS = 15_000;

async function waitDuplexQuietly(ctx: StateCtx): Promise<void> {
  const resync = resyncBudgetMs(ctx);
  const wallMs = Math.min(60_000, Math.max(5_000, (resync * 1.5) / ctx.timeScale));
  try {
    await pollState(ctx, 'undo: system duplex again', wallMs, isDuplex);
  } catch (e) {
    // Not an infrastructure failure: the repair action took effect; the SUT not converging is a
    // SUT defect that the next scenario's precondition reports.
    ctx.log.warn(`undo: system not duplex after repair: ${errorMessage(e)}`);
  }
}

/**
 * Undo for anything that took module `m` out of lockstep (pull, permanent fault, keep-out, surprise
 * removal): insert it if absent, replace it (pull + insert) if isolated or kept out, nothing if it
 * is active or already resyncing. Then wait (bounded, without failing) for duplex.
 */
export function restoreModuleUndo(ctx: FaultCtx, m: ModuleIndex): () => Promise<void> {
  return async () => {
    let s = await snapshotNow(ctx);
    if (s.powerState !== 'On') {
      ctx.log.warn(`undo of module ${m}: the system is ${s.powerState}; leaving power to its own undo`);
      return;
    }
    const mod = moduleOf(s, m);
    if (!mod) throw new InfraError(`undo: the BMC no longer reports module ${m} (${describeState(s)})`);
    const out = mod.opState === 'Isolated' || mod.opState === 'KeptOut' || mod.opState === 'Disabled' || mod.keptOut;
    if (out && !s.activeModules.includes(m)) {
      await ctx.caps.FtLabFaultInjection.pullModule(m);
      s = await pollState(ctx, `undo: module ${m} absent after pull`, UNDO_ACTION_WALL_MS, (x) => moduleOf(x, m)?.opState === 'Absent');
    }
    if (moduleOf(s, m)?.opState === 'Absent') {
      await ctx.caps.FtLabFaultInjection.insertModule(m);
      await pollState(ctx, `undo: module ${m} present after insert`, UNDO_ACTION_WALL_MS, (x) => moduleOf(x, m)?.opState !== 'Absent');
    }
    await waitDuplexQuietly(ctx);
  };
}

/** Undo for a crash / power loss: power the system on and wait until it reports On. */
export function powerOnUndo(ctx: SoloContext<'FtState' | 'PowerControl'>): () => Promise<void> {
  return async () => {
    const s = await snapshotNow(ctx);
    if (s.powerState !== 'On') {
      await ctx.caps.PowerControl.request('On');
      await pollState(ctx, 'undo: system powered on', UNDO_ACTION_WALL_MS, (x) => x.powerState === 'On');
    }
    await waitDuplexQuietly(ctx);
  };
}

/** Undo for a link taken down: bring it up again (idempotent). */
export function linkUpUndo(ctx: FaultCtx, iface: string): () => Promise<void> {
  return async () => {
    await ctx.caps.FtLabFaultInjection.setLink(iface, true);
  };
}
