/**
 * How a measurement is described in text reports (evidence lines, JUnit output): what the value is
 * (probe-based values are the estimated outage behind a reply gap, not the raw gap) and its verdict
 * in words ("unset" = recorded without a budget: informational).
 */
import type { Verdict } from '../lib/history/records.ts';
import { num } from './format.ts';
import type { MeasurementSummary, RunSummary } from './summary-types.ts';

export function isProbeBased(m: Pick<MeasurementSummary, 'source'>): boolean {
  return /^probe\b/i.test(m.source);
}

/** "events, resolution ±0.001 ms" / "probe: estimated outage, resolution ±87.23 ms". */
export function sourceText(m: Pick<MeasurementSummary, 'source' | 'resolution'>): string {
  const res = m.resolution !== null ? `, resolution ±${num(m.resolution, 3)} ms` : '';
  return `${m.source}${isProbeBased(m) ? ': estimated outage' : ''}${res}`;
}

export function verdictText(v: Verdict): string {
  return v === 'unset' ? 'no verdict (informational)' : v;
}

/** SUT ms per harness ms on a device (lab time scale; 1 when unknown or real time). */
export function deviceTimeScale(summary: Pick<RunSummary, 'devices' | 'run'>, device: string): number {
  const d = summary.devices.find((x) => x.device === device);
  const scale = d?.timeScale ?? d?.clockOffset?.timeScale ?? summary.run.lab?.timeScale ?? 1;
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}
