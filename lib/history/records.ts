/**
 * The history of a run: one JSON object per line in history.jsonl, appended and flushed as the
 * run goes. Reports are rendered from these records alone (`ftlab report DIR`), so everything a
 * report shows must be recorded here. Times: `t` is the harness monotonic clock in ms since the
 * run began; `wall` is epoch ms. Secrets are redacted before a record is written.
 *
 * Contract between harness/ (writer) and reports/ (reader). Add fields freely; never rename.
 */
import type { BmcEvent } from './bmc-event.ts';

/**
 * 2: testcases are bound to roles (`scenario.binding`, `scenario-begin.roles`); samples and events
 * name the capability that produced them and carry its state as is (domain types in lib/domains/).
 * Version 1 histories are read through `upgradeV1` (read.ts).
 * 3: `console` records (a device's console, line by line). Version 2 histories read as they are.
 */
export const HISTORY_VERSION = 3;

export type Outcome =
  | 'passed'
  | 'failed'
  | 'budget-violation'
  | 'invariant-violation'
  | 'infra-error'
  | 'skipped'
  | 'aborted';

/** Severity order used to combine outcomes (worst wins). */
export const OUTCOME_ORDER: readonly Outcome[] = [
  'passed',
  'skipped',
  'budget-violation',
  'invariant-violation',
  'failed',
  'infra-error',
  'aborted',
];

export type Verdict = 'pass' | 'marginal' | 'fail' | 'unset';

export interface Base {
  t: number;
  wall: number;
}

/** Scenario identity as it appears in records. */
export interface ScenarioRef {
  id: string;
  /** 0-based iteration when run with --repeat N. */
  iteration: number;
  /**
   * The devices its roles were bound to, as a label: the device name when one role holds one
   * device ("ft0"), else "role=dev[,dev] role=dev" in declaration order. id + binding + iteration
   * identify a testcase. Absent when no binding could be made (the testcase was skipped).
   */
  binding?: string;
}

export interface BudgetRecord {
  id: string;
  limit: number;
  unit: string;
  /** Fraction of the limit (0..1) above which a pass is "marginal". */
  marginalBand: number;
  source: string;
  requirement: string[];
  /** When the limit depends on the system (FT-09): the formula from budgets/*.yaml, and the parameters it was evaluated with (absent in run-begin). */
  limitFormula?: string;
  params?: Record<string, number>;
}

export interface AvailabilityModel {
  /** Expected events per year by kind (e.g. {"module-fault": 2, "module-replacement": 1}), with sources. */
  /**
   * `measurement` names the measurement giving the outage per event; a list names alternatives
   * (e.g. the blackout of native and of hypervisor-mode servers) and the largest value of any is used.
   */
  eventsPerYear: Record<string, { rate: number; source: string; measurement: string | string[] }>;
  /** Target class, e.g. 0.99999. */
  targetAvailability: number;
}

export interface RunBegin extends Base {
  type: 'run-begin';
  version: number;
  runId: string;
  ftlabVersion: string;
  lab: { kind: 'embedded' | 'file'; file?: string; defects?: string[]; timeScale?: number };
  suite: string;
  argv: string[];
  repeat: number;
  budgets: BudgetRecord[];
  availability?: AvailabilityModel;
  /** Every scenario selected for the run, with its requirement IDs, so reports can show coverage even for those not reached. */
  plan: Array<{ id: string; title: string; requirements: string[]; tags: string[]; file?: string }>;
  /** Requirement catalogue (id → short title) so reports can name gaps. */
  requirements: Record<string, string>;
  /** The selection as given (before --shard), so runs of one selection can be merged (absent in older histories). */
  selection?: { patterns: string[]; suite: string | null; grep: string | null };
  /** `--shard I/N`: this run took the I-th of N parts of the selection. */
  shard?: Shard;
  /** The machine that ran it (os.hostname()). */
  host?: string;
  /** Written by `ftlab merge`: the runs this history was merged from. */
  merge?: MergeInfo;
}

export interface Shard {
  index: number;
  total: number;
}

/** A testcase's identity: scenario × binding label ('' when none could be made) × iteration. */
export interface TestcaseRef {
  id: string;
  binding: string;
  iteration: number;
}

/** One run a merged history was made of. `startedAt`/`endedAt` are epoch ms (wall). */
export interface MergePart {
  runId: string;
  shard: Shard | null;
  host: string | null;
  dir: string;
  argv: string[];
  startedAt: number;
  /** Wall time of its run-end; null when its history ends without one. */
  endedAt: number | null;
  outcome: Outcome;
  reason: string | null;
  /** Harness ms added to its records' times (its start relative to the earliest part's). */
  offsetMs: number;
  /** The testcases kept from it. */
  testcases: TestcaseRef[];
  /** What the merge noticed about it (it ran nothing, every testcase was skipped, duplicates dropped). */
  notes: string[];
}

