/**
 * The workload probe seen from a scenario: start it, remember when (in ctx.clock time), and
 * read its gaps back in that same time base so they can be placed next to event receipt times.
 */
import type { ProbeHandle, ProbeOptions, SoloContext } from '../../../harness/scenario.ts';
import type { ProbeGap, ProbeRecord } from '../../../lib/history/records.ts';
import type { CapabilityName } from '../../../drivers/capabilities/index.ts';
import { type ProbeFooting, silenceBeforeStop } from './footing.ts';
import { holdSut, toHarnessMs } from './time.ts';
import { footingOf, inconclusiveCheck } from './verdict-footing.ts';

export interface RunningProbe {
  readonly name: string;
  /** Holds the settle interval, and checks the workload answered steadily through it, around stop. */
  readonly settle: { hold(): Promise<void>; check(footing: ProbeFooting): void };
  /** Lends the stopped probe's measurements of the host to the testcase's deferred checks. */
  readonly lend: (footing: ProbeFooting) => void;
  /** ctx.clock.now() just before and just after startProbe returned. */
  readonly clockBefore: number;
  readonly clockAfter: number;
  readonly handle: ProbeHandle;
}

export interface StoppedProbe {
  readonly name: string;
  readonly record: ProbeRecord;
  /** Probe time base minus ctx.clock time base (ms), estimated at start. */
  readonly offsetMs: number;
}

/** A gap in ctx.clock time (ms) with its duration in real ms. */
export interface ClockGap {
  start: number;
  end: number;
  durationMs: number;
  /** The server's pause behind the gap (real ms), corrected for send times and round trip; the reply gap when no estimate exists. */
  outageMs: number;
}

export async function startProbe<N extends CapabilityName>(ctx: SoloContext<N>, name: string, opts?: ProbeOptions): Promise<RunningProbe> {
  const clockBefore = ctx.clock.now();
  const handle = await ctx.startProbe(name, opts);
  const settle = {
    hold: () => holdSut(ctx, PROBE_SETTLE_SUT_MS),
    check: (footing: ProbeFooting) => checkSteadyAtStop(ctx, name, footing),
  };
  const lend = (footing: ProbeFooting): void => void footingOf(ctx)?.probes.push(footing);
  return { name, settle, lend, clockBefore, clockAfter: ctx.clock.now(), handle };
}

/**
 * SUT ms the probe keeps running after the scenario's last expected phase before it stops, and
 * over which the workload must have answered steadily: a stall that outlasts what the BMC claims
 * is then seen in full, or fails the scenario, instead of being cut off when the probe stops.
 */
export const PROBE_SETTLE_SUT_MS = 1_000;

/** Share of the settle interval the workload may have left unanswered (scheduler noise) and still count as steady. */
const STEADY_SHARE = 0.5;

/**
 * Required check: through the last PROBE_SETTLE_SUT_MS before the probe stopped, the workload
 * answered (no reply gap still open at the stop, gaps covering under half of that interval), at
 * the resolution the probe measured in this run: silence certain even with every gap edge off by
 * a resolution step fails; silence only the host's scheduling could have made is inconclusive.
 * Gaps with too few probes sent inside (footing.ts) are the harness's own sender stalling.
 */
function checkSteadyAtStop<N extends CapabilityName>(ctx: SoloContext<N>, name: string, p: ProbeFooting): void {
  const windowMs = toHarnessMs(ctx, PROBE_SETTLE_SUT_MS);
  const limit = STEADY_SHARE * windowMs;
  const s = silenceBeforeStop(p, windowMs);
  const checkName = `${name}: the workload answered steadily for ${PROBE_SETTLE_SUT_MS} ms SUT before the probe stopped`;
  const opts = { kind: 'assertion' as const, requirements: ['FT-01'] };
  const sut = (ms: number): number => Math.round(ctx.toSutMs(ms));
  // The last probes in flight at the stop are never answered: only a longer open gap is a stall.
  const problem = (open: number | undefined, silent: number): string | null => {
    if (open !== undefined && open > limit) return `a reply gap was still open when the probe stopped (silent for ${sut(open)} ms SUT): the stall outlasted the scenario's last phase`;
    return silent < limit ? null : `no answer for ${sut(silent)} ms SUT of the last ${PROBE_SETTLE_SUT_MS} ms SUT`;
  };
  const certain = problem(s.open?.certain, s.certain);
  const raw = problem(s.open?.raw, s.raw);
  if (certain === null && raw !== null) {
    const res = Math.max(p.resolutionMs, p.intervalMs);
    inconclusiveCheck(ctx, checkName, opts, `${raw}, but at the probe's measured resolution in this run (${res} ms wall: p99 send interval, requested ${p.intervalMs} ms) the certain silence is ${sut(s.certain)} ms SUT`);
    return;
  }
  ctx.check(checkName, opts, () => certain ?? true);
}

/**
 * Hold the settle interval, stop the probe, and check the workload answered steadily before the
 * stop; `workloadDown`: the scenario brought the system down on purpose (a crash it tests), so the
 * workload is expected to be silent at the stop and neither is done.
 */
