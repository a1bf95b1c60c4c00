/**
 * The console lines of one scenario instance, per device, for its timeline (H-03): each line at
 * its arrival on the harness clock, in ms since the scenario began, with the console it came from.
 */
import type { HistoryRecord } from '../lib/history/records.ts';

export interface ConsoleLaneLine {
  at: number;
  text: string;
}

export interface ConsoleLane {
  device: string;
  endpoint: string;
  lines: ConsoleLaneLine[];
}

/** One lane per device that printed on its console, in the order the devices first printed. */
export function consoleLanes(records: readonly HistoryRecord[], t0: number): ConsoleLane[] {
  const lanes = new Map<string, ConsoleLane>();
  for (const r of records) {
    if (r.type !== 'console') continue;
    const lane = lanes.get(r.device) ?? { device: r.device, endpoint: r.endpoint ?? '', lines: [] };
    lane.lines.push({ at: r.at - t0, text: r.text });
    lanes.set(r.device, lane);
  }
  return [...lanes.values()];
}
