/**
 * A device event's own timestamp on the harness clock (ms, the base of records' `t`), from the
 * device's clock-offset record: offset = device wall − harness wall when it was measured, and the
 * device's clock runs `timeScale` times the harness's (an emulated lab) or at the same rate.
 * Pure; null when the timestamp is not ISO 8601 or the device's offset was never measured.
 * A stamp of a real wall clock that keeps the harness host's time (the failover manager's, whose
 * times are real whatever the lab's time scale): onto the harness clock through the record that
 * carried it, its own `t` and `wall` taken at the same instant.
 */
import type { Base, ClockOffsetRecord, EventRecord, HistoryRecord } from '../../history/records.ts';

/** ISO 8601 with an optional fraction (microseconds kept) and zone; NaN when it is not. */
export function isoMs(iso: string): number {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/.exec(iso.trim());
  const base = m ? Date.parse(`${m[1]}${m[3] ?? 'Z'}`) : Number.NaN;
  return m && m[2] ? base + Number(`0.${m[2]}`) * 1000 : base;
}

/** The clock-offset record of `device` measured last at or before harness time `t` (else its first). */
function offsetRecord(records: readonly HistoryRecord[], device: string, t: number): ClockOffsetRecord | null {
  let found: ClockOffsetRecord | null = null;
  for (const r of records) {
    if (r.type !== 'clock-offset' || r.device !== device) continue;
    if (found === null || r.t <= t) found = r;
  }
  return found;
}

/** Harness ms at which the device says the event happened, or null. */
export function eventInstant(records: readonly HistoryRecord[], e: EventRecord): number | null {
  const at = isoMs(e.event.eventTimestamp);
  const off = offsetRecord(records, e.device, e.t);
  if (!Number.isFinite(at) || off === null) return null;
  const scale = off.timeScale > 0 ? off.timeScale : 1;
  return off.t + (at - (off.wall + off.offsetMs)) / scale;
}

/** Harness ms of `iso`, a real wall-clock stamp carried by record `r` (t + the stamp's distance from r's wall), or null when it is not ISO 8601. */
export function wallInstant(r: Pick<Base, 't' | 'wall'>, iso: string): number | null {
  const at = isoMs(iso);
  return Number.isFinite(at) ? r.t + (at - r.wall) : null;
}
