/** The statistics the benchmarks report. Both throw a MissingValueError for no samples: guard at the call. */
import { at } from '../../lib/checked.ts';

/** Nearest-rank percentile (p in 0..100) of the ascending samples `sorted`. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return at(sorted, rank, `p${p} of the samples`);
}

/** The median of `xs`: the middle sample, or the mean of the middle two of an even count. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const upper = at(s, mid, 'median of the samples');
  return s.length % 2 ? upper : (at(s, mid - 1, 'median of the samples') + upper) / 2;
}
