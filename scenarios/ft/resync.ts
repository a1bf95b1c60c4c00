/**
 * FT-02 / FT-08: pull a module while the system runs (simplex, workload up), insert it again and
 * watch the automatic resynchronisation: iterative brownout copy passes while the services run,
 * then a short blackout. Brownout and blackout are measured separately, from the BMC's events and
 * from the workload probe, each against its own budget.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { describeState, isSimplexOn } from './lib/state.ts';
import { checkResyncOrder, holdForStall, insertModule, measureResync, observeResync, pullModule, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { holdSut, sutDeadline } from './lib/time.ts';

const MODULE = 1;
const SURVIVOR = 0;

export const ftResyncPullInsertM1 = ftScenario({
  id: 'ft-resync-pull-insert-m1',
  title: 'Pull and re-insert module 1 while running: simplex without outage, then brownout + blackout resync to duplex',
  requirements: ['FT-02', 'FT-08', 'FT-03'],
  tags: ['ft', 'resync', 'hot-plug', 'module-1'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator'],
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  checks: [
    { name: 'removal-gap', kind: 'budget' },
    { name: 'insertion-gap', kind: 'budget' },
    { name: 'brownout-duration', kind: 'budget' },
    { name: 'blackout-pause', kind: 'budget' },
    { name: 'blackout-pause-probe', kind: 'budget' },
    { name: 'resync-total', kind: 'budget' },
  ],
  async run(ctx) {
    const start = await requireDuplex(ctx);
    if (start.hypervisorMode === true) {
      return ctx.skip('hypervisor mode copies all memory in blackout (no brownout phase): covered by ft-hypervisor-resync (FT-09)');
    }
    const probe = await startProbe(ctx, 'workload during pull, insert and resync', { gapThresholdMs: 2 });

    const pulled = await pullModule(ctx, MODULE);
    const simplex = await ctx.waitForState('FtState', `removed: system runs on module ${SURVIVOR}`, sutDeadline(ctx, 30_000), (s) => isSimplexOn(s, SURVIVOR));
    ctx.check('the system keeps running while a module is pulled', { kind: 'assertion', requirements: ['FT-02'] }, () =>
      isSimplexOn(simplex, SURVIVOR) ? true : describeState(simplex),
    );
    // Run simplex for a while so the probe sees the workload answering without the pulled module.
    await holdForStall(ctx);

    const insertedAt = await insertModule(ctx, MODULE);
    const resync = await observeResync(ctx, MODULE, insertedAt);
    await holdSut(ctx, 200);
    const stopped = await stopProbe(probe);

    checkProbeEvidence(ctx, stopped);
    measureOutageCausedAt(ctx, stopped, 'removal-gap', { causeAt: pulled.since, seenAt: pulled.removed.receivedAt, budget: 'ft.isolation.gap', requirements: ['FT-02'] });
    measureOutageCausedAt(ctx, stopped, 'insertion-gap', { causeAt: insertedAt, seenAt: resync.inserted?.receivedAt ?? resync.started.receivedAt, budget: 'ft.isolation.gap', requirements: ['FT-02'] });
    checkResyncOrder(ctx, resync, ['FT-08']);
    ctx.check('brownout copied memory in at least one pass while the services ran', { kind: 'assertion', requirements: ['FT-08'] }, () =>
      resync.passes.length >= 1 ? true : 'no BrownoutPassCompleted event before the blackout',
    );
    measureResync(ctx, resync, stopped, { requirements: ['FT-08', 'FT-02'] });
    await verifyDuplexAtEnd(ctx, ['FT-02', 'FT-08']);
  },
});
