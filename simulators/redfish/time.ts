import type { Clock } from '../../lib/clock.ts';

/**
 * SUT wall time from an injected clock: the clock's wall time at creation plus the monotonic time
 * elapsed since (sub-millisecond, never steps backwards).
 */
export class SutTime {
  private readonly wall0: number;
  private readonly mono0: number;
  constructor(readonly clock: Clock) {
    this.wall0 = clock.wallNow();
    this.mono0 = clock.now();
  }
  /** Epoch milliseconds, fractional. */
  nowMs(): number {
    return this.wall0 + (this.clock.now() - this.mono0);
  }
  iso(): string {
    return formatTimestamp(this.nowMs());
  }
}

/** ISO 8601 with microseconds and an explicit UTC offset: 2026-11-22T10:00:00.123456+00:00. */
export function formatTimestamp(epochMs: number): string {
  const wholeMs = Math.floor(epochMs);
  let micros = Math.round((epochMs - wholeMs) * 1000);
  let base = wholeMs;
  if (micros >= 1000) {
    base += 1;
    micros -= 1000;
  }
  const d = new Date(base);
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  return `${iso.slice(0, 23)}${String(micros).padStart(3, '0')}+00:00`;
}

/** HTTP-date (RFC 9110 IMF-fixdate) for the Date header. */
export function httpDate(epochMs: number): string {
  return new Date(Math.floor(epochMs)).toUTCString();
}
