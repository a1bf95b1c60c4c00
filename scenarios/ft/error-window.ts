/**
 * FT-11, errors spread over time: errors are counted per subsystem inside a sliding window. With
 * the window shortened through the BMC (PATCH of the module's ErrorCounters), the scenario checks
 * that errors which left the window are forgotten (the count the BMC reports drops to 0 and a new
 * burst at the threshold is re-integrated), that errors inside the window add up (one more keeps the
 * module out: LED, notification, the other module alone), and that the BMC's clear-history action
 * resets the counters to 0 and lets the transiently kept-out module resynchronise back to duplex.
 * The IO subsystem is used: its transient re-integration is a diagnosis only (no memory copy).
 */
import { systemStaysOn } from './lib/invariants.ts';
import { InfraError } from '../../lib/errors.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import { ftScenario } from './lib/define.ts';
import type { FtSystemSnapshot, ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, FT_PREFIX, describeEvent, eventModule, ftEvent, isMessage, namesSubsystem } from '../../lib/domains/ft/messages.ts';
import { injectError } from './lib/faults.ts';
import { ioMemberAfterLoss, ioSettled, moduleOfMember, onlyExpected } from './lib/expect.ts';
import { counterOf, isSimplexOn, moduleOf, otherModule } from './lib/state.ts';
import { budgetParamsOf, clearHistory, observeResync, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { budgetLimit, holdSut, sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

/**
 * The shortened counting window (SUT s): a burst's diagnosis (5 s in the default profile) plus the
 * next injection must fit well inside it even when the harness is slow (at time scale 10, 2 s of
 * harness lag is 20 s SUT); a harness too slow for it is an infrastructure error, not a verdict.
 */
const WINDOW_S = 30;

/** A module whose IO carries neither the active NIC nor the active storage path, else module 1. */
function quietModule(s: FtSystemSnapshot): ModuleIndex {
  const busy = [moduleOfMember(s.nicActive), moduleOfMember(s.storagePathActive)];
  return busy.includes(1) && !busy.includes(0) ? 0 : 1;
}

function ioCount(s: FtSystemSnapshot, m: number): number | undefined {
  return counterOf(moduleOf(s, m), 'Io')?.count;
}

/** Check that module m's Io count is exactly `want`; a wrong count stops the scenario (later steps depend on it). */
async function expectIoCount(ctx: Ctx, m: number, want: number, why: string): Promise<FtSystemSnapshot> {
  const s = await ctx.sample('FtState');
  const got = ioCount(s, m);
  const problem = got === want ? undefined : `module ${m} Io error count is ${got ?? 'not reported'}, expected ${want} (${why})`;
  ctx.check(`Io error count of module ${m} = ${want}: ${why}`, { kind: 'assertion', requirements: ['FT-11'] }, () => problem ?? true);
  if (problem) return ctx.fail(problem);
  return s;
}

/**
 * Inject `n` transient Io errors; the module must be re-integrated (diagnosed, IO back in service),
 * not kept out. Returns ctx.clock time once the BMC had accepted them (they are recorded by then).
 */
async function burstReintegrated(ctx: Ctx, m: ModuleIndex, n: number, threshold: number): Promise<number> {
  const fault = await injectError(ctx, { module: m, subsystem: 'Io', kind: 'Transient', count: n });
  const recordedBy = ctx.clock.now();
  const verdict = await ctx.waitForEvent(`diagnosis of ${n} Io error(s): re-integration or keep-out`, sutDeadline(ctx, 60_000), (e) => ftEvent(FT.TransientFaultReintegrating, m)(e) || ftEvent(FT.ModuleKeptOut, m)(e), { since: fault.since });
  if (!isMessage(verdict, FT_PREFIX, FT.TransientFaultReintegrating)) {
    return ctx.fail(`module ${m} was kept out after ${n} Io error(s) in the window (threshold ${threshold}): ${describeEvent(verdict)}`);
  }
  const reintegration = sutDeadline(ctx, budgetLimit(ctx, 'ft.reintegration.total', 120_000, budgetParamsOf(ctx)));
  await ctx.waitForEvent(`re-integration: IO subsystem of module ${m} back in service`, reintegration, (e) => isMessage(e, FT_PREFIX, 'IoSubsystemReintegrated') && eventModule(e) === m, { since: fault.since });
  return recordedBy;
}

/** Shorten module m's Io window through the BMC (undo: the original window) and check the BMC reports it. */
async function shortenWindow(ctx: Ctx, m: ModuleIndex, original: number): Promise<void> {
  await ctx.fault(
    'shorten the Io error window',
    { module: m, subsystem: 'Io', windowSeconds: WINDOW_S },
    () => ctx.caps.FtLabFaultInjection.setErrorLimits(m, 'Io', { windowSeconds: WINDOW_S }, ctx.signal),
    async () => ctx.caps.FtLabFaultInjection.setErrorLimits(m, 'Io', { windowSeconds: original }),
  );
  const s = await ctx.sample('FtState');
  const w = counterOf(moduleOf(s, m), 'Io')?.windowSeconds;
  ctx.check(`the BMC reports the Io window of module ${m} as ${WINDOW_S} s`, { kind: 'assertion', requirements: ['FT-11'] }, () => (w === WINDOW_S ? true : `WindowSeconds is ${w}`));
}

/** The next step must still be inside the window opened at `burstAt`; a harness too slow for that is an infra error. */
function requireInsideWindow(ctx: Ctx, burstAt: number, next: string): void {
  const elapsed = ctx.toSutMs(ctx.clock.now() - burstAt);
  if (elapsed > WINDOW_S * 1000 * 0.8) throw new InfraError(`the harness took ${Math.round(elapsed)} ms (SUT) from the burst to ${next}: too close to the ${WINDOW_S} s window to judge`);
}

async function keepOutByOneMore(ctx: Ctx, m: ModuleIndex, threshold: number, before: FtSystemSnapshot, burstAt: number): Promise<void> {
  requireInsideWindow(ctx, burstAt, 'the next error');
  const fault = await injectError(ctx, { module: m, subsystem: 'Io', kind: 'Transient', count: 1 });
  const keepOut = budgetLimit(ctx, 'ft.keepout.reaction', 1_000);
  const verdict = await ctx.waitForEvent(`keep-out: ModuleKeptOut(${m})`, sutDeadline(ctx, keepOut * 20), (e) => ftEvent(FT.ModuleKeptOut, m)(e) || ftEvent(FT.TransientFaultReintegrating, m)(e), { since: fault.since });
  if (!isMessage(verdict, FT_PREFIX, FT.ModuleKeptOut)) return ctx.fail(`${threshold + 1} Io errors inside the window did not keep module ${m} out: ${describeEvent(verdict)}`);
  const out = await ctx.waitForState('FtState', `keep-out: module ${m} out, module ${otherModule(m)} alone`, sutDeadline(ctx, 30_000), (s) => isSimplexOn(s, otherModule(m)) && moduleOf(s, m)?.keptOut === true && ioSettled(before, s));
  ctx.check(`exactly: ${threshold + 1} errors inside the window keep module ${m} out (Io), LED on, module ${otherModule(m)} alone`, { kind: 'assertion', requirements: ['FT-11'] }, () => {
    if (!namesSubsystem(verdict, 'Io')) return `the keep-out does not name Io: ${describeEvent(verdict)}`;
    return onlyExpected(before, out, {
      active: `[${otherModule(m)}]`,
      [`M${otherModule(m)}.opState`]: 'Simplex',
      [`M${m}.opState`]: 'KeptOut',
      [`M${m}.keptOut`]: 'true',
      [`M${m}.led`]: 'on',
      [`M${m}.faultyComponent`]: { test: () => true, says: 'any' },
      [`M${m}.count.Io`]: String(threshold + 1),
      [`M${m}.sub.Cpu`]: { test: (v) => v !== 'Online', says: 'out of service' },
      [`M${m}.sub.Io`]: { test: (v) => v !== 'Online', says: 'out of service' },
      nic: ioMemberAfterLoss(before.nicActive, m),
      storagePath: ioMemberAfterLoss(before.storagePathActive, m),
    }, [`M${m}.sub.Cpu`, `M${m}.sub.Io`]);
  });
}

async function errorWindow(ctx: Ctx): Promise<void> {
  const start = await requireDuplex(ctx);
  const m = quietModule(start);
  const counter = counterOf(moduleOf(start, m), 'Io');
  if (!counter) return ctx.skip(`the BMC reports no Io error counter for module ${m}`);
  const t = counter.threshold;
  if (t < 1) return ctx.skip(`module ${m} Io threshold is ${t}: every error keeps the module out`);

  await clearHistory(ctx, m, 'Io', `clear the Io error history of module ${m}`);
  const cleared = await expectIoCount(ctx, m, 0, 'the clear-history action resets the count');
  ctx.check('the clear-history action changed nothing else', { kind: 'assertion', requirements: ['FT-11'] }, () => onlyExpected(start, cleared, { [`M${m}.count.Io`]: '0' }));
  await shortenWindow(ctx, m, counter.windowSeconds);

  const firstRecordedBy = await burstReintegrated(ctx, m, t, t);
  await expectIoCount(ctx, m, t, `${t} errors at once, at the threshold: counted, re-integrated`);
  const left = WINDOW_S * 1000 + 2_000 - ctx.toSutMs(ctx.clock.now() - firstRecordedBy);
  await holdSut(ctx, Math.max(0, left));
  await expectIoCount(ctx, m, 0, `the ${t} errors left the ${WINDOW_S} s window: forgotten`);

  const burstAt = ctx.clock.now();
  await burstReintegrated(ctx, m, t, t);
  const before = await expectIoCount(ctx, m, t, `a new burst of ${t} counts alone (the old errors are forgotten)`);
  await keepOutByOneMore(ctx, m, t, before, burstAt);

  requireInsideWindow(ctx, burstAt, 'the clear-history request');
  const clearedAt = ctx.clock.now();
  await clearHistory(ctx, m, undefined, `clear the error history of kept-out module ${m}`);
  // Read at once: the errors are still inside the window, so only the clear can have reset them.
  await expectIoCount(ctx, m, 0, `clear-history resets the count of the kept-out module at once (its ${t + 1} errors are still inside the window)`);
  await observeResync(ctx, m, clearedAt);
  const end = await verifyDuplexAtEnd(ctx, ['FT-11']);
  ctx.check(`exactly: after clear-history module ${m} is back (counts 0, LED off, not kept out); NIC and path stay where they moved`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
    onlyExpected(start, end, {
      [`M${m}.count.Io`]: '0',
      [`M${m}.count.Cpu`]: '0',
      nic: ioMemberAfterLoss(start.nicActive, m),
      storagePath: ioMemberAfterLoss(start.storagePathActive, m),
    }),
  );
}

export const ftErrorWindow = ftScenario({
  id: 'ft-error-window',
  title: 'Errors spread over time: forgotten after the window, added up inside it, kept out above the threshold; clear-history brings the module back',
  requirements: ['FT-11'],
  tags: ['ft', 'error-threshold', 'window', 'clear-history'],
  needs: NEEDS,
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  run: errorWindow,
});
