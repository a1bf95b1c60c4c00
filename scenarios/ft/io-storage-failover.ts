/**
 * FT-05, storage: the mirrored disks are reached over two paths (one HBA per module), active and
 * standby (multipath). Fail the active path's link, then (after the repair) the other one: the multipath driver detects it and switches to
 * the standby path at once. The BMC must report the new active path exactly (the other module's
 * path), name both paths in its failover event, and nothing else may change: the NIC team, the
 * lockstep, both modules and their error counters. The switch time is measured from the BMC's
 * events (link lost → path failover) against the storage failover budget.
 */
import { systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import type { BmcEvent, FtSystemSnapshot } from '../../drivers/capabilities/index.ts';
import type { SoloContext } from '../../harness/scenario.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { ioMemberAfterLoss, moduleOfMember, onlyExpected } from './lib/expect.ts';
import { linkUpUndo, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { bmcSpanMs, budgetLimit, holdSut, sutDeadline } from './lib/time.ts';

/** The BMC's link-loss event for `iface` (NetworkDevice ConnectionDropped, or any event whose origin is it). */
function linkLostOf(iface: string): (e: BmcEvent) => boolean {
  return (e) => !ftEvent(FT.PathFailover)(e) && (e.messageArgs.includes(iface) || (e.originOfCondition ?? '').endsWith(`/${iface}`));
}

type Ctx = SoloContext<'FtState' | 'EventSource' | 'FtLabFaultInjection'>;

/**
 * Fail the active path, check the switch exactly, measure it as `measurement`, restore the link.
 * Returns the state after the repair (the new path active, the old one standby).
 */
async function failActivePath(ctx: Ctx, before: FtSystemSnapshot, measurement: string): Promise<FtSystemSnapshot> {
  const failed = before.storagePathActive;
  const lost = moduleOfMember(failed);
  if (!failed || lost === undefined) return ctx.fail(`the BMC reports no active storage path naming a module ("${failed ?? '-'}")`);
  const since = ctx.clock.now();
  await ctx.fault('storage path link down', { interface: failed, linkUp: false }, () => ctx.caps.FtLabFaultInjection.setLink(failed, false, ctx.signal), linkUpUndo(ctx, failed));
  const budget = budgetLimit(ctx, 'ft.io.storage.failover.time', 3_000);
  const failover = await ctx.waitForEvent(`failover: PathFailover away from ${failed}`, sutDeadline(ctx, budget * 20), ftEvent(FT.PathFailover), { since });
  // The state is read a moment after the event: the path the BMC reports must be the new one by then.
  await holdSut(ctx, 300);
  const after = await ctx.sample('FtState');
  const switched = onlyExpected(before, after, { storagePath: ioMemberAfterLoss(failed, lost) });
  ctx.check(`exactly: the active path moved from ${failed} to the other module's path; NIC team, lockstep and modules unchanged`, { kind: 'assertion', requirements: ['FT-05'] }, () => switched);
  // The next round fails the path reported active now: it must be the right one.
  if (switched !== true) return ctx.fail(`after the failover away from ${failed}: ${switched}`);
  ctx.check(`the PathFailover event names ${failed} and the path the BMC now reports active`, { kind: 'assertion', requirements: ['FT-05'] }, () =>
    failover.messageArgs[1] === failed && failover.messageArgs[2] === after.storagePathActive ? true : `expected from ${failed} to ${after.storagePathActive ?? '-'}: ${describeEvent(failover)}`,
  );
  const linkLost = ctx.events({ since }).find(linkLostOf(failed));
  if (!linkLost) return ctx.fail(`the BMC sent no event about the link loss of ${failed} (the switch time has no start)`);
  ctx.measure(measurement, bmcSpanMs(ctx, linkLost, failover), {
    unit: 'ms', source: `events (${linkLost.messageId} → PathFailover)`, budget: 'ft.io.storage.failover.time', resolution: 0.001, requirements: ['FT-05'],
  });
  // Repair: the link comes back; the path rejoins as standby, the active path stays where it is.
  await ctx.phase(`restore: link of ${failed} up`, sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.setLink(failed, true, signal));
  await holdSut(ctx, 300);
  const end = await ctx.sample('FtState');
  ctx.check(`after ${failed} came back the active path stays where it moved (no failback), nothing else changed`, { kind: 'assertion', requirements: ['FT-05'] }, () => onlyExpected(after, end, {}));
  return end;
}

export const ftIoStorageFailover = ftScenario({
  id: 'ft-io-storage-failover',
  title: 'Active storage path down, then the other one: multipath switches each way, the BMC reports the new path, nothing else changes',
  requirements: ['FT-05'],
  tags: ['ft', 'io', 'storage', 'failover'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection'],
  timeoutMs: 600_000,
  invariants: [systemStaysOn],
  checks: [
    { name: 'storage-failover-time', kind: 'budget' },
    { name: 'storage-failover-time-back', kind: 'budget' },
  ],
  async run(ctx) {
    const before = await requireDuplex(ctx);
    if (!before.storagePathActive) return ctx.skip('the BMC reports no active storage path (Oem ActiveStoragePath); nothing to fail over');
    if (moduleOfMember(before.storagePathActive) === undefined) return ctx.skip(`the active storage path "${before.storagePathActive}" names no module; the expected standby cannot be told`);
    // Both modules' paths fail in turn: the switch must work in either direction.
    const moved = await failActivePath(ctx, before, 'storage-failover-time');
    await failActivePath(ctx, moved, 'storage-failover-time-back');
    await verifyDuplexAtEnd(ctx, ['FT-05']);
  },
});
