/**
 * What a probe reply gap means, for drawing it: an outage of the server, jitter of the probe, or
 * a stall of the harness itself. A gap counts as an outage when its estimated outage (`outageMs`,
 * else the raw reply gap) exceeds the probe's threshold: its resolution (p99 of the send
 * intervals) and at least two send intervals; anything smaller cannot be told apart from the
 * probe's own send jitter. A gap during which the harness sent nothing (`sentDuring` 0) is the
 * harness stalling, not the server. Gaps a probe-based measurement was taken from are named.
 */
import type { ProbeGap } from '../lib/history/records.ts';

export type GapKind = 'outage' | 'jitter' | 'stall';

export interface ClassifiedGap {
  /** ms since scenario start (harness clock). */
  start: number;
  end: number;
  /** Reply gap (harness ms). */
  durationMs: number;
  /** Estimated server pause behind the gap (harness ms), when the probe estimated it. */
  outageMs: number | null;
  sentDuring: number | null;
  kind: GapKind;
  /** Names of the probe-based measurements whose value is this gap's outage (SUT ms). */
  measuredAs: string[];
}

export interface ProbeMeasurement {
  name: string;
  /** SUT ms. */
  value: number;
  unit: string;
}

export function gapThresholdMs(p: { intervalMs: number | null; resolutionMs: number | null }): number {
  const interval = p.intervalMs !== null && p.intervalMs > 0 ? p.intervalMs : 0;
  const resolution = p.resolutionMs !== null && p.resolutionMs > 0 ? p.resolutionMs : 0;
  const t = Math.max(resolution, 2 * interval);
  return t > 0 ? t : 1;
}

/** The value a gap contributes to a probe-based measurement (estimated outage, else the reply gap). */
export function gapOutageMs(g: Pick<ProbeGap, 'durationMs' | 'outageMs'>): number {
  return g.outageMs !== undefined && Number.isFinite(g.outageMs) ? g.outageMs : g.durationMs;
}

function sameValue(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(0.002, 1e-6 * Math.abs(b));
}

const MS_PER_UNIT: Record<string, number> = { ms: 1, s: 1000, us: 0.001, µs: 0.001 };

export function classifyGaps(gaps: readonly ProbeGap[], thresholdMs: number, measurements: readonly ProbeMeasurement[], timeScale: number): ClassifiedGap[] {
  return gaps.map((g) => {
    const outage = gapOutageMs(g);
    const kind: GapKind = g.sentDuring === 0 ? 'stall' : outage > thresholdMs ? 'outage' : 'jitter';
    const measuredAs = measurements
      .filter((m) => {
        const perUnit = MS_PER_UNIT[m.unit];
        return perUnit !== undefined && m.value > 0 && sameValue(outage * timeScale, m.value * perUnit);
      })
      .map((m) => m.name);
    return {
      start: g.start,
      end: g.end,
      durationMs: g.durationMs,
      outageMs: g.outageMs !== undefined && Number.isFinite(g.outageMs) ? g.outageMs : null,
      sentDuring: g.sentDuring ?? null,
      // A gap a measurement was taken from is drawn as an outage even when small.
      kind: measuredAs.length > 0 && kind === 'jitter' ? 'outage' : kind,
      measuredAs,
    };
  });
}

/**
 * The gap a probe-based measurement (SUT units) was taken from: the one whose estimated outage
 * times the time scale equals the value. Null when none matches (e.g. a value of 0: no gap).
 */
export function gapForMeasurement<G extends Pick<ProbeGap, 'durationMs' | 'outageMs'>>(gaps: readonly G[], value: number, unit: string, timeScale: number): G | null {
  const perUnit = MS_PER_UNIT[unit];
  if (perUnit === undefined || !(value > 0)) return null;
  return gaps.find((g) => sameValue(gapOutageMs(g) * timeScale, value * perUnit)) ?? null;
}
