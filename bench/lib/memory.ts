/**
 * Memory growth per instance from repeated runs, with a control. Each run reports how much a
 * figure (RSS, heap) grew between two forced-GC points around starting N instances; control runs
 * do the same with none. The control's largest absolute change is the noise floor. A per-instance
 * figure is given only when every run grew by more than the noise floor: it is then positive by
 * construction; otherwise the result is "not measurable" with the reason, never a negative number.
 */
import { median } from './stats.ts';

export type GrowthEstimate =
  | {
      measurable: true;
      /** Median growth over the runs / instances. */
      perInstance: number;
      /** Smallest and largest per-instance growth over the runs (the spread). */
      min: number;
      max: number;
      noise: number;
    }
  | { measurable: false; reason: string; noise: number };

/** The noise floor: the largest absolute change seen in control runs (no instances). */
export function noiseFloor(controlDeltas: readonly number[]): number {
  return controlDeltas.reduce((m, d) => Math.max(m, Math.abs(d)), 0);
}

/**
 * Per-instance growth from `deltas` (one per run, each with `instances` instances started),
 * against the control runs' `noise`. `unit` names the figures in the reason ("MiB").
 */
export function perInstanceGrowth(deltas: readonly number[], instances: number, noise: number, unit = ''): GrowthEstimate {
  if (!deltas.length) return { measurable: false, reason: 'no runs', noise };
  if (!(instances > 0)) return { measurable: false, reason: 'no instances', noise };
  const smallest = Math.min(...deltas);
  if (!(smallest > noise)) {
    const fmt = (n: number): string => `${Math.round(n * 100) / 100}${unit ? ` ${unit}` : ''}`;
    return { measurable: false, reason: `the smallest growth over the runs (${fmt(smallest)}) is within the noise floor (±${fmt(noise)})`, noise };
  }
  return { measurable: true, perInstance: median(deltas) / instances, min: smallest / instances, max: Math.max(...deltas) / instances, noise };
}
