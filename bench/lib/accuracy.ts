/**
 * The pure part of the measurement-accuracy bench: pair what the harness measured (history.jsonl
 * records) with the ft emulator's ground truth (GET /redfish/v1/Oem/FtLab/Truth, SUT epoch ms),
 * and summarise the errors (measured − true).
 */
import { at } from '../../lib/checked.ts';
import { median, percentile } from './stats.ts';

export interface Truth {
  Isolations: Array<{ FaultAt: number; IsolatedAt: number }>;
  Resyncs: Array<{ Passes: Array<{ Start: number; End: number | null }>; BlackoutStart: number | null; BlackoutEnd: number | null }>;
  IoFailovers: Array<{ Start: number; End: number | null }>;
  WorkloadStalls: Array<{ Start: number; End: number | null }>;
}

export interface HistEvent {
  messageId: string;
  eventTimestamp: string;
  messageArgs?: string[];
}

export interface HistLine {
  type: string;
  scenario?: { id: string; iteration: number } | null;
  name?: string;
  value?: number;
  event?: HistEvent;
  /** Of a probe record: the resolution it achieved (real ms). */
  resolutionMs?: number;
}

export interface Pair {
  measured: number;
  truth: number;
}

/** The error figures of one quantity: |measured − true| percentiles, and the median signed error (bias). */
export interface ErrorStats {
  n: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  bias: number | null;
  /** The three largest errors, signed (measured − true), largest first: which way the outliers go. */
  worst: number[];
}

/** What the bench reports: each quantity from BMC events and from the workload probe. */
export interface PairSet {
  blackoutEvents: Pair[];
  blackoutProbe: Pair[];
  brownoutEvents: Pair[];
  brownoutProbe: Pair[];
  isolationEvents: Pair[];
  isolationProbe: Pair[];
}

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

export function errorStats(pairs: readonly Pair[]): ErrorStats {
  const signed = pairs.map((p) => p.measured - p.truth);
  const worst = [...signed].sort((a, b) => Math.abs(b) - Math.abs(a)).slice(0, 3).map(r3);
  return { ...spread(signed.map(Math.abs)), bias: signed.length ? r3(median(signed)) : null, worst };
}

/** ISO 8601 → epoch ms keeping sub-millisecond digits (Date.parse truncates them). */
export function isoMs(iso: string): number {
  const whole = Date.parse(iso);
  const frac = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(iso)?.[1];
  return frac && frac.length > 3 ? whole + Number(`0.${frac.slice(3)}`) : whole;
}

/** Registry and message name of a MessageId ("FtLab.1.0.BlackoutCompleted" → "FtLab.BlackoutCompleted"). */
function key(e: { messageId: string }): string {
  const parts = e.messageId.split('.');
  return `${parts[0]}.${parts[parts.length - 1]}`;
}

function nearest<T>(items: readonly T[], time: (x: T) => number | null, target: number): T | undefined {
  let best: T | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const x of items) {
    const v = time(x);
    if (v !== null && Math.abs(v - target) < bestD) {
      best = x;
      bestD = Math.abs(v - target);
    }
  }
  return best;
}

interface Iteration {
  m: Map<string, number>;
  events: HistEvent[];
}

/** Per iteration of scenario `id`: its measurements by name and its events. */
function byIteration(lines: readonly HistLine[], id: string): Iteration[] {
  const out = new Map<number, Iteration>();
  for (const l of lines) {
    if (!l.scenario || l.scenario.id !== id) continue;
    const it: Iteration = out.get(l.scenario.iteration) ?? { m: new Map<string, number>(), events: [] };
    out.set(l.scenario.iteration, it);
    if (l.type === 'measurement' && l.name !== undefined && typeof l.value === 'number') it.m.set(l.name, l.value);
    if (l.type === 'event' && l.event) it.events.push(l.event);
  }
  return [...out.values()];
}

function push(into: Pair[], measured: number | undefined, truth: number): void {
  if (measured !== undefined) into.push({ measured, truth });
}

/** Longest window of `windows` starting in [from, to); 0 when none (the workload did not pause). */
function longestStartingIn(windows: ReadonlyArray<{ Start: number; End: number | null }>, from: number, to: number): number {
  return windows.filter((w) => w.Start >= from && w.Start < to).reduce((mx, w) => Math.max(mx, (w.End ?? w.Start) - w.Start), 0);
}

/** Each resync iteration, matched to the truth resync whose blackout ended nearest its BlackoutCompleted event. */
export function resyncPairs(lines: readonly HistLine[], truth: Truth, scenario: string, into: PairSet): void {
  for (const it of byIteration(lines, scenario)) {
    const done = it.events.find((e) => key(e) === 'FtLab.BlackoutCompleted');
    const r = done && nearest(truth.Resyncs, (x) => x.BlackoutEnd, isoMs(done.eventTimestamp));
    const first = r?.Passes[0];
    if (!r || !first || r.BlackoutStart === null || r.BlackoutEnd === null) continue;
    push(into.blackoutEvents, it.m.get('blackout-pause'), r.BlackoutEnd - r.BlackoutStart);
    push(into.blackoutProbe, it.m.get('blackout-pause-probe'), r.BlackoutEnd - r.BlackoutStart);
    push(into.brownoutEvents, it.m.get('brownout-duration'), r.BlackoutStart - first.Start);
    // The workload does not stall during brownout unless the model says so.
    push(into.brownoutProbe, it.m.get('brownout-service-gap'), longestStartingIn(truth.WorkloadStalls, first.Start, r.BlackoutStart));
  }
}

/** Each isolation iteration, matched to the truth isolation nearest its ModuleIsolated event. */
export function isolationPairs(lines: readonly HistLine[], truth: Truth, scenario: string, into: PairSet): void {
  for (const it of byIteration(lines, scenario)) {
    const iso = it.events.find((e) => key(e) === 'FtLab.ModuleIsolated');
    const t = iso && nearest(truth.Isolations, (x) => x.IsolatedAt, isoMs(iso.eventTimestamp));
    if (!t) continue;
    push(into.isolationEvents, it.m.get('detection-to-isolation'), t.IsolatedAt - t.FaultAt);
    // The outage this isolation caused: stalls or IO failover windows starting at it.
    push(into.isolationProbe, it.m.get('isolation-gap'), longestStartingIn([...truth.WorkloadStalls, ...truth.IoFailovers], t.FaultAt - 1, t.IsolatedAt + 1));
  }
}

/** The resolution every probe of `lines` achieved (real ms): how far its own loop was held up. */
export function probeResolutions(lines: readonly HistLine[]): number[] {
  return lines.flatMap((l) => (l.type === 'probe' && typeof l.resolutionMs === 'number' ? [l.resolutionMs] : []));
}

/** p50 / p99 / max of `xs` (null for none). */
export function spread(xs: readonly number[]): { n: number; p50: number | null; p99: number | null; max: number | null } {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, p50: null, p99: null, max: null };
  return { n: s.length, p50: r3(percentile(s, 50)), p99: r3(percentile(s, 99)), max: r3(at(s, -1, 'largest sample')) };
}

export function emptyPairs(): PairSet {
  return { blackoutEvents: [], blackoutProbe: [], brownoutEvents: [], brownoutProbe: [], isolationEvents: [], isolationProbe: [] };
}
