/**
 * `ftlab merge`, the pure part: the histories of shards (or of separate runs of one selection)
 * into one history. The merged run-begin names its parts (run ids, shards, hosts, start and end,
 * the testcases each contributed); every other record is kept as written, apart from its times,
 * which move onto the earliest part's time base (merge-time.ts), and the records are ordered by
 * time across parts. Reports render the result like any history.
 */
import { ConfigError } from '../errors.ts';
import { canonicalJson, checkMergeable, type MergeSource } from './merge-check.ts';
import { judgePart, mergedRunEnd, type PartVerdict } from './merge-outcome.ts';
import { belongsTo, type Candidate, type PartTestcase, resolveDuplicates, testcasesOf } from './merge-testcases.ts';
import { interleaveByTime, shiftTimes } from './merge-time.ts';
import {
  type DuplicatePolicy,
  HISTORY_VERSION,
  type HistoryRecord,
  type MergePart,
  type Outcome,
  partLabel,
  type RunBegin,
  type RunEnd,
  type Shard,
} from './records.ts';

export interface MergeInput {
  /** The input folder as the user named it (used in messages and recorded in the part). */
  dir: string;
  records: readonly HistoryRecord[];
}

export interface MergeOptions {
  runId: string;
  argv: string[];
  /** What to do with a testcase two inputs ran; absent: refuse. */
  duplicates?: DuplicatePolicy;
  allowMissingShards?: boolean;
}

interface Part extends MergeSource {
  records: readonly HistoryRecord[];
  end: RunEnd | undefined;
  testcases: PartTestcase[];
  offsetMs: number;
}

function partOf(input: MergeInput): Part {
  const [begin] = input.records;
  if (begin?.type !== 'run-begin') {
    throw new ConfigError(`${input.dir}: history.jsonl`, 'a history whose first record is run-begin', { found: begin?.type ?? 'an empty history' });
  }
  const end = [...input.records].reverse().find((r): r is RunEnd => r.type === 'run-end');
  return { dir: input.dir, begin, records: input.records, end, testcases: testcasesOf(input.records), offsetMs: 0 };
}

/** Each part's records to keep: its own run-begin/run-end and dropped testcases left out, times moved. */
function keptRecords(part: Part, dropped: ReadonlySet<string>): HistoryRecord[] {
  const gone = part.testcases.filter((tc) => dropped.has(tc.key));
  return part.records
    .filter((r) => r.type !== 'run-begin' && r.type !== 'run-end' && !gone.some((tc) => belongsTo(r, tc)))
    .map((r) => shiftTimes(r, part.offsetMs));
}

/** Device records identical in two parts (the same lab) appear once; a device seen at other endpoints appears once per part (reports/shards.ts). */
function withoutRepeatedDevices(records: readonly HistoryRecord[]): HistoryRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    if (r.type !== 'device') return true;
    const { t: _t, wall: _w, ...rest } = r;
    const key = canonicalJson(rest);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function mergedPlan(parts: readonly Part[]): RunBegin['plan'] {
  const byId = new Map<string, RunBegin['plan'][number]>();
  for (const p of parts) for (const e of p.begin.plan) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function describePart(part: Part, verdict: PartVerdict, notes: readonly string[], dropped: ReadonlySet<string>): MergePart {
  return {
    runId: part.begin.runId,
    shard: part.begin.shard ?? null,
    host: part.begin.host ?? null,
    dir: part.dir,
    argv: part.begin.argv,
    startedAt: part.begin.wall,
    endedAt: part.end?.wall ?? null,
    outcome: part.end?.outcome ?? 'aborted',
    reason: part.end?.reason ?? null,
    offsetMs: part.offsetMs,
    testcases: part.testcases.filter((tc) => !dropped.has(tc.key)).map((tc) => tc.ref),
    notes: [...verdict.notes, ...notes],
  };
}

function mergedBegin(parts: readonly Part[], described: MergePart[], opts: MergeOptions, missingShards: Shard[]): RunBegin {
  const ref = parts[0] as Part;
  const { runId: _r, argv: _a, shard: _s, host: _h, merge: _m, t: _t, wall: _w, ...common } = ref.begin;
  return {
    ...common,
    type: 'run-begin',
    t: 0,
    wall: Math.min(...parts.map((p) => p.begin.wall)),
    version: HISTORY_VERSION,
    runId: opts.runId,
    argv: opts.argv,
    plan: mergedPlan(parts),
    requirements: Object.assign({}, ...parts.map((p) => p.begin.requirements)) as Record<string, string>,
    merge: { parts: described, duplicates: opts.duplicates ?? null, missingShards },
  };
}

/** Time of the merged run-end: the last part's run-end (or last record). Reduced, not spread: histories run to 10^5 records. */
function lastOf(records: readonly HistoryRecord[], parts: readonly Part[]): { t: number; wall: number } {
  const ends = parts.map((p) => ({ t: (p.end?.t ?? p.records[p.records.length - 1]?.t ?? 0) + p.offsetMs, wall: p.end?.wall ?? 0 }));
  return [...ends, ...records].reduce((m, r) => ({ t: Math.max(m.t, r.t), wall: Math.max(m.wall, r.wall) }), { t: 0, wall: 0 });
}

/** Merge the inputs (in the order given) into one history; ConfigError when they are not parts of one run. */
export function mergeHistories(inputs: readonly MergeInput[], opts: MergeOptions): HistoryRecord[] {
  const parts = inputs.map(partOf);
  const missingShards = checkMergeable(parts, { allowMissingShards: opts.allowMissingShards === true });
  const start = Math.min(...parts.map((p) => p.begin.wall));
  for (const p of parts) p.offsetMs = Math.round((p.begin.wall - start - p.begin.t) * 1000) / 1000;
  const cands: Candidate[] = parts.flatMap((p, part) => p.testcases.map((tc) => ({ part, dir: p.dir, tc })));
  const { dropped, notes } = resolveDuplicates(cands, opts.duplicates ?? null);
  const verdicts = parts.map((p) => judgePart({ label: partName(p), end: p.end, outcomes: p.testcases.map((tc) => tc.outcome) }));
  const described = parts.map((p, i) => describePart(p, verdicts[i] as PartVerdict, notes.get(i) ?? [], dropped.get(i) ?? new Set()));
  const body = withoutRepeatedDevices(interleaveByTime(parts.map((p, i) => keptRecords(p, dropped.get(i) ?? new Set()))));
  const kept: Outcome[] = parts.flatMap((p, i) => p.testcases.filter((tc) => !(dropped.get(i)?.has(tc.key) ?? false)).map((tc) => tc.outcome));
  const runEnd = { ...lastOf(body, parts), ...mergedRunEnd(kept, verdicts) } as RunEnd;
  return [mergedBegin(parts, described, opts, missingShards), ...body, runEnd];
}

function partName(p: Part): string {
  const label = partLabel({ shard: p.begin.shard ?? null, runId: p.begin.runId });
  return p.begin.shard ? `shard ${label}` : label;
}
