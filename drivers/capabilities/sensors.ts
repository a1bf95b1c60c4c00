/** Sensor readings (IPMI SDR + Get Sensor Reading, Redfish Sensors). */
export interface SensorReading {
  name: string;
  number: number | null;
  type: string;
  /** Numeric reading for threshold sensors, null for discrete ones or when unavailable. */
  value: number | null;
  unit: string | null;
  /** 'ok' | 'nc' | 'cr' | 'nr' for thresholds, or the asserted state names for discrete sensors. */
  status: string;
  assertedStates?: string[];
}

export interface SensorReader {
  readonly kind: 'SensorReader';
  read(signal?: AbortSignal): Promise<SensorReading[]>;
}
