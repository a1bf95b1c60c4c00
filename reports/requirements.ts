/**
 * Per-requirement verdicts over the requirement catalogue (run-begin's `requirements`, grouped by
 * id prefix: FT, FO, ...), from scenario outcomes plus the verdicts report panels compute
 * themselves (findings, e.g. the ft panel's FT-03 and FT-04).
 * failed: a covering scenario failed (SUT, budget or invariant); inconclusive: none failed but
 * one ended in infra-error or aborted; passed: at least one covering scenario passed; not-run:
 * scenarios of the run cover it but none ran to a verdict; no-scenario: none of the run covers it.
 */
import { sourceText, verdictText } from './measurement-text.ts';
import type { Outcome } from '../lib/history/records.ts';
import { compareIds, num, pct } from './format.ts';
import type { RequirementFinding } from './panel.ts';
import type { EvidenceLink, RequirementSummary, RequirementVerdict, ScenarioSummary } from './summary-types.ts';

const FAILING: readonly Outcome[] = ['failed', 'budget-violation', 'invariant-violation'];
const UNDECIDED: readonly Outcome[] = ['infra-error', 'aborted'];

/** The verdict of the covering scenarios' outcomes; `planned` says whether any scenario of the run covers it at all. */
export function verdictFromOutcomes(outcomes: readonly Outcome[], planned = outcomes.length > 0): RequirementVerdict {
  if (outcomes.some((o) => FAILING.includes(o))) return 'failed';
  if (outcomes.some((o) => UNDECIDED.includes(o))) return 'inconclusive';
  if (outcomes.includes('passed')) return 'passed';
  return planned ? 'not-run' : 'no-scenario';
}

const VERDICT_ORDER: readonly RequirementVerdict[] = ['no-scenario', 'not-run', 'passed', 'inconclusive', 'failed'];

/** Combine two verdicts on the same requirement: the more severe wins; no-scenario and not-run yield. */
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

/** The catalogue group of a requirement id: its prefix before the first "-" ("FO" of "FO-06"). */
export function requirementGroup(id: string): string {
  const dash = id.indexOf('-');
  return dash > 0 ? id.slice(0, dash) : id;
}

/** The groups of `ids` in the order they first appear (the catalogue's order first). */
export function requirementGroups(ids: readonly string[]): Array<{ group: string; ids: string[] }> {
  const groups = new Map<string, string[]>();
  for (const id of ids) groups.set(requirementGroup(id), [...(groups.get(requirementGroup(id)) ?? []), id]);
  return [...groups].map(([group, members]) => ({ group, ids: members }));
}

/** The anchor of a scenario card within index.html, and the link to it from beside the page. */
export function scenarioAnchor(key: string): string {
  return `#${encodeURIComponent(key)}`;
}

export function scenarioHref(key: string): string {
  return `index.html${scenarioAnchor(key)}`;
}

export interface RequirementInputs {
  catalogue: Record<string, string>;
  scenarios: readonly ScenarioSummary[];
  /** Scenarios of the plan not run, with the requirements they would cover. */
  notRun: ReadonlyArray<{ id: string; requirements: readonly string[] }>;
  findings: readonly RequirementFinding[];
}

function summarizeOne(id: string, input: RequirementInputs): RequirementSummary {
  const covering = input.scenarios.filter((s) => covers(s, id));
  const notRun = input.notRun.filter((p) => p.requirements.includes(id)).map((p) => p.id);
  let verdict = verdictFromOutcomes(covering.map((s) => s.outcome), covering.length + notRun.length > 0);
  const evidence = covering.flatMap((s) => evidenceFor(s, id));
  const scenarioIds = [...new Set(covering.map((s) => s.id))];
  const links: EvidenceLink[] = covering.map((s) => ({ label: s.key, href: scenarioHref(s.key) }));
  for (const f of input.findings) {
    if (f.requirement !== id) continue;
    verdict = combineVerdicts(verdict, f.verdict);
    evidence.push(f.evidence);
    for (const s of f.scenarios) if (!scenarioIds.includes(s)) scenarioIds.push(s);
    for (const s of input.scenarios) if (f.scenarios.includes(s.id) && !links.some((l) => l.label === s.key)) links.push({ label: s.key, href: scenarioHref(s.key) });
  }
  return {
    title: input.catalogue[id] ?? '',
    group: requirementGroup(id),
    verdict,
    marginal: verdict === 'passed' && covering.some((s) => s.marginal),
    scenarios: scenarioIds,
    notRun: [...new Set(notRun)],
    evidence,
    links,
  };
}

export function summarizeRequirements(ids: readonly string[], input: RequirementInputs): Record<string, RequirementSummary> {
  return Object.fromEntries(ids.map((id) => [id, summarizeOne(id, input)]));
}
