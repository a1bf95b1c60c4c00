/**
 * Offset between the BMC's wall clock and the harness's: N round trips to BmcClock.wallTime(),
 * the sample with the smallest round trip wins; offset = bmcWall − harnessWall at the midpoint,
 * uncertainty = half that round trip.
 */
import type { BmcClock } from '../drivers/capabilities/bmc-clock.ts';
import type { Clock } from '../lib/clock.ts';

export interface ClockOffset {
  offsetMs: number;
  uncertaintyMs: number;
  samples: number;
}

export async function estimateClockOffset(bmc: BmcClock, clock: Clock, opts: { samples?: number; signal?: AbortSignal } = {}): Promise<ClockOffset> {
  const n = Math.max(1, opts.samples ?? 5);
  let best: { rtt: number; offset: number } | null = null;
  for (let i = 0; i < n; i++) {
    const wall0 = clock.wallNow();
    const t0 = clock.now();
    const bmcWall = await bmc.wallTime(opts.signal);
    const rtt = clock.now() - t0;
    const harnessMid = wall0 + rtt / 2;
    if (!best || rtt < best.rtt) best = { rtt, offset: bmcWall - harnessMid };
  }
  const b = best as { rtt: number; offset: number };
  return { offsetMs: round3(b.offset), uncertaintyMs: round3(b.rtt / 2), samples: n };
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