export interface MergeInfo {
  parts: MergePart[];
  /** How testcases run by two parts were resolved (`--allow-duplicates`); null: refused. */
  duplicates: DuplicatePolicy | null;
  /** Shards of N that no input ran (`--allow-missing-shards`). */
  missingShards: Shard[];
}

export type DuplicatePolicy = 'first' | 'last' | 'worst';

/** `I/N` for a shard. */
export function shardLabel(s: Shard): string {
  return `${s.index}/${s.total}`;
}

/** How reports name where a result came from: `1/2` for a shard, `run 1a2b3c4d` for a whole run. */
export function partLabel(part: { shard: Shard | null; runId: string }): string {
  return part.shard ? shardLabel(part.shard) : `run ${part.runId.slice(0, 8)}`;
}

/** A stable string for a testcase's identity (map keys). */
export function testcaseKey(ref: TestcaseRef): string {
  return JSON.stringify([ref.id, ref.binding, ref.iteration]);
}

/** The testcase a scenario-begin starts: its reference's binding, or the device of its only role. */
export function testcaseOf(begin: ScenarioBegin): TestcaseRef {
  const devices = Object.values(begin.roles).flat();
  const binding = begin.scenario.binding || (devices.length === 1 && devices[0] !== undefined ? devices[0] : '');
  return { id: begin.scenario.id, binding, iteration: begin.scenario.iteration };
}

export interface DeviceRecord extends Base {
  type: 'device';
  device: string;
  kind: string;
  /** Endpoints with credentials removed, e.g. {"redfish": "http://127.0.0.1:5000", "ipmi": "127.0.0.1:6230"}. */
  endpoints: Record<string, string>;
  protocols: Record<string, string>;
  timeScale: number;
}

export interface ScenarioBegin extends Base {
  type: 'scenario-begin';
  scenario: ScenarioRef;
  title: string;
  requirements: string[];
  /** Role → the devices bound to it (empty when the lab could not fill the roles). */
  roles: Record<string, string[]>;
}

export interface PhaseRecord extends Base {
  type: 'phase-begin' | 'phase-end';
  scenario: ScenarioRef;
  phase: string;
  /** On phase-end: whether it completed, and the error if not. */
  ok?: boolean;
  error?: string;
  deadlineMs?: number;
}

export interface CallRecord extends Base {
  type: 'call';
  scenario: ScenarioRef | null;
  device: string;
  capability: string;
  method: string;
  args: unknown;
  durationMs: number;
  ok: boolean;
  error?: string;
  /** Protocol that served the call ("redfish", "ipmi"), as bound for the device; absent when unknown. */
  protocol?: string;
}

export interface FaultRecord extends Base {
  type: 'fault';
  scenario: ScenarioRef | null;
  device: string;
  fault: string;
  params: Record<string, unknown>;
  /** register = undo registered (before inject); inject = applied; undo = undone. */
  action: 'register' | 'inject' | 'undo';
  /** Ledger entry id, shared by register/inject/undo of one fault. */
  ledgerId: number;
  ok: boolean;
  error?: string;
}

export interface EventRecord extends Base {
  type: 'event';
  scenario: ScenarioRef | null;
  device: string;
  /** The capability that delivered it ("EventSource"). */
  capability: string;
  event: BmcEvent;
}

/** A state read from one capability of one device; its domain module decodes `state` (lib/domains/). */
export interface SampleRecord extends Base {
  type: 'sample';
  scenario: ScenarioRef | null;
  device: string;
  capability: string;
  state: unknown;
  /** Harness ms (same base as `t`) the reading was asked for: the state held at some instant of [readStart, t]. */
  readStart?: number;
  /** The device's event that asked for this reading (continuous observation), with the device's own timestamp. */
  trigger?: SampleTrigger;
}

/** An event that made the observer read a device again. */
export interface SampleTrigger {
  eventId: string;
  messageId: string;
  originOfCondition: string | null;
  /** The device's own time of the event (ISO 8601, SUT time). */
  eventTimestamp: string;
  /** Harness ms the event arrived (same base as `t`). */
  receivedAt: number;
}

export interface ProbeGap {
  /** Harness monotonic ms (same base as `t`). */
  start: number;
  end: number;
  durationMs: number;
  /** Probes sent inside the gap: > 0 means the harness kept sending and the SUT did not answer; 0 means the harness itself stalled. */
  sentDuring?: number;
  /**
   * The server's pause behind this gap, estimated from send times and the median round trip
   * (harness/probe/outage.ts): error within ± half a send interval plus round-trip jitter,
   * where the raw reply gap overstates it by up to one interval.
   */
  outageMs?: number;
}

