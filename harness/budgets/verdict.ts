import type { BudgetRecord, Verdict } from '../../lib/history/records.ts';

/**
 * value ≤ limit·(1 − band) → pass; ≤ limit → marginal (a warning on a pass); > limit → fail.
 * `margin` is the headroom as a fraction of the limit (negative when over).
 */
export function judge(value: number, budget: Pick<BudgetRecord, 'limit' | 'marginalBand'>): { verdict: Verdict; margin: number } {
  if (!Number.isFinite(value)) return { verdict: 'fail', margin: Number.NEGATIVE_INFINITY };
  const margin = round6((budget.limit - value) / budget.limit);
  if (value > budget.limit) return { verdict: 'fail', margin };
  if (value > budget.limit * (1 - budget.marginalBand)) return { verdict: 'marginal', margin };
  return { verdict: 'pass', margin };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
