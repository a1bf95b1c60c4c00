/**
 * FT-06: a PCIe fatal error is hidden from the OS when the device's driver supports surprise
 * removal: the device is cut off logically, the OS sees a hot-unplug, the driver fails over, the
 * system keeps running. On a device whose driver does not support it, the system can go down —
 * and then the harness must detect that failure (and bring the system back).
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import { ftScenario } from './lib/define.ts';
import type { BmcEvent, ModuleIndex } from '../../drivers/capabilities/index.ts';
import { FT, describeEvent, ftEvent, systemWentDown } from '../../lib/domains/ft/messages.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { describeState, isActive } from './lib/state.ts';
import { ioMemberAfterLoss, onlyExpected } from './lib/expect.ts';
import { documented, holdForStall, insertModule, observeResync, powerOnUndo, pullModule, requireDuplex, restoreModuleUndo, resyncBudgetMs, verifyDuplexAtEnd } from './lib/steps.ts';
import { holdSut, sutDeadline } from './lib/time.ts';
import { CONSOLE_LINES, agreesInTime, onConsole } from './lib/console.ts';

const NEEDS = ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator', 'PowerControl'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;

/** Events the BMC sends about a PCIe device (Platform PCIeUncorrectableError, DeviceMissing, ...). */
function aboutDevice(id: string): (e: BmcEvent) => boolean {
  return (e) => e.messageArgs.some((a) => a === id || a.endsWith(`/${id}`)) || (e.originOfCondition ?? '').endsWith(`/${id}`);
}

function asModule(n: number): ModuleIndex {
  return n === 0 ? 0 : 1;
}

/** Undo of a surprise removal: power on after a crash; otherwise replace the module (unless the scenario did). */
function pcieUndo(ctx: Ctx, m: ModuleIndex, repaired: () => boolean): () => Promise<void> {
  const powerOn = powerOnUndo(ctx);
  const replace = restoreModuleUndo(ctx, m);
  return async () => {
    const s = await ctx.caps.FtState.snapshot();
    if (s.powerState !== 'On') return powerOn();
    if (repaired()) return;
    await ctx.caps.FtLabFaultInjection.pullModule(m);
    await replace();
  };
}

export const ftPcieFatalSupported = ftScenario({
  id: 'ft-pcie-fatal-supported',
  title: 'PCIe fatal error on a device whose driver supports surprise removal: hidden, device cut off, failover, no crash',
  requirements: ['FT-06', 'FT-05', 'FT-03'],
  tags: ['ft', 'pcie', 'surprise-removal'],
  needs: NEEDS,
  timeoutMs: 1_200_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  checks: [
    { name: 'pcie-failover-gap', kind: 'budget' },
  ],
  async run(ctx) {
    const start = await requireDuplex(ctx);
    const devices = await ctx.phase('list PCIe devices', sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.pcieDevices(signal));
    const supported = devices.filter((d) => d.surpriseRemovalSupported);
    if (supported.length === 0) return ctx.skip('no PCIe device with surprise-removal support reported');
    // Prefer the device carrying the traffic (the active NIC), so the failover is exercised.
    const dev = supported.find((d) => d.id === start.nicActive) ?? supported[0];
    if (!dev) return ctx.skip('no PCIe device with surprise-removal support reported');
    const m = asModule(dev.module);
    let repaired = false;

    const probe = await startProbe(ctx, 'workload during PCIe fatal error', { gapThresholdMs: 2 });
    const since = ctx.clock.now();
    await ctx.fault('PCIe fatal error', { device: dev.id, surpriseRemovalSupported: true }, () => ctx.caps.FtLabFaultInjection.pcieFatalError(dev.id, ctx.signal), pcieUndo(ctx, m, () => repaired));
    const reported = await ctx.waitForEvent(`error report: an event about ${dev.id}`, sutDeadline(ctx, 30_000), aboutDevice(dev.id), { since });
    await holdForStall(ctx);
    const after = await ctx.sample('FtState');
    const stopped = await stopProbe(probe);
    ctx.check('the system survives the PCIe fatal error (error hidden, no crash)', { kind: 'assertion', requirements: ['FT-06'] }, () =>
      after.powerState === 'On' ? true : `system went ${after.powerState} after ${describeEvent(reported)}`,
    );
    if (after.powerState !== 'On') ctx.fail(`PCIe fatal error on ${dev.id} (surprise removal supported) brought the system down: ${describeState(after)}`);
    ctx.check('both CPU modules stay in lockstep', { kind: 'assertion', requirements: ['FT-06'] }, () =>
      isActive(after, 0) && isActive(after, 1) ? true : describeState(after),
    );
    ctx.check(`exactly: ${dev.id} cut off, its team moved to the other module, nothing else changed`, { kind: 'assertion', requirements: ['FT-05', 'FT-06'] }, () =>
      onlyExpected(start, after, {
        nic: dev.id === start.nicActive ? ioMemberAfterLoss(dev.id, m) : (start.nicActive ?? '-'),
        storagePath: dev.id === start.storagePathActive ? ioMemberAfterLoss(dev.id, m) : (start.storagePathActive ?? '-'),
      }),
    );
    if (dev.id === start.nicActive) {
      if (after.nicActive === null || after.nicActive === dev.id) ctx.fail(`the NIC team did not fail over from the surprise-removed ${dev.id}: ${describeState(after)}`);
      await ctx.waitForEvent('failover: NicTeamFailover away from the removed NIC', sutDeadline(ctx, 30_000), ftEvent(FT.NicTeamFailover), { since });
    }
    checkProbeEvidence(ctx, stopped);
    measureOutageCausedAt(ctx, stopped, 'pcie-failover-gap', { causeAt: since, seenAt: reported.receivedAt, budget: 'ft.io.failover.gap', requirements: ['FT-06', 'FT-05'] });

    // Repair: replace the module that holds the removed device.
    await pullModule(ctx, m);
    const insertedAt = await insertModule(ctx, m);
    await observeResync(ctx, m, insertedAt);
    repaired = true;
    await verifyDuplexAtEnd(ctx, ['FT-06']);
  },
});

