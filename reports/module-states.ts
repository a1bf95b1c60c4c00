/**
 * Per-module and power state lanes of a timeline, from SystemState samples and BMC events merged
 * in time order. Samples are snapshots (taken rarely); events mark the transitions between them,
 * so a pull → insert → resync shows Absent → Inserted → Diagnostics → Brownout → Blackout →
 * Duplex even when no sample was taken during the resync.
 *
 * Events are matched on registry prefix + message key, never on version digits
 * (`FtLab.1.0.ModuleRemoved` and `FtLab.1.3.ModuleRemoved` are the same message). The module is
 * taken from OriginOfCondition (`…/Chassis/Module1`) or from the first message argument.
 *
 * A sample is a snapshot whose request may have left before an event arrived: the first sample
 * after an event-derived change that still shows the module's previous state is treated as
 * stale and ignored; any later sample wins over the events.
 */

export type StateSource = 'sample' | 'event';

export interface StateSegment {
  start: number;
  end: number;
  state: string;
  /** What began this segment: "sample" or the event's message key with its arguments. */
  cause: string;
  source: StateSource;
}

/** A mark inside a lane, e.g. a completed brownout copy pass. */
export interface LaneTick {
  at: number;
  label: string;
  detail: string;
}

export interface StateLane {
  label: string;
  segments: StateSegment[];
  ticks: LaneTick[];
}

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

/** "FtLab.1.0.ModuleIsolated" → "FtLab". */
export function registryPrefix(messageId: string): string {
  return messageId.split('.')[0] ?? '';
}

/** "FtLab.1.0.ModuleIsolated" → "ModuleIsolated". */
export function messageKey(messageId: string): string {
  const parts = messageId.split('.');
  return parts[parts.length - 1] || messageId;
}

const MODULE_IN_TEXT = /Module\s*(\d+)\b/i;

/** The CPU/IO module an event is about (origin first, then the first argument), or null. */
export function eventModule(e: Pick<StateEvent, 'origin' | 'args'>): number | null {
  const fromOrigin = e.origin?.match(MODULE_IN_TEXT);
  if (fromOrigin?.[1] !== undefined) return Number(fromOrigin[1]);
  const arg = e.args[0]?.trim();
  if (arg === undefined) return null;
  if (/^\d+$/.test(arg)) return Number(arg);
  const fromArg = arg.match(MODULE_IN_TEXT);
  return fromArg?.[1] !== undefined ? Number(fromArg[1]) : null;
}

/** States in which a module is not part of the lockstep pair (its partner then runs simplex). */
const OUT_OF_LOCKSTEP = new Set(['Absent', 'Inserted', 'Isolated', 'KeptOut', 'Diagnostics', 'Brownout', 'Blackout', 'Disabled']);

/** System origin: a ComputerSystem resource, not a module or a device below it. */
const SYSTEM_ORIGIN = /\/Systems\/[^/]+\/?$/;

const POWER_EVENTS: Record<string, string> = {
  ResourcePoweredOn: 'On',
  ResourcePoweredOff: 'Off',
  ResourcePoweringOn: 'PoweringOn',
  ResourcePoweringOff: 'PoweringOff',
};

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

const POWER = 'power';
const moduleKey = (m: number): string => `module ${m}`;

