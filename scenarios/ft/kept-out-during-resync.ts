/**
 * Errors above the threshold while a module is being resynchronised (FT-11, FT-08): module 0's
 * CPU is re-integrated after a transient error, and during that copy its IO subsystem takes more
 * transient errors than its threshold allows. An IO error alone leaves a copy running (see
 * ft-error-during-resync), but a keep-out must stop it: ModuleKeptOut and ResyncAborted, the
 * module out with its LED on while module 1 runs alone, and it stays out (no copy goes on to
 * duplex). The operator's clear-history then re-integrates it: one new resync, duplex, counts 0.
 */
import type { ModuleIndex } from '../../drivers/capabilities/index.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { ioMemberAfterLoss, ioSettled, keptOutExpectations, keptOutOptional, onlyExpected } from './lib/expect.ts';
import { errorRoom, injectError } from './lib/faults.ts';
import { systemStaysOn } from './lib/invariants.ts';
import { isSimplexOn, moduleOf } from './lib/state.ts';
import { clearHistory, copyEnd, holdStays, observeResync, requireDuplex, resyncAborted, STAYS_WINDOW_SUT_MS, untilBrownout, verifyDuplexAtEnd } from './lib/steps.ts';
import { sutDeadline } from './lib/time.ts';

const M: ModuleIndex = 0;
const SURVIVOR: ModuleIndex = 1;
const NEEDS = ['FtState', 'FtLabFaultInjection', 'EventSource'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

/** The copy's end and the keep-out after `since`: both must come, the copy must not reach duplex. */
async function keptOutMidCopy(ctx: Ctx, since: number): Promise<void> {
  const end = await copyEnd(ctx, M, `the copy of module ${M} ends (ResyncAborted, or DuplexRestored)`, since, 120_000);
  const keptOut = await ctx.waitForEvent(`ModuleKeptOut(${M})`, sutDeadline(ctx, 60_000), ftEvent(FT.ModuleKeptOut, M), { since });
  ctx.check(`a keep-out of module ${M} during its brownout stops the copy (ResyncAborted, no DuplexRestored)`, { kind: 'assertion', requirements: ['FT-11', 'FT-08'] }, () =>
    resyncAborted(M)(end) ? true : `the copy went on to ${describeEvent(end)} (keep-out: ${describeEvent(keptOut)})`,
  );
}

export const ftKeptOutDuringResync = ftScenario({
  id: 'ft-kept-out-during-resync',
  title: 'IO errors above the threshold during a resync: the module is kept out and its copy stopped; clear-history brings it back',
  requirements: ['FT-11', 'FT-08', 'FT-12'],
  tags: ['ft', 'error-threshold', 'keep-out', 'resync', `module-${M}`],
  needs: [...NEEDS],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  async run(ctx) {
    await requireDuplex(ctx);
    const cpu = await errorRoom(ctx, M, 'Cpu', 1);
    const io = await errorRoom(ctx, M, 'Io', 0);
    if (!cpu || !io) return ctx.skip(`the BMC reports no Cpu or Io error counter for module ${M}`);
    const before = await requireDuplex(ctx);
    const first = await injectError(ctx, { module: M, subsystem: 'Cpu', kind: 'Transient' });
    await untilBrownout(ctx, M, first.since, `a transient CPU error re-integrates module ${M}`);
    const k = io.room + 1;
    ctx.log.info(`injecting ${k} transient Io error(s) into module ${M} during its copy: count ${io.count} + ${k} > threshold ${io.threshold}`);
    const burst = await injectError(ctx, { module: M, subsystem: 'Io', kind: 'Transient', count: k });
    await keptOutMidCopy(ctx, burst.since);
    const out = await ctx.waitForState('FtState', `module ${M} out, module ${SURVIVOR} alone, its IO switched over`, sutDeadline(ctx, 30_000), (s) =>
      isSimplexOn(s, SURVIVOR) && moduleOf(s, M)?.keptOut === true && ioSettled(before, s),
    );
    ctx.check(`exactly: module ${M} kept out with ${io.count + k} Io errors and 1 more Cpu error, LED on; module ${SURVIVOR} alone, nothing else changed`, { kind: 'assertion', requirements: ['FT-11', 'FT-12'] }, () =>
      onlyExpected(before, out, { ...keptOutExpectations(before, M, io.count + k, 'Io'), [`M${M}.count.Cpu`]: String(cpu.count + 1) }, keptOutOptional(M)),
    );
    await holdStays(ctx);
    const still = await ctx.sample('FtState');
    ctx.check(`module ${M} stays out for ${STAYS_WINDOW_SUT_MS} ms SUT: no copy resumes or starts`, { kind: 'assertion', requirements: ['FT-11'] }, () => {
      const back = ctx.events({ since: burst.since }).filter((e) => ftEvent(FT.ResyncStarted, M)(e) || ftEvent(FT.DuplexRestored)(e));
      return back.length > 0 ? back.map(describeEvent).join('; ') : onlyExpected(out, still, {});
    });

    const clearedAt = ctx.clock.now();
    await clearHistory(ctx, M, undefined, `clear the error history of module ${M}`);
    await observeResync(ctx, M, clearedAt);
    const end = await verifyDuplexAtEnd(ctx, ['FT-11']);
    ctx.check(`exactly: after clear-history module ${M} is back in duplex with no error history, nothing else changed`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
      onlyExpected(before, end, {
        [`M${M}.count.Cpu`]: '0',
        [`M${M}.count.Io`]: '0',
        nic: ioMemberAfterLoss(before.nicActive, M),
        storagePath: ioMemberAfterLoss(before.storagePathActive, M),
      }),
    );
  },
});
