/**
 * Per-module and power state lanes of a timeline, from FtState samples and BMC events merged
 * in time order. Samples are snapshots (taken rarely); events mark the transitions between them,
 * so a pull → insert → resync shows Absent → Inserted → Diagnostics → Brownout → Blackout →
 * Duplex even when no sample was taken during the resync.
 *
 * Events are decoded by the ft message vocabulary (lib/domains/ft/messages.ts): matched on
 * registry prefix + message key, never on version digits, the module taken from
 * OriginOfCondition (`…/Chassis/Module1`) or from the first message argument.
 *
 * A sample is a snapshot whose request may have left before an event arrived: the first sample
 * after an event-derived change that still shows the module's previous state is treated as
 * stale and ignored; any later sample wins over the events.
 */
import {
  decodeFtMessage,
  decodeResourceEvent,
  isIoSubsystem,
  messageKey,
  type DecodedFtMessage,
  type FtEventFields,
} from '../../lib/domains/ft/messages.ts';
import type { LaneTick, StateSegment, TimelineLane } from '../timeline-lane.ts';

export type StateLane = TimelineLane;

/** The legend text of the brownout pass ticks. */
export const PASS_TICK_LEGEND = 'brownout copy pass completed';

export interface StateSample {
  at: number;
  power: string;
  modules: Array<{ index: number; state: string }>;
}

export interface StateEvent {
  at: number;
  messageId: string;
  args: readonly string[];
  origin: string | null;
}

/** States in which a module is not part of the lockstep pair (its partner then runs simplex). */
const OUT_OF_LOCKSTEP = new Set(['Absent', 'Inserted', 'Isolated', 'KeptOut', 'Diagnostics', 'Brownout', 'Blackout', 'Disabled']);

interface Track {
  segments: StateSegment[];
  /** State before the last event-derived change, while no sample has been seen since. */
  staleCandidate: string | null;
}

class Tracks {
  private readonly tracks = new Map<string, Track>();

  constructor(private readonly endMs: number) {}

  current(key: string): string | undefined {
    const segs = this.tracks.get(key)?.segments;
    return segs?.[segs.length - 1]?.state;
  }

  keys(): string[] {
    return [...this.tracks.keys()];
  }

  fromEvent(key: string, at: number, state: string, cause: string): void {
    const track = this.track(key);
    const before = this.current(key);
    if (before === state) return;
    track.staleCandidate = before ?? null;
    this.push(track, { start: at, end: this.endMs, state, cause, source: 'event' });
  }

  fromSample(key: string, at: number, state: string): void {
    const track = this.track(key);
    const stale = track.staleCandidate;
    track.staleCandidate = null;
    const before = this.current(key);
    if (before === state) return;
    if (stale !== null && state === stale) return;
    this.push(track, { start: at, end: this.endMs, state, cause: 'sample', source: 'sample' });
  }

  segments(key: string): StateSegment[] {
    return this.tracks.get(key)?.segments ?? [];
  }

  private track(key: string): Track {
    let t = this.tracks.get(key);
    if (!t) {
      t = { segments: [], staleCandidate: null };
      this.tracks.set(key, t);
    }
    return t;
  }

  private push(track: Track, seg: StateSegment): void {
    const last = track.segments[track.segments.length - 1];
    if (last) {
      last.end = seg.start;
      // A zero-length segment (two changes at the same instant) is replaced, not kept.
      if (last.end <= last.start) track.segments.pop();
      const prev = track.segments[track.segments.length - 1];
      if (prev && prev.state === seg.state) {
        prev.end = seg.end;
        return;
      }
    }
    track.segments.push(seg);
  }
}

/** Label of the system power lane. */
export const POWER_LANE = 'power';
const POWER = POWER_LANE;
const moduleKey = (m: number): string => `module ${m}`;

function fields(e: StateEvent): FtEventFields {
  return { messageId: e.messageId, messageArgs: e.args, originOfCondition: e.origin };
}

function describe(e: StateEvent): string {
  return `${messageKey(e)}(${e.args.join(', ')})`;
}

/** Folds samples and decoded events, in time order, into the power and module tracks. */
class LaneBuilder {
  private readonly tracks: Tracks;
  private readonly ticks = new Map<string, LaneTick[]>();
  private sawPower = false;

  constructor(endMs: number) {
    this.tracks = new Tracks(endMs);
  }

  sample(s: StateSample): void {
    this.sawPower = true;
    this.tracks.fromSample(POWER, s.at, s.power);
    for (const m of s.modules) this.tracks.fromSample(moduleKey(m.index), s.at, m.state);
  }

  event(e: StateEvent): void {
    const resource = decodeResourceEvent(fields(e));
    if (resource?.name === 'SystemPower') this.power(e.at, resource.power, describe(e));
    else if (resource?.name === 'ResourceStateChanged') {
      const m = resource.module;
      if (m !== null && resource.state === 'Starting' && this.tracks.current(moduleKey(m)) === 'Diagnostics') this.setModule(m, e.at, 'Brownout', describe(e));
    }
    const ft = decodeFtMessage(fields(e));
    if (ft) this.ftMessage(e, ft, describe(e));
  }

