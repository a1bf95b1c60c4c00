/**
 * FT-11, the BMC's clear-history action on a transiently kept-out module while the system is Off
 * (the operator's Chassis.Reset On of the kept-out module is refused first):
 * the counts go to 0 and the keep-out ends (LED off, no faulty component), but nothing runs, so no
 * resynchronisation starts and every other fact stays as it was, for the stays window; at power-on
 * the released module boots into the system with the other one (resync at boot, FT-08) and the
 * system is duplex again with nothing else changed.
 */
import type { SoloContext } from '../../harness/scenario.ts';
import { ChangeRefusedError, type FtSystemSnapshot, type ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, ftEvent } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { counterOf, moduleOf } from './lib/state.ts';
import { injectError } from './lib/faults.ts';
import { ioMemberAfterLoss, onlyExpected } from './lib/expect.ts';
import { clearHistory, documented, holdStays, requestMayBeRefused, powerOnUndo, requireDuplex, STAYS_WINDOW_SUT_MS, verifyDuplexAtEnd } from './lib/steps.ts';
import { checkSessionCarried, checkSessionEndedWithTheOs, holdTcpSession } from './lib/tcp-session.ts';
import { sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection', 'PowerControl', 'WorkloadLocator'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;
const M: ModuleIndex = 1;

/** Keep module M out with a transient burst above its Io threshold; the kept-out state. */
async function keepOut(ctx: Ctx, start: FtSystemSnapshot): Promise<FtSystemSnapshot> {
  const threshold = counterOf(moduleOf(start, M), 'Io')?.threshold;
  if (threshold === undefined) return ctx.skip(`the BMC reports no Io error counter for module ${M}`);
  const injected = await injectError(ctx, { module: M, subsystem: 'Io', kind: 'Transient', count: threshold + 1 });
  await ctx.waitForEvent(`${threshold + 1} transient Io errors: ModuleKeptOut(${M})`, sutDeadline(ctx, 60_000), ftEvent(FT.ModuleKeptOut, M), { since: injected.since });
  return ctx.waitForState('FtState', `module ${M} kept out`, sutDeadline(ctx, 30_000), (s) => moduleOf(s, M)?.keptOut === true && s.activeModules.length === 1);
}

/** Chassis.Reset On of the kept-out module: refused (it stays out until cleared or replaced, FT-11), nothing changed. */
async function onRefused(ctx: Ctx, out: FtSystemSnapshot): Promise<void> {
  let answer: string;
  try {
    const r = await ctx.caps.FtLabFaultInjection.resetModule(M, 'On', ctx.signal);
    answer = `the BMC accepted it (${r.status})`;
  } catch (e) {
    if (!(e instanceof ChangeRefusedError)) throw e;
    answer = 'refused';
  }
  const after = await ctx.sample('FtState');
  ctx.check(`Chassis.Reset On of kept-out module ${M} is refused and changes nothing`, { kind: 'assertion', requirements: ['FT-11'] }, () => {
    const changes = onlyExpected(out, after, {});
    if (answer === 'refused') return changes;
    return changes === true ? answer : `${answer}: ${changes}`;
  });
}

/** The operator's shutdown asked again of a system that is Off (a script run twice): accepted or refused, it must change nothing. */
async function shutdownAgain(ctx: Ctx): Promise<void> {
  await requestMayBeRefused(ctx, 'GracefulShutdown again while Off', sutDeadline(ctx, 30_000), (signal) => ctx.caps.PowerControl.request('GracefulShutdown', signal));
}

async function clearWhileOff(ctx: Ctx): Promise<void> {
  const start = await requireDuplex(ctx);
  const session = await holdTcpSession(ctx, 'application TCP session');
  await onRefused(ctx, await keepOut(ctx, start));
  await checkSessionCarried(ctx, session, `module ${M} kept out`, ['FT-01', 'FT-03', 'FT-05']);
  // The operator's way down for maintenance: the OS shuts down, then the power goes.
  await ctx.fault('system GracefulShutdown', {}, () => documented(ctx, 'system GracefulShutdown', () => ctx.caps.PowerControl.request('GracefulShutdown', ctx.signal)), powerOnUndo(ctx));
  const going = await ctx.waitForState('FtState', 'the OS shuts down (PoweringOff)', sutDeadline(ctx, 30_000), (s) => s.powerState !== 'On');
  ctx.check('GracefulShutdown: the system is PoweringOff while its OS shuts down, not cut off at once', { kind: 'assertion', requirements: ['H-04'] }, () =>
    going.powerState === 'PoweringOff' ? true : `the first reading after the request that was not On says ${going.powerState}`,
  );
  const off = await ctx.waitForState('FtState', 'the system is Off after its OS shut down', sutDeadline(ctx, 120_000), (s) => s.powerState === 'Off');
  const offAt = ctx.clock.now();

  const clearedAt = ctx.clock.now();
  await clearHistory(ctx, M, undefined, `clear the error history of kept-out module ${M} while Off`);
  const cleared = await ctx.waitForState('FtState', `module ${M} released`, sutDeadline(ctx, 30_000), (s) => moduleOf(s, M)?.keptOut === false);
  const released = { [`M${M}.keptOut`]: 'false', [`M${M}.led`]: 'off', [`M${M}.faultyComponent`]: '-', [`M${M}.count.Io`]: '0', [`M${M}.count.Cpu`]: '0', [`M${M}.opState`]: 'Disabled', [`M${M}.sub.Cpu`]: 'Offline', [`M${M}.sub.Io`]: 'Offline' };
  ctx.check(`exactly: clear-history while Off releases module ${M} (counts 0, LED off, no faulty component) and changes nothing else`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
    onlyExpected(off, cleared, released, [`M${M}.sub.Cpu`, `M${M}.sub.Io`]),
  );
  await shutdownAgain(ctx);
  await holdStays(ctx);
  const later = await ctx.sample('FtState');
  ctx.check(`nothing runs while Off: no resync of module ${M} for ${STAYS_WINDOW_SUT_MS} ms SUT after the clear (a second GracefulShutdown among them), power still Off`, { kind: 'assertion', requirements: ['FT-11', 'FT-08'] }, () => {
    const resync = ctx.events({ since: clearedAt }).find(ftEvent(FT.ResyncStarted));
    return resync ? `ResyncStarted(${resync.messageArgs.join(',')}) at ${resync.eventTimestamp} while the system is Off` : onlyExpected(cleared, later, {});
  });

  const onAt = ctx.clock.now();
  await ctx.phase('power the system On', sutDeadline(ctx, 30_000), (signal) => documented(ctx, 'power the system On', () => ctx.caps.PowerControl.request('On', signal)));
  const end = await verifyDuplexAtEnd(ctx, ['FT-11', 'FT-08']);
  checkSessionEndedWithTheOs(ctx, session, offAt);
  ctx.check(`power-on: one resync, of released module ${M} only (the module that boots the system is not resynchronised)`, { kind: 'assertion', requirements: ['FT-08'] }, () => {
    const resyncs = ctx.events({ since: onAt }).filter(ftEvent(FT.ResyncStarted));
    const modules = resyncs.map((e) => e.messageArgs[0] ?? '?').join(',');
    return modules === String(M) ? true : `ResyncStarted of module(s) [${modules}] (expected [${M}])`;
  });
  ctx.check(`exactly: after power-on module ${M} is back in duplex (counts 0, LED off), nothing else changed`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
    onlyExpected(start, end, {
      [`M${M}.count.Io`]: '0',
      [`M${M}.count.Cpu`]: '0',
      nic: ioMemberAfterLoss(start.nicActive, M),
      storagePath: ioMemberAfterLoss(start.storagePathActive, M),
    }),
  );
}

export const ftClearHistoryOff = ftScenario({
  id: 'ft-clear-history-off',
  title: 'Clear-history of a kept-out module while the system is Off: released at once, nothing runs until power-on, then duplex',
  requirements: ['FT-11', 'FT-08'],
  tags: ['ft', 'error-threshold', 'clear-history', 'power'],
  needs: NEEDS,
  systemGoesDown: true,
  timeoutMs: 1_200_000,
  run: clearWhileOff,
});
