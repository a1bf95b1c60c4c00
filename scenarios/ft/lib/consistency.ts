/**
 * Cross-source consistency: a phase measured by more than one independent source (BMC event
 * timestamps, the harness clock at which the events arrived, the workload probe, the figures the
 * BMC reports itself) must give the same figure within a stated tolerance. A disagreement is a
 * SUT failure (an invariant violation: the BMC's clock, its timestamps or its figures are wrong),
 * recorded with every figure and the tolerance so the report can show them side by side.
 *
 * Tolerances are derived, never picked per scenario: from the probe's resolution, the BMC clock
 * offset's uncertainty (half the round trip of the clock query: how late the management plane
 * can deliver), event timestamp resolution, and a relative rate allowance for clocks that are
 * merely imprecise rather than wrong. A disagreement beyond that is judged once the scenario
 * ends, against what the probes measured of the host over the phase (footing.ts): the measured
 * scheduling lag widens the tolerance per edge the host delays; what only the host's starvation
 * explains (footing.ts explainedByHost) is inconclusive (infra); the rest is the SUT's.
 */
import type { SoloContext } from '../../../harness/scenario.ts';
import type { CapabilityName } from '../../../drivers/capabilities/index.ts';
import type { Comparison } from '../../../lib/history/records.ts';
import { explainedByHost, footingOver, judgeSpread } from './footing.ts';
import { type StoppedProbe, probeResolutionSut } from './probe.ts';
import { footingOf, inconclusiveCheck } from './verdict-footing.ts';

/** Relative disagreement two honest clocks may show over one span (2 %). */
export const RATE_ALLOWANCE = 0.02;
/**
 * Wall ms an event may spend between the BMC stamping it and the harness receiving it beyond the
 * clock query's round trip (queueing, the event stream's own latency); also how late a SUT's timed
 * step may fire on a loaded lab host.
 */
export const DELIVERY_WALL_MS = 10;
/** Wall ms the workload may take to react to a phase edge (stop or resume answering) beyond the probe's resolution. */
export const REACTION_WALL_MS = 5;

