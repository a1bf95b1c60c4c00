/**
 * The scenario contract: what a scenario file in scenarios/ declares and what the runner hands
 * it. Scenarios depend on capabilities (drivers/capabilities), never on protocols, and never on
 * simulators. Everything a scenario observes or does through the context is recorded in history.
 */
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/log.ts';
import type { BudgetRecord, HistoryRecord, ProbeRecord, ScenarioRef } from '../lib/history/records.ts';
import type { BmcEvent, CapabilityMap, CapabilityName, FtSystemSnapshot } from '../drivers/capabilities/index.ts';

export interface ScenarioDef<N extends CapabilityName = CapabilityName> {
  /** Stable id, e.g. "ft-isolation-cpu-module0". */
  id: string;
  title: string;
  /** Requirement IDs this scenario covers (requirements.md), e.g. ["FT-01", "FT-10"]. */
  requirements: string[];
  tags: string[];
  /** Suites this scenario belongs to, e.g. ["nightly", "ft"]. */
  suites: string[];
  /** Device role it runs against (inventory device kind), e.g. "ft". */
  device: string;
  /** Capabilities it needs; if the lab cannot provide one, the scenario is skipped with that reason. */
  needs: readonly N[];
  /** Overall deadline in SUT ms (converted to wall time with the device's time scale). */
  timeoutMs: number;
  /**
   * Checks this scenario must evaluate (visible applicability): a required one that was never
   * evaluated fails the scenario with "required check X was not evaluated". For kind "budget",
   * `name` is a measurement name that must be recorded against a budget.
   */
  checks?: DeclaredCheck[];
  /** Invariants judged over this scenario's history after it ran (and after its faults were undone). */
  invariants?: InvariantDef[];
  run(ctx: ScenarioContext<N>): Promise<void>;
}

export interface DeclaredCheck {
  name: string;
  kind: 'invariant' | 'assertion' | 'budget';
  /** Default true. */
  required?: boolean;
  requirements?: string[];
}

/** What an invariant says about a history: holds (true), is violated (what was wrong), or does not apply (why). */
export type InvariantResult = true | string | { notApplicable: string };

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

/** Helper that keeps `needs` and `ctx.caps` in sync at the type level. */
export function defineScenario<N extends CapabilityName>(def: ScenarioDef<N>): ScenarioDef<N> {
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
}

export interface EventWaitOptions {
  /** Only events received at or after this harness time (ms, ctx.clock.now()). */
  since?: number;
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
  /** A required check that never evaluated fails the scenario. Default true. */
  required?: boolean;
  requirements?: string[];
}

export interface ScenarioContext<N extends CapabilityName = CapabilityName> {
  readonly scenario: ScenarioRef;
  readonly device: string;
  /** The capabilities asked for in `needs`, already bound to the device. Calls are recorded. */
  readonly caps: Pick<CapabilityMap, N>;
  readonly clock: Clock;
  /** Aborted on deadline or SIGINT; pass it to every wait. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** SUT time scale advertised by the device (1 on real hardware). */
  readonly timeScale: number;

  /** Run a named step with its own deadline (SUT ms); the error names the phase on timeout. */
  phase<T>(name: string, deadlineMs: number, fn: (signal: AbortSignal) => Promise<T>, opts?: PhaseOptions): Promise<T>;

  /**
   * Inject a fault through the ledger: `undo` is registered before `inject` runs; undos run in
   * reverse order at the end of the scenario, on failure and on SIGINT. A failed undo is an
   * infrastructure error.
   */
  fault(name: string, params: Record<string, unknown>, inject: () => Promise<void>, undo: () => Promise<void>): Promise<void>;

  /** Events received from the device since the scenario began (recorded in history). */
  events(opts?: EventWaitOptions): BmcEvent[];
  /** Wait for the first event matching `pred` (received at/after `since`), within a phase deadline (SUT ms). */
  waitForEvent(phase: string, deadlineMs: number, pred: (e: BmcEvent) => boolean, opts?: EventWaitOptions): Promise<BmcEvent>;

  /** Read and record the system state. */
  sample(): Promise<FtSystemSnapshot>;
  /** Poll the system state until `pred` holds, within a phase deadline (SUT ms). */
  waitForState(phase: string, deadlineMs: number, pred: (s: FtSystemSnapshot) => boolean): Promise<FtSystemSnapshot>;

  /** Start the workload heartbeat probe (UDP, ~1 kHz) against the device's workload. */
  startProbe(name: string, opts?: ProbeOptions): Promise<ProbeHandle>;

  /** Record a measurement (value in SUT units); checked against `budget` if given. */
  measure(name: string, value: number, opts: MeasureOptions): void;
  /** Look up a budget (with parameters for size-dependent limits). */
  budget(id: string, params?: Record<string, number>): BudgetRecord;
  /** Convert a harness-time duration (ms) into SUT time using the advertised time scale. */
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
