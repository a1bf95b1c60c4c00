/**
 * FT-05: duplicated IO devices run active/standby (NIC team, ActiveBackup). Fail the active NIC's
 * link: the driver detects it and switches to the standby at once. The IO gap is measured by the
 * workload probe (traffic lost during the switch) and, when the BMC reports the link loss, from
 * its events; an application's TCP session carries every line through it; the CPU modules stay
 * in lockstep throughout.
 */
import { oneWorkloadAddress, systemStaysOn } from './lib/invariants.ts';
import { ftScenario } from './lib/define.ts';
import type { BmcEvent } from '../../drivers/capabilities/index.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { checkProbeEvidence, measureOutageCausedAt, startProbe, stopProbe } from './lib/probe.ts';
import { describeState, isDuplex } from './lib/state.ts';
import { ioMemberAfterLoss, moduleOfMember, onlyExpected } from './lib/expect.ts';
import { holdForStall, linkUpUndo, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { bmcSpanMs, budgetLimit, sutDeadline } from './lib/time.ts';
import { CONSOLE_LINES, agreesInTime, onConsole } from './lib/console.ts';
import { checkSessionCarried, holdTcpSession } from './lib/tcp-session.ts';

/** Does this event name the interface (argument or origin), other than the failover itself? */
function aboutInterface(e: BmcEvent, iface: string): boolean {
  if (ftEvent(FT.NicTeamFailover)(e)) return false;
  return e.messageArgs.some((a) => a === iface || a.endsWith(`/${iface}`)) || (e.originOfCondition ?? '').endsWith(`/${iface}`);
}

export const ftIoNicFailover = ftScenario({
  id: 'ft-io-nic-failover',
  title: 'Active NIC link down: the team fails over to the standby NIC; IO gap within budget, CPUs stay duplex',
  requirements: ['FT-05', 'FT-03', 'H-03'],
  tags: ['ft', 'io', 'nic', 'failover'],
  needs: ['FtState', 'EventSource', 'FtLabFaultInjection', 'WorkloadLocator', 'ConsoleCapture'],
  timeoutMs: 600_000,
  invariants: [systemStaysOn, oneWorkloadAddress],
  checks: [
    { name: 'io-failover-gap', kind: 'budget' },
  ],
  async run(ctx) {
    const start = await requireDuplex(ctx);
    const active = start.nicActive;
    if (!active) return ctx.skip('the BMC reports no active NIC team member (bond0); nothing to fail over');

    const session = await holdTcpSession(ctx, 'application TCP session');
    const probe = await startProbe(ctx, 'workload during NIC failover', { gapThresholdMs: 2 });
    const since = ctx.clock.now();
    await ctx.fault(
      'NIC link down',
      { interface: active, linkUp: false },
      () => ctx.caps.FtLabFaultInjection.setLink(active, false, ctx.signal),
      linkUpUndo(ctx, active),
    );
    const failoverBudget = budgetLimit(ctx, 'ft.io.failover.time', 1_000);
    const failover = await ctx.waitForEvent('failover: NicTeamFailover event', sutDeadline(ctx, failoverBudget * 20), ftEvent(FT.NicTeamFailover), { since });
    const switched = await ctx.waitForState('FtState', 'failover: the standby NIC is active', sutDeadline(ctx, 30_000), (s) => s.nicActive !== null && s.nicActive !== active);
    ctx.check(`exactly: the NIC team moved from ${active} to the other module's NIC; storage path, lockstep and modules unchanged`, { kind: 'assertion', requirements: ['FT-05'] }, () => {
      const lost = moduleOfMember(active);
      return lost === undefined ? `the active NIC "${active}" names no module` : onlyExpected(start, switched, { nic: ioMemberAfterLoss(active, lost) });
    });
    ctx.check('the failover event names the failed NIC and the NIC the BMC now reports active', { kind: 'assertion', requirements: ['FT-05'] }, () =>
      failover.messageArgs[1] === active && failover.messageArgs[2] === switched.nicActive
        ? true
        : `expected from ${active} to ${switched.nicActive ?? '-'}: ${describeEvent(failover)}`,
    );
    const linkDown = await onConsole(ctx, `failover: the bonding driver disables ${active}`, CONSOLE_LINES.bondLinkDown(active), sutDeadline(ctx, 30_000), since);
    const bondLine = await onConsole(ctx, 'failover: the bonding driver names the new active NIC', CONSOLE_LINES.bondActive(switched.nicActive ?? '-'), sutDeadline(ctx, 30_000), since);
    ctx.check('the bonding driver disabled the failed NIC before making the standby active', { kind: 'assertion', requirements: ['FT-05', 'H-03'] }, () =>
      linkDown.line.at <= bondLine.line.at ? true : `"${bondLine.line.text}" came before "${linkDown.line.text}"`,
    );
    agreesInTime(ctx, 'the bonding driver\'s failover line agrees in time with the BMC\'s NicTeamFailover event', bondLine, failover, ['FT-05', 'H-03']);
    await holdForStall(ctx);
    const after = await ctx.sample('FtState');
    ctx.check('nothing changed after the switch: CPU modules in lockstep, the new NIC still active', { kind: 'assertion', requirements: ['FT-05'] }, () =>
      isDuplex(after) ? onlyExpected(switched, after, {}) : describeState(after),
    );
    const stopped = await stopProbe(probe);
    checkProbeEvidence(ctx, stopped);
    await checkSessionCarried(ctx, session, 'the NIC failover (data sent in the switch waits, TCP retransmits)', ['FT-05', 'FT-03']);
    measureOutageCausedAt(ctx, stopped, 'io-failover-gap', { causeAt: since, seenAt: failover.receivedAt, budget: 'ft.io.failover.gap', requirements: ['FT-05'] });
    const linkLost = ctx.events({ since }).find((e) => aboutInterface(e, active));
    if (linkLost) {
      ctx.measure('io-failover-time', bmcSpanMs(ctx, linkLost, failover), {
        unit: 'ms', source: `events (${linkLost.messageId} → NicTeamFailover)`, budget: 'ft.io.failover.time', resolution: 0.001, requirements: ['FT-05'],
      });
    }

    // Repair: the link comes back; the NIC rejoins the team (as standby).
    await ctx.phase(`restore: link of ${active} up`, sutDeadline(ctx, 30_000), (signal) => ctx.caps.FtLabFaultInjection.setLink(active, true, signal));
    await verifyDuplexAtEnd(ctx, ['FT-05']);
  },
});
