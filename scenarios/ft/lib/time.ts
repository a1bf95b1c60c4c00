/**
 * Time in scenarios. Phase deadlines are SUT ms; on the embedded lab the SUT runs `timeScale`
 * times faster than the harness, so a deadline that is generous in SUT terms can be a few
 * milliseconds of wall time. `sutDeadline` keeps a floor of real time for harness round trips.
 */
import type { SoloContext } from '../../../harness/scenario.ts';
import type { BmcEvent, CapabilityName } from '../../../drivers/capabilities/index.ts';

/** Default floor: a phase always gets at least this much wall time. */
export const MIN_WALL_MS = 5_000;

/** A phase deadline in SUT ms: `sutMs`, but never less than `minWallMs` of real time. */
export function sutDeadline<N extends CapabilityName>(ctx: SoloContext<N>, sutMs: number, minWallMs = MIN_WALL_MS): number {
  return Math.max(sutMs, minWallMs * ctx.timeScale);
}

/** Convert SUT ms into harness (real) ms. */
export function toHarnessMs<N extends CapabilityName>(ctx: SoloContext<N>, sutMs: number): number {
  return sutMs / ctx.timeScale;
}

/** Let `sutMs` of SUT time pass (e.g. keep the probe running after a transition). */
export function holdSut<N extends CapabilityName>(ctx: SoloContext<N>, sutMs: number, signal: AbortSignal = ctx.signal): Promise<void> {
  return ctx.clock.sleep(toHarnessMs(ctx, sutMs), signal);
}

/**
 * SUT ms between two events, from their BMC timestamps. ctx.parseBmcTime keeps the sub-millisecond
 * digits (a copy here that added them once more counted the microseconds twice: up to ±1 ms a span).
 */
export function bmcSpanMs<N extends CapabilityName>(ctx: SoloContext<N>, from: BmcEvent, to: BmcEvent): number {
  return ctx.parseBmcTime(to.eventTimestamp) - ctx.parseBmcTime(from.eventTimestamp);
}

/**
 * ctx.clock time at which the BMC says `e` happened: its timestamp (converted to harness ms),
 * anchored on the promptest delivery among `seen` (the device's events so far). Unlike the receipt
 * time it does not move when the event stream is slow to deliver one event (a loaded lab host);
 * unlike the clock offset it needs no wall clock, only the BMC's own timestamps.
 */
export function bmcEventClockMs<N extends CapabilityName>(ctx: SoloContext<N>, e: BmcEvent, seen: readonly BmcEvent[] = ctx.events()): number {
  const harnessMs = (x: BmcEvent): number => toHarnessMs(ctx, ctx.parseBmcTime(x.eventTimestamp));
  const anchor = Math.min(e.receivedAt - harnessMs(e), ...seen.map((x) => x.receivedAt - harnessMs(x)));
  return harnessMs(e) + anchor;
}

/** A limit of a budget (with parameters), or `fallback` when the budget cannot be resolved. */
export function budgetLimit<N extends CapabilityName>(
  ctx: SoloContext<N>,
  id: string,
  fallback: number,
  params?: Record<string, number>,
): number {
  try {
    const b = ctx.budget(id, params);
    return Number.isFinite(b.limit) && b.limit > 0 ? b.limit : fallback;
  } catch (e) {
    ctx.log.warn(`budget ${id} not available, using ${fallback} ms for deadlines`, { error: e instanceof Error ? e.message : String(e) });
    return fallback;
  }
}
