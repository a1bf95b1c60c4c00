/**
 * A state lane of a scenario timeline, contributed by a report panel (reports/panel.ts): the
 * segments of one state over time (ms since the scenario began) and point marks inside it.
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

/** How a lane's states are drawn and listed in the legend (set by the panel contributing it). */
export interface LaneStyle {
  /** Fill per state; states not listed are grey. */
  colors: Readonly<Record<string, string>>;
  /** States drawn light enough that their label needs dark text. */
  darkText: ReadonlySet<string>;
  /** States in the order the legend lists them (others follow, sorted, in grey). */
  legendOrder: readonly string[];
  /** Legend wording "<prefix> <state>" for these states when this lane draws them (e.g. "power On"). */
  legendPrefix?: { prefix: string; states: readonly string[] };
}

export interface TimelineLane {
  label: string;
  segments: StateSegment[];
  ticks: LaneTick[];
  /** What the lane's ticks mean, for the timeline legend (e.g. "brownout copy pass completed"). */
  tickLegend?: string;
  style?: LaneStyle;
}
