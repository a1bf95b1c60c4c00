/** The ft panel's data: FT-03 (one server on the network), FT-04 (availability projection), cross-source consistency. */
import type { RequirementVerdict } from '../summary-types.ts';
import type { ConsistencySummary } from './consistency.ts';

export interface Ft03Summary {
  verdict: RequirementVerdict;
  evaluated: boolean;
  devices: Array<{ device: string; addresses: string[]; probes: number; probesWithoutReplies: number; ok: boolean }>;
  detail: string;
}

export interface AvailabilityClass {
  availability: number;
  label: string;
  allowedDowntimeS: number;
  met: boolean | null;
}

export interface AvailabilityEventSummary {
  kind: string;
  ratePerYear: number;
  source: string;
  measurement: string;
  n: number;
  unit: string | null;
  p95S: number | null;
  maxS: number | null;
  /** Outage per event used in the projection (max over repeats), seconds. */
  usedS: number | null;
  downtimeS: number | null;
  problem: string | null;
}

export interface AvailabilitySummary {
  verdict: RequirementVerdict;
  evaluated: boolean;
  targetAvailability: number | null;
  allowedDowntimeS: number | null;
  projectedDowntimeS: number | null;
  projectedAvailability: number | null;
  /** Highest class met by the projection. */
  achievedClass: string | null;
  margin: number | null;
  events: AvailabilityEventSummary[];
  classes: AvailabilityClass[];
  detail: string;
}

export interface FtPanelData {
  ft03: Ft03Summary;
  availability: AvailabilitySummary;
  consistency: ConsistencySummary;
}
