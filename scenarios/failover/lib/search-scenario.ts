/**
 * What every search scenario shares: the cluster role, the suites, the sampler started first and
 * fresh before the lab is read; the priorities of the businesses the units run; the check that the
 * lab shows exactly the expected standby.
 */
import type { BusinessConfig } from '../../../harness/inventory/types.ts';
import { defineScenario, type InvariantDef, type ScenarioContext, type ScenarioDef } from '../../../harness/scenario.ts';
import type { ManagementTable } from '../../../lib/domains/failover/manager.ts';
import { measureFailover } from './measure.ts';
import { osRunning } from './search-act.ts';
import { labAt, type LabUnit, type LabView } from './search-lab.ts';
import type { Priority } from './search-pick.ts';

export interface SearchScenarioDef {
  id: string;
  title: string;
  requirements: string[];
  invariants: InvariantDef[];
  run(ctx: ScenarioContext): Promise<void>;
}

export function searchScenario(def: SearchScenarioDef): ScenarioDef {
  return defineScenario({
    ...def,
    tags: ['failover', 'search'],
    suites: ['nightly', 'failover'],
    roles: { cl: { kind: 'cluster', needs: [] } },
    timeoutMs: 900_000,
  });
}

/** The devices whose state the search scenarios read, each with the capability that must have been sampled. */
function sampledDevices(ctx: ScenarioContext): Array<[string, string]> {
  const cl = ctx.cluster();
  return [
    ...cl.servers.map((m): [string, string] => [m.device, 'SystemHealth']),
    ...cl.arrays.map((m): [string, string] => [m.device, 'LunMapping']),
    ...Object.values(cl.fabrics).map((m): [string, string] => [m.device, 'ZoneControl']),
    ...cl.ethernetSwitches.map((m): [string, string] => [m.device, 'VlanControl']),
    ...(cl.partitionManager ? [[cl.partitionManager.device, 'PartitionControl'] as [string, string]] : []),
  ];
}

/**
 * Start the cluster sampler (every 100 ms and on every event) and return the lab as it is now:
 * `fresh()` waits until every device was sampled successfully after the call (a failed read, as on
 * a loaded host, is asked again) and every server's inventory was read.
 */
export async function sampledLab(ctx: ScenarioContext): Promise<{ lab: LabView; fresh: () => Promise<LabView> }> {
  const cl = ctx.cluster();
  const sampler = await cl.startSampler({ periodMs: 100 });
  const fresh = (): Promise<LabView> => {
    const from = cl.records().length;
    return ctx.phase('fresh readings of every device', 60_000 * ctx.timeScale, async (signal) => {
      for (;;) {
        await sampler.fresh();
        const records = cl.records();
        const since = new Set(records.slice(from).flatMap((r) => (r.type === 'sample' ? [`${r.device} ${r.capability}`] : [])));
        const lab = labAt(records);
        if (cl.servers.every((m) => lab.servers.has(m.device)) && sampledDevices(ctx).every(([d, c]) => since.has(`${d} ${c}`))) return lab;
        await ctx.clock.sleep(200, signal);
      }
    }, { infra: true });
  };
  return { lab: await fresh(), fresh };
}

/** Unit id → the priority of the business the manager's table says it runs, the priority as the lab's inventory gives it. */
export function prioritiesOf(table: ManagementTable, businesses: readonly BusinessConfig[]): Map<string, Priority> {
  const out = new Map<string, Priority>();
  for (const row of table.servers) {
    const b = businesses.find((x) => x.name === row.business?.name);
    if (b) out.set(row.partition?.id ?? row.id, b.priority);
  }
  return out;
}

/** Where the lab shows `volume` now: the servers whose WWPNs see it. */
export function holdersNow(lab: LabView, volume: string): string[] {
  return [...lab.servers.values()].filter((s) => s.volumes.some((v) => v.volume === volume)).map((s) => s.id);
}

/** An invariant of the lab's state now: `volume` is seen by the boot member of `want` and by no other server. */
export function checkMovedTo(ctx: ScenarioContext, lab: LabView, volume: string, want: LabUnit, why: string): boolean {
  return ctx.check(`${volume} is seen by ${want.members[0]} only`, { kind: 'invariant' }, () => {
    const got = holdersNow(lab, volume);
    const lead = want.members[0];
    return got.length === 1 && got[0] === lead ? true : `${volume} is seen by ${got.join(', ') || 'no server'}; expected ${lead} (${why})`;
  });
}

/** Server → the priority of its unit's business (for preemptsOnlyLower, which judges servers). */
export function byServer(units: readonly LabUnit[], priorities: ReadonlyMap<string, Priority>): Record<string, Priority> {
  return Object.fromEntries(units.flatMap((u) => {
    const p = priorities.get(u.id);
    return p ? u.members.map((m) => [m, p] as const) : [];
  }));
}

/** An invariant whose parameters the testcase learns as it runs: `make` is called again when it is judged. */
export function lazyInvariant(make: () => InvariantDef): InvariantDef {
  return { ...make(), evaluate: (records) => make().evaluate(records) };
}

/** The standby's OS runs (its BMC says so), fresh readings, then the failover's phases measured (against the budgets unless `budgets` is false). */
export async function finishFailover(ctx: ScenarioContext, fresh: () => Promise<LabView>, failed: string, standby: string, volume: string, budgets = true): Promise<void> {
  await osRunning(ctx, standby);
  await fresh();
  measureFailover(ctx, { failed, standby, volume }, { budgets });
}
