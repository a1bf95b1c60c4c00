/**
 * History records → RunSummary (the results.json object). Pure and deterministic; tolerates
 * incomplete histories: no run-end → aborted and incomplete; a scenario begun but never ended →
 * aborted with a reason saying so.
 */
import { rolesOf } from './record-access.ts';
import {
  OUTCOME_ORDER,
  exitCodeFor,
  worstOutcome,
  type HistoryRecord,
  type Outcome,
  type RunBegin,
  type RunEnd,
  shardLabel,
  type TestcaseRef,
  type Verdict,
} from '../lib/history/records.ts';
import { deprecatedFields } from './deprecated-fields.ts';
import type { PanelInput } from './panel.ts';
import { runPanels, type PanelResult, type PanelRunner } from './panel-run.ts';
import { PANELS } from './panels.ts';
import { requirementIds, summarizeRequirements } from './requirements.ts';
import { groupScenarios, type ScenarioInstance } from './scenarios.ts';
import { partsOf, shardOfTestcase } from './shards.ts';
import { maxOf, minOf, percentile } from './stats.ts';
import {
  RESULTS_SCHEMA,
  type AggregateSummary,
  type DeviceSummary,
  type PhaseSummary,
  type RunSummary,
  type ScenarioSummary,
} from './summary-types.ts';

export type { RunSummary } from './summary-types.ts';

const VERDICT_SEVERITY: readonly Verdict[] = ['unset', 'pass', 'marginal', 'fail'];

export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'unset';
  for (const v of verdicts) if (VERDICT_SEVERITY.indexOf(v) > VERDICT_SEVERITY.indexOf(worst)) worst = v;
  return worst;
}

export const INTERRUPTED_SCENARIO = 'no scenario-end in the history: the run stopped during this scenario';
export const INTERRUPTED_RUN = 'the history ends without run-end: the run was killed or crashed';

