/**
 * After a testcase ran: its invariants over its own records, the required checks it declared,
 * and the outcome from every verdict (the worst wins; "marginal" flags a pass).
 */
import { errorMessage } from '../../lib/errors.ts';
import { type CheckRecord, type HistoryRecord, type Outcome, type ScenarioRef, worstOutcome } from '../../lib/history/records.ts';
import type { HistoryWriter } from '../history/writer.ts';
import type { InvariantDef, ScenarioDef } from '../scenario.ts';

export interface Verdict {
  outcome: Outcome;
  reason?: string;
  /**
   * A fault of this testcase could not be undone: visible even when the run was aborted. An
   * infra-error on its own; after a SUT failure it is that failure's consequence (a server that
   * did not power on when the scenario asked is no more likely to when its undo asks), so the SUT
   * verdict stands and says so, and the device is left for recovery (the next testcases on it run
   * only if it is back).
   */
  undoFailed?: boolean;
}

const SUT_FAILURES: ReadonlySet<Outcome> = new Set(['failed', 'budget-violation', 'invariant-violation']);

/** Drop the failed-undo and not-restored verdicts when a SUT failure explains them; their reasons go with it. */
function attributeToSutFailure(all: Verdict[]): Verdict[] {
  const sut = all.find((v) => SUT_FAILURES.has(v.outcome));
  const after = all.filter((v) => v.undoFailed);
  if (!sut || after.length === 0) return all;
  return all.filter((v) => !v.undoFailed).map((v) => (SUT_FAILURES.has(v.outcome) ? { ...v, reason: [v.reason, ...after.map((n) => n.reason)].filter(Boolean).join('; then ') } : v));
}

export function sameTestcase(a: ScenarioRef, b: ScenarioRef): boolean {
  return a.id === b.id && a.iteration === b.iteration && a.binding === b.binding;
}

/** The records that name this testcase (other testcases may run at the same time). */
export function ownRecords(all: readonly HistoryRecord[], scenario: ScenarioRef): HistoryRecord[] {
  return all.filter((r) => 'scenario' in r && r.scenario && sameTestcase(r.scenario, scenario));
}

/**
 * This testcase's records, from its scenario-begin on: those naming it, and those naming no
 * testcase that concern its devices or the run (other testcases may run at the same time).
 */
export function testcaseRecords(all: readonly HistoryRecord[], begin: HistoryRecord, scenario: ScenarioRef, devices: readonly string[]): HistoryRecord[] {
  const from = all.lastIndexOf(begin);
  return all.slice(from < 0 ? 0 : from).filter((r) => {
    const ref = 'scenario' in r ? r.scenario : null;
    if (ref) return sameTestcase(ref, scenario);
    return !('device' in r) || devices.includes(r.device);
  });
}

export function judgeHistory(
  def: ScenarioDef,
  scenario: ScenarioRef,
  records: readonly HistoryRecord[],
  evaluated: Set<string>,
  verdicts: Verdict[],
  history: HistoryWriter,
): { outcome: Outcome; reason?: string; marginal: boolean } {
  const ran = !verdicts.some((v) => v.outcome === 'skipped' || v.outcome === 'aborted');
  let all = [...verdicts];
  if (ran) {
    for (const inv of def.invariants ?? []) {
      const r = evaluateInvariant(inv, scenario, records, history);
      if (r.evaluated) evaluated.add(inv.name);
      else if (inv.required ?? true) all.push({ outcome: 'failed', reason: `required check ${inv.name} was not evaluated (${r.detail})` });
    }
    all.push(...requireDeclaredChecks(def, scenario, evaluated, history));
  }
  const own = ownRecords(history.records, scenario);
  all.push(...verdictsFromChecks(own));
  all = attributeToSutFailure(all);
  let outcome = worstOutcome(all.map((v) => v.outcome));
  let reason = all.find((v) => v.outcome === outcome && v.reason)?.reason;
  // An interrupted testcase whose faults could not all be undone left the lab changed: that is
  // what it must say (an infra-error, counted as such), not merely "aborted".
  const undo = all.find((v) => v.undoFailed);
  if (outcome === 'aborted' && undo) {
    outcome = 'infra-error';
    reason = `aborted, and ${undo.reason ?? 'a fault could not be undone'}`;
  }
  const marginal = outcome === 'passed' && own.some((r) => r.type === 'measurement' && r.verdict === 'marginal');
  return { outcome, ...(outcome === 'passed' || reason === undefined ? {} : { reason }), marginal };
}

function evaluateInvariant(inv: InvariantDef, scenario: ScenarioRef, records: readonly HistoryRecord[], history: HistoryWriter): CheckRecord {
  let ok = false;
  let evaluated = true;
  let detail: string;
  try {
    const r = inv.evaluate(records);
    if (r === true) {
      ok = true;
      detail = 'holds over the history';
    } else if (typeof r === 'object' && 'holds' in r) {
      ok = true;
      detail = r.holds;
    } else if (typeof r === 'string') {
      detail = r;
    } else {
      evaluated = false;
      detail = `not applicable: ${r.notApplicable}`;
    }
  } catch (e) {
    evaluated = false;
    detail = `could not be evaluated: ${errorMessage(e)}`;
  }
  return history.append<CheckRecord>({ type: 'check', scenario, name: inv.name, kind: 'invariant', required: inv.required ?? true, evaluated, ok, detail, requirements: inv.requirements ?? [] });
}

function requireDeclaredChecks(def: ScenarioDef, scenario: ScenarioRef, evaluated: ReadonlySet<string>, history: HistoryWriter): Verdict[] {
  const out: Verdict[] = [];
  for (const c of def.checks ?? []) {
    if ((c.required ?? true) === false || evaluated.has(c.name)) continue;
    history.append<CheckRecord>({
      type: 'check',
      scenario,
      name: c.name,
      kind: c.kind,
      required: true,
      evaluated: false,
      ok: false,
      detail: 'required check was not evaluated',
      requirements: c.requirements ?? [],
    });
    out.push({ outcome: 'failed', reason: `required check ${c.name} was not evaluated` });
  }
  return out;
}

function verdictsFromChecks(records: readonly HistoryRecord[]): Verdict[] {
  const out: Verdict[] = [];
  for (const r of records) {
    if (r.type !== 'check' || !r.evaluated || r.ok) continue;
    const outcome: Outcome = r.kind === 'invariant' ? 'invariant-violation' : r.kind === 'budget' ? 'budget-violation' : 'failed';
    out.push({ outcome, reason: `${r.kind} ${r.name}: ${r.detail}` });
  }
  out.push({ outcome: 'passed' });
  return out;
}
