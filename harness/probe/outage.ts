/**
 * From a gap in the probe's answers to the pause the server actually had.
 *
 * A reply gap overstates the server's pause by up to one send interval (the last answered probe
 * may have been sent up to an interval before the pause began) and is shifted by the network
 * round trip. Knowing when each probe was sent and which probes were answered late, the pause can
 * be bracketed instead:
 *
 * - it began after the last promptly answered probe p reached the server and no later than the
 *   next probe p+1 did: start ≈ midpoint of their send times + one-way delay;
 * - if the first answer after the gap is for a probe that waited at the server (held, as in a
 *   blackout, where queued packets are answered when it ends), the pause ended when that answer
 *   left the server: end = arrival − one-way delay. "Waited" is judged by the earliest the answer
 *   can have arrived (the probe's previous look at its socket): when the probe's own thread was
 *   not scheduled, its late stamp is the probe's pause, not the server's, and the probe cannot
 *   have sent the later probes a held answer would have overtaken;
 * - if it is a prompt answer (the probes during the pause were dropped, as in an IO failover),
 *   the pause ended between the sends of that probe and the one before: end ≈ their midpoint + one-way delay.
 *
 * The one-way delay is taken as half the median round trip of prompt answers. The error is
 * within ± half a send interval plus round-trip jitter.
 */
export interface OutageInput {
  /** Send time of every probe, indexed by sequence number (monotonic ms). */
  sendTimes: readonly number[];
  /** Sequence number of the last probe answered before the gap. */
  lastBefore: number;
  /** Sequence number and arrival time of the first answer after the gap. */
  firstAfter: number;
  firstAfterArrival: number;
  /** The earliest it can have arrived: when the probe last looked at its socket before (default: the arrival). */
  firstAfterEarliest?: number;
  /** Median round trip of prompt answers (ms). */
  rttMs: number;
  intervalMs: number;
}

export function estimateOutage(i: OutageInput): number | undefined {
  const sentBefore = i.sendTimes[i.lastBefore];
  const sentAfter = i.sendTimes[i.firstAfter];
  if (sentBefore === undefined || sentAfter === undefined || !Number.isFinite(i.rttMs)) return undefined;
  const oneWay = i.rttMs / 2;
  const nextSent = i.sendTimes[i.lastBefore + 1] ?? sentBefore;
  const start = (sentBefore + nextSent) / 2 + oneWay;
  const waited = (i.firstAfterEarliest ?? i.firstAfterArrival) - sentAfter > i.rttMs + Math.max(1, 2 * i.intervalMs);
  const previousSent = i.sendTimes[i.firstAfter - 1] ?? sentAfter;
  const end = waited ? i.firstAfterArrival - oneWay : (previousSent + sentAfter) / 2 + oneWay;
  return Math.max(0, end - start);
}
