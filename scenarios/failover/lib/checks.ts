/**
 * Checks of one failover scenario that need more than the history's samples: the manager's own
 * decision for the failure (FO-01: its claim about what it detected), the order of the requests the
 * failed server's BMC accepted and the dump it wrote (FO-03), the detection time by the failed
 * BMC's own clock (the fault's event → the first request it accepted from the manager).
 */
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import type { FoContext } from './define.ts';

const is = (id: string) => (e: BmcEvent): boolean => e.messageId.endsWith(`.${id}`);
const resetOf = (e: BmcEvent): string | null => (is('ResetRequested')(e) ? String(e.messageArgs[1] ?? '') : null);

/** FO-01: the manager decided on `fault` of the failed server, with its BMC's HardwareFault event as evidence. */
export async function checkDecisionNames(fo: FoContext, fault: string): Promise<void> {
  const view = fo.cl.failoverManager?.cap('FailoverManagerView');
  const decisions = view ? await view.decisions(fo.ctx.signal) : [];
  fo.ctx.check(`the manager's decision names the ${fault} fault of ${fo.failed.server} and its evidence event`, { kind: 'assertion', requirements: ['FO-01'] }, () => {
    if (!view) return 'the cluster has no failover manager to ask';
    const mine = decisions.filter((d) => d.decision.failure.server === fo.failed.server);
    const d = mine.find((x) => x.decision.failure.faultType === fault);
    if (!d) return `no decision for a ${fault} fault of ${fo.failed.server} (its decisions: ${mine.map((x) => `${x.decision.kind} on ${x.decision.failure.faultType}`).join(', ') || 'none'})`;
    const ev = d.decision.failure.evidence;
    return ev.messageId.endsWith('.HardwareFault') ? true : `the decision's evidence is ${ev.messageId}, not the BMC's HardwareFault event`;
  });
}

/**
 * FO-01: fault → the first request the failed server's BMC accepted after it (the manager's first
 * action in the lab), both by that BMC's own event timestamps; measured against fo.detection.
 */
export function measureDetection(fo: FoContext, since: number): void {
  const { ctx } = fo;
  const seen = fo.member(fo.failed.server).events({ since });
  const fault = seen.find(is('HardwareFault'));
  const first = seen.find((e) => resetOf(e) !== null);
  const ok = ctx.check(`${fo.failed.server}'s BMC reported the fault and then a request of the manager`, { kind: 'assertion', requirements: ['FO-01'] }, () =>
    !fault ? `${fo.failed.server}'s BMC sent no HardwareFault event` : !first ? `${fo.failed.server}'s BMC accepted no power request after the fault` : true,
  );
  if (!ok || !fault || !first) return;
  const ms = ctx.parseBmcTime(first.eventTimestamp) - ctx.parseBmcTime(fault.eventTimestamp);
  ctx.measure('failover.detection', ms, { unit: 'ms', source: `${fo.failed.server}'s BMC event timestamps: HardwareFault → ResetRequested ${resetOf(first) ?? ''}`, budget: 'fo.detection' });
}

/**
 * FO-03: the failed server's BMC accepted a GracefulShutdown first; a ForceOff, if any, came after
 * it and, when the server was writing a dump, after the DumpFinished event.
 */
export function checkFence(fo: FoContext, since: number, dumping: boolean): void {
  const seen = fo.member(fo.failed.server).events({ since });
  const resets = seen.filter((e) => resetOf(e) !== null);
  const force = resets.findIndex((e) => resetOf(e) === 'ForceOff');
  const graceful = resets.findIndex((e) => resetOf(e) === 'GracefulShutdown');
  const dumpDone = seen.findIndex(is('DumpFinished'));
  const forceAt = force < 0 ? -1 : seen.indexOf(resets[force] as BmcEvent);
  fo.ctx.check('the fence is a graceful shutdown, then ForceOff (after the dump, when one is written)', { kind: 'invariant', requirements: ['FO-03'] }, () => {
    const said = resets.map(resetOf).join(', ') || 'none';
    if (graceful < 0) return `${fo.failed.server}'s BMC accepted no GracefulShutdown (requests: ${said})`;
    if (force >= 0 && force < graceful) return `ForceOff came before the GracefulShutdown (requests: ${said})`;
    if (dumping && forceAt >= 0 && (dumpDone < 0 || forceAt < dumpDone)) return `ForceOff at ${resets[force]?.eventTimestamp ?? '?'} while ${fo.failed.server} was still writing its dump (DumpFinished ${dumpDone < 0 ? 'never came' : `at ${seen[dumpDone]?.eventTimestamp ?? '?'}`})`;
    if (dumping && dumpDone < 0) return `${fo.failed.server} never finished its dump`;
    return true;
  });
}
