/**
 * The scenario contract: what a scenario file in scenarios/ declares and what the runner hands
 * it. A scenario names **roles** (kind, count, tags, the capabilities each needs); the runner
 * binds them to lab devices and gives the scenario one RoleContext per bound device. Scenarios
 * depend on capabilities (drivers/capabilities), never on protocols, and never on simulators.
 * Everything a scenario observes or does through the context is recorded in history.
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import type { BudgetRecord, Comparison, HistoryRecord, ProbeRecord, ScenarioRef } from '../lib/history/records.ts';
import type { BmcEvent, CapabilityMap, CapabilityName } from '../drivers/capabilities/index.ts';
import type { FixtureDef } from './runner/fixtures.ts';
import type { SampledName, SampledState } from './samplers.ts';
import type { BusinessConfig } from './inventory/types.ts';

export type { FixtureDef } from './runner/fixtures.ts';
export { defineFixture } from './runner/fixtures.ts';

/** One role of a scenario: which devices may fill it and what they must offer. */
export interface RoleSpec<N extends CapabilityName = CapabilityName> {
  /** Inventory device kind, e.g. "ft", "server", "fc-switch". */
  kind: string;
  /** Exactly this many devices (default 1). */
  count?: number;
  /** At least this many: every free device that matches, up to `max`. Use instead of `count`. */
  min?: number;
  max?: number;
  /** The device must carry every one of these inventory tags. */
  tags?: string[];
  /** Capabilities each device of the role must offer; if the lab cannot, the testcase is skipped with the reason. */
  needs: readonly N[];
  /** Capabilities the scenario uses when the device offers them (optionalCap), doing without otherwise. */
  uses?: readonly CapabilityName[];
}

export type Roles = Record<string, RoleSpec>;
/** The capabilities a role's devices are bound with. */
export type NeedsOf<S extends RoleSpec> = S['needs'][number];

export interface ScenarioDef<R extends Roles = Roles> {
  /** Stable id, e.g. "ft-isolation-cpu-m0". */
  id: string;
  title: string;
  /** Requirement IDs this scenario covers (requirements.md), e.g. ["FT-01", "FT-10"]. */
  requirements: string[];
  tags: string[];
  /** Suites this scenario belongs to, e.g. ["nightly", "ft"]. */
  suites: string[];
  /** Named roles bound to lab devices; one testcase per binding (a single one-device role: per device). */
  roles: R;
  /** Overall deadline in SUT ms (converted to wall time with the binding's time scale). */
  timeoutMs: number;
  /**
   * Checks this scenario must evaluate (visible applicability): a required one that was never
   * evaluated fails the scenario with "required check X was not evaluated". For kind "budget",
   * `name` is a measurement name that must be recorded against a budget.
   */
  checks?: DeclaredCheck[];
  /** Invariants judged over this testcase's history after it ran (and after its faults were undone). */
  invariants?: InvariantDef[];
  /** Continuous observation of every bound device's state, and the verified restore after undo. */
  observe?: ObserveSpec;
  run(ctx: ScenarioContext<R>): Promise<void>;
}

export interface DeclaredCheck {
  name: string;
  kind: 'invariant' | 'assertion' | 'budget';
  /** Default true. */
  required?: boolean;
  requirements?: string[];
}

/**
 * What an invariant says about a history: holds (true, or `{ holds }` saying over what window),
 * is violated (what was wrong), or does not apply (why).
 */
export type InvariantResult = true | { holds: string } | string | { notApplicable: string };

/** A device's state per sampled capability, as one reading of the observation. */
export type StateReading = Partial<{ [C in SampledName]: SampledState[C] }>;

/**
 * Continuous observation: from before run() until after the faults are undone and a settle
 * period passed, every state capability of every bound device is sampled into the history at a
 * fixed period and on every event the device sends, so invariants are judged over a dense series
 * (also during resyncs, blackouts and undos).
 */
export interface ObserveSpec {
  /** Harness (wall) ms between two periodic readings of a device. */
  periodMs: number;
  /** SUT ms the observation goes on after the last undo before it stops. */
  settleMs: number;
  /**
   * Verified restore: what differs between the reading before run() and the one after the undos
   * ([] when the lab is back). The runner polls until it is [] within the undo deadline; what
   * still differs then makes the testcase an infra-error naming it.
   */
  restored?(before: StateReading, after: StateReading): string[];
  /**
   * When the undos left a device changed: bring it back to `before` with any capability the
   * device has (not only the scenario's needs), e.g. power on a system a SUT bug crashed, within
   * `wallMs`; returns what it did. The testcase stays not restored (its undos did not do it), but
   * the testcases after it find the lab as it was. Throws when it cannot.
   */
  recover?(target: RecoveryTarget, before: StateReading, wallMs: number): Promise<string[]>;
}

