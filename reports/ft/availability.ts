/**
 * FT-04 availability projection: annual downtime = Σ over event kinds of (expected events per
 * year × measured outage per event). The outage per event is the named measurement's maximum
 * over every scenario, device and iteration (conservative; p95 is shown beside it). Compared
 * with the target class and shown against the other classes of requirements.md (365-day year).
 */
import type { AvailabilityModel } from '../../lib/history/records.ts';
import { maxOf, percentile, secondsPerUnit } from '../stats.ts';
import type { ScenarioSummary } from '../summary-types.ts';
import type { AvailabilityClass, AvailabilityEventSummary, AvailabilitySummary } from './types.ts';

export const SECONDS_PER_YEAR = 365 * 24 * 3600;

/** Availability classes named in requirements.md (FT-04). */
export const AVAILABILITY_CLASSES: ReadonlyArray<{ availability: number; label: string }> = [
  { availability: 0.99, label: '99 %' },
  { availability: 0.999, label: '99.9 %' },
  { availability: 0.9999, label: '99.99 %' },
  { availability: 0.99999, label: '99.999 %' },
  { availability: 0.999999, label: '99.9999 %' },
];

export function allowedDowntimeS(availability: number): number {
  // Rounded to the microsecond so 1 - 0.99999 prints as 315.36 s, not 315.3600000000279.
  return Math.round((1 - availability) * SECONDS_PER_YEAR * 1e6) / 1e6;
}

function classLabel(a: number): string {
  return AVAILABILITY_CLASSES.find((c) => Math.abs(c.availability - a) < 1e-12)?.label ?? `${Math.round(a * 1e8) / 1e6} %`;
}

export function projectAvailability(model: AvailabilityModel | undefined, scenarios: readonly ScenarioSummary[]): AvailabilitySummary {
  const classesFor = (downtime: number | null): AvailabilityClass[] =>
    AVAILABILITY_CLASSES.map((c) => ({
      availability: c.availability,
      label: c.label,
      allowedDowntimeS: allowedDowntimeS(c.availability),
      met: downtime === null ? null : downtime <= allowedDowntimeS(c.availability),
    }));
  if (!model) {
    return {
      verdict: 'no-scenario',
      evaluated: false,
      targetAvailability: null,
      allowedDowntimeS: null,
      projectedDowntimeS: null,
      projectedAvailability: null,
      achievedClass: null,
      margin: null,
      events: [],
      classes: classesFor(null),
      detail: 'the run recorded no availability model (run-begin.availability)',
    };
  }
  const events: AvailabilityEventSummary[] = Object.entries(model.eventsPerYear)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, e]) => {
      const names = [e.measurement].flat();
      const found = scenarios.flatMap((s) => s.measurements.filter((m) => names.includes(m.name) && s.outcome !== 'skipped'));
      const measurement = names.join(' | ');
      const base = { kind, ratePerYear: e.rate, source: e.source, measurement, n: found.length };
      const none = { p95S: null, maxS: null, usedS: null, downtimeS: null };
      if (found.length === 0) return { ...base, unit: null, ...none, problem: `no measurement named ${names.map((n) => `"${n}"`).join(' or ')} in this run` };
      const unit = found[0]?.unit ?? '';
      const converted = found.map((m) => ({ m, perUnit: secondsPerUnit(m.unit) }));
      const mixed = converted.find((c) => c.perUnit === undefined)?.m;
      if (secondsPerUnit(unit) === undefined || mixed) {
        return { ...base, unit, ...none, problem: `"${mixed?.name ?? measurement}" is in ${mixed?.unit ?? unit}, not a time unit` };
      }
      const values = converted.map(({ m, perUnit }) => m.value * (perUnit ?? Number.NaN));
      const maxS = maxOf(values);
      return { ...base, unit, p95S: percentile(values, 95), maxS, usedS: maxS, downtimeS: e.rate * maxS, problem: null };
    });
  const target = model.targetAvailability;
  const allowed = allowedDowntimeS(target);
  const sum = events.reduce((acc, e) => acc + (e.downtimeS ?? 0), 0);
  const missing = events.filter((e) => e.problem !== null);
  const complete = missing.length === 0 && events.length > 0;
  const achieved = [...AVAILABILITY_CLASSES].reverse().find((c) => sum <= allowedDowntimeS(c.availability));
  const verdict = !complete ? (events.length === 0 ? 'no-scenario' : 'inconclusive') : sum <= allowed ? 'passed' : 'failed';
  const detail = !complete
    ? events.length === 0
      ? 'the availability model lists no event kinds'
      : `projection incomplete (${missing.map((e) => `${e.kind}: ${e.problem}`).join('; ')}); the partial sum is a lower bound`
    : `projected ${round(sum)} s/year of downtime vs ${round(allowed)} s/year allowed for ${classLabel(target)}`;
  return {
    verdict,
    evaluated: complete,
    targetAvailability: target,
    allowedDowntimeS: allowed,
    projectedDowntimeS: events.length ? sum : null,
    projectedAvailability: events.length ? 1 - sum / SECONDS_PER_YEAR : null,
    achievedClass: complete ? (achieved?.label ?? 'below 99 %') : null,
    margin: allowed > 0 ? (allowed - sum) / allowed : null,
    events,
    classes: classesFor(events.length ? sum : null),
    detail,
  };
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
