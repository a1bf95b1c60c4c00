/**
 * Cross-source checks of a resync (FT-08, FT-09), run for every resync a scenario observes:
 * - its duration by the BMC's timestamps against the harness clock at which the events arrived;
 * - its own numbers add up against the memory size and copy bandwidth the BMC reports: passes
 *   numbered 1..n, each pass copying what the previous one left dirty (the first the whole
 *   memory) in the time the bandwidth allows, brownout stopping at the first residual at or below
 *   the stop threshold (or at the most passes), and the blackout copying that residual plus the
 *   CPU context;
 * - the blackout pause by the BMC's timestamps, as the BMC reports it, and as the workload probe saw it.
 */
import { defineFixture, type SoloContext } from '../../../harness/scenario.ts';
import type { BmcEvent, FtSystemSnapshot, ResyncFigures } from '../../../drivers/capabilities/index.ts';
import { numericArg } from '../../../lib/domains/ft/messages.ts';
import { bmcArithmeticTolerance, checkConsistent, probeTolerance, receiptTolerance } from './consistency.ts';
import { type ClockGap, type StoppedProbe } from './probe.ts';
import type { ResyncObservation } from './steps.ts';
import { bmcSpanMs } from './time.ts';

type StateCtx = SoloContext<'FtState'>;

/** The BMC's resync figures, learnt from the first snapshot that reports them: a per-testcase fixture. */
const figuresFixture = defineFixture<{ figures: ResyncFigures | null }>({ name: 'ft resync figures', setup: () => ({ figures: null }) });

export async function learnResyncFigures(ctx: StateCtx, s: FtSystemSnapshot): Promise<void> {
  const held = await ctx.use(figuresFixture);
  if (s.resync) held.figures = s.resync;
}

/** The resync figures the BMC reported in this testcase; null when none. */
export function reportedResyncFigures(ctx: StateCtx): ResyncFigures | null {
  return ctx.peek(figuresFixture)?.figures ?? null;
}

function copyMs(mib: number, f: ResyncFigures): number {
  return (mib / f.copyBandwidthMiBps) * 1000;
}

/** Dirty MiB each BrownoutPassCompleted reports, with its pass number. */
function passFigures(o: ResyncObservation): Array<{ pass: number | undefined; dirtyMiB: number | undefined; event: BmcEvent }> {
  return o.passes.map((e) => ({ pass: numericArg(e, 1), dirtyMiB: numericArg(e, 2), event: e }));
}

/**
 * The least-delayed event of each half of the whole resync, ResyncStarted to DuplexRestored (by
 * BMC time): an event can only arrive late, never early, so the smallest receipt-minus-timestamp
 * of a group is its truest reading, and one event held up on a loaded host does not count as the
 * BMC's clock being wrong. The whole resync, not only up to the blackout: a clock running at a
 * wrong rate shows in proportion to the span, while late delivery does not grow with it (over a
 * hypervisor resync's few seconds of diagnostics, tens of ms of delivery on a loaded host were
 * all the tolerance there was). Only the resync's own milestones: the clock judged is the one the
 * BMC stamps them with (a BMC may stamp its Task events by another).
 */
function leastDelayedPair(ctx: StateCtx, o: ResyncObservation): [BmcEvent, BmcEvent] {
  const events = [o.started, ...(o.brownoutStarted ? [o.brownoutStarted] : []), ...o.passes, o.blackoutStarted, o.blackoutCompleted, o.duplexRestored];
  const bmc = (e: BmcEvent): number => ctx.parseBmcTime(e.eventTimestamp);
  const lag = (e: BmcEvent): number => ctx.toSutMs(e.receivedAt) - bmc(e);
  const mid = (bmc(o.started) + bmc(o.duplexRestored)) / 2;
  const least = (group: BmcEvent[], fallback: BmcEvent): BmcEvent => group.reduce((best, e) => (lag(e) < lag(best) ? e : best), group[0] ?? fallback);
  return [least(events.filter((e) => bmc(e) <= mid), o.started), least(events.filter((e) => bmc(e) > mid), o.duplexRestored)];
}

/** The BMC's clock (its event timestamps) against the harness clock (when the events arrived) over the whole resync. */
function checkResyncDuration(ctx: StateCtx, o: ResyncObservation, req: string[]): void {
  const [from, to] = leastDelayedPair(ctx, o);
  const bmc = bmcSpanMs(ctx, from, to);
  checkConsistent(ctx, {
    phase: `resync of module ${o.module}: BMC clock against harness clock (least-delayed event of each half)`,
    unit: 'ms',
    figures: [
      { source: 'BMC event timestamps', value: bmc },
      { source: 'harness clock at receipt', value: ctx.toSutMs(to.receivedAt - from.receivedAt) },
    ],
    tolerance: receiptTolerance(ctx, bmc),
    requirements: req,
    window: { from: from.receivedAt, to: to.receivedAt },
    edges: 2,
  });
}

