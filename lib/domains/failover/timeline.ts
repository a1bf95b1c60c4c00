/**
 * One failover as a timeline across devices, from the lab's own samples and events (never the
 * manager's account): the failed server off, the boot volume unmapped from it and mapped to the
 * standby, each fabric's and switch's final zoning and VLANs reached, the standby on, its OS
 * running. Each step is a window of harness time (after `from`, by `to`); phases between steps
 * are measured conservatively (the longest the windows allow) with the windows' widths as their
 * resolution. Pure: reports draw it, scenarios measure budgets on it.
 */
import type { HistoryRecord } from '../../history/records.ts';
import { activeZones, type MaskingSample } from './samples.ts';
import { becomes, holdersOf, isOff, isOn, powerChanges, series, serverOfWwpn, type ChangeWindow, type Sampled } from './series.ts';

export type StepName = 'failed-off' | 'unmapped' | 'mapped' | 'zoned' | 'vlans-set' | 'standby-on' | 'standby-running';

export interface TimelineStep {
  step: StepName;
  window: ChangeWindow;
  /** "samples" (between two readings) or "event" (the device's event, as received). */
  basis: 'samples' | 'event';
}

export interface FailoverRef {
  failed: string;
  standby: string;
  volume: string;
}

/** The window in which a device's series reached its final state (as `key` sees it) for good; null when it never changed. */
function settled<S>(ss: ReadonlyArray<Sampled<S>>, key: (s: S) => string): ChangeWindow | null {
  const last = ss.at(-1);
  if (!last) return null;
  let k = ss.length - 1;
  while (k > 0 && key((ss[k - 1] as Sampled<S>).state) === key(last.state)) k--;
  const prev = ss[k - 1];
  return prev ? { device: last.device, from: prev.readStart, to: (ss[k] as Sampled<S>).t } : null;
}

/** The window that ends last (by `to`). */
function latest(ws: ReadonlyArray<ChangeWindow | null>): ChangeWindow | null {
  return ws.reduce<ChangeWindow | null>((a, w) => (w && (!a || w.to > a.to) ? w : a), null);
}

function perDevice<S>(all: ReadonlyArray<Sampled<S>>, key: (s: S) => string): ChangeWindow | null {
  return latest([...new Set(all.map((s) => s.device))].map((d) => settled(all.filter((s) => s.device === d), key)));
}

function sanSteps(records: readonly HistoryRecord[], f: FailoverRef): TimelineStep[] {
  const owner = serverOfWwpn(records);
  const masking = series(records, 'LunMapping');
  const holds = (server: string) => (s: MaskingSample): boolean => {
    const v = s.volumes.find((x) => x.volume === f.volume);
    return v !== undefined && holdersOf(v, owner).includes(server);
  };
  const steps: Array<[StepName, ChangeWindow | null]> = [
    ['unmapped', becomes(masking, (s) => !holds(f.failed)(s))[0] ?? null],
    ['mapped', becomes(masking, holds(f.standby))[0] ?? null],
    ['zoned', perDevice(series(records, 'ZoneControl'), (s) => JSON.stringify(activeZones(s)))],
    ['vlans-set', perDevice(series(records, 'VlanControl'), (s) => JSON.stringify(s.ports.map((p) => [p.port, p.untagged, p.tagged])))],
  ];
  return steps.flatMap(([step, window]) => (window ? [{ step, window, basis: 'samples' as const }] : []));
}

/** The steps of failover `f` the history shows, in time order (a step it does not show is left out). */
export function failoverTimeline(records: readonly HistoryRecord[], f: FailoverRef): TimelineStep[] {
  const off = powerChanges(records, f.failed, isOff)[0];
  const on = powerChanges(records, f.standby, isOn).at(-1);
  const running = on ? records.find((r) => r.type === 'event' && r.device === f.standby && r.t > on.from && r.event.messageId.endsWith('.OsRunning')) : undefined;
  const steps: TimelineStep[] = [
    ...(off ? [{ step: 'failed-off' as const, window: off, basis: 'samples' as const }] : []),
    ...sanSteps(records, f),
    ...(on ? [{ step: 'standby-on' as const, window: on, basis: 'samples' as const }] : []),
    ...(running?.type === 'event' ? [{ step: 'standby-running' as const, window: { device: f.standby, from: running.t, to: running.t }, basis: 'event' as const }] : []),
  ];
  return steps.sort((a, b) => a.window.to - b.window.to);
}

/** A phase between two windows (harness ms): the longest the windows allow, and by how much it may be shorter. */
export interface PhaseSpan {
  ms: number;
  resolutionMs: number;
}

export function span(from: ChangeWindow | number, to: ChangeWindow): PhaseSpan {
  const start = typeof from === 'number' ? { from, to: from } : from;
  return { ms: to.to - start.from, resolutionMs: to.to - to.from + (start.to - start.from) };
}

/** The step of the timeline named `step`, or null. */
export function stepOf(steps: readonly TimelineStep[], step: StepName): ChangeWindow | null {
  return steps.find((s) => s.step === step)?.window ?? null;
}

/** The remap's end: the latest of unmapped, mapped, zoned and VLANs set. */
export function remapDone(steps: readonly TimelineStep[]): ChangeWindow | null {
  return latest((['unmapped', 'mapped', 'zoned', 'vlans-set'] as const).map((s) => stepOf(steps, s)));
}
