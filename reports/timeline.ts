/**
 * Records of one scenario instance → a timeline model, every time in ms since the scenario began
 * (harness clock). Lanes: phases, fault windows (inject → undo), BMC events, probe spans with
 * their gaps (classified: outage / jitter / harness stall), and the state lanes report panels
 * contribute (e.g. the ft panel's power and per-module states).
 */
import { messageKey } from '../lib/domains/ft/messages.ts';
import type { ProbeGap } from '../lib/history/records.ts';
import { type ConsoleLane, consoleLanes } from './console-lane.ts';
import { eventFields } from './event-fields.ts';
import type { LaneInput } from './panel.ts';
import { classifyGaps, gapThresholdMs, type ClassifiedGap, type ProbeMeasurement } from './probe-gaps.ts';
import type { ScenarioInstance } from './scenarios.ts';
import type { TimelineLane } from './timeline-lane.ts';

export type { LaneTick, StateSegment, TimelineLane } from './timeline-lane.ts';
export type { ClassifiedGap, GapKind } from './probe-gaps.ts';
export type { ConsoleLane, ConsoleLaneLine } from './console-lane.ts';

export interface Span {
  start: number;
  end: number;
}

export interface TimelinePhase extends Span {
  label: string;
  ok: boolean | null;
  error: string | null;
  open: boolean;
}

export interface TimelineFault extends Span {
  label: string;
  ledgerId: number;
  params: string;
  undone: boolean;
  ok: boolean;
  error: string | null;
}

export interface TimelineEvent {
  at: number;
  key: string;
  messageId: string;
  message: string;
  severity: string;
  bmcTime: string;
  origin: string | null;
  args: string[];
}

export interface TimelineProbe extends Span {
  label: string;
  target: string;
  intervalMs: number | null;
  resolutionMs: number | null;
  rttMs: number | null;
  sent: number;
  received: number;
  /** Gaps whose estimated outage exceeds this (harness ms) are drawn as outages (probe-gaps.ts). */
  thresholdMs: number;
  gaps: ClassifiedGap[];
}

/** Lanes a report panel adds to the timeline of one scenario instance. */
export type LaneSource = (scenario: LaneInput) => TimelineLane[];

export interface TimelineOptions {
  /** SUT ms per harness ms of the device (lab time scale); measurements are in SUT ms. Default 1. */
  timeScale?: number;
  /** Contributors of state lanes, drawn below the probes in this order. */
  lanes?: readonly LaneSource[];
}

export interface Timeline {
  endMs: number;
  phases: TimelinePhase[];
  faults: TimelineFault[];
  events: TimelineEvent[];
  probes: TimelineProbe[];
  /** State lanes contributed by report panels (e.g. system power and one lane per ft module). */
  lanes: TimelineLane[];
  /** What each device printed on its console (one lane per device, below the state lanes). */
  consoles: ConsoleLane[];
  /** SUT ms per harness ms (1 when the lab runs in real time). */
  timeScale: number;
}

function compactParams(p: Record<string, unknown>): string {
  try {
    return JSON.stringify(p);
  } catch {
    return '';
  }
}

export function buildTimeline(inst: ScenarioInstance, opts: TimelineOptions = {}): Timeline {
  const timeScale = opts.timeScale !== undefined && Number.isFinite(opts.timeScale) && opts.timeScale > 0 ? opts.timeScale : 1;
  const t0 = inst.begin.t;
  const rel = (t: number): number => t - t0;
  let endMs = Math.max(inst.end?.durationMs ?? 0, rel(inst.lastT));
  const phases: TimelinePhase[] = [];
  const openPhases = new Map<string, TimelinePhase[]>();
  const faults = new Map<number, TimelineFault>();
  const events: TimelineEvent[] = [];
  const probes: Array<Omit<TimelineProbe, 'gaps'> & { gaps: ProbeGap[] }> = [];
  const probeMeasurements: ProbeMeasurement[] = [];

  for (const r of inst.records) {
    switch (r.type) {
      case 'phase-begin': {
        const p: TimelinePhase = { label: r.phase, start: rel(r.t), end: rel(r.t), ok: null, error: null, open: true };
        phases.push(p);
        openPhases.set(r.phase, [...(openPhases.get(r.phase) ?? []), p]);
        break;
      }
      case 'phase-end': {
        const p = openPhases.get(r.phase)?.pop();
        if (!p) break;
        p.end = rel(r.t);
        p.open = false;
        p.ok = r.ok ?? true;
        p.error = r.error ?? null;
        break;
      }
      case 'fault': {
        const f =
          faults.get(r.ledgerId) ??
          ({ label: r.fault, ledgerId: r.ledgerId, params: compactParams(r.params ?? {}), start: Number.NaN, end: Number.NaN, undone: false, ok: true, error: null } satisfies TimelineFault);
        faults.set(r.ledgerId, f);
        if (r.action === 'inject' && r.ok) f.start = rel(r.t);
        if (r.action === 'undo') {
          f.end = rel(r.t);
          f.undone = r.ok;
        }
        if (!r.ok) {
          f.ok = false;
          f.error = r.error ?? `${r.action} failed`;
        }
        break;
      }
      case 'event': {
        const e = eventFields(r);
        events.push({
          at: rel(r.t),
          key: messageKey(e),
          messageId: e.messageId,
          message: e.message,
          severity: e.severity,
          bmcTime: e.eventTimestamp,
          origin: e.originOfCondition,
          args: e.messageArgs,
        });
        break;
      }
      case 'probe': {
        const start = Number.isFinite(r.startedAt) ? rel(r.startedAt) : 0;
        const stop = Number.isFinite(r.stoppedAt) ? rel(r.stoppedAt) : rel(r.t);
        const probe = { intervalMs: r.intervalMs ?? null, resolutionMs: r.resolutionMs ?? null };
        probes.push({
          label: r.probe,
          target: r.target ?? '',
          ...probe,
          rttMs: r.rttMs ?? null,
          sent: r.sent,
          received: r.received,
          thresholdMs: gapThresholdMs(probe),
          start,
          end: stop,
          gaps: r.gaps.map((g) => ({ ...g, start: rel(g.start), end: rel(g.end) })),
        });
        break;
      }
      case 'measurement':
        if (/^probe\b/i.test(r.source ?? '')) probeMeasurements.push({ name: r.name, value: r.value, unit: r.unit });
        break;
      default:
        break;
    }
  }
  for (const p of phases) endMs = Math.max(endMs, p.end);
  for (const p of phases) if (p.open) p.end = endMs;
  const faultList = [...faults.values()]
    .filter((f) => Number.isFinite(f.start))
    .map((f) => (Number.isFinite(f.end) ? f : { ...f, end: endMs }))
    .sort((a, b) => a.start - b.start || a.ledgerId - b.ledgerId);

  const laneInput: LaneInput = { records: inst.records, t0, endMs };
  const lanes = (opts.lanes ?? []).flatMap((source) => source(laneInput));
  const classified: TimelineProbe[] = probes.map((p) => ({ ...p, gaps: classifyGaps(p.gaps, p.thresholdMs, probeMeasurements, timeScale) }));
  return { endMs, phases, faults: faultList, events, probes: classified, lanes, consoles: consoleLanes(inst.records, t0), timeScale };
}
