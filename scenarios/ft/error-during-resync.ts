/**
 * Errors in the module being resynchronised (FT-08, FT-10, FT-11): a transient CPU error during
 * its brownout aborts the copy (ResyncAborted; the CPU is isolated again and re-integrated by a
 * new resync), while a transient IO error during a brownout isolates and re-diagnoses only the IO
 * subsystem and the copy goes on to duplex (the IO back Online there: the exact end state). Each
 * error counts once in its own subsystem.
 */
import type { BmcEvent, ModuleIndex, Subsystem } from '../../drivers/capabilities/index.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import { FT, describeEvent, ftEvent, namesSubsystem } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { onlyExpected } from './lib/expect.ts';
import { errorRoom, injectError } from './lib/faults.ts';
import { systemStaysOn } from './lib/invariants.ts';
import { copyEnd, requireDuplex, resyncAborted, untilBrownout, verifyDuplexAtEnd } from './lib/steps.ts';
import { sutDeadline } from './lib/time.ts';

const M: ModuleIndex = 1;
const NEEDS = ['FtState', 'FtLabFaultInjection', 'EventSource'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

const aborted = resyncAborted(M);
const isolatedSub = (sub: Subsystem) => (e: BmcEvent): boolean => ftEvent(FT.ModuleIsolated, M)(e) && namesSubsystem(e, sub);

/** A transient error of `sub` into module M while its brownout copy runs. */
async function errorInBrownout(ctx: Ctx, sub: Subsystem): Promise<number> {
  const fault = await injectError(ctx, { module: M, subsystem: sub, kind: 'Transient' });
  await ctx.waitForEvent(`${sub} error during the brownout: ModuleIsolated(${M}, ${sub})`, sutDeadline(ctx, 10_000), isolatedSub(sub), { since: fault.since });
  return fault.since;
}

async function cpuErrorAbortsTheCopy(ctx: Ctx): Promise<number> {
  const first = await injectError(ctx, { module: M, subsystem: 'Cpu', kind: 'Transient' });
  await untilBrownout(ctx, M, first.since, 'a transient CPU error re-integrates module 1');
  const since = await errorInBrownout(ctx, 'Cpu');
  const outcome = await copyEnd(ctx, M, `the CPU error ends the copy (ResyncAborted(${M})) or it completes`, since, 120_000);
  ctx.check(`a CPU error in module ${M} during its brownout aborts the resync (ResyncAborted)`, { kind: 'assertion', requirements: ['FT-08', 'FT-10'] }, () =>
    aborted(outcome) ? true : `the copy went on to ${describeEvent(outcome)}`,
  );
  return since;
}

/** The new resync's copy runs; an IO error in it; the copy must still reach duplex, not abort. */
async function ioErrorLeavesTheCopy(ctx: Ctx, since: number): Promise<void> {
  await untilBrownout(ctx, M, since, 'the aborted resync starts again');
  const ioAt = await errorInBrownout(ctx, 'Io');
  const outcome = await copyEnd(ctx, M, 'the copy goes on to DuplexRestored (or is aborted)', ioAt, 240_000);
  ctx.check(`an IO error in module ${M} during its brownout leaves the copy running to duplex (no ResyncAborted)`, { kind: 'assertion', requirements: ['FT-08', 'FT-10'] }, () =>
    aborted(outcome) ? `the resync was aborted: ${describeEvent(outcome)}` : true,
  );
}

export const ftErrorDuringResync = ftScenario({
  id: 'ft-error-during-resync',
  title: 'Errors during a resync: a CPU error in the joining module aborts the copy and a new resync follows; an IO error leaves the copy running to duplex',
  requirements: ['FT-08', 'FT-10', 'FT-11'],
  tags: ['ft', 'resync', 'transient', `module-${M}`],
  needs: [...NEEDS],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  async run(ctx) {
    await requireDuplex(ctx);
    const cpu = await errorRoom(ctx, M, 'Cpu', 2);
    const io = await errorRoom(ctx, M, 'Io', 1);
    if (!cpu || !io) return ctx.skip(`the BMC reports no Cpu or Io error counter for module ${M}`);
    if (cpu.room < 2 || io.room < 1) return ctx.skip(`module ${M} has no room for 2 Cpu and 1 Io errors below its thresholds`);
    const before = await requireDuplex(ctx);
    const secondCpu = await cpuErrorAbortsTheCopy(ctx);
    await ioErrorLeavesTheCopy(ctx, secondCpu);
    const end = await verifyDuplexAtEnd(ctx, ['FT-08']);
    ctx.check(`exactly: module ${M} back in duplex with 2 more Cpu errors and 1 more Io error counted, nothing else changed`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
      onlyExpected(before, end, { [`M${M}.count.Cpu`]: String(cpu.count + 2), [`M${M}.count.Io`]: String(io.count + 1) }),
    );
  },
});
