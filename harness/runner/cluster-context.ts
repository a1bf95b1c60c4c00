/**
 * ctx.cluster(): the bound cluster's devices by slot, each with every capability it offers (calls
 * recorded), and its sampler (harness/cluster/sampler.ts) as a late fixture: it samples from
 * startSampler() through the undos and the settle period, and stops before the event streams close.
 */
import { CapabilityNotSupportedError, type CapabilityMap, type CapabilityName } from '../../drivers/capabilities/index.ts';
import type { Clock } from '../../lib/clock.ts';
import type { HistoryRecord, SampleRecord, ScenarioRef } from '../../lib/history/records.ts';
import type { Logger } from '../../lib/log.ts';
import { ClusterSampler } from '../cluster/sampler.ts';
import type { HistoryWriter } from '../history/writer.ts';
import type { BusinessConfig, ClusterConfig } from '../inventory/types.ts';
import type { ClusterContext, ClusterMember, ClusterSamplerHandle, ClusterSamplerOptions } from '../scenario.ts';
import { ScenarioFailed } from './control.ts';
import type { FixtureStack } from './fixtures.ts';
import { ownRecords } from './judge.ts';
import type { RunnerRoleContext } from './role-context.ts';

export interface ClusterContextDeps {
  config: ClusterConfig;
  /** The role contexts of the cluster role: one per member device. */
  members: readonly RunnerRoleContext[];
  history: HistoryWriter;
  clock: Clock;
  log: Logger;
  scenario: ScenarioRef;
  fixtures: FixtureStack;
}

function memberOf(role: RunnerRoleContext): ClusterMember {
  const { caps } = role.recoveryTarget();
  return {
    device: role.device,
    kind: role.kind,
    caps,
    cap<C extends CapabilityName>(name: C): CapabilityMap[C] {
      const cap = caps[name];
      if (!cap) throw new CapabilityNotSupportedError(name, role.device, `the device offers ${Object.keys(caps).join(', ') || 'no capability'}`);
      return cap;
    },
  };
}

export class RunnerClusterContext implements ClusterContext {
  readonly name: string;
  readonly servers: readonly ClusterMember[];
  readonly ethernetSwitches: readonly ClusterMember[];
  readonly fabrics: Readonly<Record<string, ClusterMember>>;
  readonly arrays: readonly ClusterMember[];
  readonly partitionManager: ClusterMember | null;
  readonly failoverManager: ClusterMember | null;
  readonly businesses: readonly BusinessConfig[];
  private readonly byName: ReadonlyMap<string, ClusterMember>;
  private sampler: Promise<ClusterSamplerHandle> | null = null;

  constructor(private readonly deps: ClusterContextDeps) {
    const c = deps.config;
    this.byName = new Map(deps.members.map((r) => [r.device, memberOf(r)]));
    const pick = (names: readonly string[]): ClusterMember[] => names.map((n) => this.member(n));
    this.name = c.name;
    this.servers = pick(c.servers);
    this.ethernetSwitches = pick(c.ethernetSwitches);
    this.fabrics = Object.fromEntries(Object.entries(c.fabrics).map(([f, d]) => [f, this.member(d)]));
    this.arrays = pick(c.arrays);
    this.partitionManager = c.partitionManager === undefined ? null : this.member(c.partitionManager);
    this.failoverManager = c.failoverManager === undefined ? null : this.member(c.failoverManager);
    this.businesses = c.businesses;
  }

  member(device: string): ClusterMember {
    const m = this.byName.get(device);
    if (!m) throw new ScenarioFailed(`"${device}" is not a device of cluster ${this.deps.config.name} (members: ${[...this.byName.keys()].join(', ')})`);
    return m;
  }

  records(): readonly HistoryRecord[] {
    return ownRecords(this.deps.history.records, this.deps.scenario);
  }

  startSampler(opts: ClusterSamplerOptions = {}): Promise<ClusterSamplerHandle> {
    this.sampler ??= this.openSampler(opts);
    return this.sampler;
  }

  private async openSampler(opts: ClusterSamplerOptions): Promise<ClusterSamplerHandle> {
    const { history, clock, log, scenario, fixtures, members } = this.deps;
    const periodMs = opts.periodMs ?? 100;
    const sampler = new ClusterSampler({
      clock,
      log,
      periodMs,
      readWithinMs: opts.readWithinMs ?? 5000,
      // readStart and the trigger's arrival on the history's time base (ms since the run began), as `t` is.
      record: ({ readStart, trigger, ...r }) =>
        history.append<SampleRecord>({ type: 'sample', scenario, ...r, readStart: history.sinceStart(readStart), ...(trigger ? { trigger: { ...trigger, receivedAt: history.sinceStart(trigger.receivedAt) } } : {}) }),
    });
    await fixtures.pushLate(
      `cluster sampler of ${this.name}`,
      () => sampler.start(members.map((m) => m.samplingTarget())),
      async () => {
        for (const s of await sampler.stop()) {
          const missing = s.missing.length ? `; cannot sample ${s.missing.join(', ')}` : '';
          log.info(`sampled ${s.device}: ${s.readings} readings every ${periodMs} ms and on each event, ${s.failed} failed reads${missing}`, { component: 'cluster-sampler', device: s.device });
        }
      },
    );
    return { fresh: () => sampler.fresh() };
  }
}
