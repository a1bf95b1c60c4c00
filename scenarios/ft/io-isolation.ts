/**
 * FT-10: an error in the IO subsystem of one module isolates that IO subsystem only — the CPU
 * subsystems stay in lockstep, the other module is untouched, and the workload keeps answering
 * (its traffic moves to the other module's IO if it ran there). A transient error is then
 * diagnosed and the IO subsystem re-integrated.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import type { ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, FT_PREFIX, describeEvent, eventModule, ftEvent, isMessage, namesSubsystem } from '../../lib/domains/ft/messages.ts';
import { errorRoom, injectError, strayIsolations } from './lib/faults.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { describeState, isActive, moduleOf, otherModule } from './lib/state.ts';
import { ioMemberAfterLoss, moduleOfMember, onlyExpected, plus } from './lib/expect.ts';
import { budgetParamsOf, holdForStall, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { budgetLimit, sutDeadline } from './lib/time.ts';

/** The module whose IO carries the workload now (the active NIC's module), else module 1. */
function busyIoModule(nicActive: string | null): ModuleIndex {
  const m = nicActive?.match(/M([01])/i)?.[1];
  return m === '0' ? 0 : 1;
}

export const ftIoSubsystemIsolation = ftScenario({
  id: 'ft-io-subsystem-isolation',
  title: 'IO error on the module carrying the traffic: only that IO subsystem is isolated, CPUs stay in lockstep',
  requirements: ['FT-10', 'FT-01', 'FT-03'],
  tags: ['ft', 'isolation', 'io'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  checks: [
    { name: 'isolation-gap', kind: 'budget' },
  ],
  async run(ctx) {
    const first = await requireDuplex(ctx);
    const m = busyIoModule(first.nicActive);
    const room = await errorRoom(ctx, m, 'Io', 1);
    if (!room) return ctx.skip(`the BMC reports no Io error counter for module ${m}`);
    if (room.room < 1) ctx.skip(`module ${m} Io error history stays at ${room.count}/${room.threshold} even after a replacement`);
    const before = await requireDuplex(ctx);

    const probe = await startProbe(ctx, 'workload during IO isolation', { gapThresholdMs: 2 });
    const fault = await injectError(ctx, { module: m, subsystem: 'Io', kind: 'Transient', count: 1 });
    const detection = budgetLimit(ctx, 'ft.isolation.detection', 100);
    const isolated = await ctx.waitForEvent(`isolation: ModuleIsolated(${m}, Io) event`, sutDeadline(ctx, detection * 50), ftEvent(FT.ModuleIsolated, m), {
      since: fault.since,
    });
    const during = await ctx.sample('FtState');
    ctx.check('the isolation names the IO subsystem', { kind: 'assertion', requirements: ['FT-10'] }, () =>
      namesSubsystem(isolated, 'Io') ? true : `event does not name Io: ${describeEvent(isolated)}`,
    );
    ctx.check('both CPU subsystems stay in lockstep while the IO subsystem is out', { kind: 'assertion', requirements: ['FT-10'] }, () =>
      during.powerState === 'On' && isActive(during, 0) && isActive(during, 1) ? true : describeState(during),
    );
    ctx.check(`per subsystem: module ${m} Io out of service, its Cpu and module ${otherModule(m)} untouched`, { kind: 'assertion', requirements: ['FT-10'] }, () =>
      onlyExpected(before, during, {
        [`M${m}.count.Io`]: plus(1),
        [`M${m}.sub.Io`]: { test: (v) => v !== 'Online', says: 'out of service (Isolated or Diagnostics)' },
        [`M${m}.opState`]: { test: () => true, says: 'any (the BMC may show the IO diagnosis)' },
        nic: { test: (v) => moduleOfMember(v) !== m, says: `not on module ${m}` },
        storagePath: { test: (v) => moduleOfMember(v) !== m, says: `not on module ${m}` },
      }, [`M${m}.sub.Io`]),
    );

    const reintegration = sutDeadline(ctx, budgetLimit(ctx, 'ft.reintegration.total', 120_000, budgetParamsOf(ctx)));
    await ctx.waitForEvent(`re-integration: TransientFaultReintegrating(${m})`, reintegration, ftEvent(FT.TransientFaultReintegrating, m), {
      since: fault.since,
    });
    // The IO subsystem is diagnosed, then back in service (FtLab IoSubsystemReintegrated).
    await ctx.waitForEvent(`re-integration: IO subsystem of module ${m} back in service`, reintegration, (e) => isMessage(e, FT_PREFIX, 'IoSubsystemReintegrated') && eventModule(e) === m, {
      since: fault.since,
    });
    await holdForStall(ctx);
    const after = await verifyDuplexAtEnd(ctx, ['FT-10']);
    const stopped = await stopProbe(probe);
    checkProbeEvidence(ctx, stopped);
    measureOutageCausedAt(ctx, stopped, 'isolation-gap', { causeAt: fault.since, seenAt: isolated.receivedAt, budget: 'ft.isolation.gap', requirements: ['FT-01', 'FT-10'] });
    ctx.check('no other subsystem was isolated (the error did not propagate)', { kind: 'assertion', requirements: ['FT-10'] }, () => {
      const stray = [
        ...strayIsolations(ctx, fault.since, m),
        ...ctx.events({ since: fault.since }).filter((e) => ftEvent(FT.ModuleIsolated, m)(e) && !namesSubsystem(e, 'Io')),
      ];
      return stray.length === 0 ? true : stray.map(describeEvent).join('; ');
    });
    ctx.check(`exactly: module ${m} Io count +1, its IO paths moved to the other module, everything else unchanged`, { kind: 'assertion', requirements: ['FT-10'] }, () =>
      onlyExpected(before, after, {
        [`M${m}.count.Io`]: plus(1),
        nic: ioMemberAfterLoss(before.nicActive, m),
        storagePath: ioMemberAfterLoss(before.storagePathActive, m),
      }),
    );
    ctx.check(`module ${m} was not kept out (a single transient error is below the threshold)`, { kind: 'assertion', requirements: ['FT-10'] }, () =>
      moduleOf(after, m)?.keptOut ? `module ${m} kept out: ${describeState(after)}` : true,
    );
  },
});
