/**
 * Where a result came from: the shard (`--shard I/N`) or, in a merged history, the part that ran
 * each testcase (run-begin.merge, written by `ftlab merge`).
 */
import { type HistoryRecord, partLabel, type RunBegin, shardLabel, type TestcaseRef, testcaseKey } from '../lib/history/records.ts';
import type { PartSummary, ScenarioSummary } from './summary-types.ts';

function iso(wall: number | null): string | null {
  return wall === null ? null : new Date(wall).toISOString();
}

export function partsOf(begin: RunBegin | undefined): PartSummary[] {
  return (begin?.merge?.parts ?? []).map((p) => ({
    label: partLabel(p),
    runId: p.runId,
    host: p.host,
    dir: p.dir,
    startedAt: iso(p.startedAt) ?? '',
    endedAt: iso(p.endedAt),
    outcome: p.outcome,
    reason: p.reason,
    testcases: p.testcases.length,
    notes: [...p.notes],
  }));
}

/** The shard label of each testcase: the merged part that ran it, else the run's own shard (`--shard`), else null. */
export function shardOfTestcase(begin: RunBegin | undefined): (tc: TestcaseRef) => string | null {
  const own = begin?.shard ? shardLabel(begin.shard) : null;
  const byKey = new Map<string, string>();
  for (const p of begin?.merge?.parts ?? []) for (const tc of p.testcases) byKey.set(testcaseKey(tc), partLabel(p));
  return (tc) => byKey.get(testcaseKey(tc)) ?? own;
}

/**
 * The server a testcase ran on, for checks across testcases (FT-03: one workload address per
 * server). A merge keeps one device record per device unless the parts saw it at other endpoints
 * (each shard of the embedded lab starts its own emulators): then its name stands for one server
 * per shard; otherwise for one server whichever shard drove it.
 */
export function serverOfTestcase(begin: RunBegin | undefined, records: readonly HistoryRecord[]): (s: ScenarioSummary) => string {
  if (!begin?.merge) return (s) => s.device;
  const seen = new Set<string>();
  const several = new Set<string>();
  for (const r of records) {
    if (r.type !== 'device') continue;
    if (seen.has(r.device)) several.add(r.device);
    seen.add(r.device);
  }
  return (s) => (s.shard !== null && Object.values(s.roles).flat().some((d) => several.has(d)) ? `${s.device} (shard ${s.shard})` : s.device);
}
