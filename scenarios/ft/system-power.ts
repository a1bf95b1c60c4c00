/**
 * The operator's power actions on the whole system (ComputerSystem.Reset, FT-08 resync at boot):
 * On asked of a running system changes nothing (no reboot, no resync, an application's session
 * carried through); ForceOff stops it at once: Off, nothing of it in service, and nothing an
 * application sent from then on is ever answered; a NIC cable pulled while it is Off makes no
 * failover of a team that carries nothing, and the boot starts the team on the other NIC; On boots
 * it on one module and resynchronises the other (exactly one resync), duplex again, the workload
 * answering.
 */
import type { SoloContext } from '../../harness/scenario.ts';
import { FT, describeEvent, ftEvent } from '../../lib/domains/ft/messages.ts';
import { ftScenario } from './lib/define.ts';
import { onlyExpected } from './lib/expect.ts';
import { oneWorkloadAddress } from './lib/invariants.ts';
import { startProbe, stopProbe } from './lib/probe.ts';
import { documented, holdForStall, linkUpUndo, powerOnUndo, requestMayBeRefused, requireDuplex, verifyDuplexAtEnd } from './lib/steps.ts';
import { checkSessionCarried, checkSessionEndedWithTheOs, holdTcpSession } from './lib/tcp-session.ts';
import { holdSut, sutDeadline } from './lib/time.ts';

const NEEDS = ['FtState', 'EventSource', 'PowerControl', 'WorkloadLocator', 'FtLabFaultInjection'] as const;
type Ctx = SoloContext<(typeof NEEDS)[number]>;
const REQ = ['FT-01', 'FT-08'];

/** A member of the IO team, whichever (a boot starts the team on its first usable member). */
const anyMember = { test: (v: string) => v !== '-', says: 'a member' };

/** Reset On of a system that is On: accepted or refused, nothing happens. */
async function onWhileOn(ctx: Ctx): Promise<void> {
  const start = await ctx.sample('FtState');
  const since = ctx.clock.now();
  await requestMayBeRefused(ctx, 'Reset On of the running system', sutDeadline(ctx, 30_000), (signal) => ctx.caps.PowerControl.request('On', signal));
  await holdForStall(ctx);
  const after = await ctx.sample('FtState');
  ctx.check('Reset On of a system that is On changes nothing: no power change, no resync, every fact as before', { kind: 'assertion', requirements: REQ }, () => {
    const moved = ctx.events({ since }).find((e) => ftEvent(FT.ResyncStarted)(e) || /ResourcePower(ed|ing)(On|Off)/.test(e.messageId));
    return moved ? describeEvent(moved) : onlyExpected(start, after, {});
  });
}

/** The active NIC's link lost while the system is Off (a cable pulled in maintenance); returns that NIC, if there was one. */
async function cableCutWhileOff(ctx: Ctx, nic: string | null): Promise<string | null> {
  if (nic !== null) await ctx.fault('NIC link down while Off', { interface: nic, linkUp: false }, () => ctx.caps.FtLabFaultInjection.setLink(nic, false, ctx.signal), linkUpUndo(ctx, nic));
  await holdSut(ctx, 1_000);
  return nic;
}

/** A team of a system that is Off carries nothing, so nothing fails over; at boot it starts on a NIC with a link. */
function checkBootWithoutCable(ctx: Ctx, cut: string | null, o: { offAt: number; onAt: number; nic: string | null }): void {
  if (cut === null) return;
  ctx.check(`the NIC team of the system Off reports no failover when ${cut} loses its link, and the boot starts it on the other NIC`, { kind: 'assertion', requirements: ['FT-05'] }, () => {
    const whileOff = ctx.events({ since: o.offAt }).filter((e) => e.receivedAt < o.onAt && /NicTeamFailover|IoPathsLost/.test(e.messageId));
    if (whileOff.length > 0) return `while Off: ${whileOff.map(describeEvent).join('; ')}`;
    return o.nic !== null && o.nic !== cut ? true : `after the boot the team's active NIC is ${o.nic ?? 'none'}`;
  });
}

export const ftSystemPower = ftScenario({
  id: 'ft-system-power',
  title: 'System power: On while On changes nothing; ForceOff stops it at once; On boots it and resyncs the other module to duplex',
  requirements: [...REQ, 'FT-03', 'FT-05'],
  tags: ['ft', 'power', 'resync'],
  needs: NEEDS,
  systemGoesDown: true,
  timeoutMs: 1_200_000,
  invariants: [oneWorkloadAddress],
  async run(ctx) {
    const start = await requireDuplex(ctx);
    const session = await holdTcpSession(ctx, 'application TCP session');
    await onWhileOn(ctx);
    await checkSessionCarried(ctx, session, 'a Reset On of the running system', ['FT-01', 'FT-03']);

    await ctx.fault('system ForceOff', {}, () => documented(ctx, 'system ForceOff', () => ctx.caps.PowerControl.request('ForceOff', ctx.signal)), powerOnUndo(ctx));
    await ctx.waitForState('FtState', 'ForceOff: the system is Off', sutDeadline(ctx, 30_000), (s) => s.powerState === 'Off');
    const offAt = ctx.clock.now();
    const cut = await cableCutWhileOff(ctx, start.nicActive);

    const onAt = ctx.clock.now();
    await ctx.phase('power the system On', sutDeadline(ctx, 30_000), (signal) => documented(ctx, 'power the system On', () => ctx.caps.PowerControl.request('On', signal)));
    const end = await verifyDuplexAtEnd(ctx, REQ);
    checkSessionEndedWithTheOs(ctx, session, offAt);
    checkBootWithoutCable(ctx, cut, { offAt, onAt, nic: end.nicActive });
    ctx.check('power-on: exactly one resync (the module that boots the system is not resynchronised)', { kind: 'assertion', requirements: ['FT-08'] }, () => {
      const resyncs = ctx.events({ since: onAt }).filter(ftEvent(FT.ResyncStarted));
      return resyncs.length === 1 ? true : `${resyncs.length} ResyncStarted: ${resyncs.map(describeEvent).join('; ') || 'none'}`;
    });
    ctx.check('exactly: after the power cycle the system is duplex as before (the IO teams on any member)', { kind: 'assertion', requirements: REQ }, () =>
      onlyExpected(start, end, { nic: anyMember, storagePath: anyMember }),
    );
    const probe = await startProbe(ctx, 'workload after the power cycle', { gapThresholdMs: 2 });
    await holdSut(ctx, 500);
    const back = await stopProbe(probe);
    ctx.check('the workload answers again after the boot', { kind: 'assertion', requirements: ['FT-01'] }, () =>
      back.record.received > 0 ? true : `no reply to ${back.record.sent} probes`,
    );
  },
});
