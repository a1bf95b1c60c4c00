/** The failover panel's data: per failover in a testcase, one timeline across devices, its budgets and invariants. */
import type { Outcome, Verdict } from '../../lib/history/records.ts';

/** How a segment is coloured: the server it belongs to (failed, standby, both = wrong), power, reachability, or a step the manager claims (ok, failed, running). */
export type Tone = 'failed' | 'standby' | 'both' | 'shared' | 'none' | 'other' | 'on' | 'off' | 'transition' | 'up' | 'down' | 'between' | 'claim' | 'claim-failed' | 'claim-running';

/** A state held over [start, end) (ms since the scenario began, harness clock). */
export interface FoSegment {
  start: number;
  end: number;
  label: string;
  tone: Tone;
  detail: string;
  /** What placed its start: a sample, the device's own event timestamp, (tone "between") the window between two samples, or the manager's own stamp (its claim). */
  source: 'sample' | 'event' | 'window' | 'claim';
}

export interface FoTick {
  at: number;
  label: string;
  detail: string;
}

export interface FoLane {
  /** What the lane shows: "power", "masking", "zoning", "VLAN", "logins", "business", "manager" (its events), "claim" (its decisions and steps as it serves them), "faults", "lab steps". */
  kind: string;
  label: string;
  segments: FoSegment[];
  ticks: FoTick[];
}

export interface BudgetRow {
  budget: string;
  requirements: string[];
  /** The scenario's measurement of it (SUT), null when not measured. */
  measurement: string | null;
  value: number | null;
  resolution: number | null;
  limit: number | null;
  /** The limit's formula when it depends on the testcase (e.g. "30000 + dumpMs") and this one did not evaluate it. */
  formula: string | null;
  unit: string;
  verdict: Verdict | 'not measured';
  /** Whether the scenario judged the value against this budget (else the limit is shown for context). */
  judged: boolean;
  source: string;
}

export interface InvariantRow {
  name: string;
  requirements: string[];
  verdict: 'holds' | 'violated' | 'not evaluated';
  required: boolean;
  detail: string;
}

export interface FailoverView {
  /** Scenario instance key (`id@device#iteration`), the anchor of its card. */
  scenario: string;
  title: string;
  outcome: Outcome;
  /** null when the testcase shows no failover (no boot volume moved from one server to another). */
  failed: string | null;
  standby: string | null;
  volumes: string[];
  endMs: number;
  /** SUT ms per harness ms. */
  timeScale: number;
  lanes: FoLane[];
  budgets: BudgetRow[];
  invariants: InvariantRow[];
}

export interface FailoverPanelData {
  failovers: FailoverView[];
}
