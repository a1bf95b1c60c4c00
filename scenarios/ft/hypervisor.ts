/**
 * FT-09: in hypervisor mode (Hyper-V) the whole memory is copied as blackout — no brownout — so
 * the stop lasts seconds to tens of seconds depending on memory size. The budget's limit is a
 * formula over the memory size the BMC reports. Runs only on devices in hypervisor mode.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import { checkProbeEvidence, startProbe, stopProbe } from './lib/probe.ts';
import { checkResyncOrder, insertModule, learnSystem, measureResync, observeResync, pullModule, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { holdSut } from './lib/time.ts';

const MODULE = 1;

export const ftHypervisorResync = ftScenario({
  id: 'ft-hypervisor-resync',
  title: 'Hypervisor mode: re-inserted module resynchronised entirely in blackout, pause within the memory-size budget',
  requirements: ['FT-09', 'FT-02', 'FT-03'],
  tags: ['ft', 'resync', 'hypervisor', 'module-1'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'],
  timeoutMs: 1_800_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  checks: [
    { name: 'hypervisor-blackout-pause', kind: 'budget' },
    { name: 'hypervisor-blackout-pause-probe', kind: 'budget' },
    { name: 'hypervisor-resync-total', kind: 'budget' },
  ],
  async run(ctx) {
    const start = await requireDuplex(ctx);
    if (start.hypervisorMode !== true) {
      return ctx.skip(`the device is not in hypervisor mode (HypervisorMode ${String(start.hypervisorMode)}); FT-09 applies to hypervisor-mode systems only`);
    }
    const params = await learnSystem(ctx, start);
    if (params.memoryGiB === undefined) ctx.fail('the BMC does not report the memory size (MemorySummary.TotalSystemMemoryGiB); the FT-09 budget depends on it');

    const probe = await startProbe(ctx, 'workload during hypervisor-mode resync', { gapThresholdMs: 2 });
    await pullModule(ctx, MODULE);
    const insertedAt = await insertModule(ctx, MODULE);
    const resync = await observeResync(ctx, MODULE, insertedAt);
    await holdSut(ctx, 200);
    const stopped = await stopProbe(probe);

    checkProbeEvidence(ctx, stopped);
    checkResyncOrder(ctx, resync, ['FT-09']);
    ctx.check('the whole memory was copied in blackout (no brownout passes)', { kind: 'assertion', requirements: ['FT-09'] }, () =>
      resync.passes.length === 0 ? true : `${resync.passes.length} brownout pass(es) in hypervisor mode`,
    );
    measureResync(ctx, resync, stopped, {
      requirements: ['FT-09'],
      prefix: 'hypervisor-',
      brownout: false,
      blackoutBudget: 'ft.hypervisor.blackout',
      blackoutProbeBudget: 'ft.hypervisor.blackout.probe',
      budgetParams: params,
    });
    await verifyDuplexAtEnd(ctx, ['FT-09']);
  },
});
