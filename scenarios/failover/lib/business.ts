/**
 * FO-07 from the outside: the failed server's business answers again, from the standby, at its
 * own address (the probe counts only replies from the business's advertised address), and the
 * answering server is the one the lab shows running its boot volume; the standby's BMC says it
 * booted from that volume, and its console prints the SAN boot of it (console.ts). The outage is the probe's: fault → the first answer from the standby.
 */
import type { BusinessAnswer } from '../../../harness/probe/business.ts';
import type { FoContext } from './define.ts';
import type { FailoverSeen } from './fault.ts';
import { checkStandbyConsoleBoot } from './console.ts';
import { failovers } from './moves.ts';
import { foBudgetParams } from './budget-params.ts';

const LOOK_WALL_MS = 50;
/**
 * SUT ms the business may take to answer after its standby's OS runs before the probe gives up:
 * three times the 10 s fo.outage allows for it. Not a budget: fo.outage judges the time.
 */
const LISTEN_SUT_MS = 30_000;

export const BUSINESS_CHECK = 'the business answers again, from the standby, with its own address';
export const BOOTS_CHECK = "the standby's BMC says it boots from the failed server's SAN volume";

/** The first answer from `server` at or after `since`. */
const firstFrom = (answers: readonly BusinessAnswer[], server: string, since: number): BusinessAnswer | undefined => answers.find((a) => a.sent >= since && a.server === server);

/** Wait (LISTEN_SUT_MS after the failover ended in the lab, `ended`) for the probe to hear the business from `standby` since `since`. */
async function answerFrom(fo: FoContext, standby: string, since: number, ended: number): Promise<BusinessAnswer | undefined> {
  const { probe } = fo;
  if (!probe) return undefined;
  const until = ended + LISTEN_SUT_MS / fo.ctx.timeScale;
  for (;;) {
    const a = firstFrom(probe.answers(), standby, since);
    if (a || fo.ctx.clock.now() >= until) return a;
    await fo.ctx.clock.sleep(LOOK_WALL_MS, fo.ctx.signal);
  }
}

/** What was wrong with the answers after the fault, or null. */
function judgeAnswers(fo: FoContext, standby: string, since: number, first: BusinessAnswer | undefined): string | null {
  const { business } = fo.failed;
  if (!business || !fo.probe) return `no business answered from ${fo.failed.server} before the fault: nothing to answer again`;
  const address = fo.cl.businesses.find((b) => b.name === business);
  const where = `${address?.host ?? '?'}:${address?.udp ?? '?'}`;
  const lab = failovers(fo.cl.records()).find((f) => f.failed === fo.failed.server);
  if (!lab) return `the lab shows no boot volume of ${fo.failed.server} moved to another server`;
  if (lab.standby !== standby) return `the lab shows ${lab.volume} on ${lab.standby}, not on ${standby}`;
  if (!first) return `${business} did not answer from ${standby} at ${where} within ${LISTEN_SUT_MS} SUT ms after the lab showed the failover end`;
  const stray = fo.probe.answers().find((a) => a.sent > first.sent && a.server !== null && a.server !== standby);
  if (stray) return `${business} answered from ${stray.server ?? '?'} after it had answered from ${standby}`;
  return null;
}

/** FO-07: the business answers again from the standby (the lab's holder of its volume) at its own address; the outage measured (no dump written). */
export async function checkBusinessReturns(fo: FoContext, since: number, seen: FailoverSeen): Promise<void> {
  const { ctx } = fo;
  const standby = seen.standby ?? '(none)';
  const first = seen.standby ? await answerFrom(fo, seen.standby, since, seen.at) : undefined;
  await fo.sampler.fresh();
  ctx.check(BUSINESS_CHECK, { kind: 'invariant', requirements: ['FO-07'] }, () => judgeAnswers(fo, standby, since, first) ?? true);
  const booted = seen.standby ? fo.member(seen.standby).events({ since }).find((e) => e.messageId.endsWith('.BootingFrom')) : undefined;
  const volume = failovers(fo.cl.records()).find((f) => f.failed === fo.failed.server)?.volume ?? null;
  ctx.check(BOOTS_CHECK, { kind: 'assertion', requirements: ['FO-07'] }, () =>
    !booted ? `${standby}'s BMC reported no boot from a volume` : booted.messageArgs[1] === volume ? true : `${standby} booted from ${booted.messageArgs[1] ?? '?'}, the lab moved ${volume ?? 'nothing'} to it`,
  );
  if (seen.standby) await checkStandbyConsoleBoot(fo, seen.standby, volume, since, booted);
  if (first) ctx.measure('failover.outage', ctx.toSutMs(first.at - since), { unit: 'ms', source: 'outside probe of the business: fault → first answer from the standby', resolution: ctx.toSutMs(first.at - first.sent), budget: 'fo.outage', budgetParams: foBudgetParams(ctx) });
}
