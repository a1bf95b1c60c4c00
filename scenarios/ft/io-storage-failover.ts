/**
 * FT-05, storage: the mirrored disks are reached over two paths (one HBA per module), active and
 * standby (multipath). Fail the active path's link: the multipath driver detects it and switches to
 * the standby path at once. The BMC must report the new active path exactly (the other module's
 * path), name both paths in its failover event, and nothing else may change: the NIC team, the
 * lockstep, both modules and their error counters. The switch time is measured from the BMC's
 * events (link lost → path failover) against the storage failover budget.
 */
import { systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import type { BmcEvent } from '../../drivers/capabilities/index.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { ioMemberAfterLoss, moduleOfMember, onlyExpected } from './lib/expect.ts';
import { linkUpUndo, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { bmcSpanMs, budgetLimit, holdSut, sutDeadline } from './lib/time.ts';

/** The BMC's link-loss event for `iface` (NetworkDevice ConnectionDropped, or any event whose origin is it). */
function linkLostOf(iface: string): (e: BmcEvent) => boolean {
  return (e) => !ftEvent(FT.PathFailover)(e) && (e.messageArgs.includes(iface) || (e.originOfCondition ?? '').endsWith(`/${iface}`));
}

export const ftIoStorageFailover = ftScenario({
  id: 'ft-io-storage-failover',
  title: 'Active storage path down: multipath switches to the standby path, the BMC reports it, nothing else changes',
  requirements: ['FT-05'],
  tags: ['ft', 'io', 'storage', 'failover'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection'],
  timeoutMs: 600_000,
  invariants: [systemStaysOn],
  checks: [{ name: 'storage-failover-time', kind: 'budget' }],
  async run(ctx) {
    const before = await requireDuplex(ctx);
    const failed = before.storagePathActive;
    if (!failed) return ctx.skip('the BMC reports no active storage path (Oem ActiveStoragePath); nothing to fail over');
    const lost = moduleOfMember(failed);
    if (lost === undefined) return ctx.skip(`the active storage path "${failed}" names no module; the expected standby cannot be told`);

    const since = ctx.clock.now();
    await ctx.fault('storage path link down', { interface: failed, linkUp: false }, () => ctx.caps.FtLabFaultInjection.setLink(failed, false, ctx.signal), linkUpUndo(ctx, failed));
    const budget = budgetLimit(ctx, 'ft.io.storage.failover.time', 3_000);
    const failover = await ctx.waitForEvent('failover: PathFailover event', sutDeadline(ctx, budget * 20), ftEvent(FT.PathFailover), { since });
    // The state is read a moment after the event: the path the BMC reports must be the new one by then.
    await holdSut(ctx, 300);
    const after = await ctx.sample('FtState');
    ctx.check(
      `exactly: the active path moved from ${failed} to the standby path of the other module; NIC team, lockstep and modules unchanged`,
      { kind: 'assertion', requirements: ['FT-05'] },
      () => onlyExpected(before, after, { storagePath: ioMemberAfterLoss(failed, lost) }),
    );
    ctx.check('the PathFailover event names the failed path and the path the BMC now reports active', { kind: 'assertion', requirements: ['FT-05'] }, () =>
      failover.messageArgs[1] === failed && failover.messageArgs[2] === after.storagePathActive
        ? true
        : `expected from ${failed} to ${after.storagePathActive ?? '-'}: ${describeEvent(failover)}`,
    );
    const linkLost = ctx.events({ since }).find(linkLostOf(failed));
    if (!linkLost) return ctx.fail(`the BMC sent no event about the link loss of ${failed} (the switch time has no start)`);
    ctx.measure('storage-failover-time', bmcSpanMs(ctx, linkLost, failover), {
      unit: 'ms', source: `events (${linkLost.messageId} → PathFailover)`, budget: 'ft.io.storage.failover.time', resolution: 0.001, requirements: ['FT-05'],
    });

    // Repair: the link comes back; the path rejoins as standby, the active path stays where it is.
    await ctx.phase(`restore: link of ${failed} up`, sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.setLink(failed, true, signal));
    await holdSut(ctx, 300);
    const end = await verifyDuplexAtEnd(ctx, ['FT-05']);
    ctx.check('after the repair the active path stays on the standby (no failback), nothing else changed', { kind: 'assertion', requirements: ['FT-05'] }, () =>
      onlyExpected(after, end, {}),
    );
  },
});