  lanes(): StateLane[] {
    const lanes: StateLane[] = [];
    if (this.sawPower) lanes.push({ label: POWER, segments: this.tracks.segments(POWER), ticks: [] });
    const modules = this.moduleKeys()
      .map((k) => Number(k.slice('module '.length)))
      .sort((a, b) => a - b);
    for (const idx of modules) lanes.push({ label: moduleKey(idx), segments: this.tracks.segments(moduleKey(idx)), ticks: this.ticks.get(moduleKey(idx)) ?? [], tickLegend: PASS_TICK_LEGEND });
    return lanes;
  }

  private moduleKeys(): string[] {
    return this.tracks.keys().filter((k) => k !== POWER);
  }

  private power(at: number, power: string, cause: string): void {
    this.sawPower = true;
    this.tracks.fromEvent(POWER, at, power, cause);
    if (power !== 'Off') return;
    for (const k of this.moduleKeys()) {
      const s = this.tracks.current(k);
      if (s !== 'Absent' && s !== 'KeptOut') this.tracks.fromEvent(k, at, 'Disabled', cause);
    }
  }

  private setModule(m: number, at: number, state: string, cause: string): void {
    this.tracks.fromEvent(moduleKey(m), at, state, cause);
    if (!OUT_OF_LOCKSTEP.has(state)) return;
    // The partner that was in lockstep now runs alone.
    for (const k of this.moduleKeys()) if (k !== moduleKey(m) && this.tracks.current(k) === 'Duplex') this.tracks.fromEvent(k, at, 'Simplex', `${cause}: partner left lockstep`);
  }

  private duplexAll(at: number, cause: string, also: number | null): void {
    if (also !== null) this.tracks.fromEvent(moduleKey(also), at, 'Duplex', cause);
    for (const k of this.moduleKeys()) {
      const s = this.tracks.current(k);
      if (s === 'Simplex' || s === 'Blackout' || s === 'Brownout' || s === 'Diagnostics' || s === 'Inserted') this.tracks.fromEvent(k, at, 'Duplex', cause);
    }
  }

  private brownoutPass(m: number, e: StateEvent, cause: string): void {
    if (this.tracks.current(moduleKey(m)) !== 'Brownout') this.setModule(m, e.at, 'Brownout', `${cause} (brownout start not reported)`);
    const list = this.ticks.get(moduleKey(m)) ?? [];
    const [, pass, dirty] = e.args;
    list.push({
      at: e.at,
      label: pass !== undefined ? `pass ${pass}` : 'pass',
      detail: `brownout pass ${pass ?? '?'} completed${dirty !== undefined ? `, ${dirty} MiB dirtied during the pass` : ''}`,
    });
    this.ticks.set(moduleKey(m), list);
  }

  private ftMessage(e: StateEvent, msg: DecodedFtMessage, cause: string): void {
    if (msg.name === 'DuplexRestored') return this.duplexAll(e.at, cause, msg.module);
    if (!('module' in msg) || msg.module === null) return;
    const m = msg.module;
    switch (msg.name) {
      case 'ModuleRemoved':
        return this.setModule(m, e.at, 'Absent', cause);
      case 'ModuleInserted':
        return this.setModule(m, e.at, 'Inserted', cause);
      case 'ModuleIsolated':
        // An isolated IO subsystem leaves the CPUs in lockstep: no module state change.
        return isIoSubsystem(msg.subsystem) ? undefined : this.setModule(m, e.at, 'Isolated', cause);
      case 'ModuleKeptOut':
        return this.setModule(m, e.at, 'KeptOut', cause);
      case 'ResyncStarted':
        return this.setModule(m, e.at, 'Diagnostics', cause);
      case 'BrownoutPassCompleted':
        return this.brownoutPass(m, e, cause);
      case 'BlackoutStarted':
        return this.setModule(m, e.at, 'Blackout', cause);
      case 'BlackoutCompleted':
        // The blackout copy ends with both modules in lockstep; DuplexRestored confirms it.
        return this.duplexAll(e.at, cause, m);
      case 'ResyncAborted':
        return this.setModule(m, e.at, 'Unknown', `${cause}: state unknown until the next sample`);
      default:
        return undefined;
    }
  }
}

/**
 * Lanes "power", "module 0", "module 1", ... from samples and events (both in ms since the
 * scenario began). Events of registries other than FtLab are used only where they are the sole
 * signal of a transition: ResourceEvent ResourceStateChanged(module, "Starting") = brownout
 * begins, ResourcePowered*(system) = power state.
 */
export function buildStateLanes(samples: readonly StateSample[], events: readonly StateEvent[], endMs: number): StateLane[] {
  type Mark = { at: number; order: number } & ({ kind: 'sample'; sample: StateSample } | { kind: 'event'; event: StateEvent });
  const marks: Mark[] = [
    ...samples.map((sample, i): Mark => ({ at: sample.at, order: i, kind: 'sample', sample })),
    ...events.map((event, i): Mark => ({ at: event.at, order: samples.length + i, kind: 'event', event })),
  ].sort((a, b) => a.at - b.at || a.order - b.order);
  const builder = new LaneBuilder(endMs);
  for (const mark of marks) {
    if (mark.kind === 'sample') builder.sample(mark.sample);
    else builder.event(mark.event);
  }
  return builder.lanes();
}
