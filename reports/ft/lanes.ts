/**
 * The ft panel's timeline lanes: system power and one lane per CPU/IO module, from the
 * scenario's ft state samples and BMC events (module-states.ts), ms since the scenario began.
 */
import { eventFields } from '../event-fields.ts';
import type { LaneInput } from '../panel.ts';
import { ftStateOf } from '../record-access.ts';
import type { TimelineLane } from '../timeline-lane.ts';
import { FT_MODULE_LANE_STYLE, FT_POWER_LANE_STYLE } from './lane-style.ts';
import { buildStateLanes, POWER_LANE, type StateEvent, type StateSample } from './module-states.ts';

export function ftTimelineLanes(scenario: LaneInput): TimelineLane[] {
  const rel = (t: number): number => t - scenario.t0;
  const samples: StateSample[] = [];
  const events: StateEvent[] = [];
  for (const r of scenario.records) {
    if (r.type === 'event') {
      const e = eventFields(r);
      events.push({ at: rel(r.t), messageId: e.messageId, args: e.messageArgs, origin: e.originOfCondition });
    } else if (r.type === 'sample') {
      const state = ftStateOf(r);
      if (!state) continue;
      samples.push({
        at: rel(r.t),
        power: String(state.powerState ?? 'Unknown'),
        modules: Array.isArray(state.modules) ? state.modules.map((m) => ({ index: m.index, state: String(m.opState ?? 'Unknown') })) : [],
      });
    }
  }
  return buildStateLanes(samples, events, scenario.endMs).map((lane) => ({ ...lane, style: lane.label === POWER_LANE ? FT_POWER_LANE_STYLE : FT_MODULE_LANE_STYLE }));
}
