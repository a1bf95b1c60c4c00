/** How the ft lanes are drawn: colours per power and module state, legend order and wording. */
import type { LaneStyle } from '../timeline-lane.ts';

const STATE_COLOR: Readonly<Record<string, string>> = {
  Duplex: '#2da44e',
  Simplex: '#d4a72c',
  Isolated: '#cf222e',
  KeptOut: '#82071e',
  Diagnostics: '#8250df',
  Brownout: '#54aeff',
  Blackout: '#24292f',
  Absent: '#d0d7de',
  Inserted: '#ddf4ff',
  Disabled: '#afb8c1',
  Unknown: '#eaeef2',
  On: '#2da44e',
  Off: '#24292f',
  PoweringOn: '#54aeff',
  PoweringOff: '#d4a72c',
};

/** States drawn light enough that their label needs dark text. */
const STATE_TEXT_DARK: ReadonlySet<string> = new Set(['Absent', 'Inserted', 'Unknown', 'Disabled']);

/** States in the order the legend lists them. */
const LEGEND_STATES = ['On', 'Off', 'PoweringOn', 'PoweringOff', 'Duplex', 'Simplex', 'Isolated', 'KeptOut', 'Absent', 'Inserted', 'Diagnostics', 'Brownout', 'Blackout', 'Disabled', 'Unknown'];

export const FT_MODULE_LANE_STYLE: LaneStyle = { colors: STATE_COLOR, darkText: STATE_TEXT_DARK, legendOrder: LEGEND_STATES };

export const FT_POWER_LANE_STYLE: LaneStyle = {
  ...FT_MODULE_LANE_STYLE,
  legendPrefix: { prefix: 'power', states: ['On', 'Off', 'PoweringOn', 'PoweringOff'] },
};
