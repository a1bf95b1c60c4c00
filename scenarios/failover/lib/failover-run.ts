/**
 * One failover run the way most scenarios run it: a hardware fault through the failed server's
 * BMC, the wait for the failover to end in the lab, the manager's decision and the detection
 * time checked (FO-01), and the phases measured from the lab's samples against the budgets.
 */
import { checkDecisionNames, measureDetectionAndFence } from './checks.ts';
import type { FoContext } from './define.ts';
import { awaitFailover, injectHardwareFault, type FailoverSeen } from './fault.ts';
import { measureFailover } from './measure.ts';
import { failovers } from './moves.ts';

export interface FailoverRun extends FailoverSeen {
  /** Harness time just before the fault. */
  since: number;
}

/**
 * Fail the picked server with `fault`; `then`: what happens to it right after (a dump it writes),
 * `dumpMs`: SUT ms of that dump (the fence waits for it).
 */
export async function failWith(fo: FoContext, fault: string, dumpMs = 0, then?: () => Promise<void>): Promise<FailoverRun> {
  const since = await injectHardwareFault(fo, fault);
  await then?.();
  const seen = await awaitFailover(fo, since, dumpMs);
  await fo.sampler.fresh();
  await checkDecisionNames(fo, fault);
  measureDetectionAndFence(fo, since, dumpMs);
  const move = failovers(fo.cl.records()).find((f) => f.failed === fo.failed.server);
  if (move) measureFailover(fo.ctx, { failed: move.failed, standby: move.standby, volume: move.volume }, { dumpMs });
  return { ...seen, since };
}
