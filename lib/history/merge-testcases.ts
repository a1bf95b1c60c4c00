/**
 * The testcases of merge inputs and which run of a testcase two inputs ran (same scenario ×
 * binding × iteration) is kept: refused unless a policy says, then the first begun, the last
 * begun or the worst outcome (the first of equals).
 */
import { ConfigError } from '../errors.ts';
import {
  type DuplicatePolicy,
  type HistoryRecord,
  type Outcome,
  OUTCOME_ORDER,
  type ScenarioBegin,
  type TestcaseRef,
  testcaseKey,
  testcaseOf,
} from './records.ts';

export interface PartTestcase {
  ref: TestcaseRef;
  key: string;
  begin: ScenarioBegin;
  outcome: Outcome;
  devices: Set<string>;
}

/** `id@binding#iteration`, as the reports name a testcase. */
export function testcaseLabel(ref: TestcaseRef): string {
  return `${ref.id}@${ref.binding}#${ref.iteration}`;
}

export function testcasesOf(records: readonly HistoryRecord[]): PartTestcase[] {
  const list: PartTestcase[] = [];
  for (const r of records) {
    if (r.type === 'scenario-begin') {
      const ref = testcaseOf(r);
      list.push({ ref, key: testcaseKey(ref), begin: r, outcome: 'aborted', devices: new Set(Object.values(r.roles).flat()) });
    } else if (r.type === 'scenario-end') {
      const tc = list.find((c) => c.ref.id === r.scenario.id && c.ref.iteration === r.scenario.iteration && c.outcome === 'aborted' && (r.scenario.binding === undefined || r.scenario.binding === c.ref.binding));
      if (tc) tc.outcome = r.outcome;
    }
  }
  return list;
}

/** Whether a record belongs to a testcase: its scenario reference names it (and its binding, or a device of it). */
export function belongsTo(r: HistoryRecord, tc: PartTestcase): boolean {
  const ref = 'scenario' in r ? r.scenario : null;
  if (!ref || ref.id !== tc.ref.id || ref.iteration !== tc.ref.iteration) return false;
  if (ref.binding !== undefined) return ref.binding === tc.ref.binding;
  const device = 'device' in r && typeof r.device === 'string' ? r.device : undefined;
  return device === undefined || tc.devices.size === 0 || tc.devices.has(device);
}

export interface Candidate {
  part: number;
  dir: string;
  tc: PartTestcase;
}

function choose(cands: readonly Candidate[], policy: DuplicatePolicy): Candidate {
  const byStart = [...cands].sort((a, b) => a.tc.begin.wall - b.tc.begin.wall || a.part - b.part);
  if (policy === 'first') return byStart[0] as Candidate;
  if (policy === 'last') return byStart[byStart.length - 1] as Candidate;
  return byStart.reduce((w, c) => (OUTCOME_ORDER.indexOf(c.tc.outcome) > OUTCOME_ORDER.indexOf(w.tc.outcome) ? c : w));
}

/**
 * The testcases to drop, per part index (keys), and a note per drop for the part that lost it.
 * Without a policy the first testcase two inputs ran is refused, naming both.
 */
export function resolveDuplicates(cands: readonly Candidate[], policy: DuplicatePolicy | null): { dropped: Map<number, Set<string>>; notes: Map<number, string[]> } {
  const byKey = new Map<string, Candidate[]>();
  for (const c of cands) byKey.set(c.tc.key, [...(byKey.get(c.tc.key) ?? []), c]);
  const dropped = new Map<number, Set<string>>();
  const notes = new Map<number, string[]>();
  for (const group of byKey.values()) {
    if (group.length < 2) continue;
    const [a, b] = group as [Candidate, Candidate];
    if (policy === null) {
      throw new ConfigError(
        `${b.dir}: testcase ${testcaseLabel(b.tc.ref)}`,
        `a testcase no other input ran (${a.dir} ran it too; --allow-duplicates first|last|worst says which to keep)`,
      );
    }
    const keep = choose(group, policy);
    for (const c of group) {
      if (c === keep) continue;
      dropped.set(c.part, (dropped.get(c.part) ?? new Set()).add(c.tc.key));
      notes.set(c.part, [...(notes.get(c.part) ?? []), `dropped ${testcaseLabel(c.tc.ref)} (${c.tc.outcome}): --allow-duplicates ${policy} kept the one of ${keep.dir}`]);
    }
  }
  return { dropped, notes };
}
