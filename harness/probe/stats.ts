/** Small statistics over samples. */
import { at } from '../../lib/checked.ts';

/** Nearest-rank percentile (p in 0..100) of `values`; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return at(sorted, Math.min(sorted.length - 1, Math.max(0, rank - 1)), 'percentile: ranked sample');
}

/** Differences between consecutive `times`: one fewer than there are times. */
export function intervals(times: readonly number[]): number[] {
  const out: number[] = [];
  let prev: number | undefined;
  for (const t of times) {
    if (prev !== undefined) out.push(t - prev);
    prev = t;
  }
  return out;
}
