/**
 * Times of a merged history: every part's harness times (ms since its own run began) move onto the
 * time base of the earliest part, by the difference of their run-begin wall clocks. Every field in
 * harness time moves with `t` (records.ts says which: "same base as `t`"); a field added there must
 * be added here. An event's own `receivedAt` is the receiving process's monotonic clock (the
 * driver stamps it before the history sees it), not the run's time base: it stays as written.
 */
import type { HistoryRecord, ProbeGap } from './records.ts';

function r3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function shiftGap(g: ProbeGap, dt: number): ProbeGap {
  return { ...g, start: r3(g.start + dt), end: r3(g.end + dt) };
}

/** The record with its harness times moved by `dt` ms (a new object; the input is not changed). */
export function shiftTimes(r: HistoryRecord, dt: number): HistoryRecord {
  if (dt === 0) return r;
  const t = r3(r.t + dt);
  switch (r.type) {
    case 'probe':
      return { ...r, t, startedAt: r3(r.startedAt + dt), stoppedAt: r3(r.stoppedAt + dt), gaps: r.gaps.map((g) => shiftGap(g, dt)) };
    case 'sample':
      return {
        ...r,
        t,
        ...(r.readStart !== undefined ? { readStart: r3(r.readStart + dt) } : {}),
        ...(r.trigger ? { trigger: { ...r.trigger, receivedAt: r3(r.trigger.receivedAt + dt) } } : {}),
      };
    default:
      return { ...r, t };
  }
}

/**
 * The parts' records in one sequence ordered by time: a k-way merge that keeps each part's own
 * order (its records were appended in order) and puts the earlier part first on equal times.
 */
export function interleaveByTime(parts: ReadonlyArray<readonly HistoryRecord[]>): HistoryRecord[] {
  const pos = parts.map(() => 0);
  const out: HistoryRecord[] = [];
  for (;;) {
    let best = -1;
    let bestT = Infinity;
    parts.forEach((p, i) => {
      const r = p[pos[i] ?? 0];
      if (r !== undefined && r.t < bestT) {
        best = i;
        bestT = r.t;
      }
    });
    if (best < 0) return out;
    out.push(parts[best]?.[pos[best] ?? 0] as HistoryRecord);
    pos[best] = (pos[best] ?? 0) + 1;
  }
}