export interface ProbeRecord extends Base {
  type: 'probe';
  scenario: ScenarioRef;
  probe: string;
  target: string;
  /** Requested send interval and the resolution actually achieved (p99 of inter-send intervals). */
  intervalMs: number;
  resolutionMs: number;
  sent: number;
  received: number;
  /** Gaps in answers larger than the gap threshold, in harness time. */
  gaps: ProbeGap[];
  /** Median round trip of the answers (ms). */
  rttMs?: number;
  /** Address that answered every reply (FT-03: one server on the network). */
  repliedFrom: string[];
  /**
   * Datagrams that reached the probe but were not an answer of the workload: another sender
   * address or port, another probe's nonce, a sequence number never sent, a repeat. Never counted
   * as answers. Absent in histories written before the probe counted them.
   */
  foreign?: number;
  /** Distinct senders (address:port) of that traffic, at most 16. */
  foreignFrom?: string[];
  /** Senders other than the target that echoed the probe's own datagrams: a second responder (FT-03). */
  echoedBy?: string[];
  startedAt: number;
  stoppedAt: number;
}

export interface ClockOffsetRecord extends Base {
  type: 'clock-offset';
  device: string;
  /** bmcWall - harnessWall at the same instant, ms; and half the round trip as the uncertainty. */
  offsetMs: number;
  uncertaintyMs: number;
  timeScale: number;
}

export interface MeasurementRecord extends Base {
  type: 'measurement';
  scenario: ScenarioRef;
  name: string;
  value: number;
  unit: string;
  /** How it was measured: from BMC events, from the workload probe, from samples, ... */
  source: string;
  /** Measurement resolution (ms) when known. */
  resolution?: number;
  budget?: BudgetRecord;
  verdict: Verdict;
  /** Margin to the limit as a fraction of the limit (positive = headroom). */
  margin?: number;
  requirements: string[];
}

/**
 * The figures behind a cross-source consistency check: one phase measured by several independent
 * sources (BMC event timestamps, the workload probe, the BMC's own reported figures, the harness
 * clock), each figure in `unit`, and the tolerance within which they must agree (with what it is
 * derived from).
 */
export interface Comparison {
  phase: string;
  unit: string;
  figures: Array<{ source: string; value: number }>;
  tolerance: number;
  toleranceBasis: string;
}

export interface CheckRecord extends Base {
  type: 'check';
  scenario: ScenarioRef;
  name: string;
  kind: 'invariant' | 'assertion' | 'budget';
  required: boolean;
  evaluated: boolean;
  ok: boolean;
  detail: string;
  requirements: string[];
  /** Optional (history v-compatible): the figures a consistency check compared. */
  comparison?: Comparison;
}

export interface ScenarioEnd extends Base {
  type: 'scenario-end';
  scenario: ScenarioRef;
  outcome: Outcome;
  reason?: string;
  marginal: boolean;
  durationMs: number;
  /** Its first-failure data bundle, relative to the run's folder (ffdc/<testcase>), when one was collected. */
  ffdc?: string;
}

/** One line a device printed on its console (H-03), captured while a testcase ran. */
export interface ConsoleRecord extends Base {
  type: 'console';
  scenario: ScenarioRef | null;
  device: string;
  /** Harness ms (same base as `t`) the line's first byte arrived. */
  at: number;
  /** The line without its terminator, control sequences and secrets removed. */
  text: string;
  /** Where the console is (`tcp://host:port`, a serial port path); never a secret. */
  endpoint: string;
}

export interface LogLine extends Base {
  type: 'log';
  level: string;
  message: string;
  scenario?: ScenarioRef | null;
}

export interface RunEnd extends Base {
  type: 'run-end';
  outcome: Outcome;
  exitCode: number;
  reason?: string;
}

export type HistoryRecord =
  | RunBegin
  | DeviceRecord
  | ScenarioBegin
  | PhaseRecord
  | CallRecord
  | FaultRecord
  | EventRecord
  | SampleRecord
  | ProbeRecord
  | ClockOffsetRecord
  | MeasurementRecord
  | CheckRecord
  | ScenarioEnd
  | ConsoleRecord
  | LogLine
  | RunEnd;

export function worstOutcome(outcomes: Iterable<Outcome>): Outcome {
  let worst: Outcome = 'passed';
  for (const o of outcomes) if (OUTCOME_ORDER.indexOf(o) > OUTCOME_ORDER.indexOf(worst)) worst = o;
  return worst;
}

/** Exit code of an interrupted run (128 + SIGINT), as shells report it. */
export const EXIT_ABORTED = 130;

/** Exit code of a run (architecture.md §3): 0 passed; 1 SUT/budget/invariant; 2 usage; 3 infra; 130 interrupted. */
export function exitCodeFor(outcome: Outcome): number {
  switch (outcome) {
    case 'passed':
    case 'skipped':
      return 0;
    case 'failed':
    case 'budget-violation':
    case 'invariant-violation':
      return 1;
    case 'infra-error':
      return 3;
    case 'aborted':
      return EXIT_ABORTED;
  }
}