function describe(e: StateEvent): string {
  return `${messageKey(e.messageId)}(${e.args.join(', ')})`;
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

  const tracks = new Tracks(endMs);
  const ticks = new Map<string, LaneTick[]>();
  let sawPower = false;

  const moduleKeys = (): string[] => tracks.keys().filter((k) => k !== POWER);
  const setModule = (m: number, at: number, state: string, cause: string): void => {
    tracks.fromEvent(moduleKey(m), at, state, cause);
    if (OUT_OF_LOCKSTEP.has(state)) {
      // The partner that was in lockstep now runs alone.
      for (const k of moduleKeys()) if (k !== moduleKey(m) && tracks.current(k) === 'Duplex') tracks.fromEvent(k, at, 'Simplex', `${cause}: partner left lockstep`);
    }
  };
  const duplexAll = (at: number, cause: string, also?: number): void => {
    if (also !== undefined) tracks.fromEvent(moduleKey(also), at, 'Duplex', cause);
    for (const k of moduleKeys()) {
      const s = tracks.current(k);
      if (s === 'Simplex' || s === 'Blackout' || s === 'Brownout' || s === 'Diagnostics' || s === 'Inserted') tracks.fromEvent(k, at, 'Duplex', cause);
    }
  };

  for (const mark of marks) {
    if (mark.kind === 'sample') {
      const s = mark.sample;
      sawPower = true;
      tracks.fromSample(POWER, s.at, s.power);
      for (const m of s.modules) tracks.fromSample(moduleKey(m.index), s.at, m.state);
      continue;
    }
    const e = mark.event;
    const prefix = registryPrefix(e.messageId);
    const key = messageKey(e.messageId);
    const cause = describe(e);
    const m = eventModule(e);
    if (prefix === 'ResourceEvent') {
      const power = POWER_EVENTS[key];
      if (power !== undefined && e.origin !== null && SYSTEM_ORIGIN.test(e.origin)) {
        sawPower = true;
        tracks.fromEvent(POWER, e.at, power, cause);
        if (power === 'Off') {
          for (const k of moduleKeys()) {
            const s = tracks.current(k);
            if (s !== 'Absent' && s !== 'KeptOut') tracks.fromEvent(k, e.at, 'Disabled', cause);
          }
        }
      }
      if (key === 'ResourceStateChanged' && m !== null && e.args[1] === 'Starting' && tracks.current(moduleKey(m)) === 'Diagnostics') {
        setModule(m, e.at, 'Brownout', cause);
      }
      continue;
    }
    if (prefix !== 'FtLab') continue;
    if (key === 'DuplexRestored') {
      duplexAll(e.at, cause, m ?? undefined);
      continue;
    }
    if (m === null) continue;
    switch (key) {
      case 'ModuleRemoved':
        setModule(m, e.at, 'Absent', cause);
        break;
      case 'ModuleInserted':
        setModule(m, e.at, 'Inserted', cause);
        break;
      case 'ModuleIsolated':
        // An isolated IO subsystem leaves the CPUs in lockstep: no module state change.
        if ((e.args[1] ?? '').trim().toLowerCase() !== 'io') setModule(m, e.at, 'Isolated', cause);
        break;
      case 'ModuleKeptOut':
        setModule(m, e.at, 'KeptOut', cause);
        break;
      case 'ResyncStarted':
        setModule(m, e.at, 'Diagnostics', cause);
        break;
      case 'BrownoutPassCompleted': {
        if (tracks.current(moduleKey(m)) !== 'Brownout') setModule(m, e.at, 'Brownout', `${cause} (brownout start not reported)`);
        const list = ticks.get(moduleKey(m)) ?? [];
        list.push({
          at: e.at,
          label: e.args[1] !== undefined ? `pass ${e.args[1]}` : 'pass',
          detail: `brownout pass ${e.args[1] ?? '?'} completed${e.args[2] !== undefined ? `, ${e.args[2]} MiB dirtied during the pass` : ''}`,
        });
        ticks.set(moduleKey(m), list);
        break;
      }
      case 'BlackoutStarted':
        setModule(m, e.at, 'Blackout', cause);
        break;
      case 'BlackoutCompleted':
        // The blackout copy ends with both modules in lockstep; DuplexRestored confirms it.
        duplexAll(e.at, cause, m);
        break;
      case 'ResyncAborted':
        setModule(m, e.at, 'Unknown', `${cause}: state unknown until the next sample`);
        break;
      default:
        break;
    }
  }

  const lanes: StateLane[] = [];
  if (sawPower) lanes.push({ label: POWER, segments: tracks.segments(POWER), ticks: [] });
  const modules = moduleKeys()
    .map((k) => Number(k.slice('module '.length)))
    .sort((a, b) => a - b);
  for (const idx of modules) lanes.push({ label: moduleKey(idx), segments: tracks.segments(moduleKey(idx)), ticks: ticks.get(moduleKey(idx)) ?? [] });
  return lanes;
}