/** Passes 1..n, every dirty figure within memory, brownout stopped by its own rule. */
export function stopRuleProblem(o: ResyncObservation, f: ResyncFigures): string | null {
  const passes = passFigures(o);
  for (const [i, p] of passes.entries()) {
    if (p.pass !== i + 1) return `pass ${i + 1} is reported as pass ${String(p.pass)}`;
    if (p.dirtyMiB === undefined || p.dirtyMiB < 0 || p.dirtyMiB > f.memoryMiB) return `pass ${i + 1} reports ${String(p.dirtyMiB)} MiB dirty (memory ${f.memoryMiB} MiB)`;
  }
  const early = passes.slice(0, -1).find((p) => (p.dirtyMiB ?? Infinity) <= f.stopThresholdMiB);
  if (early) return `pass ${String(early.pass)} left ${String(early.dirtyMiB)} MiB dirty (at or below the stop threshold ${f.stopThresholdMiB} MiB) yet brownout went on`;
  const last = passes[passes.length - 1];
  if (last && (last.dirtyMiB ?? Infinity) > f.stopThresholdMiB && passes.length < f.maxBrownoutPasses) {
    return `brownout stopped after pass ${passes.length} with ${String(last.dirtyMiB)} MiB dirty, above the stop threshold ${f.stopThresholdMiB} MiB and before the most passes (${f.maxBrownoutPasses})`;
  }
  return null;
}

/** Brownout copy time by the timestamps against memory and dirty figures over the bandwidth. */
function checkBrownoutCopy(ctx: StateCtx, o: ResyncObservation, f: ResyncFigures, req: string[]): void {
  const last = o.passes[o.passes.length - 1];
  if (!o.brownoutStarted || !last) return;
  const copied = [f.memoryMiB, ...passFigures(o).slice(0, -1).map((p) => p.dirtyMiB ?? Number.NaN)];
  const expected = copied.reduce((sum, mib) => sum + copyMs(mib, f), 0);
  const byEvents = bmcSpanMs(ctx, o.brownoutStarted, last);
  checkConsistent(ctx, {
    phase: `brownout copy of module ${o.module}: ${o.passes.length} pass(es)`,
    unit: 'ms',
    figures: [
      { source: 'BMC event timestamps (brownout start to last pass)', value: byEvents },
      { source: `memory ${f.memoryMiB} MiB + reported dirty MiB per pass at ${f.copyBandwidthMiBps} MiB/s`, value: expected },
    ],
    tolerance: bmcArithmeticTolerance(ctx, o.passes.length, expected),
    requirements: req,
    window: { from: o.brownoutStarted.receivedAt, to: last.receivedAt },
    edges: o.passes.length,
  });
}

/** Blackout pause: timestamps, the BMC's reported pause, residual over bandwidth plus context copy. */
function checkBlackoutFigures(ctx: StateCtx, o: ResyncObservation, f: ResyncFigures, req: string[]): void {
  const lastDirty = passFigures(o).at(-1)?.dirtyMiB;
  const residual = o.passes.length === 0 ? f.memoryMiB : (lastDirty ?? Number.NaN);
  const expected = copyMs(residual, f) + f.contextCopyMs;
  const reported = numericArg(o.blackoutCompleted, 1);
  checkConsistent(ctx, {
    phase: `blackout of module ${o.module}: BMC figures`,
    unit: 'ms',
    figures: [
      { source: 'BMC event timestamps', value: bmcSpanMs(ctx, o.blackoutStarted, o.blackoutCompleted) },
      ...(reported === undefined ? [] : [{ source: 'BMC-reported pause (BlackoutCompleted)', value: reported }]),
      { source: `residual ${residual} MiB at ${f.copyBandwidthMiBps} MiB/s + context ${f.contextCopyMs} ms`, value: expected },
    ],
    tolerance: bmcArithmeticTolerance(ctx, 1, expected),
    requirements: req,
    window: { from: o.blackoutStarted.receivedAt, to: o.blackoutCompleted.receivedAt },
    edges: 1,
  });
}

/** Every resync: duration against receipt, and its own figures against what the BMC reports of its copy. */
export function checkResyncFigures(ctx: StateCtx, o: ResyncObservation, req: string[]): void {
  checkResyncDuration(ctx, o, req);
  const f = reportedResyncFigures(ctx);
  if (!f) {
    ctx.log.info('the BMC reports no resync figures (memory, copy bandwidth, stop threshold): the resync arithmetic is not checked');
    return;
  }
  ctx.check(`resync of module ${o.module}: passes and dirty figures follow the stop rule`, { kind: 'invariant', requirements: req }, () => stopRuleProblem(o, f) ?? true);
  checkBrownoutCopy(ctx, o, f, req);
  checkBlackoutFigures(ctx, o, f, req);
}

/** The blackout pause as the BMC's timestamps say and as the workload probe saw it (`gap`, 0 when none crossed the threshold). */
export function checkBlackoutAgainstProbe(ctx: StateCtx, o: ResyncObservation, probe: StoppedProbe, gap: ClockGap | undefined, window: { from: number; to: number }, req: string[]): void {
  const bmc = bmcSpanMs(ctx, o.blackoutStarted, o.blackoutCompleted);
  checkConsistent(ctx, {
    phase: `blackout of module ${o.module}: BMC against workload`,
    unit: 'ms',
    figures: [
      { source: 'BMC event timestamps', value: bmc },
      { source: 'workload probe outage', value: gap ? ctx.toSutMs(gap.outageMs) : 0 },
    ],
    tolerance: probeTolerance(ctx, probe, bmc),
    requirements: req,
    window,
    edges: 2,
    resolutionInTolerance: true,
  });
}
