/**
 * A failover as the history shows it, without I/O: the series of one device's samples, which
 * server each WWPN belongs to (the BMCs' own inventory), which boot volumes moved from which
 * server to which, when a server's power changed (the window between two samples, and the
 * device's own event in it), and how a window of samples is described in a verdict.
 */
import type { EventRecord, HistoryRecord, SampleTrigger } from '../../history/records.ts';
import { stateOf, type FailoverSampled, type FailoverState, type VolumeMasking } from './samples.ts';

export interface Sampled<S> {
  /** Harness ms the reading answered. */
  t: number;
  /** Harness ms it was asked for (the state held at some instant of [readStart, t]). */
  readStart: number;
  device: string;
  state: S;
  trigger?: SampleTrigger;
}

/** Every sample of `capability` (of `device` when given), in history order. */
export function series<C extends FailoverSampled>(records: readonly HistoryRecord[], capability: C, device?: string): Array<Sampled<FailoverState[C]>> {
  return records.flatMap((r) => {
    if (r.type !== 'sample' || (device !== undefined && r.device !== device)) return [];
    const state = stateOf(r, capability);
    return state === null ? [] : [{ t: r.t, readStart: r.readStart ?? r.t, device: r.device, state, ...(r.trigger ? { trigger: r.trigger } : {}) }];
  });
}

/** WWPN → the server whose HBA it is, from the servers' inventory samples. */
export function serverOfWwpn(records: readonly HistoryRecord[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of series(records, 'ServerInventory')) for (const h of s.state.hbas) out.set(h.wwpn, s.device);
  return out;
}

/** The servers a volume's masking lets see it (a WWPN of no known server counts as itself), sorted. */
export function holdersOf(v: VolumeMasking, owner: ReadonlyMap<string, string>): string[] {
  return [...new Set(v.paths.map((p) => owner.get(p.initiator) ?? p.initiator))].sort();
}

/** A boot volume whose holders differ between the first and the last masking sample of its array. */
export interface VolumeMove {
  array: string;
  volume: string;
  from: string[];
  to: string[];
  /** LUN per holder server, first and last sample. */
  lunsBefore: Record<string, number[]>;
  lunsAfter: Record<string, number[]>;
}

function lunsByHolder(v: VolumeMasking, owner: ReadonlyMap<string, string>): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const p of v.paths) {
    const h = owner.get(p.initiator) ?? p.initiator;
    out[h] = [...new Set([...(out[h] ?? []), p.lun])].sort((a, b) => a - b);
  }
  return out;
}

export function volumeMoves(records: readonly HistoryRecord[]): VolumeMove[] {
  const owner = serverOfWwpn(records);
  const byArray = new Map<string, Array<Sampled<FailoverState['LunMapping']>>>();
  for (const s of series(records, 'LunMapping')) {
    const list = byArray.get(s.device) ?? [];
    list.push(s);
    byArray.set(s.device, list);
  }
  const out: VolumeMove[] = [];
  for (const [array, ss] of byArray) {
    const first = ss[0]?.state;
    const last = ss[ss.length - 1]?.state;
    for (const v0 of first?.volumes.filter((v) => v.bootCapable) ?? []) {
      const v1 = last?.volumes.find((v) => v.volume === v0.volume);
      const from = holdersOf(v0, owner);
      const to = v1 ? holdersOf(v1, owner) : [];
      if (from.join() !== to.join()) out.push({ array, volume: v0.volume, from, to, lunsBefore: lunsByHolder(v0, owner), lunsAfter: v1 ? lunsByHolder(v1, owner) : {} });
    }
  }
  return out;
}

/** Power states of a system on its way up (or up), and off. */
export const isOn = (power: string): boolean => power === 'On' || power === 'PoweringOn';
export const isOff = (power: string): boolean => power === 'Off';

/** Where a change happened: after `from` (the last reading showing the old state was asked for) and by `to` (the first showing the new one answered). */
export interface ChangeWindow {
  device: string;
  from: number;
  to: number;
}

/** Every window in which a series went from a state `pred` rejects to one it accepts, in order. */
export function becomes<S>(ss: ReadonlyArray<Sampled<S>>, pred: (s: S) => boolean): ChangeWindow[] {
  const out: ChangeWindow[] = [];
  for (let i = 1; i < ss.length; i++) {
    const prev = ss[i - 1] as Sampled<S>;
    const cur = ss[i] as Sampled<S>;
    if (!pred(prev.state) && pred(cur.state)) out.push({ device: cur.device, from: prev.readStart, to: cur.t });
  }
  return out;
}

/** Every change of `device`'s power into a state `into` accepts, in order. */
export function powerChanges(records: readonly HistoryRecord[], device: string, into: (power: string) => boolean): ChangeWindow[] {
  return becomes(series(records, 'SystemHealth', device), (s) => into(s.powerState));
}

/**
 * The device's own event for a change: the first event `pred` accepts recorded after the window
 * opened (a device reports a change after it happened, possibly after the reading that saw it).
 * Event records are appended as the events arrive, so their `t` is the arrival on the samples' base.
 */
export function eventFor(records: readonly HistoryRecord[], w: ChangeWindow, pred: (e: EventRecord['event']) => boolean): EventRecord | null {
  return records.find((r): r is EventRecord => r.type === 'event' && r.device === w.device && r.t > w.from && pred(r.event)) ?? null;
}

/** The SUT time scale of the records (1 when no clock offset was recorded). */
export function timeScaleOf(records: readonly HistoryRecord[]): number {
  for (const r of records) if (r.type === 'clock-offset' && r.timeScale > 0) return r.timeScale;
  return 1;
}

/** "N samples over X s SUT (largest interval Y ms SUT)" for a series of harness times. */
export function describeWindow(ts: readonly number[], records: readonly HistoryRecord[]): string {
  const scale = timeScaleOf(records);
  let largest = 0;
  for (let i = 1; i < ts.length; i++) largest = Math.max(largest, (ts[i] as number) - (ts[i - 1] as number));
  const span = ts.length ? (ts[ts.length - 1] as number) - (ts[0] as number) : 0;
  return `${ts.length} samples over ${((span * scale) / 1000).toFixed(1)} s SUT (largest interval ${Math.round(largest * scale)} ms SUT)`;
}