/** What ObserveSpec.recover may use: every capability of the device (calls recorded) and its clock. */
export interface RecoveryTarget {
  device: string;
  caps: Partial<CapabilityMap>;
  clock: Clock;
  timeScale: number;
}

export interface InvariantDef {
  name: string;
  requirements?: string[];
  /** A required invariant that is not applicable fails the scenario (it was not evaluated). Default true. */
  required?: boolean;
  /** `records`: this testcase's records, from its scenario-begin on, in order. */
  evaluate(records: readonly HistoryRecord[]): InvariantResult;
}

export interface PhaseOptions {
  /** An infrastructure step (connect, prepare the lab): its deadline is an infra-error, not a SUT failure. */
  infra?: boolean;
}

/** A capability the role `uses` (RoleSpec.uses): bound and recorded when the device offers it, else undefined. */
export function optionalCap<C extends CapabilityName>(role: { readonly caps: object }, name: C): CapabilityMap[C] | undefined {
  return (role.caps as Partial<CapabilityMap>)[name];
}

/** Keeps `roles[*].needs` and `ctx.role(name).caps` in sync at the type level. */
export function defineScenario<R extends Roles>(def: ScenarioDef<R>): ScenarioDef<R> {
  return def;
}

export interface ProbeHandle {
  /** Stop probing and record the result in history. */
  stop(): Promise<ProbeRecord>;
}

export interface ProbeOptions {
  /** Send interval in ms (default 1: 1 kHz). */
  intervalMs?: number;
  /** Gaps shorter than this (ms, real time) are not recorded as gaps (default 5 × interval). */
  gapThresholdMs?: number;
  /** Local IP address to send from (default: the inventory's for the device, else the wildcard). */
  sourceAddress?: string;
}

export interface EventWaitOptions {
  /** Only events received at or after this harness time (ms, ctx.clock.now()). */
  since?: number;
  /**
   * An event after which the awaited one can no longer mean success (the system went down while
   * a module was to be isolated): the wait fails at once as a SUT failure with this text and
   * the event, instead of running into its deadline. Events of `since` onwards only.
   */
  failOn?: { pred: (e: BmcEvent) => boolean; what: string };
}

export interface MeasureOptions {
  unit: string;
  /** How it was measured: "events", "probe", "samples", ... */
  source: string;
  /** Budget id from budgets/*.yaml to check against; the verdict is recorded. */
  budget?: string;
  /** Parameters for budgets whose limit depends on the system (FT-09: memory size in GiB). */
  budgetParams?: Record<string, number>;
  resolution?: number;
  requirements?: string[];
}

export interface CheckOptions {
  kind: 'invariant' | 'assertion';
  /** The figures a cross-source consistency check compares, recorded with the check for the report. */
  comparison?: Comparison;
  /** A required check that never evaluated fails the scenario. Default true. */
  required?: boolean;
  requirements?: string[];
}

/** One bound device, seen through the capabilities its role needs. */
export interface RoleContext<N extends CapabilityName = CapabilityName> {
  /** Role name in the scenario, and the inventory device that fills it. */
  readonly roleName: string;
  readonly device: string;
  readonly kind: string;
  /** The capabilities the role needs, bound to this device. Calls are recorded. */
  readonly caps: Pick<CapabilityMap, N>;
  /** SUT time scale advertised by the device (1 on real hardware). */
  readonly timeScale: number;

  /**
   * Inject a fault on this device through the ledger: `undo` is registered before `inject` runs;
   * undos run in reverse order at the end of the testcase, on failure and on SIGINT. A failed
   * undo is an infrastructure error.
   */
  fault(name: string, params: Record<string, unknown>, inject: () => Promise<void>, undo: () => Promise<void>): Promise<void>;
  /** Events received from this device since the testcase began (recorded in history). */
  events(opts?: EventWaitOptions): BmcEvent[];
  /** Wait for the first event of this device matching `pred`, within a phase deadline (SUT ms). */
  waitForEvent(phase: string, deadlineMs: number, pred: (e: BmcEvent) => boolean, opts?: EventWaitOptions): Promise<BmcEvent>;
  /** Read and record the state one capability of this device reports (a history sample). */
  sample<C extends SampledName & N>(capability: C): Promise<SampledState[C]>;
  /** Sample `capability` until `pred` holds, within a phase deadline (SUT ms). */
  waitForState<C extends SampledName & N>(
    capability: C,
    phase: string,
    deadlineMs: number,
    pred: (s: SampledState[C]) => boolean,
  ): Promise<SampledState[C]>;
  /** Start the workload heartbeat probe (UDP, ~1 kHz) against this device's workload. */
  startProbe(name: string, opts?: ProbeOptions): Promise<ProbeHandle>;
  /** The BMC clock offset estimated before run() (harness wall ms; uncertainty = half a round trip), if the device has a BMC clock. */
  clockOffset(): { offsetMs: number; uncertaintyMs: number } | null;
}