export interface Tolerance {
  value: number;
  basis: string;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** The clock offset's uncertainty in SUT ms (0 when the device has no BMC clock). */
function offsetUncertaintySut<N extends CapabilityName>(ctx: SoloContext<N>): number {
  return ctx.toSutMs(ctx.clockOffset()?.uncertaintyMs ?? 0);
}

/** SUT ms a timed step may fire late: the delivery allowance, or more on a host whose clock query took long. */
function stepAllowanceSut<N extends CapabilityName>(ctx: SoloContext<N>): number {
  return ctx.toSutMs(Math.max(DELIVERY_WALL_MS, 5 * (ctx.clockOffset()?.uncertaintyMs ?? 0)));
}

/**
 * BMC timestamps against harness receipt times over a span of `spanMs` SUT: each end may arrive
 * late by the offset uncertainty plus the delivery allowance, and the clocks may differ in rate.
 */
export function receiptTolerance<N extends CapabilityName>(ctx: SoloContext<N>, spanMs: number): Tolerance {
  const perEnd = offsetUncertaintySut(ctx) + ctx.toSutMs(DELIVERY_WALL_MS);
  return {
    value: round3(2 * perEnd + RATE_ALLOWANCE * spanMs),
    basis: `2 × (clock offset uncertainty + ${DELIVERY_WALL_MS} ms wall delivery) + ${RATE_ALLOWANCE * 100} % of the span`,
  };
}

/**
 * A probe figure against BMC event figures over a phase of `spanMs` SUT: per edge of the phase,
 * the probe's resolution, the workload's reaction allowance and the clock offset's uncertainty
 * (how sluggish the path to the SUT was when measured: it widens the tolerance on a loaded host
 * instead of blaming the SUT), and the two clocks' rate allowance over the span.
 */
export function probeTolerance<N extends CapabilityName>(ctx: SoloContext<N>, probe: StoppedProbe, spanMs: number): Tolerance {
  const res = probeResolutionSut(ctx, probe);
  const perEnd = res + offsetUncertaintySut(ctx) + ctx.toSutMs(REACTION_WALL_MS);
  return {
    value: round3(2 * perEnd + RATE_ALLOWANCE * spanMs),
    basis: `2 × (probe resolution ${round3(res)} ms + clock offset uncertainty + ${REACTION_WALL_MS} ms wall reaction) + ${RATE_ALLOWANCE * 100} % of the span`,
  };
}

/**
 * The BMC's own figures against its own timestamps over `steps` timed steps of `spanMs` SUT in
 * all: each step may fire late by the delivery allowance; the rest must agree to the rate allowance.
 */
export function bmcArithmeticTolerance<N extends CapabilityName>(ctx: SoloContext<N>, steps: number, spanMs: number): Tolerance {
  return {
    value: round3(steps * stepAllowanceSut(ctx) + RATE_ALLOWANCE * spanMs + 0.002 * steps),
    basis: `${steps} timed step(s) × max(${DELIVERY_WALL_MS} ms wall, 5 × clock offset uncertainty) + ${RATE_ALLOWANCE * 100} % of the span + event timestamp resolution`,
  };
}

export interface ConsistencySpec {
  /** What was measured, e.g. "blackout pause of module 1". */
  phase: string;
  unit: string;
  figures: Array<{ source: string; value: number }>;
  tolerance: Tolerance;
  requirements: string[];
  /** The phase in ctx.clock time (harness ms): where the host's starvation is looked up. */
  window?: { from: number; to: number };
  /** Edges or timed steps of the phase the host's scheduling can delay. */
  edges?: number;
  /** The tolerance holds the probe's measured resolution already (not widened by the lag again). */
  resolutionInTolerance?: boolean;
}

/**
 * The consistency check: every figure within the tolerance of every other (the spread of the
 * figures at most the tolerance). Recorded as an invariant with its comparison; a spread beyond
 * the tolerance is judged when the scenario ends, against the probes' footing over its window.
 */
export function checkConsistent<N extends CapabilityName>(ctx: SoloContext<N>, c: ConsistencySpec): void {
  const spread = spreadOf(c);
  const footing = footingOf(ctx);
  if (Number.isFinite(spread) && spread > c.tolerance.value && footing && c.window) {
    footing.deferred.push(() => judgeAgainstFooting(ctx, c));
    return;
  }
  record(ctx, c, c.tolerance);
}

function judgeAgainstFooting<N extends CapabilityName>(ctx: SoloContext<N>, c: ConsistencySpec): void {
  const window = c.window as { from: number; to: number };
  const f = footingOf(ctx);
  const over = f ? footingOver(f.probes, window.from, window.to) : null;
  if (!over) {
    record(ctx, c, { value: c.tolerance.value, basis: `${c.tolerance.basis} (no probe ran over this phase to measure the host)` });
    return;
  }
  const edges = c.edges ?? 0;
  const lagSut = ctx.toSutMs(over.lagMs);
  const widened: Tolerance = edges > 0 && !c.resolutionInTolerance ? { value: round3(c.tolerance.value + edges * lagSut), basis: `${c.tolerance.basis} + ${edges} × the probe's measured scheduling lag ${round3(over.lagMs)} ms wall` } : c.tolerance;
  const spread = round3(spreadOf(c));
  const explained = ctx.toSutMs(explainedByHost(over, edges));
  if (judgeSpread(spread, widened.value, explained) !== 'inconclusive') {
    record(ctx, c, widened);
    return;
  }
  const why = `the probe's sender stalled ${round3(over.stalledMs)} ms wall in that phase and up to ${round3(over.worstStallMs)} ms wall at once in its run`;
  inconclusiveCheck(ctx, `consistent: ${c.phase}`, { kind: 'invariant', requirements: c.requirements, comparison: comparisonOf(c, widened) },
    `sources disagree by ${spread} ${c.unit} (tolerance ${widened.value} ${c.unit}), within the ${round3(explained)} ${c.unit} the host's starvation explains over ${edges} edge(s) (${why}): ${describe(comparisonOf(c, widened))}`);
}

/** The spread of the figures (rounded as recorded); NaN when one is not a number. */
function spreadOf(c: ConsistencySpec): number {
  const values = c.figures.map((f) => round3(f.value));
  return Math.max(...values) - Math.min(...values);
}

function comparisonOf(c: ConsistencySpec, t: Tolerance): Comparison {
  return { phase: c.phase, unit: c.unit, figures: c.figures.map((f) => ({ ...f, value: round3(f.value) })), tolerance: t.value, toleranceBasis: t.basis };
}

function record<N extends CapabilityName>(ctx: SoloContext<N>, c: ConsistencySpec, t: Tolerance): void {
  const comparison = comparisonOf(c, t);
  ctx.check(`consistent: ${c.phase}`, { kind: 'invariant', requirements: c.requirements, comparison }, () => {
    const values = comparison.figures.map((f) => f.value);
    if (values.some((v) => !Number.isFinite(v))) return `a figure is not a number: ${describe(comparison)}`;
    const spread = Math.max(...values) - Math.min(...values);
    return spread <= t.value ? true : `sources disagree by ${round3(spread)} ${c.unit} (tolerance ${t.value} ${c.unit}): ${describe(comparison)}`;
  });
}

function describe(c: Comparison): string {
  return c.figures.map((f) => `${f.source} ${f.value} ${c.unit}`).join(', ');
}
