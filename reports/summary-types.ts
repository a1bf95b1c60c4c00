/**
 * The shape of results.json (`RunSummary`), produced by summarize.ts and read by every renderer.
 * Optional values are `null`, never absent, so the JSON has a stable shape.
 */
import type { CheckRecord, Outcome, ProbeGap, Verdict } from '../lib/history/records.ts';

export const RESULTS_SCHEMA = 'ftlab-results/2';

export interface MeasurementSummary {
  name: string;
  value: number;
  unit: string;
  limit: number | null;
  verdict: Verdict;
  /** Fraction of the limit left (positive = headroom); null without a budget. */
  margin: number | null;
  source: string;
  resolution: number | null;
  budget: string | null;
  budgetSource: string | null;
  /** Size-dependent limit (FT-09): the formula and the parameters it was evaluated with, e.g. "2 + 0.5 * memoryGiB (memoryGiB=16)". */
  budgetFormula: string | null;
  requirements: string[];
  /** ms since scenario start. */
  atMs: number;
}

export type CheckSummary = Omit<CheckRecord, 'type' | 't' | 'wall' | 'scenario'>;

export interface ProbeSummary {
  probe: string;
  target: string;
  intervalMs: number | null;
  resolutionMs: number | null;
  /** Median round trip of the answers (harness ms). */
  rttMs: number | null;
  sent: number;
  received: number;
  gaps: ProbeGap[];
  maxGapMs: number;
  repliedFrom: string[];
  /** Datagrams the probe did not count as answers (another sender, nonce or a repeat) and their senders; absent in older histories. */
  foreign?: number;
  foreignFrom?: string[];
}

export interface PhaseSummary {
  phase: string;
  startMs: number;
  endMs: number | null;
  ok: boolean | null;
  error: string | null;
  deadlineMs: number | null;
}

export interface ScenarioSummary {
  key: string;
  id: string;
  title: string;
  requirements: string[];
  /** The binding label: the device name when one role holds one device, else "role=dev role=dev". */
  device: string;
  /** Role → the devices bound to it (empty when the lab could not fill the roles). */
  roles: Record<string, string[]>;
  iteration: number;
  outcome: Outcome;
  reason: string | null;
  marginal: boolean;
  durationMs: number;
  /** Its first-failure data bundle relative to the run's folder, when one was collected. */
  ffdc: string | null;
  /** The shard (`1/2`) or merged run (`run 1a2b3c4d`) it ran in; null in a whole run. */
  shard: string | null;
  /** True when the history has no scenario-end for it (run interrupted). */
  incomplete: boolean;
  skipReason: string | null;
  measurements: MeasurementSummary[];
  checks: CheckSummary[];
  probes: ProbeSummary[];
  phases: PhaseSummary[];
  faults: Array<{ device: string; fault: string; ledgerId: number; injectedMs: number | null; undoneMs: number | null; ok: boolean; error: string | null }>;
}

export interface AggregateSummary {
  scenario: string;
  device: string;
  name: string;
  unit: string;
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  limit: number | null;
  verdict: Verdict;
}

/**
 * passed / failed / inconclusive: judged by the scenarios that ran (and the panels' findings);
 * not-run: scenarios of this run cover it but none ran to a verdict (not reached, skipped);
 * no-scenario: no scenario of this run covers it. Neither of the last two is ever a pass.
 */
export type RequirementVerdict = 'passed' | 'failed' | 'inconclusive' | 'not-run' | 'no-scenario';

/** Where a piece of evidence is: a scenario card of index.html (`index.html#<key>`). */
export interface EvidenceLink {
  label: string;
  href: string;
}

export interface RequirementSummary {
  title: string;
  /** The catalogue group: the id's prefix ("FT" of "FT-01"). */
  group: string;
  verdict: RequirementVerdict;
  marginal: boolean;
  /** Scenario ids covering it that ran (deduplicated, in run order). */
  scenarios: string[];
  /** Scenario ids of the plan covering it that were not run. */
  notRun: string[];
  /** One line per piece of evidence (measurement vs limit, check, report computation). */
  evidence: string[];
  /** The scenario instances holding the evidence. */
  links: EvidenceLink[];
}

export interface DeviceSummary {
  device: string;
  kind: string;
  endpoints: Record<string, string>;
  protocols: Record<string, string>;
  timeScale: number | null;
  clockOffset: { offsetMs: number; uncertaintyMs: number; timeScale: number; samples: number } | null;
}

/** One run of a merged history. Times are ISO 8601 (UTC). */
export interface PartSummary {
  /** As testcases name it: `1/2`, or `run 1a2b3c4d` for a run without --shard. */
  label: string;
  runId: string;
  host: string | null;
  dir: string;
  startedAt: string;
  endedAt: string | null;
  outcome: Outcome;
  reason: string | null;
  /** Testcases it contributed. */
  testcases: number;
  /** It ran nothing, every testcase was skipped, duplicates were dropped, ... */
  notes: string[];
}

export interface RunSummary {
  schema: string;
  outcome: Outcome;
  exitCode: number;
  aborted: boolean;
  /** No run-end in the history (killed or crashed). */
  incomplete: boolean;
  reason: string | null;
  run: {
    runId: string | null;
    ftlabVersion: string | null;
    suite: string | null;
    repeat: number | null;
    lab: { kind: string; file: string | null; defects: string[]; timeScale: number | null } | null;
    /** ISO 8601 (UTC) of run-begin. */
    startedAt: string | null;
    durationMs: number;
    records: number;
    /** Line number of a cut-off last history line that was dropped (crash mid-write). */
    truncatedLine: number | null;
    /** `--shard I/N` of this run; null for a whole or a merged run. */
    shard: string | null;
    /** The runs a merged history was made of (`ftlab merge`); empty otherwise. */
    parts: PartSummary[];
    /** Shards of N that no merged part ran (`--allow-missing-shards`). */
    missingShards: string[];
  };
  devices: DeviceSummary[];
  counts: Record<Outcome, number> & { total: number; marginal: number; notRun: number };
  scenarios: ScenarioSummary[];
  notRun: Array<{ id: string; title: string; requirements: string[] }>;
  aggregates: AggregateSummary[];
  requirements: Record<string, RequirementSummary>;
  /** Per-domain panel data keyed by panel id (e.g. `panels.ft.ft03`); `{ error }` when a panel failed. */
  panels: Record<string, PanelJson>;
  /** @deprecated Same value as `panels.ft.ft03` (null when the ft panel did not run); removed in the next results version. */
  ft03: unknown;
  /** @deprecated Same value as `panels.ft.availability` (null when the ft panel did not run); removed in the next results version. */
  availability: unknown;
}

/** A panel's results.json object. */
export type PanelJson = Record<string, unknown>;
