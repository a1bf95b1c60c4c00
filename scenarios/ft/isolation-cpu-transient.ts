/**
 * FT-10 per subsystem: a transient error in the CPU subsystem of the module whose IO carries the
 * traffic isolates that CPU subsystem only. Its IO subsystem stays in service — the active NIC and
 * storage path do not move, no IO failover happens — while the CPU is diagnosed and resynchronised
 * (a transient error below the threshold: the module stays in). The reverse direction (an IO error
 * leaves both CPU subsystems in lockstep) is ft-io-subsystem-isolation.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import { FT, describeEvent, ftEvent, isMessage } from '../../lib/domains/ft/messages.ts';
import { errorRoom, injectError, strayIsolations } from './lib/faults.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { moduleOfMember, onlyExpected, plus } from './lib/expect.ts';
import { otherModule } from './lib/state.ts';
import { holdForStall, observeResync, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { budgetLimit, sutDeadline } from './lib/time.ts';

export const ftCpuTransientIoStays = ftScenario({
  id: 'ft-isolation-cpu-transient-io-stays',
  title: 'Transient CPU error on the module carrying the IO: only its CPU subsystem is isolated and resynced, its IO stays active',
  requirements: ['FT-10', 'FT-11', 'FT-01', 'FT-03'],
  tags: ['ft', 'isolation', 'cpu', 'per-subsystem'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  checks: [{ name: 'isolation-gap', kind: 'budget' }],
  async run(ctx) {
    const first = await requireDuplex(ctx);
    const m = moduleOfMember(first.nicActive) === 1 ? 1 : 0;
    const room = await errorRoom(ctx, m, 'Cpu', 1);
    if (!room) return ctx.skip(`the BMC reports no Cpu error counter for module ${m}`);
    if (room.room < 1) return ctx.skip(`module ${m} Cpu error history stays at ${room.count}/${room.threshold} even after a replacement`);
    const before = await requireDuplex(ctx);

    const probe = await startProbe(ctx, 'workload during the CPU isolation', { gapThresholdMs: 2 });
    const fault = await injectError(ctx, { module: m, subsystem: 'Cpu', kind: 'Transient', count: 1 });
    const detection = budgetLimit(ctx, 'ft.isolation.detection', 100);
    const isolated = await ctx.waitForEvent(`isolation: ModuleIsolated(${m})`, sutDeadline(ctx, detection * 50), ftEvent(FT.ModuleIsolated, m), { since: fault.since });
    const during = await ctx.sample('FtState');
    ctx.check(`per subsystem: module ${m} CPU out of lockstep, its IO in service and still carrying the traffic, module ${otherModule(m)} untouched`, { kind: 'assertion', requirements: ['FT-10'] }, () =>
      onlyExpected(before, during, {
        active: `[${otherModule(m)}]`,
        [`M${m}.count.Cpu`]: plus(1),
        [`M${m}.sub.Cpu`]: { test: (v) => v !== 'Online', says: 'out of lockstep' },
        [`M${m}.sub.Io`]: 'Online',
        [`M${m}.opState`]: { test: (v) => v !== 'Duplex' && v !== 'KeptOut', says: 'isolated or re-integrating, not kept out' },
        [`M${otherModule(m)}.opState`]: 'Simplex',
      }, [`M${m}.sub.Cpu`, `M${m}.sub.Io`]),
    );
    const verdict = await ctx.waitForEvent('diagnosis: re-integration or keep-out', sutDeadline(ctx, 60_000), (e) => ftEvent(FT.TransientFaultReintegrating, m)(e) || ftEvent(FT.ModuleKeptOut, m)(e), { since: fault.since });
    if (!isMessage(verdict, 'FtLab', FT.TransientFaultReintegrating)) return ctx.fail(`one transient error (count ${room.count + 1}/${room.threshold}) kept module ${m} out: ${describeEvent(verdict)}`);
    await observeResync(ctx, m, verdict.receivedAt);
    await holdForStall(ctx);
    const stopped = await stopProbe(probe);
    checkProbeEvidence(ctx, stopped);
    measureOutageCausedAt(ctx, stopped, 'isolation-gap', { causeAt: fault.since, seenAt: isolated.receivedAt, budget: 'ft.isolation.gap', requirements: ['FT-01', 'FT-10'] });

    const after = await verifyDuplexAtEnd(ctx, ['FT-10']);
    ctx.check(`exactly: after the resync only module ${m}'s Cpu count moved (+1); NIC, storage path, LEDs, states unchanged`, { kind: 'assertion', requirements: ['FT-10', 'FT-11'] }, () =>
      onlyExpected(before, after, { [`M${m}.count.Cpu`]: plus(1) }),
    );
    ctx.check('no IO failover and no other isolation: the CPU error did not reach any IO subsystem', { kind: 'assertion', requirements: ['FT-10'] }, () => {
      const since = { since: fault.since };
      const io = ctx.events(since).filter((e) => ftEvent(FT.NicTeamFailover)(e) || ftEvent(FT.PathFailover)(e) || ftEvent(FT.ModuleKeptOut)(e));
      const other = ctx.events(since).filter((e) => ftEvent(FT.ModuleIsolated, m)(e) && e.id !== isolated.id);
      const bad = [...io, ...other, ...strayIsolations(ctx, fault.since, m)];
      return bad.length === 0 ? true : bad.map(describeEvent).join('; ');
    });
  },
});