export async function stopProbe(p: RunningProbe, opts: { workloadDown?: boolean } = {}): Promise<StoppedProbe> {
  if (!opts.workloadDown) await p.settle.hold();
  const record = await p.handle.stop();
  // The probe stamps its start at the end of startProbe (after the endpoint lookup and the socket
  // bind), so the clock right after the call is the closest reading of that instant.
  const offsetMs = record.startedAt - p.clockAfter;
  const footing = footingInClock(record, offsetMs);
  p.lend(footing);
  if (!opts.workloadDown) p.settle.check(footing);
  return { name: p.name, record, offsetMs };
}

/** The probe's measurements of the host, in ctx.clock time. */
function footingInClock(r: ProbeRecord, offsetMs: number): ProbeFooting {
  return {
    intervalMs: r.intervalMs,
    resolutionMs: r.resolutionMs,
    startedAt: r.startedAt - offsetMs,
    stoppedAt: r.stoppedAt - offsetMs,
    gaps: r.gaps.map((g) => ({ ...g, start: g.start - offsetMs, end: g.end - offsetMs })),
  };
}

function gapsInClock(p: StoppedProbe): ClockGap[] {
  return p.record.gaps.map((g: ProbeGap) => ({
    start: g.start - p.offsetMs,
    end: g.end - p.offsetMs,
    durationMs: g.durationMs,
    outageMs: g.outageMs ?? g.durationMs,
  }));
}

/** Largest gap (real ms; the first of equals) among those `keep` accepts, in ctx.clock time. */
/**
 * The gap behind the largest server pause (its outage estimate, then its length): a long reply gap
 * in which the probe itself sent nothing is the probe's own thread waiting for a CPU, not the server.
 */
function largestGapWhere(p: StoppedProbe, keep: (g: ClockGap) => boolean): ClockGap | undefined {
  let best: ClockGap | undefined;
  for (const g of gapsInClock(p)) {
    if (keep(g) && (!best || g.outageMs > best.outageMs || (g.outageMs === best.outageMs && g.durationMs > best.durationMs))) best = g;
  }
  return best;
}

/** Largest gap (real ms) overlapping [from, to] in ctx.clock time; undefined if none crossed the probe's gap threshold. */
export function largestGapOverlapping(p: StoppedProbe, from: number, to: number): ClockGap | undefined {
  return largestGapWhere(p, (g) => g.end >= from && g.start <= to);
}

/** Largest gap lying wholly inside [from, to] in ctx.clock time. */
export function largestGapWithin(p: StoppedProbe, from: number, to: number): ClockGap | undefined {
  return largestGapWhere(p, (g) => g.start >= from && g.end <= to);
}

/**
 * Largest gap that STARTS inside [from, to] (ctx.clock time): an outage caused by a fault begins at
 * the fault, so gaps are attributed to it by their start. This keeps scheduler pauses of the
 * harness or lab processes elsewhere in a long probe window from being charged to the SUT — at a
 * high time scale a few ms of such noise becomes a large SUT-time gap.
 */
export function largestGapStartingIn(p: StoppedProbe, from: number, to: number): ClockGap | undefined {
  return largestGapWhere(p, (g) => g.start >= from && g.start <= to);
}

/** Real ms of slack around a cause's time window (probe offset uncertainty, event delivery). */
export const CAUSE_SLACK_MS = 50;

/** Largest gap starting between `causeAt - slack` and `seenAt + 5 ms` (the cause and its BMC event's receipt). */
export function gapCausedAt(p: StoppedProbe, causeAt: number, seenAt: number): ClockGap | undefined {
  return largestGapStartingIn(p, causeAt - CAUSE_SLACK_MS, Math.max(causeAt, seenAt) + 5);
}

/**
 * Measure the workload outage a cause made (a fault at `causeAt`, its BMC event received at
 * `seenAt`; ctx.clock time): the server's pause behind the gap gapCausedAt finds, in SUT ms (0 when
 * no gap crossed the probe's threshold), at the probe's resolution, against `budget`.
 */
export function measureOutageCausedAt<N extends CapabilityName>(
  ctx: SoloContext<N>,
  p: StoppedProbe,
  name: string,
  o: { causeAt: number; seenAt: number; budget: string; requirements: string[] },
): void {
  const gap = gapCausedAt(p, o.causeAt, o.seenAt);
  ctx.measure(name, gap ? ctx.toSutMs(gap.outageMs) : 0, {
    unit: 'ms', source: 'probe', budget: o.budget, resolution: probeResolutionSut(ctx, p), requirements: o.requirements,
  });
}

/** Probe resolution converted to SUT ms (what a measurement from this probe can resolve). */
export function probeResolutionSut<N extends CapabilityName>(ctx: SoloContext<N>, p: StoppedProbe): number {
  return ctx.toSutMs(Math.max(p.record.resolutionMs, p.record.intervalMs));
}

/**
 * Required checks every probe gives evidence for: the workload answered at all, and from one
 * address only (FT-03: one server on the network, applications need no change).
 */
export function checkProbeEvidence<N extends CapabilityName>(ctx: SoloContext<N>, p: StoppedProbe): void {
  const r = p.record;
  ctx.check(`${p.name}: the workload answered the probe`, { kind: 'assertion', requirements: ['FT-01'] }, () =>
    r.received > 0 ? true : `no reply to ${r.sent} probes sent to ${r.target}`,
  );
  ctx.check(`${p.name}: one workload address throughout`, { kind: 'assertion', requirements: ['FT-03'] }, () =>
    r.repliedFrom.length === 1 ? true : `replies came from ${r.repliedFrom.length} addresses: ${r.repliedFrom.join(', ') || 'none'}`,
  );
}
