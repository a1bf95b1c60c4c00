/** The BMC's notion of time: its wall clock (for offset estimation) and its advertised time scale. */
export interface BmcClock {
  readonly kind: 'BmcClock';
  /** BMC wall time in epoch ms, e.g. from the HTTP Date header or Manager.DateTime (SUT time). */
  wallTime(signal?: AbortSignal): Promise<number>;
  /** How many times faster than real time the SUT runs (1 for real hardware). */
  timeScale(signal?: AbortSignal): Promise<number>;
}
