/**
 * Records of one scenario instance → a timeline model, every time in ms since the scenario began
 * (harness clock). Lanes: phases, fault windows (inject → undo), BMC events, probe spans with
 * their gaps, and per-module operational states from samples.
 */
import type { ScenarioInstance } from './scenarios.ts';

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
}

export interface TimelineProbe extends Span {
  label: string;
  target: string;
  resolutionMs: number | null;
  gaps: Array<Span & { durationMs: number }>;
}

export interface StateSegment extends Span {
  state: string;
}

export interface TimelineLane {
  label: string;
  segments: StateSegment[];
}

export interface Timeline {
  endMs: number;
  phases: TimelinePhase[];
  faults: TimelineFault[];
  events: TimelineEvent[];
  probes: TimelineProbe[];
  /** System power state and one lane per module, from samples. */
  states: TimelineLane[];
}

/** "FtLab.1.0.ModuleIsolated" → "ModuleIsolated". */
export function messageKey(messageId: string): string {
  const parts = messageId.split('.');
  return parts[parts.length - 1] || messageId;
}

function compactParams(p: Record<string, unknown>): string {
  try {
    return JSON.stringify(p);
  } catch {
    return '';
  }
}

export function buildTimeline(inst: ScenarioInstance): Timeline {
  const t0 = inst.begin.t;
  const rel = (t: number): number => t - t0;
  let endMs = Math.max(inst.end?.durationMs ?? 0, rel(inst.lastT));
  const phases: TimelinePhase[] = [];
  const openPhases = new Map<string, TimelinePhase[]>();
  const faults = new Map<number, TimelineFault>();
  const events: TimelineEvent[] = [];
  const probes: TimelineProbe[] = [];
  const samples: Array<{ at: number; power: string; modules: Array<{ index: number; state: string }> }> = [];

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
        const e = r.event;
        events.push({
          at: rel(r.t),
          key: messageKey(String(e.messageId ?? '')),
          messageId: String(e.messageId ?? ''),
          message: String(e.message ?? ''),
          severity: String(e.severity ?? ''),
          bmcTime: String(e.eventTimestamp ?? ''),
          origin: typeof e.originOfCondition === 'string' ? e.originOfCondition : null,
        });
        break;
      }
      case 'probe': {
        const start = Number.isFinite(r.startedAt) ? rel(r.startedAt) : 0;
        const stop = Number.isFinite(r.stoppedAt) ? rel(r.stoppedAt) : rel(r.t);
        probes.push({
          label: r.probe,
          target: r.target ?? '',
          resolutionMs: r.resolutionMs ?? null,
          start,
          end: stop,
          gaps: r.gaps.map((g) => ({ start: rel(g.start), end: rel(g.end), durationMs: g.durationMs })),
        });
        break;
      }
      case 'sample': {
        const sys = r.system;
        samples.push({
          at: rel(r.t),
          power: String(sys.powerState ?? 'Unknown'),
          modules: Array.isArray(sys.modules) ? sys.modules.map((m) => ({ index: m.index, state: String(m.opState ?? 'Unknown') })) : [],
        });
        break;
      }
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

  const states: TimelineLane[] = [];
  if (samples.length > 0) {
    const lane = (label: string, pick: (s: (typeof samples)[number]) => string | undefined): TimelineLane => {
      const segments: StateSegment[] = [];
      samples.forEach((s, i) => {
        const state = pick(s);
        const next = samples[i + 1];
        const end = next ? next.at : endMs;
        if (state === undefined) return;
        const last = segments[segments.length - 1];
        if (last && last.state === state && last.end === s.at) last.end = end;
        else segments.push({ start: s.at, end, state });
      });
      return { label, segments };
    };
    states.push(lane('power', (s) => s.power));
    const indexes = [...new Set(samples.flatMap((s) => s.modules.map((m) => m.index)))].sort((a, b) => a - b);
    for (const idx of indexes) states.push(lane(`module ${idx}`, (s) => s.modules.find((m) => m.index === idx)?.state));
  }
  return { endMs, phases, faults: faultList, events, probes, states };
}
