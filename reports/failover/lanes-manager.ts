/**
 * The failover manager's claim: its decisions and their steps as it serves them (the cluster
 * sampler's `FailoverManagerView` samples), not what the lab showed. Per manager a lane of its
 * decisions (a marker each, and one per notification), and per decision with steps a lane of its
 * steps as intervals (fence, unmap, map, zone, vlan, boot ...; a failed step in its own colour, a
 * step still running at the last reading up to that reading). The manager stamps real wall-clock
 * times: they are placed on the harness clock through the sample that reported them
 * (event-time.ts `wallInstant`), the last one of the testcase, which holds every decision's latest state.
 */
import { wallInstant } from '../../lib/domains/failover/event-time.ts';
import { stateOf, type ClaimedDecision, type ClaimedStep } from '../../lib/domains/failover/samples.ts';
import { timeScaleOf } from '../../lib/domains/failover/series.ts';
import type { SampleRecord } from '../../lib/history/records.ts';
import type { LaneContext } from './lanes-san.ts';
import type { FoLane, FoSegment, FoTick, Tone } from './types.ts';

/** A decision with the reading that last reported it (the anchor of its stamps). */
interface Claimed {
  device: string;
  decision: ClaimedDecision;
  reading: SampleRecord;
}

/** Each manager's decisions as its last reading of the testcase holds them, oldest first. */
function claimsOf(ctx: LaneContext): Map<string, Claimed[]> {
  const last = new Map<string, Map<number, Claimed>>();
  for (const r of ctx.records) {
    const s = r.type === 'sample' ? stateOf(r, 'FailoverManagerView') : null;
    if (!s || r.type !== 'sample') continue;
    const byId = last.get(r.device) ?? new Map<number, Claimed>();
    for (const decision of s.decisions) byId.set(decision.id, { device: r.device, decision, reading: r });
    last.set(r.device, byId);
  }
  return new Map([...last].sort(([a], [b]) => a.localeCompare(b)).map(([device, byId]) => [device, [...byId.values()].sort((a, b) => a.decision.id - b.decision.id)]));
}

const ms = (v: number): string => `${Math.round(v)} ms`;

/** Harness ms since the scenario began of a stamp of claim `c`, or null when it has none. */
function at(ctx: LaneContext, c: Claimed, iso: string | null): number | null {
  const t = iso === null ? null : wallInstant(c.reading, iso);
  return t === null ? null : t - ctx.t0;
}

function what(d: ClaimedDecision): string {
  const to = d.standby.length ? ` → ${d.standby.join('+')}` : '';
  return `#${d.id} ${d.kind} ${d.server}${to}`;
}

function decisionTicks(ctx: LaneContext, c: Claimed): FoTick[] {
  const d = c.decision;
  const decided = at(ctx, c, d.decidedAt);
  const ticks: FoTick[] = decided === null ? [] : [{ at: decided, label: what(d), detail: `${c.device} claims: decision ${d.id} at ${d.decidedAt}: ${d.kind} for ${d.server} (fault ${d.faultType}): ${d.reason}; state ${d.state}` }];
  for (const s of d.steps.filter((x) => x.op === 'notify')) {
    const sent = at(ctx, c, s.startedAt);
    if (sent !== null) ticks.push({ at: sent, label: 'notify', detail: `${c.device} claims: decision ${d.id} notified ${s.target} (${s.result})` });
  }
  return ticks;
}

const TONE: Readonly<Record<ClaimedStep['result'], Tone>> = { ok: 'claim', failed: 'claim-failed', running: 'claim-running', 'not-run': 'claim' };

function stepSegment(ctx: LaneContext, c: Claimed, s: ClaimedStep, i: number, scale: number): FoSegment | null {
  const start = at(ctx, c, s.startedAt);
  if (start === null || s.result === 'not-run') return null;
  const end = at(ctx, c, s.endedAt) ?? c.reading.t - ctx.t0;
  const d = c.decision;
  const took = s.endedAt === null ? `still running at the reading of ${ms(end)}` : `${s.result} after ${ms(end - start)} (${ms((end - start) * scale)} SUT), ${s.startedAt ?? ''} → ${s.endedAt}`;
  const notRun = s.result === 'failed' ? d.steps.filter((x) => x.result === 'not-run').map((x) => x.op) : [];
  const rest = notRun.length ? `; not run after it: ${notRun.join(', ')}` : '';
  const detail = `${c.device} claims: decision ${d.id} step ${i + 1}/${d.steps.length} ${s.op} ${s.target}: ${took}${s.detail ? `: ${s.detail}` : ''}${rest}`;
  return { start, end: Math.max(start, end), label: `${s.op} ${s.target}`, tone: TONE[s.result], detail, source: 'claim' };
}

/** The lanes of the manager's claim: its decisions, then the steps of each decision that ran any. */
export function managerClaimLanes(ctx: LaneContext): FoLane[] {
  const scale = timeScaleOf(ctx.all);
  return [...claimsOf(ctx)].flatMap(([device, claims]): FoLane[] => {
    const decisions: FoLane = { kind: 'claim', label: `${device} decisions (claim)`, segments: [], ticks: claims.flatMap((c) => decisionTicks(ctx, c)) };
    const steps = claims.map((c): FoLane => ({
      kind: 'claim',
      label: `${device} #${c.decision.id} steps (claim)`,
      segments: c.decision.steps.flatMap((s, i) => (s.op === 'notify' ? [] : (stepSegment(ctx, c, s, i, scale) ?? []))),
      ticks: [],
    }));
    return [decisions, ...steps];
  });
}
