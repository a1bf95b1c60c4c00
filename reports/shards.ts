/**
 * Where a result came from: the shard (`--shard I/N`) or, in a merged history, the part that ran
 * each testcase (run-begin.merge, written by `ftlab merge`).
 */
import { partLabel, type RunBegin, shardLabel, type TestcaseRef, testcaseKey } from '../lib/history/records.ts';
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

/** The shard label of each testcase, by testcaseKey; `fallback` for those no part names (a shard run's own label, or null). */
export function shardOfTestcase(begin: RunBegin | undefined): (tc: TestcaseRef) => string | null {
  const own = begin?.shard ? shardLabel(begin.shard) : null;
  const byKey = new Map<string, string>();
  for (const p of begin?.merge?.parts ?? []) for (const tc of p.testcases) byKey.set(testcaseKey(tc), partLabel(p));
  return (tc) => byKey.get(testcaseKey(tc)) ?? own;
}

/**
 * The server a testcase ran on, for checks across testcases (FT-03: one workload address per
 * server). In a merge of embedded-lab runs each shard started its own emulators, so a device name
 * stands for one server per shard; in a real lab it is one server whichever shard drove it.
 */
export function serverOfTestcase(begin: RunBegin | undefined): (s: ScenarioSummary) => string {
  if (!begin?.merge || begin.lab.kind !== 'embedded') return (s) => s.device;
  return (s) => (s.shard === null ? s.device : `${s.device} (shard ${s.shard})`);
}
