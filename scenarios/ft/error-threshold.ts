/**
 * FT-11: errors are counted per subsystem within a window. Up to the threshold an isolated
 * subsystem is diagnosed and re-integrated (a transient error: noise, cosmic rays) and duplex
 * returns; above it re-integration stops, the module LED lights, a notification goes out and the
 * other module runs alone until the module is replaced.
 *
 * The number of errors injected is computed from the counter the BMC reports (threshold minus the
 * count already in the window), so the scenario tests the boundary: exactly at the threshold, and
 * one above it.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import type { BmcEvent, ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, describeEvent, ftEvent, isMessage, namesSubsystem } from '../../lib/domains/ft/messages.ts';
import { errorDetectedEvent, errorRoom, injectError } from './lib/faults.ts';
import { checkFaultLogged, logBaseline } from './lib/logs.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { counterOf, describeState, isSimplexOn, moduleOf } from './lib/state.ts';
import { ioSettled, keptOutExpectations, keptOutOptional, onlyExpected } from './lib/expect.ts';
import {
  budgetParamsOf,
  checkResyncOrder,
  holdStays,
  insertModule,
  measureResync,
  observeResync,
  pullModule,
  requireDuplex,
  verifyDuplexAtEnd,
} from './lib/steps.ts';
import { bmcSpanMs, budgetLimit, holdSut, sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'] as const;

/** Required check of the keep-out scenario: the notification is also in the system log (FT-11). */
export const KEPT_OUT_LOGGED = 'the keep-out is recorded: module out of service, in every system log the BMC offers (SEL and Event log)';

/** Module 1 keeps the historical id; module 0 (the module that booted first) has its own. */
function transientBelowThreshold(m: ModuleIndex) {
  return ftScenario({
    id: m === 1 ? 'ft-transient-below-threshold' : `ft-transient-below-threshold-m${m}`,
    title: `Transient CPU errors up to the threshold on module ${m}: isolated, diagnosed, re-integrated by resync, duplex kept`,
    requirements: ['FT-11', 'FT-08', 'FT-03'],
    tags: ['ft', 'error-threshold', 'transient', `module-${m}`],
    needs: NEEDS,
    timeoutMs: 1_200_000,
    invariants: [systemStaysOn, oneWorkloadAddress],
    checks: [
      { name: 'reintegration-total', kind: 'budget' },
      { name: 'blackout-pause', kind: 'budget' },
      { name: 'blackout-pause-probe', kind: 'budget' },
    ],
    async run(ctx) {
      await requireDuplex(ctx);
      const room = await errorRoom(ctx, m, 'Cpu', 1);
      if (!room) return ctx.skip(`the BMC reports no Cpu error counter for module ${m}`);
      if (room.room < 1) return ctx.skip(`module ${m} Cpu error history stays at ${room.count}/${room.threshold} even after a replacement`);
      const before = await requireDuplex(ctx);
      const k = room.room;
      ctx.log.info(`injecting ${k} transient Cpu error(s) into module ${m}: count ${room.count} + ${k} = threshold ${room.threshold}`);

      const probe = await startProbe(ctx, 'workload during transient error handling', { gapThresholdMs: 2 });
      const fault = await injectError(ctx, { module: m, subsystem: 'Cpu', kind: 'Transient', count: k });
      const detection = budgetLimit(ctx, 'ft.isolation.detection', 100);
      const isolated = await ctx.waitForEvent(`isolation: ModuleIsolated(${m})`, sutDeadline(ctx, detection * 50), ftEvent(FT.ModuleIsolated, m), {
        since: fault.since,
      });
      const verdict: BmcEvent = await ctx.waitForEvent(
        `diagnosis: re-integration (TransientFaultReintegrating) or keep-out`,
        sutDeadline(ctx, 60_000),
        (e) => ftEvent(FT.TransientFaultReintegrating, m)(e) || ftEvent(FT.ModuleKeptOut, m)(e),
        { since: fault.since },
      );
      ctx.check(`${room.count + k} error(s) in the window (threshold ${room.threshold}): treated as transient, not kept out`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
        isMessage(verdict, 'FtLab', FT.TransientFaultReintegrating) ? true : `module kept out: ${describeEvent(verdict)}`,
      );
      if (!isMessage(verdict, 'FtLab', FT.TransientFaultReintegrating)) {
        ctx.fail(`module ${m} was kept out after ${room.count + k} error(s), at or below the threshold ${room.threshold}: ${describeEvent(verdict)}`);
      }

      const resync = await observeResync(ctx, m, verdict.receivedAt);
      await holdSut(ctx, 200);
      const stopped = await stopProbe(probe);
      checkProbeEvidence(ctx, stopped);
      checkResyncOrder(ctx, resync, ['FT-11', 'FT-08']);
      ctx.measure('reintegration-total', bmcSpanMs(ctx, isolated, resync.duplexRestored), {
        unit: 'ms', source: 'events', budget: 'ft.reintegration.total', budgetParams: budgetParamsOf(ctx), resolution: 0.001, requirements: ['FT-11'],
      });
      measureOutageCausedAt(ctx, stopped, 'isolation-gap', { causeAt: fault.since, seenAt: isolated.receivedAt, budget: 'ft.isolation.gap', requirements: ['FT-01', 'FT-11'] });
      measureResync(ctx, resync, stopped, { requirements: ['FT-11', 'FT-08'] });

      const end = await verifyDuplexAtEnd(ctx, ['FT-11']);
      ctx.check(`exactly: module ${m} back in lockstep with its Cpu count at ${room.count + k} (LED off, not kept out); nothing else changed`, { kind: 'assertion', requirements: ['FT-11'] }, () =>
        onlyExpected(before, end, { [`M${m}.count.Cpu`]: String(room.count + k) }),
      );
      ctx.check('no keep-out notification for a transient error', { kind: 'assertion', requirements: ['FT-11'] }, () => {
        const kept = ctx.events({ since: fault.since }).filter(ftEvent(FT.ModuleKeptOut, m));
        return kept.length === 0 ? true : kept.map(describeEvent).join('; ');
      });
    },
  });
}

