/**
 * FT-12 / FT-10 for the IO side: a permanent error in module 1's IO subsystem keeps the module out
 * (LED on, the other module runs alone, its IO teams moved) and the BMC names the part to replace:
 * one of module 1's own IO devices, as the fault-injection service lists them (not a device of the
 * other module, not the module as a whole). Replaced, the module resynchronises to duplex with a
 * clean history.
 */
import type { ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { ioMemberAfterLoss, ioSettled, keptOutExpectations, keptOutOptional, onlyExpected } from './lib/expect.ts';
import { errorRoom, injectError } from './lib/faults.ts';
import { systemStaysOn } from './lib/invariants.ts';
import { isSimplexOn, moduleOf } from './lib/state.ts';
import { observeResync, replaceModule, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { budgetLimit, sutDeadline } from './lib/time.ts';

const M: ModuleIndex = 1;
const SURVIVOR: ModuleIndex = 0;

export const ftIoPermanentFault = ftScenario({
  id: 'ft-io-permanent-fault',
  title: "Permanent IO error: the module is kept out and the BMC names one of its own IO devices to replace; replaced, duplex again",
  requirements: ['FT-12', 'FT-10', 'FT-13'],
  tags: ['ft', 'io', 'permanent', `module-${M}`],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection'],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  async run(ctx) {
    await requireDuplex(ctx);
    const io = await errorRoom(ctx, M, 'Io', 1);
    if (!io) return ctx.skip(`the BMC reports no Io error counter for module ${M}`);
    const devices = (await ctx.phase('list PCIe devices', sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.pcieDevices(signal))).filter((d) => d.module === M).map((d) => d.id);
    if (devices.length === 0) return ctx.skip(`no PCIe device of module ${M} is listed`);
    const before = await requireDuplex(ctx);

    const fault = await injectError(ctx, { module: M, subsystem: 'Io', kind: 'Permanent' });
    const keptOut = await ctx.waitForEvent(`ModuleKeptOut(${M})`, sutDeadline(ctx, budgetLimit(ctx, 'ft.keepout.reaction', 1_000) * 20), ftEvent(FT.ModuleKeptOut, M), { since: fault.since });
    const out = await ctx.waitForState('FtState', `module ${M} out, module ${SURVIVOR} alone, its IO switched over`, sutDeadline(ctx, 30_000), (s) =>
      isSimplexOn(s, SURVIVOR) && moduleOf(s, M)?.keptOut === true && ioSettled(before, s),
    );
    const part = { test: (v: string) => devices.includes(v), says: `one of module ${M}'s IO devices (${devices.join(', ')})` };
    ctx.check(`exactly: module ${M} kept out for a permanent IO fault, LED on, one of its own IO devices named; module ${SURVIVOR} alone, nothing else changed`, { kind: 'assertion', requirements: ['FT-12', 'FT-10'] }, () =>
      onlyExpected(before, out, { ...keptOutExpectations(before, M, io.count + 1, 'Io'), [`M${M}.faultyComponent`]: part }, keptOutOptional(M)),
    );
    ctx.log.info(`keep-out: ${describeEvent(keptOut)}; faulty component ${moduleOf(out, M)?.faultyComponent ?? '-'}`);

    const insertedAt = await replaceModule(ctx, M);
    await observeResync(ctx, M, insertedAt);
    const end = await verifyDuplexAtEnd(ctx, ['FT-13']);
    ctx.check(`exactly: the replaced module ${M} is back in duplex with a clean history, nothing else changed`, { kind: 'assertion', requirements: ['FT-13', 'FT-12'] }, () =>
      onlyExpected(before, end, {
        [`M${M}.count.Io`]: '0',
        [`M${M}.count.Cpu`]: '0',
        nic: ioMemberAfterLoss(before.nicActive, M),
        storagePath: ioMemberAfterLoss(before.storagePathActive, M),
      }),
    );
  },
});
