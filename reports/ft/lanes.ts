/**
 * The ft panel's timeline lanes: system power and one lane per CPU/IO module, from the
 * scenario's ft state samples and BMC events (module-states.ts), ms since the scenario began;
 * one set per ft server when a testcase spans several.
 */
import { eventFields } from '../event-fields.ts';
import type { LaneInput } from '../panel.ts';
import { ftStateOf } from '../record-access.ts';
import type { TimelineLane } from '../timeline-lane.ts';
import { FT_MODULE_LANE_STYLE, FT_POWER_LANE_STYLE } from './lane-style.ts';
import { buildStateLanes, POWER_LANE, type StateEvent, type StateSample } from './module-states.ts';

interface DeviceTrack {
  samples: StateSample[];
  events: StateEvent[];
}

/** Samples and events per device, in history order (a testcase may span several ft servers). */
function tracksOf(scenario: LaneInput): Map<string, DeviceTrack> {
  const rel = (t: number): number => t - scenario.t0;
  const tracks = new Map<string, DeviceTrack>();
  const track = (device: string): DeviceTrack => {
    const known = tracks.get(device);
    if (known) return known;
    const fresh: DeviceTrack = { samples: [], events: [] };
    tracks.set(device, fresh);
    return fresh;
  };
  for (const r of scenario.records) {
    if (r.type === 'event') {
      const e = eventFields(r);
      track(r.device).events.push({ at: rel(r.t), messageId: e.messageId, args: e.messageArgs, origin: e.originOfCondition });
    } else if (r.type === 'sample') {
      const state = ftStateOf(r);
      if (!state) continue;
      track(r.device).samples.push({
        at: rel(r.t),
        power: String(state.powerState ?? 'Unknown'),
        modules: Array.isArray(state.modules) ? state.modules.map((m) => ({ index: m.index, state: String(m.opState ?? 'Unknown') })) : [],
      });
    }
  }
  return tracks;
}

/** Power and module lanes per ft server; lane labels name the device when the testcase has several. */
export function ftTimelineLanes(scenario: LaneInput): TimelineLane[] {
  const tracks = [...tracksOf(scenario)].filter(([, t]) => t.samples.length > 0 || t.events.length > 0);
  const named = tracks.filter(([, t]) => t.samples.length > 0).length > 1;
  return tracks.flatMap(([device, t]) =>
    buildStateLanes(t.samples, t.events, scenario.endMs).map((lane) => ({
      ...lane,
      label: named ? `${device} ${lane.label}` : lane.label,
      style: lane.label === POWER_LANE ? FT_POWER_LANE_STYLE : FT_MODULE_LANE_STYLE,
    })),
  );
}