export const ftPcieFatalUnsupported = ftScenario({
  id: 'ft-pcie-fatal-unsupported',
  systemGoesDown: true,
  title: 'PCIe fatal error on a device without surprise-removal support: the system fails and the harness detects it (BMC, console panic, workload)',
  requirements: ['FT-06', 'H-03'],
  tags: ['ft', 'pcie', 'crash'],
  needs: [...NEEDS, 'ConsoleCapture'],
  timeoutMs: 1_800_000,
  invariants: [oneWorkloadAddress],
  async run(ctx) {
    await requireDuplex(ctx);
    const devices = await ctx.phase('list PCIe devices', sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.pcieDevices(signal));
    const dev = devices.find((d) => !d.surpriseRemovalSupported);
    if (!dev) return ctx.skip('every PCIe device reports surprise-removal support: no unsupported driver to test');

    const probe = await startProbe(ctx, 'workload around the crash', { gapThresholdMs: 2 });
    const since = ctx.clock.now();
    await ctx.fault('PCIe fatal error', { device: dev.id, surpriseRemovalSupported: false }, () => ctx.caps.FtLabFaultInjection.pcieFatalError(dev.id, ctx.signal), powerOnUndo(ctx));
    const down = await ctx.waitForState('FtState', 'detect: the system is down', sutDeadline(ctx, 60_000), (s) => s.powerState === 'Off');
    await crashOnConsole(ctx, dev.id, since);
    // Keep probing a moment so the silence of the workload is on record.
    await holdSut(ctx, 1_000);
    const stopped = await stopProbe(probe, { workloadDown: true });
    ctx.check('the harness detected the system failure (BMC reports power Off)', { kind: 'assertion', requirements: ['FT-06'] }, () =>
      down.powerState === 'Off' ? true : describeState(down),
    );
    ctx.check('the workload stopped answering after the crash', { kind: 'assertion', requirements: ['FT-06'] }, () => {
      const r = stopped.record;
      const last = r.gaps[r.gaps.length - 1];
      return last !== undefined && last.end >= r.stoppedAt - 1 ? true : `the workload still answered when the probe stopped (${r.received}/${r.sent} replies)`;
    });
    ctx.check('the BMC logged why the system went down', { kind: 'assertion', requirements: ['FT-06'] }, () => {
      const evs = ctx.events({ since }).filter(aboutDevice(dev.id));
      return evs.length > 0 ? true : `no event names ${dev.id}`;
    });

    // Recovery: power on, boot, the second module resyncs; the workload answers again.
    const powerOnAt = ctx.clock.now();
    await ctx.phase('recover: power on', sutDeadline(ctx, 30_000), (signal) => documented(ctx, 'recover: power on', () => ctx.caps.PowerControl.request('On', signal)));
    await ctx.waitForState('FtState', 'recover: system On', sutDeadline(ctx, 300_000), (s) => s.powerState === 'On');
    await ctx.waitForState('FtState', 'recover: system duplex', sutDeadline(ctx, resyncBudgetMs(ctx) * 2), (s) => s.activeModules.length === 2);
    await onConsole(ctx, 'recover: the console reports the resync done', CONSOLE_LINES.backInLockstep, sutDeadline(ctx, 30_000), powerOnAt);
    const back = await startProbe(ctx, 'workload after recovery', { gapThresholdMs: 2 });
    await holdSut(ctx, 500);
    const backRec = await stopProbe(back);
    ctx.check('the workload answers again after recovery', { kind: 'assertion', requirements: ['FT-06'] }, () =>
      backRec.record.received > 0 ? true : `no reply to ${backRec.record.sent} probes`,
    );
    await verifyDuplexAtEnd(ctx, ['FT-06']);
  },
});

/**
 * The console's account of the crash: the AER fatal error naming the device, then the kernel
 * panic naming it, within the detection deadline and in time with the BMC's own crash event.
 */
async function crashOnConsole(ctx: SoloContext<(typeof NEEDS)[number] | 'ConsoleCapture'>, device: string, since: number): Promise<void> {
  const aer = await onConsole(ctx, `detect: the console reports the fatal error of ${device}`, CONSOLE_LINES.aerFatal(device), sutDeadline(ctx, 60_000), since);
  const panic = await onConsole(ctx, 'detect: kernel panic on the console', CONSOLE_LINES.panic(device), sutDeadline(ctx, 60_000), since);
  const crash = await ctx.waitForEvent('detect: the BMC reports the system down', sutDeadline(ctx, 60_000), systemWentDown, { since });
  ctx.check('the console prints the AER fatal error before the panic', { kind: 'assertion', requirements: ['FT-06', 'H-03'] }, () =>
    aer.line.at <= panic.line.at ? true : `the panic ("${panic.line.text}") came before the AER line ("${aer.line.text}")`,
  );
  agreesInTime(ctx, 'the kernel panic on the console agrees in time with the BMC event of the crash', panic, crash, ['FT-06', 'H-03']);
}