/** A device of the bound cluster: every capability it offers, calls recorded. */
export interface ClusterMember {
  readonly device: string;
  readonly kind: string;
  readonly caps: Partial<CapabilityMap>;
  /** The capability, or a CapabilityNotSupportedError naming the device (the testcase is skipped with the reason). */
  cap<C extends CapabilityName>(name: C): CapabilityMap[C];
}

export interface ClusterSamplerOptions {
  /** Wall ms between two periodic readings of a device (default 100). */
  periodMs?: number;
  /** Wall ms one read may take (default 5000). */
  readWithinMs?: number;
}

export interface ClusterSamplerHandle {
  /** Resolves once every device completed a reading asked for after this call. */
  fresh(): Promise<void>;
}

/**
 * The cluster a role of kind cluster is bound to, by slot (inventory/clusters.ts). Its sampler
 * records every device's state through the drivers at a fixed period and on every event, from
 * `startSampler()` until after the undos (a late fixture, like the event streams).
 */
export interface ClusterContext {
  readonly name: string;
  readonly servers: readonly ClusterMember[];
  readonly ethernetSwitches: readonly ClusterMember[];
  /** Fabric name → its FC switch. */
  readonly fabrics: Readonly<Record<string, ClusterMember>>;
  readonly arrays: readonly ClusterMember[];
  readonly partitionManager: ClusterMember | null;
  readonly failoverManager: ClusterMember | null;
  readonly businesses: readonly BusinessConfig[];
  /** A member by device name; a ScenarioFailed naming the members when it is not one. */
  member(device: string): ClusterMember;
  /** Start the cluster sampler once per testcase (later calls return the same handle). */
  startSampler(opts?: ClusterSamplerOptions): Promise<ClusterSamplerHandle>;
  /** This testcase's history so far (samples, events, calls, faults): what its measurements are taken from. */
  records(): readonly HistoryRecord[];
}

export interface ScenarioContext<R extends Roles = Roles> {
  readonly scenario: ScenarioRef;
  readonly clock: Clock;
  /** Aborted on deadline or SIGINT; pass it to every wait. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** SUT time scale of the binding (every device of a testcase advertises the same one). */
  readonly timeScale: number;

  /** The (first) device bound to a role. */
  role<K extends keyof R & string>(name: K): RoleContext<NeedsOf<R[K]>>;
  /** Every device bound to a role, in binding order. */
  roleAll<K extends keyof R & string>(name: K): Array<RoleContext<NeedsOf<R[K]>>>;
  /** The cluster a role of kind cluster is bound to; a ScenarioFailed when the scenario has no such role. */
  cluster(): ClusterContext;

  /** Run a named step with its own deadline (SUT ms); the error names the phase on timeout. */
  phase<T>(name: string, deadlineMs: number, fn: (signal: AbortSignal) => Promise<T>, opts?: PhaseOptions): Promise<T>;
  /**
   * This testcase's value of a fixture: set up on first use (its teardown registered before its
   * setup runs), torn down in reverse order at the end of the testcase.
   */
  use<T>(fixture: FixtureDef<T>): Promise<T>;
  /** A fixture's value if it was set up in this testcase, without setting it up. */
  peek<T>(fixture: FixtureDef<T>): T | undefined;
  /** A step that runs if the testcase fails, before its faults are undone (failure-data collection). */
  onFailure(name: string, fn: (signal: AbortSignal) => Promise<void>): void;

  /** Record a measurement (value in SUT units); checked against `budget` if given. */
  measure(name: string, value: number, opts: MeasureOptions): void;
  /** Look up a budget (with parameters for size-dependent limits). */
  budget(id: string, params?: Record<string, number>): BudgetRecord;
  /** Convert a harness-time duration (ms) into SUT time using the time scale. */
  toSutMs(harnessMs: number): number;
  /** Convert a BMC timestamp (ISO 8601, SUT time) into epoch ms. */
  parseBmcTime(iso: string): number;

  /** Evaluate and record a check; `fn` returns true, or a string saying what was wrong. */
  check(name: string, opts: CheckOptions, fn: () => true | string): boolean;
  /** Fail the scenario (outcome "failed") with a message, recording it. */
  fail(message: string): never;
  /** Skip the scenario with a reason. */
  skip(reason: string): never;
}

/** A scenario with one role of one device: the role's context and the scenario's in one object. */
export type SoloContext<N extends CapabilityName = CapabilityName> = ScenarioContext & RoleContext<N>;
