/**
 * A hardware fault through the failed server's own BMC (ClusterLabFaultInjection), through the
 * role's fault ledger (undo = repair, registered before the fault; then the manager is given time
 * to hear of the repair, so the next scenario finds the server a spare), and the wait for the
 * manager's failover to end as the LAB shows it: the failed server's boot volume moved to a
 * standby (the cluster samples) and that standby's BMC saying its OS runs — or that it cannot boot,
 * or the budgets' deadline. The wait judges nothing: the scenario's invariants do.
 */
import type { BmcEvent, FailoverManagerView } from '../../../drivers/capabilities/index.ts';
import { failovers } from './moves.ts';
import type { FoContext } from './define.ts';

/** Harness ms between two looks at the history while waiting. */
const LOOK_WALL_MS = 50;
/** Harness ms the undo waits for the manager to hear of the repair. */
const REPAIR_HEARD_WALL_MS = 10_000;

const ends = (id: string) => (e: BmcEvent): boolean => e.messageId.endsWith(`.${id}`);

/**
 * Inject `fault` (a type the BMC accepts, e.g. "Cpu") into `server` (default the failed one);
 * returns the harness time just before it, for event waits (`since`).
 */
export async function injectHardwareFault(fo: FoContext, fault: string, server = fo.failed.server): Promise<number> {
  const { ctx } = fo;
  const fi = fo.cl.member(server).cap('ClusterLabFaultInjection');
  const since = ctx.clock.now();
  const view = fo.cl.failoverManager?.caps.FailoverManagerView;
  await fo.member(server).fault(`hardware fault ${fault}`, { fault }, () => fi.injectFault(fault, ctx.signal), async () => {
    const heard = view ? await repairsOf(view, server) : null;
    await fi.repair(fault);
    if (view && heard !== null) await repairHeard(fo, view, server, heard);
  });
  return since;
}

/**
 * When the manager (if the cluster has one) decided `server` failed: until it logs the repair
 * (ServerRepaired), within REPAIR_HEARD_WALL_MS, so the next scenario finds a spare it may take.
 */
async function repairHeard(fo: FoContext, view: FailoverManagerView, server: string, heardBefore: number): Promise<void> {
  const until = fo.ctx.clock.now() + REPAIR_HEARD_WALL_MS;
  while (fo.ctx.clock.now() < until) {
    const now = await repairsOf(view, server);
    if (now === null || now > heardBefore) return;
    await fo.ctx.clock.sleep(LOOK_WALL_MS);
  }
  fo.ctx.log.warn(`${server} repaired, but the failover manager logged no ServerRepaired within ${REPAIR_HEARD_WALL_MS} ms`);
}

/** The manager's ServerRepaired events for `server`; null when it never decided `server` failed (it logs no repair then). */
async function repairsOf(view: FailoverManagerView, server: string): Promise<number | null> {
  const failed = (await view.decisions()).some((d) => d.decision.failure.server === server && d.decision.kind !== 'no-action');
  if (!failed) return null;
  return (await view.events()).filter((e) => e.server === server && e.messageId.endsWith('.ServerRepaired')).length;
}

/** How a failover ended in the lab. */
export interface FailoverSeen {
  /** The server the failed server's boot volume moved to, if it moved. */
  standby: string | null;
  /** The standby's BMC: its OS runs, it found no bootable device, its OS crashed; or the deadline passed first. */
  end: 'running' | 'no-boot' | 'crashed' | 'deadline';
  /** Harness time the wait ended. */
  at: number;
}

/** The standby's end of boot since `since`, if its BMC reported one. */
function bootEnd(fo: FoContext, standby: string, since: number): FailoverSeen['end'] | null {
  const seen = fo.member(standby).events({ since });
  if (seen.some(ends('OsRunning'))) return 'running';
  if (seen.some(ends('NoBootableDevice'))) return 'no-boot';
  if (seen.some(ends('SystemCrashed'))) return 'crashed';
  return null;
}

/**
 * Wait for the failover of the failed server that began with a fault at `since`: within twice the
 * fo.total budget (plus `dumpMs`, SUT ms of a dump the fence waits for) — the budget judges the
 * time; the wait only ends a failover that never ends.
 */
export async function awaitFailover(fo: FoContext, since: number, dumpMs = 0): Promise<FailoverSeen> {
  const { ctx } = fo;
  const limit = 2 * (ctx.budget('fo.total').limit + dumpMs);
  const until = ctx.clock.now() + limit / ctx.timeScale;
  let standby: string | null = null;
  while (ctx.clock.now() < until) {
    standby ??= failovers(fo.cl.records()).find((f) => f.failed === fo.failed.server)?.standby ?? null;
    const end = standby ? bootEnd(fo, standby, since) : null;
    if (end) return { standby, end, at: ctx.clock.now() };
    await ctx.clock.sleep(LOOK_WALL_MS, ctx.signal);
  }
  ctx.log.warn(`the failover of ${fo.failed.server} did not end in the lab within ${limit} SUT ms (standby: ${standby ?? 'none'})`);
  return { standby, end: 'deadline', at: ctx.clock.now() };
}

/** Let `sutMs` of lab time pass with nothing done (a fault that should change nothing), then one fresh sample of everything. */
export async function observeQuiet(fo: FoContext, sutMs: number): Promise<void> {
  await fo.ctx.clock.sleep(sutMs / fo.ctx.timeScale, fo.ctx.signal);
  await fo.sampler.fresh();
}
