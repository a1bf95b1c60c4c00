/**
 * `foScenario`: the shorthand for the failover suite. Every failover scenario runs on one cluster
 * (role `cl`, kind cluster), belongs to the nightly and failover suites unless it says otherwise,
 * samples the whole cluster for the whole testcase (FO_SAMPLE_SUT_MS apart and on every event),
 * picks the server that fails from the lab as it finds it (lab.ts; the body gets it), and probes
 * that server's business from the outside for the whole body. A scenario that expects a failover
 * owes the two safety invariants of every failover (FO_FAILOVER_INVARIANTS: no server boots a
 * volume the failed one may still run); one that expects none owes "nothing changes".
 */
import type { CapabilityName } from '../../../drivers/capabilities/index.ts';
import { startBusinessProbe, type BusinessProbe } from '../../../harness/probe/business.ts';
import { defineScenario, type ClusterContext, type ClusterSamplerHandle, type InvariantDef, type RoleContext, type RoleSpec, type ScenarioContext, type ScenarioDef } from '../../../harness/scenario.ts';
import { bootVolumeNeverShared, failedOffBeforeStandbyOn } from './invariants.ts';
import { readLabToFail, type FailedServer, type LabServer } from './lab.ts';
import { FO_ROLE, roleOf } from './members.ts';
import { nothingChanges } from './unchanged.ts';

export type { FailedServer, LabServer } from './lab.ts';

type FoRoles = { cl: RoleSpec };

/** SUT ms between two periodic cluster samples (200 harness ms at the embedded lab's time scale 10; every event adds one). */
export const FO_SAMPLE_SUT_MS = 2_000;
/** SUT ms between two questions of the business probe. */
export const FO_PROBE_SUT_MS = 500;
/** The fewest harness ms between two samples or questions, whatever the time scale. */
const MIN_WALL_MS = 20;
/**
 * Harness ms one sampler read may take: the servers' inventory (what tells whose WWPNs are whose)
 * is read once, all servers at once, and a starved host must not lose it.
 */
const READ_WALL_MS = 15_000;

/** Owed by every scenario that expects a failover: the failed server off before the standby runs, a boot volume never mapped to two. */
export const FO_FAILOVER_INVARIANTS: readonly InvariantDef[] = [failedOffBeforeStandbyOn, bootVolumeNeverShared];

export interface FoContext {
  readonly ctx: ScenarioContext<FoRoles>;
  readonly cl: ClusterContext;
  readonly sampler: ClusterSamplerHandle;
  /** The lab as the scenario found it. */
  readonly lab: readonly LabServer[];
  /** The server that fails, picked from `lab`. */
  readonly failed: FailedServer;
  /** The outside probe of the failed server's business, asking from before the fault to the end of the body (null: no business answered from it). */
  readonly probe: BusinessProbe | null;
  /** The role context of a cluster member: its events, its fault ledger. */
  member(device: string): RoleContext;
}

export interface FoScenarioDef extends Omit<ScenarioDef, 'roles' | 'run' | 'suites' | 'timeoutMs'> {
  /** Default ["nightly", "failover"]. */
  suites?: string[];
  /** Capabilities every cluster member must offer (default none: each member is asked for what it has). */
  needs?: readonly CapabilityName[];
  /** SUT ms (default 1500 s: 150 s wall at time scale 10, room for a starved host; the budgets judge the time). */
  timeoutMs?: number;
  /** "failover" (default): owes FO_FAILOVER_INVARIANTS; "none": owes "nothing changes" for the failed server. */
  expect?: 'failover' | 'none';
  /** Which server fails (default: the first running from a boot volume whose hardware kind has a spare); null: none in this lab. */
  pick?: (lab: readonly LabServer[]) => FailedServer | null;
  run(fo: FoContext): Promise<void>;
}

const wallMs = (ctx: ScenarioContext, sutMs: number): number => Math.max(MIN_WALL_MS, sutMs / ctx.timeScale);

export function foScenario(def: FoScenarioDef): ScenarioDef<FoRoles> {
  const { needs, run, suites, invariants, expect, pick, timeoutMs, ...rest } = def;
  const owed = expect === 'none' ? [nothingChanges()] : FO_FAILOVER_INVARIANTS;
  return defineScenario({
    ...rest,
    suites: suites ?? ['nightly', 'failover'],
    timeoutMs: timeoutMs ?? 1_500_000,
    invariants: [...(invariants ?? []), ...owed.filter((i) => !invariants?.some((j) => j.name === i.name))],
    roles: { [FO_ROLE]: { kind: 'cluster', needs: needs ?? [] } } as FoRoles,
    run: async (ctx) => {
      const cl = ctx.cluster();
      // The sampler's first round and the lab's read are independent: asked together.
      const [sampler, { lab, failed }] = await Promise.all([cl.startSampler({ periodMs: wallMs(ctx, FO_SAMPLE_SUT_MS), readWithinMs: READ_WALL_MS }), readLabToFail(ctx, cl, pick)]);
      ctx.log.info(`failover scenario ${ctx.scenario.id}: ${failed.server} (${failed.hardwareKind}, boots ${failed.bootVolume}, runs ${failed.business ?? 'no business that answers'}) fails`);
      const probe = failed.business ? startBusinessProbe(cl.businesses, failed.business, { clock: ctx.clock, intervalMs: wallMs(ctx, FO_PROBE_SUT_MS) }) : null;
      try {
        await run({ ctx, cl, sampler, lab, failed, probe, member: (d) => roleOf(ctx, d) });
      } finally {
        await probe?.stop();
      }
      await sampler.fresh();
    },
  });
}
