/**
 * The failover part of the measurement-accuracy bench (pure): pair the business outage and the
 * total failover time the harness measured (history measurement records, SUT ms) with the
 * cluster's ground truth (GET /truth `Timeline`, SUT epoch ms). Each failover iteration is matched
 * to the truth's HardwareFault nearest the last fault event the harness recorded from the failed
 * server's BMC (an earlier fault the manager left alone, FO-02, is not where the failover began). True outage: that fault → the business of the failed server answers again from
 * another system; true total: that fault → the system it moved to reports its OS running.
 */
import { type HistLine, isoMs, type Pair } from './accuracy.ts';

export interface TruthEntry {
  type: string;
  at: number;
  server?: string | null;
  system?: string;
  state?: string;
  business?: string;
}

export interface ClusterTruth {
  Timeline: TruthEntry[];
}

export interface FailoverPairs {
  outage: Pair[];
  total: Pair[];
}

/** Measurement names of the failover scenarios (scenarios/failover/lib/measure.ts). */
export const OUTAGE = 'failover.outage';
export const TOTAL = 'failover.total';

interface Episode {
  faultAt: number;
  answeredAgainAt: number;
  runningAt: number;
}

/** What really happened after the fault at `f`: when the failed server's business answered again elsewhere, and when that system ran. */
function episode(timeline: readonly TruthEntry[], f: TruthEntry): Episode | null {
  const before = timeline.filter((e) => e.at <= f.at && e.type === 'BusinessReachability');
  const business = before.filter((e) => e.server === f.server).at(-1)?.business;
  if (business === undefined) return null;
  const back = timeline.find((e) => e.at > f.at && e.type === 'BusinessReachability' && e.business === business && e.server != null && e.server !== f.server);
  const running = back && timeline.find((e) => e.at > f.at && e.type === 'BootStateChanged' && e.state === 'Running' && e.system === back.server);
  return back?.server && running ? { faultAt: f.at, answeredAgainAt: back.at, runningAt: running.at } : null;
}

/** Per iteration of `scenario`: its measurements by name and the time of the fault event its BMC sent. */
function iterations(lines: readonly HistLine[], scenario: string): Array<{ m: Map<string, number>; faultAt: number | null }> {
  const out = new Map<number, { m: Map<string, number>; faultAt: number | null }>();
  for (const l of lines) {
    if (l.scenario?.id !== scenario) continue;
    const it = out.get(l.scenario.iteration) ?? { m: new Map<string, number>(), faultAt: null };
    out.set(l.scenario.iteration, it);
    if (l.type === 'measurement' && l.name !== undefined && typeof l.value === 'number') it.m.set(l.name, l.value);
    // The last fault of the iteration: an earlier one the manager rightly left alone (FO-02) did not start the failover.
    if (l.type === 'event' && l.event?.messageId.endsWith('.HardwareFault')) it.faultAt = isoMs(l.event.eventTimestamp);
  }
  return [...out.values()];
}

export function failoverPairs(lines: readonly HistLine[], truth: ClusterTruth, scenario: string, into: FailoverPairs): void {
  const faults = truth.Timeline.filter((e) => e.type === 'HardwareFault');
  for (const it of iterations(lines, scenario)) {
    const seen = it.faultAt;
    if (seen === null) continue;
    const f = faults.reduce<TruthEntry | undefined>((best, x) => (!best || Math.abs(x.at - seen) < Math.abs(best.at - seen) ? x : best), undefined);
    const ep = f && episode(truth.Timeline, f);
    if (!ep) continue;
    const outage = it.m.get(OUTAGE);
    const total = it.m.get(TOTAL);
    if (outage !== undefined) into.outage.push({ measured: outage, truth: ep.answeredAgainAt - ep.faultAt });
    if (total !== undefined) into.total.push({ measured: total, truth: ep.runningAt - ep.faultAt });
  }
}
