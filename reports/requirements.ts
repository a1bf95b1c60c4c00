/**
 * Per-requirement verdicts from scenario outcomes, plus the verdicts report panels compute
 * themselves (findings, e.g. the ft panel's FT-03 and FT-04).
 * failed: a covering scenario failed (SUT, budget or invariant); inconclusive: none failed but
 * one ended in infra-error or aborted; passed: at least one covering scenario passed; otherwise
 * not-covered (a gap).
 */
import { sourceText, verdictText } from './measurement-text.ts';
import type { Outcome } from '../lib/history/records.ts';
import { compareIds, num, pct } from './format.ts';
import type { RequirementFinding } from './panel.ts';
import type { RequirementSummary, RequirementVerdict, ScenarioSummary } from './summary-types.ts';

const FAILING: readonly Outcome[] = ['failed', 'budget-violation', 'invariant-violation'];
const UNDECIDED: readonly Outcome[] = ['infra-error', 'aborted'];

export function verdictFromOutcomes(outcomes: readonly Outcome[]): RequirementVerdict {
  if (outcomes.some((o) => FAILING.includes(o))) return 'failed';
  if (outcomes.some((o) => UNDECIDED.includes(o))) return 'inconclusive';
  if (outcomes.includes('passed')) return 'passed';
  return 'not-covered';
}

const VERDICT_ORDER: readonly RequirementVerdict[] = ['not-covered', 'passed', 'inconclusive', 'failed'];

/** Combine two verdicts on the same requirement: the more severe wins; not-covered yields. */
export function combineVerdicts(a: RequirementVerdict, b: RequirementVerdict): RequirementVerdict {
  return VERDICT_ORDER.indexOf(a) >= VERDICT_ORDER.indexOf(b) ? a : b;
}

function covers(s: ScenarioSummary, req: string): boolean {
  return (
    s.requirements.includes(req) ||
    s.measurements.some((m) => m.requirements.includes(req)) ||
    s.checks.some((c) => c.requirements.includes(req))
  );
}

function evidenceFor(s: ScenarioSummary, req: string): string[] {
  const lines = [`${s.key}: ${s.outcome}${s.marginal ? ' (marginal)' : ''}${s.reason ? ` — ${s.reason}` : ''}`];
  for (const m of s.measurements) {
    if (!m.requirements.includes(req)) continue;
    const limit =
      m.limit === null ? 'no budget' : `limit ${num(m.limit, 3)} ${m.unit}${m.budgetFormula ? ` = ${m.budgetFormula}` : ''}, margin ${pct(m.margin)}`;
    lines.push(`${s.key}: ${m.name} = ${num(m.value, 3)} ${m.unit} (${limit}; ${sourceText(m)}) → ${verdictText(m.verdict)}`);
  }
  for (const c of s.checks) {
    if (!c.requirements.includes(req)) continue;
    // The harness records a budget check beside each judged measurement; the measurement line says it all.
    if (c.kind === 'budget' && c.evaluated && s.measurements.some((m) => m.name === c.name)) continue;
    const state = !c.evaluated ? 'NOT EVALUATED' : c.ok ? 'ok' : `FAILED: ${c.detail}`;
    lines.push(`${s.key}: ${c.kind} ${c.name}${c.required ? '' : ' (optional)'} → ${state}`);
  }
  return lines;
}

export function requirementIds(
  catalogue: Record<string, string>,
  plan: ReadonlyArray<{ requirements: string[] }>,
  scenarios: readonly ScenarioSummary[],
): string[] {
  const seen = new Set<string>(Object.keys(catalogue));
  const extra = new Set<string>();
  const add = (r: string): void => {
    if (!seen.has(r)) extra.add(r);
  };
  for (const p of plan) p.requirements.forEach(add);
  for (const s of scenarios) {
    s.requirements.forEach(add);
    for (const m of s.measurements) m.requirements.forEach(add);
    for (const c of s.checks) c.requirements.forEach(add);
  }
  return [...seen, ...[...extra].sort(compareIds)];
}

export function summarizeRequirements(
  ids: readonly string[],
  catalogue: Record<string, string>,
  scenarios: readonly ScenarioSummary[],
  findings: readonly RequirementFinding[],
): Record<string, RequirementSummary> {
  const out: Record<string, RequirementSummary> = {};
  for (const id of ids) {
    const covering = scenarios.filter((s) => covers(s, id));
    let verdict = verdictFromOutcomes(covering.map((s) => s.outcome));
    const evidence = covering.flatMap((s) => evidenceFor(s, id));
    const scenarioIds = [...new Set(covering.map((s) => s.id))];
    for (const f of findings) {
      if (f.requirement !== id) continue;
      verdict = combineVerdicts(verdict, f.verdict);
      evidence.push(f.evidence);
      for (const s of f.scenarios) if (!scenarioIds.includes(s)) scenarioIds.push(s);
    }
    out[id] = {
      title: catalogue[id] ?? '',
      verdict,
      marginal: verdict === 'passed' && covering.some((s) => s.marginal),
      scenarios: scenarioIds,
      evidence,
    };
  }
  return out;
}
