/** FT-03 and FT-04 as the ft panel judges them, merged into the requirement verdicts. */
import type { RequirementFinding } from '../panel.ts';
import type { ScenarioSummary } from '../summary-types.ts';
import type { AvailabilitySummary, Ft03Summary, FtPanelData } from './types.ts';

function uniqueIds(scenarios: readonly ScenarioSummary[]): string[] {
  return [...new Set(scenarios.map((s) => s.id))];
}

function ft03Finding(f: Ft03Summary, scenarios: readonly ScenarioSummary[]): RequirementFinding {
  return {
    requirement: 'FT-03',
    verdict: f.verdict,
    evidence: `report check (probe reply addresses): ${f.verdict} — ${f.detail}`,
    scenarios: uniqueIds(scenarios.filter((s) => s.probes.length > 0)),
    listed: f.devices.length > 0,
  };
}

function ft04Finding(a: AvailabilitySummary, scenarios: readonly ScenarioSummary[]): RequirementFinding {
  const used = new Set(a.events.map((e) => e.measurement));
  return {
    requirement: 'FT-04',
    verdict: a.verdict,
    evidence: `report projection (annual downtime): ${a.verdict} — ${a.detail}`,
    scenarios: uniqueIds(scenarios.filter((s) => s.measurements.some((m) => used.has(m.name)))),
    listed: a.targetAvailability !== null,
  };
}

export function ftFindings(data: FtPanelData, scenarios: readonly ScenarioSummary[]): RequirementFinding[] {
  return [ft03Finding(data.ft03, scenarios), ft04Finding(data.availability, scenarios)];
}
