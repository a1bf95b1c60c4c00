/**
 * What the search scenarios do to the lab, each through the ledger with its undo registered first:
 * occupy a spare as a lab engineer would (power it on: a running server is nobody's standby), fail
 * a server through its BMC's fault injection; and the waits, each with its SUT deadline: the
 * manager's decision about a failure, a server's power.
 */
import type { ScenarioContext } from '../../../harness/scenario.ts';
import { powerReaches, roleOf } from './members.ts';
import type { DecisionRecord, FailoverManagerView, ManagementTable } from '../../../drivers/capabilities/failover-manager.ts';

/** SUT ms the manager may take from a failure to the end of its decision (fence with dump wait, remap, boot). */
export const DECISION_DEADLINE_MS = 600_000;
/** SUT ms a standby's OS may take to run after its power-on (the lab's POST, fabric login, boot). */
export const BOOT_DEADLINE_MS = 300_000;

export function managerOf(ctx: ScenarioContext): FailoverManagerView {
  const cl = ctx.cluster();
  if (!cl.failoverManager) return ctx.skip(`cluster ${cl.name} has no failover manager bound`);
  return cl.failoverManager.cap('FailoverManagerView');
}

/** Power on each unused server: in use from then on, nobody's standby; powered off again at the end. */
export async function occupy(ctx: ScenarioContext, servers: readonly string[]): Promise<void> {
  const cl = ctx.cluster();
  for (const s of servers) {
    const power = cl.member(s).cap('PowerControl');
    await roleOf(ctx, s).fault('occupy spare', { how: 'power on' }, () => power.request('On', ctx.signal), () => power.request('ForceOff'));
  }
  for (const s of servers) await powerReaches(ctx, cl.member(s), 'On', 60_000);
}

/**
 * A CPU fault through `server`'s BMC (FaultInjection). Undo: repair it; a server still on (no
 * standby took its business) is restarted so its business runs again.
 */
export async function failServer(ctx: ScenarioContext, server: string): Promise<void> {
  const m = ctx.cluster().member(server);
  const fi = m.cap('ClusterLabFaultInjection');
  const undo = async (): Promise<void> => {
    await fi.repair('Cpu');
    if ((await m.cap('PowerControl').state()) !== 'Off') await m.cap('PowerControl').request('ForceRestart');
  };
  await roleOf(ctx, server).fault('CPU fault', { fault: 'Cpu' }, () => fi.injectFault('Cpu', ctx.signal), undo);
}

/** The manager's table, rebuilt now: a scale-out question makes it read the lab again (its API's documented behaviour). */
export async function freshTable(view: FailoverManagerView, like: string, signal: AbortSignal): Promise<ManagementTable> {
  await view.selectScaleOut({ like }, signal);
  const table = await view.table(signal);
  if (!table) throw new Error('the failover manager serves no management table');
  return table;
}

/** A decision whose steps all ran (a "no standby" decision is in that state from the start, before its notify step). */
const ended = (d: DecisionRecord): boolean => d.state !== 'running' && d.steps.every((s) => s.result !== 'running' && (s.result !== 'not-run' || d.state === 'failed'));

/** The manager's decision about a failure of one of `servers` made after decision `afterId`, once it ended. */
export async function decisionAbout(ctx: ScenarioContext, view: FailoverManagerView, servers: readonly string[], afterId: number): Promise<DecisionRecord> {
  return ctx.phase(`the manager decides about ${servers.join('+')}`, DECISION_DEADLINE_MS, async (signal) => {
    for (;;) {
      const d = (await view.decisions(signal)).find((x) => x.id > afterId && servers.includes(x.decision.failure.server) && ended(x));
      if (d) return d;
      await ctx.clock.sleep(100, signal);
    }
  });
}

export async function lastDecisionId(view: FailoverManagerView, signal: AbortSignal): Promise<number> {
  return Math.max(0, ...(await view.decisions(signal)).map((d) => d.id));
}

/** Wait for `server`'s BMC to say its OS runs. */
export async function osRunning(ctx: ScenarioContext, server: string): Promise<void> {
  await roleOf(ctx, server).waitForEvent(`${server} OS running`, BOOT_DEADLINE_MS, (e) => e.messageId.endsWith('.OsRunning'));
}

/**
 * Dissolve unused logical servers through the partition manager, as a lab engineer frees their
 * servers; undo: compose each again, if its servers are still off and in no logical server.
 */
export async function dissolve(ctx: ScenarioContext, units: ReadonlyArray<{ id: string; members: string[] }>): Promise<void> {
  const pmember = ctx.cluster().partitionManager;
  if (!pmember || units.length === 0) return;
  const pm = pmember.cap('PartitionControl');
  for (const u of units) {
    const undo = async (): Promise<void> => {
      const view = await pm.read();
      const free = u.members.every((m) => !view.logicalServers.some((l) => l.servers.includes(m)));
      const off = (await Promise.all(u.members.map((m) => ctx.cluster().member(m).cap('PowerControl').state()))).every((p) => p === 'Off');
      if (free && off) await pm.compose(u.id, u.members);
    };
    await roleOf(ctx, pmember.device).fault('dissolve unused logical server', { id: u.id }, () => pm.dissolve(u.id, { signal: ctx.signal }), undo);
  }
}
