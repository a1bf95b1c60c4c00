/**
 * Readings of one state over time → segments of a lane. A change between two readings happened
 * after the last reading of the old state was asked for and by the first reading of the new one
 * answering; it is placed at the device's own event timestamp when the device sent an event for
 * it inside that window, else the gap between the two readings is hatched ("between samples",
 * its tooltip giving the whole window). Times are ms since the scenario began.
 */
import type { FoSegment, Tone } from './types.ts';

export interface Reading {
  /** Harness ms the reading answered, and when it was asked for. */
  t: number;
  readStart: number;
  /** Equal keys are the same state. */
  key: string;
  label: string;
  tone: Tone;
  detail: string;
}

/** The device's own instant (harness ms) of the change between `prev` and `cur`, with what it was, or null. */
export type ChangeInstant = (prev: Reading, cur: Reading) => { at: number; what: string } | null;

export interface TrackOptions {
  t0: number;
  endMs: number;
  instant?: ChangeInstant;
}

/** Runs of consecutive readings of the same state. */
function runsOf(readings: readonly Reading[]): Reading[][] {
  const runs: Reading[][] = [];
  for (const r of readings) {
    const last = runs.at(-1);
    if (last && last[0]?.key === r.key) last.push(r);
    else runs.push([r]);
  }
  return runs;
}

function ms(t: number): string {
  return `${Math.round(t)} ms`;
}

/**
 * A run of equal readings is drawn from where the previous one ended (the first: its request) to
 * its last reading's answer, so a state seen once still shows; the gap to the next run's request
 * is hatched, unless the device's event places the change, which then ends the one run and starts
 * the next (a segment "from the event"). The last run lasts to the end.
 */
export function segmentsOf(readings: readonly Reading[], opts: TrackOptions): FoSegment[] {
  const rel = (t: number): number => t - opts.t0;
  const out: FoSegment[] = [];
  const runs = runsOf(readings);
  let at = -Infinity;
  let byEvent = false;
  runs.forEach((run, i) => {
    const first = run[0] as Reading;
    const last = run[run.length - 1] as Reading;
    const next = runs[i + 1]?.[0];
    const inst = next ? (opts.instant?.(last, next) ?? null) : null;
    const start = i === 0 ? rel(first.readStart) : at;
    const end = next === undefined ? Math.max(start, opts.endMs) : inst ? rel(inst.at) : Math.max(start, rel(last.t));
    const seen = `${run.length} reading${run.length > 1 ? 's' : ''} ${ms(rel(first.readStart))}…${ms(rel(last.t))}`;
    const changed = inst ? `; changed at ${ms(rel(inst.at))} by ${inst.what}` : '';
    out.push({ start, end, label: first.label, tone: first.tone, detail: `${first.detail} (${seen})${changed}`, source: byEvent ? 'event' : 'sample' });
    at = end;
    byEvent = inst !== null;
    if (!next || inst) return;
    at = Math.max(end, rel(next.readStart));
    out.push({ start: end, end: at, label: '', tone: 'between', detail: `changed from ${first.label || '–'} to ${next.label || '–'} between two readings: after ${ms(rel(last.readStart))}, by ${ms(rel(next.t))}`, source: 'window' });
  });
  return out.filter((s) => s.end > s.start || s.source !== 'window');
}
