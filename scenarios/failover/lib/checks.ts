/**
 * Checks of one failover scenario that need more than the history's samples: the manager's own
 * decision for the failure (FO-01: its claim about what it detected), the order of the requests the
 * failed server's BMC accepted and the dump it wrote (FO-03), the detection time by the failed
 * BMC's own clock (the fault's event → the first request it accepted from the manager → power Off).
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
 * FO-01 and FO-03 by the failed server's BMC's own clock: fault → the first request it accepted
 * after it (the manager's first action in the lab) against fo.detection, and that request → its
 * power Off against fo.fence (`dumpMs`: the dump the fence waits for).
 */
export function measureDetectionAndFence(fo: FoContext, since: number, dumpMs: number): void {
  const { ctx } = fo;
  const who = fo.failed.server;
  const seen = fo.member(who).events({ since });
  const fault = seen.find(is('HardwareFault'));
  const first = seen.find((e) => resetOf(e) !== null);
  const off = first ? seen.slice(seen.indexOf(first)).find(is('ResourcePoweredOff')) : undefined;
  const ok = ctx.check(`${who}'s BMC reported the fault and then a request of the manager`, { kind: 'assertion', requirements: ['FO-01'] }, () =>
    !fault ? `${who}'s BMC sent no HardwareFault event` : !first ? `${who}'s BMC accepted no power request after the fault` : true,
  );
  if (!ok || !fault || !first) return;
  const at = (e: BmcEvent): number => ctx.parseBmcTime(e.eventTimestamp);
  const source = (to: string) => `${who}'s BMC event timestamps: ${to}`;
  ctx.measure('failover.detection', at(first) - at(fault), { unit: 'ms', source: source(`HardwareFault → ResetRequested ${resetOf(first) ?? ''}`), budget: 'fo.detection' });
  if (off) ctx.measure('failover.fence', at(off) - at(first), { unit: 'ms', source: source(`ResetRequested ${resetOf(first) ?? ''} → ResourcePoweredOff`), budget: 'fo.fence', budgetParams: { dumpMs } });
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
