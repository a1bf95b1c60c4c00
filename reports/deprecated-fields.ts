/**
 * results.json fields kept for one version after they moved under `panels` (reports/README.md,
 * "Deprecated"): `ft03` and `availability` at the top level carry the same values as
 * `panels.ft.ft03` and `panels.ft.availability` (null when the ft panel did not run or failed).
 * Delete this file, and the two fields of RunSummary, in the next results version.
 */
import type { PanelJson } from './summary-types.ts';

export function deprecatedFields(panels: Record<string, PanelJson>): { ft03: unknown; availability: unknown } {
  const ft = panels['ft'];
  const ok = ft !== undefined && !('error' in ft);
  return { ft03: ok ? (ft['ft03'] ?? null) : null, availability: ok ? (ft['availability'] ?? null) : null };
}