export const ftTransientBelowThresholdM1 = transientBelowThreshold(1);
export const ftTransientBelowThresholdM0 = transientBelowThreshold(0);

export const ftKeptOutAboveThreshold = ftScenario({
  id: 'ft-kept-out-above-threshold',
  title: 'CPU errors above the threshold: re-integration stops, LED on, notification, the other module runs alone',
  requirements: ['FT-11', 'FT-12'],
  tags: ['ft', 'error-threshold', 'keep-out', 'module-0'],
  needs: [...NEEDS, 'LogReader'],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn],
  checks: [{ name: KEPT_OUT_LOGGED, kind: 'assertion', requirements: ['FT-11', 'FT-12'] }],
  async run(ctx) {
    const m = 0;
    const survivor = 1;
    await requireDuplex(ctx);
    const room = await errorRoom(ctx, m, 'Cpu', 0);
    if (!room) return ctx.skip(`the BMC reports no Cpu error counter for module ${m}`);
    const before = await requireDuplex(ctx);
    const k = Math.max(1, room.room + 1);
    ctx.log.info(`injecting ${k} transient Cpu error(s) into module ${m}: count ${room.count} + ${k} > threshold ${room.threshold}`);

    const log = await logBaseline(ctx);
    const fault = await injectError(ctx, { module: m, subsystem: 'Cpu', kind: 'Transient', count: k });
    const keepOut = budgetLimit(ctx, 'ft.keepout.reaction', 1_000);
    const verdict = await ctx.waitForEvent(
      `keep-out: ModuleKeptOut(${m}) notification`,
      sutDeadline(ctx, keepOut * 20),
      (e) => ftEvent(FT.ModuleKeptOut, m)(e) || ftEvent(FT.TransientFaultReintegrating, m)(e),
      { since: fault.since },
    );
    if (!isMessage(verdict, 'FtLab', FT.ModuleKeptOut)) {
      ctx.fail(`module ${m} was re-integrated after ${room.count + k} error(s), above the threshold ${room.threshold}: ${describeEvent(verdict)}`);
    }
    ctx.check('the keep-out notification names the CPU subsystem', { kind: 'assertion', requirements: ['FT-11'] }, () =>
      namesSubsystem(verdict, 'Cpu') ? true : describeEvent(verdict),
    );
    const detected = errorDetectedEvent(ctx, m, fault.since);
    if (detected) {
      ctx.measure('keep-out-reaction', bmcSpanMs(ctx, detected, verdict), {
        unit: 'ms', source: 'events', budget: 'ft.keepout.reaction', resolution: 0.001, requirements: ['FT-11'],
      });
    }
    const out = await ctx.waitForState('FtState', `keep-out: module ${m} out, module ${survivor} alone, its IO switched over`, sutDeadline(ctx, 30_000), (s) => {
      const mod = moduleOf(s, m);
      return isSimplexOn(s, survivor) && mod !== undefined && mod.keptOut && ioSettled(before, s);
    });
    ctx.check(`module ${m} kept out, LED on, module ${survivor} runs alone`, { kind: 'assertion', requirements: ['FT-11', 'FT-12'] }, () =>
      isSimplexOn(out, survivor) && moduleOf(out, m)?.keptOut && moduleOf(out, m)?.ledOn ? true : describeState(out),
    );
    ctx.check(`exactly: module ${m} kept out with its count ${room.count + k}, LED on, named for replacement; module ${survivor} alone, otherwise unchanged`, { kind: 'assertion', requirements: ['FT-11', 'FT-12'] }, () =>
      onlyExpected(before, out, keptOutExpectations(before, m, room.count + k), keptOutOptional(m)),
    );
    await checkFaultLogged(ctx, log, { module: m, subsystem: 'Cpu', evidence: 'out-of-service' }, { name: KEPT_OUT_LOGGED, requirements: ['FT-11', 'FT-12'] });
    // Stays out: no re-integration starts on its own.
    await holdStays(ctx);
    const still = await ctx.sample('FtState');
    ctx.check(`module ${m} stays out (no automatic re-integration)`, { kind: 'assertion', requirements: ['FT-11'] }, () => {
      const resyncs = ctx.events({ since: fault.since }).filter((e) => ftEvent(FT.ResyncStarted, m)(e) || ftEvent(FT.TransientFaultReintegrating, m)(e));
      if (resyncs.length > 0) return resyncs.map(describeEvent).join('; ');
      return moduleOf(still, m)?.keptOut ? true : describeState(still);
    });

    // Repair: replace the module; the new one starts with a clean error history.
    await pullModule(ctx, m);
    const insertedAt = await insertModule(ctx, m);
    await observeResync(ctx, m, insertedAt);
    const end = await verifyDuplexAtEnd(ctx, ['FT-11']);
    ctx.check(`replacement module ${m}: LED off, error history cleared`, { kind: 'assertion', requirements: ['FT-11', 'FT-12'] }, () => {
      const mod = moduleOf(end, m);
      const c = counterOf(mod, 'Cpu');
      return mod && !mod.ledOn && !mod.keptOut && (!c || c.count === 0) ? true : describeState(end);
    });
  },
});
