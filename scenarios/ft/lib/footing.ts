/**
 * What a verdict can rest on, from what the workload probe MEASURED of the host in this run (pure):
 * its scheduling lag (the p99 inter-send interval beyond the requested one: how late the host
 * let a timed step run) and the stalls of its own sender (reply gaps with fewer than
 * MIN_UNANSWERED sends inside: the harness had no CPU, the SUT was not asked). A disagreement
 * within what the measured lag explains is no disagreement; one that only the host's starvation
 * could explain (the sender's stalls inside the judged window, or each edge of it delayed by the
 * longest stall of the run) is inconclusive (infra), never a SUT failure; anything beyond both is
 * the SUT's.
 */
import type { ProbeGap } from '../../../lib/history/records.ts';

/** Probes sent inside a reply gap below which the gap is the harness's sender stalling, not the workload. */
export const MIN_UNANSWERED = 3;

/** The probe figures the footing needs, in ctx.clock time (the probe's times minus its offset). */
export interface ProbeFooting {
  intervalMs: number;
  /** p99 of the inter-send intervals (ms). */
  resolutionMs: number;
  startedAt: number;
  stoppedAt: number;
  gaps: readonly ProbeGap[];
}

/** How late the host ran a timed step, at p99 (wall ms): the measured resolution beyond the requested interval. */
export function schedulingLagMs(p: ProbeFooting): number {
  return Math.max(0, p.resolutionMs - p.intervalMs);
}

/** Whether a reply gap is the harness's own sender stalling (too few probes sent inside it). */
export function isHarnessStall(g: ProbeGap): boolean {
  return (g.sentDuring ?? MIN_UNANSWERED) < MIN_UNANSWERED;
}

/** Wall ms the probe's sender stalled inside [from, to] (ctx.clock time): the harness starved, not the SUT. */
export function harnessStalledMs(p: ProbeFooting, from: number, to: number): number {
  let ms = 0;
  for (const g of p.gaps) {
    if (!isHarnessStall(g)) continue;
    const overlap = Math.min(g.end, to) - Math.max(g.start, from);
    if (overlap > 0) ms += Math.max(0, overlap - (g.sentDuring ?? 0) * p.intervalMs);
  }
  return ms;
}

/** The longest stall of the probe's sender over its whole run (wall ms): how long this host left a thread without CPU. */
export function worstStallMs(p: ProbeFooting): number {
  return p.gaps.reduce((worst, g) => (isHarnessStall(g) ? Math.max(worst, g.durationMs - (g.sentDuring ?? 0) * p.intervalMs) : worst), 0);
}

export interface FootingOver {
  /** The largest p99 scheduling lag of the probes that ran over the phase. */
  lagMs: number;
  /** Their senders' stalls inside the phase. */
  stalledMs: number;
  /** Their senders' longest stall over their whole runs. */
  worstStallMs: number;
}

/** What the probes that ran over [from, to] measured of the host (wall ms); null when none covered it. */
export function footingOver(probes: readonly ProbeFooting[], from: number, to: number): FootingOver | null {
  const covering = probes.filter((p) => p.startedAt <= from && p.stoppedAt >= to);
  if (covering.length === 0) return null;
  return {
    lagMs: Math.max(...covering.map(schedulingLagMs)),
    stalledMs: Math.max(...covering.map((p) => harnessStalledMs(p, from, to))),
    worstStallMs: Math.max(...covering.map(worstStallMs)),
  };
}

/**
 * Wall ms of a disagreement the host's starvation explains over a phase: the probe sender's
 * stalls measured inside the phase. Not the run's longest stall times the phase's edges: a stall
 * seen elsewhere in the run is no evidence about this phase, and at a high time scale that
 * allowance grew past real defects (a workload stalled 300 ms SUT beyond the BMC's blackout was
 * judged inconclusive). `edges` stays for the message.
 */
export function explainedByHost(f: FootingOver, _edges: number): number {
  return f.stalledMs;
}

export type SpreadVerdict = 'holds' | 'inconclusive' | 'disagrees';

/** A spread within the tolerance holds; within the tolerance plus what the harness's own stalls explain it is inconclusive; beyond, the sources disagree. */
export function judgeSpread(spread: number, tolerance: number, explainedByStalls: number): SpreadVerdict {
  if (spread <= tolerance) return 'holds';
  return spread <= tolerance + explainedByStalls ? 'inconclusive' : 'disagrees';
}

/**
 * The workload's silence over the last `windowMs` before `stoppedAt`, at the probe's measured
 * resolution: `raw` counts every gap the workload left (harness stalls excluded); `certain`
 * counts what is silence even if each gap's edges are off by one resolution step each.
 */
export function silenceBeforeStop(p: ProbeFooting, windowMs: number): { raw: number; certain: number; open: { raw: number; certain: number } | null } {
  const from = p.stoppedAt - windowMs;
  const step = Math.max(p.resolutionMs, p.intervalMs);
  let raw = 0;
  let certain = 0;
  let open: { raw: number; certain: number } | null = null;
  for (const g of p.gaps) {
    if (g.end <= from || isHarnessStall(g)) continue;
    const inside = g.end - Math.max(g.start, from);
    raw += inside;
    certain += Math.max(0, inside - 2 * step);
    if (g.end >= p.stoppedAt) open = { raw: g.end - g.start, certain: Math.max(0, g.end - g.start - 2 * step) };
  }
  return { raw, certain, open };
}
