/**
 * Report panels: what one domain (ft, failover, ...) adds to the domain-neutral report. A panel
 * is chosen by the run's requirement catalogue and by the records present (`appliesTo`), computes
 * its data once (`summarize`), judges the requirements it owns (`findings`, merged into the
 * requirement verdicts), and renders that data as an HTML section, compliance Markdown, a
 * results.json object (`panels.<id>`), and optionally lanes of the scenario timelines.
 * Panels live in `reports/<domain>/` and are listed in `reports/panels.ts`.
 */
import type { HistoryRecord, RunBegin } from '../lib/history/records.ts';
import type { RequirementVerdict, ScenarioSummary } from './summary-types.ts';
import type { TimelineLane } from './timeline-lane.ts';

/** What a panel sees of the run. */
export interface PanelInput {
  records: readonly HistoryRecord[];
  runBegin: RunBegin | undefined;
  /** Requirement ids of the run: the catalogue, the plan, and what the scenarios and their evidence name. */
  requirementIds: readonly string[];
  scenarios: readonly ScenarioSummary[];
}

/** A requirement verdict a panel computes itself (e.g. FT-04 from the availability projection). */
export interface RequirementFinding {
  requirement: string;
  verdict: RequirementVerdict;
  /** One evidence line. */
  evidence: string;
  /** Scenario ids whose records are the evidence, in run order. */
  scenarios: readonly string[];
  /** List the requirement even when nothing else names it (the panel has evidence). */
  listed: boolean;
}

/** One scenario instance, for timeline lanes: its records and the scenario's start (harness ms). */
export interface LaneInput {
  records: readonly HistoryRecord[];
  /** Harness ms of scenario-begin: lane times are ms since then. */
  t0: number;
  /** End of the timeline (ms since t0). */
  endMs: number;
}

export interface ReportPanel<D> {
  /** Key under results.json `panels`, e.g. "ft". */
  readonly id: string;
  /** Heading of the error section shown in place of the panel if it fails. */
  readonly title: string;
  appliesTo(input: PanelInput): boolean;
  summarize(input: PanelInput): D;
  findings(data: D, input: PanelInput): RequirementFinding[];
  json(data: D): Record<string, unknown>;
  /** HTML section (escaped; may use the page's classes). */
  html(data: D): string;
  /** compliance.md lines. */
  markdown(data: D): string[];
  /** Extra lanes for a scenario timeline (e.g. module states). */
  timelineLanes?(scenario: LaneInput): TimelineLane[];
}
