/**
 * FT-01 / FT-07 / FT-10: a hardware error in one CPU subsystem is detected and that subsystem is
 * isolated at once; the other module runs on in simplex with no outage of the workload. Run for
 * each module (there is no active/standby CPU: either one may fail). The module is then replaced
 * (pull + insert) and resynchronised, so the scenario ends duplex.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import { ftScenario } from './lib/define.ts';
import type { ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, describeEvent, ftEvent, namesSubsystem } from '../../lib/domains/ft/messages.ts';
import { errorDetectedEvent, injectError, strayIsolations } from './lib/faults.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { describeState, isSimplexOn, moduleOf, otherModule } from './lib/state.ts';
import { onlyExpected, permanentCpuFaultFacts, SUBSYSTEM_KEYS } from './lib/expect.ts';
import { holdForStall, observeResync, replaceModule, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { bmcSpanMs, budgetLimit, sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

const REQS = ['FT-01', 'FT-07', 'FT-10', 'FT-03'];

async function cpuIsolation(ctx: Ctx, m: ModuleIndex): Promise<void> {
  const survivor = otherModule(m);
  const before = await requireDuplex(ctx);
  const probe = await startProbe(ctx, 'workload during CPU isolation', { gapThresholdMs: 2 });

  const fault = await injectError(ctx, { module: m, subsystem: 'Cpu', kind: 'Permanent' });
  const detection = budgetLimit(ctx, 'ft.isolation.detection', 100);
  // The isolation event is required: an isolation the BMC does not announce fails here.
  const isolated = await ctx.waitForEvent(`isolation: ModuleIsolated(${m}) event`, sutDeadline(ctx, detection * 50), ftEvent(FT.ModuleIsolated, m), {
    since: fault.since,
  });
  const simplex = await ctx.waitForState('FtState', `isolation: module ${m} cut off, module ${survivor} running alone`, sutDeadline(ctx, 30_000), (s) =>
    isSimplexOn(s, survivor),
  );
  ctx.check(`module ${m} is out of lockstep, module ${survivor} carries on`, { kind: 'assertion', requirements: ['FT-07'] }, () => {
    const mod = moduleOf(simplex, m);
    if (!mod) return `module ${m} missing from the snapshot`;
    return mod.opState !== 'Duplex' && simplex.activeModules.join() === String(survivor) ? true : describeState(simplex);
  });
  ctx.check('the isolation names the CPU subsystem', { kind: 'assertion', requirements: ['FT-10'] }, () =>
    namesSubsystem(isolated, 'Cpu') ? true : `event does not name Cpu: ${describeEvent(isolated)}`,
  );

  // Keep probing long enough that a stall starting at the isolation is measured in full.
  await holdForStall(ctx);
  const after = await ctx.sample('FtState');
  ctx.check('the system stayed on through the isolation', { kind: 'assertion', requirements: ['FT-01'] }, () =>
    after.powerState === 'On' ? true : `power is ${after.powerState}`,
  );
  const stopped = await stopProbe(probe);
  checkProbeEvidence(ctx, stopped);
  measureOutageCausedAt(ctx, stopped, 'isolation-gap', { causeAt: fault.since, seenAt: isolated.receivedAt, budget: 'ft.isolation.gap', requirements: ['FT-01', 'FT-10'] });
  const detected = errorDetectedEvent(ctx, m, fault.since);
  if (detected) {
    ctx.measure('detection-to-isolation', bmcSpanMs(ctx, detected, isolated), {
      unit: 'ms', source: 'events', budget: 'ft.isolation.detection', resolution: 0.001, requirements: ['FT-10'],
    });
  }
  ctx.check('no other module was isolated (the error did not propagate)', { kind: 'assertion', requirements: ['FT-10'] }, () => {
    const stray = strayIsolations(ctx, fault.since, m);
    return stray.length === 0 ? true : stray.map(describeEvent).join('; ');
  });
  ctx.check(
    `exactly: module ${m} kept out (LED on, a CPU of module ${m} named, Cpu count +1, IO moved off it), module ${survivor} alone and otherwise unchanged`,
    { kind: 'assertion', requirements: ['FT-07', 'FT-10', 'FT-12'] },
    () => onlyExpected(before, after, permanentCpuFaultFacts(before, m), SUBSYSTEM_KEYS(m)),
  );

  // Repair: replace the module; it resynchronises and the system is duplex again.
  const insertedAt = await replaceModule(ctx, m);
  await observeResync(ctx, m, insertedAt);
  await verifyDuplexAtEnd(ctx, ['FT-07']);
}

function isolationScenario(m: ModuleIndex) {
  return ftScenario({
    id: `ft-isolation-cpu-m${m}`,
    title: `CPU error on module ${m}: isolated at once, no outage, module ${otherModule(m)} runs on`,
    requirements: REQS,
    tags: ['ft', 'isolation', 'cpu', `module-${m}`],
    needs: NEEDS,
    timeoutMs: 1_200_000,
    invariants: [systemStaysOn, oneWorkloadAddress],
    checks: [
      { name: 'isolation-gap', kind: 'budget' },
    ],
    run: (ctx) => cpuIsolation(ctx, m),
  });
}

export const ftIsolationCpuM0 = isolationScenario(0);
export const ftIsolationCpuM1 = isolationScenario(1);
