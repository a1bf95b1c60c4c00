/**
 * Judging every FtState reading of the history against itself: a reading is several requests, so
 * one taken across a transition may disagree with itself; only the same problem in two readings
 * in a row of one device counts.
 */
import type { InvariantResult } from '../../../harness/scenario.ts';
import { ftStateOf, type FtSystemSnapshot } from '../../../lib/domains/ft/state.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';

/**
 * `problemOf` over every ft reading that `judged` accepts: the first problem seen in two readings
 * in a row of a device, or how many readings held; `none` when no reading was judged.
 */
export function judgeEveryReading(
  records: readonly HistoryRecord[],
  o: { judged: (s: FtSystemSnapshot) => boolean; problemOf: (s: FtSystemSnapshot) => string | null; none: string },
): InvariantResult {
  const last = new Map<string, string | null>();
  let judged = 0;
  for (const r of records) {
    const s = r.type === 'sample' ? ftStateOf(r) : null;
    if (!s || r.type !== 'sample' || !o.judged(s)) continue;
    judged++;
    const problem = o.problemOf(s);
    if (problem !== null && last.get(r.device) === problem) return `${r.device} at t=${Math.round(r.t)} ms, two readings in a row: ${problem}`;
    last.set(r.device, problem);
  }
  return judged ? { holds: `in all ${judged} readings that report them` } : { notApplicable: o.none };
}