/** Microsecond rounding: keeps results.json free of floating-point noise (2421.9260000000004). */
function r3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function summarizeInstance(inst: ScenarioInstance, shardOf: (tc: TestcaseRef) => string | null): ScenarioSummary {
  const t0 = inst.begin.t;
  const rel = (t: number): number => r3(t - t0);
  const phases: PhaseSummary[] = [];
  const openPhases = new Map<string, PhaseSummary[]>();
  const faults = new Map<number, ScenarioSummary['faults'][number]>();
  const s: ScenarioSummary = {
    key: inst.key,
    id: inst.id,
    title: inst.title,
    requirements: inst.requirements,
    device: inst.device,
    roles: rolesOf(inst.begin),
    iteration: inst.iteration,
    outcome: inst.end?.outcome ?? 'aborted',
    reason: inst.end ? (inst.end.reason ?? null) : INTERRUPTED_SCENARIO,
    marginal: inst.end?.marginal ?? false,
    ffdc: inst.end?.ffdc ?? null,
    durationMs: inst.end?.durationMs ?? r3(inst.lastT - t0),
    shard: shardOf({ id: inst.id, binding: inst.device, iteration: inst.iteration }),
    incomplete: !inst.end,
    skipReason: null,
    measurements: [],
    checks: [],
    probes: [],
    phases,
    faults: [],
  };
  for (const r of inst.records) {
    switch (r.type) {
      case 'phase-begin': {
        const p: PhaseSummary = { phase: r.phase, startMs: rel(r.t), endMs: null, ok: null, error: null, deadlineMs: r.deadlineMs ?? null };
        phases.push(p);
        openPhases.set(r.phase, [...(openPhases.get(r.phase) ?? []), p]);
        break;
      }
      case 'phase-end': {
        const stack = openPhases.get(r.phase) ?? [];
        const p = stack.pop() ?? { phase: r.phase, startMs: 0, endMs: null, ok: null, error: null, deadlineMs: null };
        if (!phases.includes(p)) phases.push(p);
        p.endMs = rel(r.t);
        p.ok = r.ok ?? true;
        p.error = r.error ?? null;
        if (r.deadlineMs !== undefined) p.deadlineMs = r.deadlineMs;
        break;
      }
      case 'fault': {
        const f = faults.get(r.ledgerId) ?? { device: r.device, fault: r.fault, ledgerId: r.ledgerId, injectedMs: null, undoneMs: null, ok: true, error: null };
        faults.set(r.ledgerId, f);
        if (r.action === 'inject') f.injectedMs = rel(r.t);
        if (r.action === 'undo') f.undoneMs = rel(r.t);
        if (!r.ok) {
          f.ok = false;
          f.error = r.error ?? `${r.action} failed`;
        }
        break;
      }
      case 'measurement': {
        const limit = r.budget?.limit ?? null;
        const margin = r.margin ?? (limit !== null && limit !== 0 ? (limit - r.value) / limit : null);
        s.measurements.push({
          name: r.name,
          value: r.value,
          unit: r.unit,
          limit,
          verdict: r.verdict,
          margin,
          source: r.source ?? '',
          resolution: r.resolution ?? null,
          budget: r.budget?.id ?? null,
          budgetSource: r.budget?.source ?? null,
          budgetFormula: r.budget?.limitFormula
            ? `${r.budget.limitFormula}${r.budget.params && Object.keys(r.budget.params).length ? ` (${Object.entries(r.budget.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}`
            : null,
          requirements: r.requirements && r.requirements.length > 0 ? [...r.requirements] : [...inst.requirements],
          atMs: rel(r.t),
        });
        break;
      }
      case 'check':
        s.checks.push({
          name: r.name,
          kind: r.kind,
          required: r.required,
          evaluated: r.evaluated,
          ok: r.ok,
          detail: r.detail ?? '',
          requirements: r.requirements && r.requirements.length > 0 ? [...r.requirements] : [...inst.requirements],
        });
        break;
      case 'probe':
        s.probes.push({
          probe: r.probe,
          target: r.target ?? '',
          intervalMs: r.intervalMs ?? null,
          resolutionMs: r.resolutionMs ?? null,
          rttMs: r.rttMs ?? null,
          sent: r.sent,
          received: r.received,
          gaps: r.gaps,
          maxGapMs: r.gaps.length ? maxOf(r.gaps.map((g) => g.durationMs)) : 0,
          repliedFrom: r.repliedFrom,
          ...(r.foreign === undefined ? {} : { foreign: r.foreign }),
          ...(r.foreignFrom === undefined ? {} : { foreignFrom: r.foreignFrom }),
        });
        break;
      default:
        break;
    }
  }
  s.faults = [...faults.values()].sort((a, b) => a.ledgerId - b.ledgerId);
  if (s.outcome === 'passed' && s.measurements.some((m) => m.verdict === 'marginal')) s.marginal = true;
  if (s.outcome === 'skipped') s.skipReason = s.reason ?? 'skipped (no reason recorded)';
  return s;
}

function aggregate(scenarios: readonly ScenarioSummary[]): AggregateSummary[] {
  const groups = new Map<string, { s: ScenarioSummary; ms: ScenarioSummary['measurements'] }>();
  for (const s of scenarios) {
    for (const m of s.measurements) {
      const k = JSON.stringify([s.id, s.device, m.name, m.unit]);
      const g = groups.get(k) ?? { s, ms: [] };
      g.ms.push(m);
      groups.set(k, g);
    }
  }
  return [...groups.values()].flatMap(({ s, ms }) => {
    const values = ms.map((m) => m.value);
    const [first] = ms;
    if (first === undefined) return [];
    return {
      scenario: s.id,
      device: s.device,
      name: first.name,
      unit: first.unit,
      n: values.length,
      min: minOf(values),
      p50: percentile(values, 50),
      p95: percentile(values, 95),
      max: maxOf(values),
      limit: first.limit,
      verdict: worstVerdict(ms.map((m) => m.verdict)),
    };
  });
}

function devicesOf(records: readonly HistoryRecord[]): DeviceSummary[] {
  const devices = new Map<string, DeviceSummary>();
  const get = (name: string): DeviceSummary => {
    const d = devices.get(name) ?? { device: name, kind: 'unknown', endpoints: {}, protocols: {}, timeScale: null, clockOffset: null };
    devices.set(name, d);
    return d;
  };
  for (const r of records) {
    if (r.type === 'device') {
      const d = get(r.device);
      d.kind = r.kind;
      d.endpoints = { ...r.endpoints };
      d.protocols = { ...(r.protocols ?? {}) };
      d.timeScale = r.timeScale ?? null;
    } else if (r.type === 'clock-offset') {
      const d = get(r.device);
      d.clockOffset = {
        offsetMs: r.offsetMs,
        uncertaintyMs: r.uncertaintyMs,
        timeScale: r.timeScale ?? 1,
        samples: (d.clockOffset?.samples ?? 0) + 1,
      };
    }
  }
  return [...devices.values()];
}

export interface SummarizeOptions {
  /** From readHistoryFile: the history's last line was cut off and dropped. */
  truncatedLine?: number;
  /** The panels to consider (default: every panel in reports/panels.ts). */
  panels?: readonly PanelRunner[];
}

/** A run summarized once: the results.json object and the panels that applied (for the renderers). */
export interface SummarizedRun {
  summary: RunSummary;
  panels: PanelResult[];
}

export function summarize(records: readonly HistoryRecord[], opts: SummarizeOptions = {}): RunSummary {
  return summarizeRun(records, opts).summary;
}

export function summarizeRun(records: readonly HistoryRecord[], opts: SummarizeOptions = {}): SummarizedRun {
  const runBegin = records.find((r): r is RunBegin => r.type === 'run-begin');
  const runEnd = [...records].reverse().find((r): r is RunEnd => r.type === 'run-end');
  const shardOf = shardOfTestcase(runBegin);
  const scenarios = groupScenarios(records).map((inst) => summarizeInstance(inst, shardOf));
  const plan = runBegin?.plan ?? [];
  const begun = new Set(scenarios.map((s) => s.id));
  const notRun = plan.filter((p) => !begun.has(p.id)).map((p) => ({ id: p.id, title: p.title, requirements: [...p.requirements] }));

  const incomplete = !runEnd;
  const outcomes: Outcome[] = scenarios.map((s) => s.outcome);
  if (runEnd) outcomes.push(runEnd.outcome);
  else outcomes.push('aborted');
  const outcome = worstOutcome(outcomes);
  const aborted = outcome === 'aborted';

  const counts = Object.fromEntries(OUTCOME_ORDER.map((o) => [o, 0])) as RunSummary['counts'];
  counts.total = scenarios.length;
  counts.marginal = 0;
  counts.notRun = notRun.length;
  for (const s of scenarios) {
    counts[s.outcome]++;
    if (s.marginal) counts.marginal++;
  }

  const catalogue = runBegin?.requirements ?? {};
  const input: PanelInput = { records, runBegin, requirementIds: requirementIds(catalogue, plan, scenarios), scenarios };
  const panels = runPanels(opts.panels ?? PANELS, input);
  const findings = panels.flatMap((p) => p.findings);
  // Requirements a panel judges itself are listed whenever it has evidence.
  const reportChecked = findings.filter((f) => f.listed).map((f) => f.requirement);
  const ids = requirementIds(catalogue, [...plan, { requirements: reportChecked }], scenarios);
  const panelJson = Object.fromEntries(panels.map((p) => [p.id, p.json]));
  const lastT = records.reduce((m, r) => (r.t > m ? r.t : m), runBegin?.t ?? 0);

  const summary: RunSummary = {
    schema: RESULTS_SCHEMA,
    outcome,
    exitCode: runEnd ? runEnd.exitCode : exitCodeFor(outcome),
    aborted,
    incomplete,
    reason: runEnd
      ? (runEnd.reason ?? null)
      : `${INTERRUPTED_RUN}${opts.truncatedLine !== undefined ? ` (line ${opts.truncatedLine} was cut off mid-write and ignored)` : ''}`,
    run: {
      runId: runBegin?.runId ?? null,
      ftlabVersion: runBegin?.ftlabVersion ?? null,
      suite: runBegin?.suite ?? null,
      repeat: runBegin?.repeat ?? null,
      lab: runBegin
        ? {
            kind: runBegin.lab.kind,
            file: runBegin.lab.file ?? null,
            defects: [...(runBegin.lab.defects ?? [])],
            timeScale: runBegin.lab.timeScale ?? null,
          }
        : null,
      startedAt: runBegin ? new Date(runBegin.wall).toISOString() : null,
      durationMs: r3((runEnd?.t ?? lastT) - (runBegin?.t ?? 0)),
      records: records.length,
      truncatedLine: opts.truncatedLine ?? null,
      shard: runBegin?.shard ? shardLabel(runBegin.shard) : null,
      parts: partsOf(runBegin),
      missingShards: (runBegin?.merge?.missingShards ?? []).map(shardLabel),
    },
    devices: devicesOf(records),
    counts,
    scenarios,
    notRun,
    aggregates: aggregate(scenarios),
    requirements: summarizeRequirements(ids, { catalogue, scenarios, notRun, findings }),
    panels: panelJson,
    ...deprecatedFields(panelJson),
  };
  return { summary, panels };
}
