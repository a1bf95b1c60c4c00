/**
 * The run-end of a merged history. A part's run-end outcome counts where its testcases do not
 * explain it (the lab failed to start, the run was interrupted or killed); the rule "a run whose
 * every testcase was skipped is an infra-error" is judged again over the merged testcases, so a
 * shard that happened to get only skipped testcases does not fail a merge whose others ran.
 */
import { exitCodeFor, type Outcome, OUTCOME_ORDER, type RunEnd, worstOutcome } from './records.ts';

export interface PartRun {
  label: string;
  end: RunEnd | undefined;
  /** Outcomes of every testcase it ran (dropped duplicates included). */
  outcomes: Outcome[];
}

export interface PartVerdict {
  /** What the part adds to the merged outcome beyond its testcases ('passed': nothing). */
  outcome: Outcome;
  reason: string | null;
  notes: string[];
  allSkipped: boolean;
}

function worse(a: Outcome, b: Outcome): boolean {
  return OUTCOME_ORDER.indexOf(a) > OUTCOME_ORDER.indexOf(b);
}

export function judgePart(p: PartRun): PartVerdict {
  const notes: string[] = [];
  if (p.outcomes.length === 0) notes.push(`ran no testcase${p.end?.reason ? `: ${p.end.reason}` : ''}`);
  const allSkipped = p.outcomes.length > 0 && p.outcomes.every((o) => o === 'skipped');
  if (allSkipped) notes.push('ran nothing: every testcase was skipped');
  if (!p.end) {
    notes.push('its history ends without run-end: the run was killed or crashed');
    return { outcome: 'aborted', reason: `${p.label}: the history ends without run-end (killed or crashed)`, notes, allSkipped };
  }
  if (allSkipped && p.end.outcome === 'infra-error') return { outcome: 'passed', reason: null, notes, allSkipped };
  if (worse(p.end.outcome, worstOutcome(p.outcomes))) {
    return { outcome: p.end.outcome, reason: `${p.label}: ${p.end.reason ?? p.end.outcome}`, notes, allSkipped };
  }
  return { outcome: 'passed', reason: null, notes, allSkipped };
}

/** The merged run-end (without t and wall) from the kept testcases' outcomes and each part's verdict. */
export function mergedRunEnd(kept: readonly Outcome[], parts: readonly PartVerdict[]): Omit<RunEnd, 't' | 'wall'> {
  let outcome = worstOutcome([...kept, ...parts.map((p) => p.outcome)]);
  const reasons = parts.flatMap((p) => (p.reason !== null && p.outcome !== 'passed' ? [p.reason] : []));
  if (kept.length > 0 && kept.every((o) => o === 'skipped') && parts.some((p) => p.allSkipped) && outcome === 'skipped') {
    outcome = 'infra-error';
    reasons.push(`every testcase of every part was skipped (${kept.length}): nothing was tested`);
  }
  return { type: 'run-end', outcome, exitCode: exitCodeFor(outcome), ...(reasons.length ? { reason: reasons.join('; ') } : {}) };
}
