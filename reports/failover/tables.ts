/**
 * A failover testcase's budget rows (every fo.* budget of the run, with the scenario's measurement
 * of it: judged against it, or measured and shown beside its limit) and its invariant rows.
 */
import type { BudgetRecord, HistoryRecord, MeasurementRecord } from '../../lib/history/records.ts';
import type { BudgetRow, InvariantRow } from './types.ts';

const FO_BUDGET = /^fo\./;

/** The measurement of budget `b`: judged against it, else named like it (failover.<phase> for fo.<phase>). */
function measurementOf(ms: readonly MeasurementRecord[], b: BudgetRecord): { m: MeasurementRecord; judged: boolean } | null {
  const judged = ms.find((m) => m.budget?.id === b.id);
  if (judged) return { m: judged, judged: true };
  const named = ms.find((m) => !m.budget && m.name === b.id.replace(FO_BUDGET, 'failover.'));
  return named ? { m: named, judged: false } : null;
}

export function budgetRows(budgets: readonly BudgetRecord[], records: readonly HistoryRecord[]): BudgetRow[] {
  const ms = records.filter((r): r is MeasurementRecord => r.type === 'measurement');
  return budgets
    .filter((b) => FO_BUDGET.test(b.id))
    .map((b) => {
      const found = measurementOf(ms, b);
      const limit = found?.judged ? (found.m.budget?.limit ?? null) : b.limitFormula ? null : b.limit;
      return {
        budget: b.id,
        requirements: [...b.requirement],
        measurement: found?.m.name ?? null,
        value: found?.m.value ?? null,
        resolution: found?.m.resolution ?? null,
        limit,
        formula: limit === null && b.limitFormula ? b.limitFormula : null,
        unit: b.unit,
        verdict: found ? found.m.verdict : 'not measured',
        judged: found?.judged ?? false,
        source: `${b.limitFormula ? `${b.limitFormula}${found?.m.budget?.params ? ` with ${Object.entries(found.m.budget.params).map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}. ` : ''}${b.source}`,
      };
    });
}

export function invariantRows(records: readonly HistoryRecord[]): InvariantRow[] {
  return records.flatMap((r) =>
    r.type === 'check' && r.kind === 'invariant'
      ? [{ name: r.name, requirements: r.requirements ?? [], verdict: !r.evaluated ? ('not evaluated' as const) : r.ok ? ('holds' as const) : ('violated' as const), required: r.required, detail: r.detail ?? '' }]
      : [],
  );
}
