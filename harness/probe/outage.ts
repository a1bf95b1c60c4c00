/**
 * From a gap in the probe's answers to the pause the server actually had.
 *
 * A reply gap overstates the server's pause by up to one send interval (the last answered probe
 * may have been sent up to an interval before the pause began) and is shifted by the network
 * round trip. Knowing when each probe was sent and which probes were answered late, the pause can
 * be bracketed instead:
 *
 * - it began after the last promptly answered probe p reached the server (and after the server
 *   answered it) and no later than the next probe p+1 did: start ≈ the middle of that bracket;
 * - if the first answer after the gap is for a probe that waited at the server (held, as in a
 *   blackout, where queued packets are answered when it ends), the pause ended when that answer
 *   left the server: end = arrival − one-way delay;
 * - if it is a prompt answer (the probes during the pause were dropped, as in an IO failover),
 *   the pause ended between the sends of that probe and the one before: end ≈ their midpoint + one-way delay.
 *
 * An arrival is known only within a window: the probe stamps an answer when its loop gets to it,
 * and the answer may have come in at any time since the loop last looked (`notBefore`: it was
 * sleeping, busy, or not scheduled at all). The arrival is taken at the middle of that window,
 * and an answer counts as held only if it waited even at the window's start — otherwise a probe
 * that was itself not running (its answers all stamped late, at once) would report a server pause.
 *
 * The one-way delay is taken as half the median round trip of prompt answers. The error is
 * within ± half a send interval plus half the arrival window plus round-trip jitter.
 */
export interface OutageInput {
  /** Send time of every probe, indexed by sequence number (monotonic ms). */
  sendTimes: readonly number[];
  /** Sequence number of the last probe answered before the gap. */
  lastBefore: number;
  /** When the probe's loop last looked for answers before it stamped that answer (default: unknown). */
  lastBeforeNotBefore?: number;
  /** Sequence number of the first answer after the gap, and when it was stamped. */
  firstAfter: number;
  firstAfterArrival: number;
  /** When the probe's loop last looked for answers before that stamp (default: the stamp itself). */
  firstAfterNotBefore?: number;
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
  // The answer to p came in after the loop last looked, so the server sent it after that − one way.
  const startLo = Math.max(sentBefore + oneWay, (i.lastBeforeNotBefore ?? Number.NEGATIVE_INFINITY) - oneWay);
  const start = (startLo + Math.max(startLo, nextSent + oneWay)) / 2;
  const earliest = Math.max(Math.min(i.firstAfterNotBefore ?? i.firstAfterArrival, i.firstAfterArrival), sentAfter + i.rttMs);
  const waited = earliest - sentAfter > i.rttMs + Math.max(1, 2 * i.intervalMs);
  const previousSent = i.sendTimes[i.firstAfter - 1] ?? sentAfter;
  const end = waited ? (earliest + i.firstAfterArrival) / 2 - oneWay : (previousSent + sentAfter) / 2 + oneWay;
  return Math.max(0, end - start);
}
