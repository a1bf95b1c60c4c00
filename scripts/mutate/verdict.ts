/**
 * What a mutant's run says, pure. `ftlab run` prints one line per finished testcase
 * (`[3/11] ft-isolation-cpu-m0 @ft0: failed in 5.0 s - reason`); the first SUT failure line
 * (failed, budget-violation, invariant-violation) kills the mutant and stops the run. Otherwise
 * the exit code decides: 0 survived, 1 killed, anything else (usage, infra error, interrupted,
 * a signal) infra; a run past its deadline is a timeout. Infra and timeouts are not kills.
 * A kill is confirmed by running the scenarios up to the killing one again on the same mutant and
 * on the unmutated tree: a suite that fails now and then on a loaded machine (a timing budget)
 * would otherwise kill mutants it cannot see.
 */

export type MutantVerdict = 'killed' | 'survived' | 'infra' | 'timeout' | 'flaky';

export const SUT_FAILURES = ['failed', 'budget-violation', 'invariant-violation'] as const;

export interface TestcaseLine {
  testcase: string;
  outcome: string;
  reason: string | null;
}

const LINE = /^\[\d+\/\d+\] (.+?): (passed|failed|budget-violation|invariant-violation|infra-error|skipped|aborted)(?: \(marginal\))? in [\d.]+ s(?: - (.*))?$/;

/** A testcase-end progress line, or null for any other line. */
export function parseTestcaseLine(line: string): TestcaseLine | null {
  const m = LINE.exec(line.trimEnd());
  if (!m?.[1] || !m[2]) return null;
  return { testcase: m[1], outcome: m[2], reason: m[3] ?? null };
}

export function isSutFailure(l: TestcaseLine): boolean {
  return (SUT_FAILURES as readonly string[]).includes(l.outcome);
}

export interface RunObservation {
  /** The first SUT failure seen (the run was stopped there), if any. */
  firstFailure: TestcaseLine | null;
  /** Testcases that ended infra-error before that. */
  infraErrors: TestcaseLine[];
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
}

export interface Classified {
  verdict: MutantVerdict;
  /** Why, in one line: the killing testcase and its reason, or the exit. */
  detail: string;
}

function exitText(o: RunObservation): string {
  return o.signal ? `ended by ${o.signal}` : `exit ${o.exitCode ?? '?'}`;
}

export function classifyRun(o: RunObservation): Classified {
  if (o.firstFailure) {
    const f = o.firstFailure;
    return { verdict: 'killed', detail: `${f.testcase}: ${f.outcome}${f.reason ? ` - ${f.reason}` : ''}` };
  }
  const infra = o.infraErrors.length ? `; infra-error: ${o.infraErrors.map((l) => `${l.testcase}${l.reason ? ` (${l.reason})` : ''}`).join(', ')}` : '';
  if (o.timedOut) return { verdict: 'timeout', detail: `deadline passed${infra}` };
  if (o.signal === null && o.exitCode === 0) return { verdict: 'survived', detail: 'exit 0: every testcase passed' };
  if (o.signal === null && o.exitCode === 1) return { verdict: 'killed', detail: 'exit 1 (SUT failure; no testcase line seen)' };
  return { verdict: 'infra', detail: `${exitText(o)}${infra}` };
}

/**
 * A kill stands when the re-run of the scenarios up to the killing one on the mutant fails again
 * (any SUT failure) while they pass on the unmutated tree (the control, run right after).
 * A mutant re-run that passes, or a control that fails too (the machine, not the mutant), makes
 * the kill flaky; a re-run or control that ends otherwise (infra, timeout) leaves it unconfirmed
 * as infra. Neither counts as killed. `control` is null when it was not run (no second failure).
 */
export function confirmKill(first: Classified, again: Classified, control: Classified | null): Classified {
  if (first.verdict !== 'killed') return first;
  if (again.verdict === 'survived') return { verdict: 'flaky', detail: `${first.detail}; the re-run of the scenarios up to it passed` };
  if (again.verdict !== 'killed') return { verdict: 'infra', detail: `${first.detail}; the re-run did not confirm it: ${again.verdict}: ${again.detail}` };
  if (control?.verdict === 'survived') return { verdict: 'killed', detail: `${first.detail} (re-run: ${again.detail}; unmutated: passed)` };
  if (control?.verdict === 'killed') return { verdict: 'flaky', detail: `${first.detail}; the unmutated tree fails them too now: ${control.detail}` };
  return { verdict: 'infra', detail: `${first.detail}; no control run of them on the unmutated tree${control ? `: ${control.verdict}: ${control.detail}` : ''}` };
}

/**
 * The scenarios that ran up to the killing one, in order: what a confirmation runs again (a kill
 * may rest on the state an earlier scenario left, e.g. a system that did not power on again).
 */
export function scenariosUpTo(ended: readonly TestcaseLine[]): string[] {
  return [...new Set(ended.map((l) => scenarioIdOf(l.testcase)))];
}

/** The scenario id of a testcase label (`ft-isolation-cpu-m0 @ft0 #1` → `ft-isolation-cpu-m0`). */
export function scenarioIdOf(testcase: string): string {
  return testcase.split(' ')[0] ?? testcase;
}
