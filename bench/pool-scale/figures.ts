/**
 * The figures of a simulated run, from the intervals each bench was driven (wall ms): makespan,
 * bench utilisation, the ideal makespan (the work spread evenly over the benches) and the plan's
 * own bound (no scheduler can end before it): for a fixed plan the most work fixed to one bench;
 * for --any-bench the work of a bench kind spread evenly over the benches of that kind, or the
 * longest testcase.
 */
import { percentile } from '../lib/stats.ts';
import type { AnyBenchTestcase, SimTestcase } from './workload.ts';

export interface Driven {
  bench: string;
  devices: string[];
  from: number;
  to: number;
  runner: string;
}

export interface Figures {
  makespanMs: number;
  /** Busy bench-time over benches × makespan. */
  utilisation: number;
  idealMs: number;
  boundMs: number;
  /** Pairs of intervals that drove one device at once. */
  doubleBookings: number;
  /** Wall ms a bench waited between two of its testcases while it still had queued work: p50, p99. */
  gapP50: number;
  gapP99: number;
}

export interface Bounds {
  idealMs: number;
  boundMs: number;
}

export function planBounds(testcases: readonly SimTestcase[], benches: number, scale: number): Bounds {
  const perBench = new Map<string, number>();
  for (const tc of testcases) perBench.set(tc.bench, (perBench.get(tc.bench) ?? 0) + tc.seconds * 1000 * scale);
  const total = [...perBench.values()].reduce((s, v) => s + v, 0);
  return { idealMs: total / benches, boundMs: Math.max(0, ...perBench.values()) };
}

/** Bounds of the same testcases, each on any of its alternatives (of one kind: the kinds share no bench). */
export function anyBenchBounds(testcases: readonly AnyBenchTestcase[], benches: number, scale: number): Bounds {
  const perKind = new Map<string, { work: number; benches: number }>();
  let longest = 0;
  for (const tc of testcases) {
    const ms = tc.seconds * 1000 * scale;
    const key = tc.alternatives.map((b) => b.name).join(',');
    const k = perKind.get(key) ?? { work: 0, benches: tc.alternatives.length };
    perKind.set(key, { ...k, work: k.work + ms });
    longest = Math.max(longest, ms);
  }
  const total = [...perKind.values()].reduce((s, k) => s + k.work, 0);
  return { idealMs: total / benches, boundMs: Math.max(longest, ...[...perKind.values()].map((k) => k.work / k.benches)) };
}

export function doubleBookings(driven: readonly Driven[]): number {
  const byDevice = new Map<string, Driven[]>();
  for (const d of driven) for (const dev of d.devices) byDevice.set(dev, [...(byDevice.get(dev) ?? []), d]);
  let n = 0;
  for (const list of byDevice.values()) {
    const sorted = [...list].sort((a, b) => a.from - b.from);
    let lastEnd = -Infinity;
    for (const d of sorted) {
      if (d.from < lastEnd) n++;
      lastEnd = Math.max(lastEnd, d.to);
    }
  }
  return n;
}

function gaps(driven: readonly Driven[]): number[] {
  const byBench = new Map<string, Driven[]>();
  for (const d of driven) byBench.set(d.bench, [...(byBench.get(d.bench) ?? []), d]);
  const out: number[] = [];
  for (const list of byBench.values()) {
    const sorted = [...list].sort((a, b) => a.from - b.from);
    for (let k = 1; k < sorted.length; k++) out.push(Math.max(0, (sorted[k]?.from ?? 0) - (sorted[k - 1]?.to ?? 0)));
  }
  return out.sort((a, b) => a - b);
}

/** `start`: when the testcases were queued (wall ms); `bounds`: planBounds() or anyBenchBounds(). */
export function figures(driven: readonly Driven[], start: number, benches: number, bounds: Bounds): Figures {
  const end = Math.max(start, ...driven.map((d) => d.to));
  const makespanMs = end - start;
  const busy = driven.reduce((s, d) => s + (d.to - d.from), 0);
  const g = gaps(driven);
  return {
    makespanMs,
    utilisation: makespanMs > 0 ? busy / (benches * makespanMs) : 0,
    ...bounds,
    doubleBookings: doubleBookings(driven),
    gapP50: g.length ? percentile(g, 50) : 0,
    gapP99: g.length ? percentile(g, 99) : 0,
  };
}
