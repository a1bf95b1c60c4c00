/**
 * What a mutant's run says, pure. `ftlab run` prints one line per finished testcase
 * (`[3/11] ft-isolation-cpu-m0 @ft0: failed in 5.0 s - reason`); the first SUT failure line
 * (failed, budget-violation, invariant-violation) kills the mutant and stops the run. Otherwise
 * the exit code decides: 0 survived, 1 killed, anything else (usage, infra error, interrupted,
 * a signal) infra; a run past its deadline is a timeout. The mutated emulator process exiting on
 * its own with an error (an uncaught exception in the mutated code: every testcase after it ends
 * infra-error naming that exit) is `crashed`.
 * Every run that did not pass (killed, crashed, infra) is confirmed: the scenarios up to the one
 * that failed run again on the same mutant, and then on the unmutated tree, where they must pass.
 * A suite that fails now and then on a loaded machine (a timing budget) would otherwise detect
 * mutants it cannot see; an outcome the re-run does not repeat, or the control shares, is `flaky`,
 * and one the control cannot judge is `unconfirmed`. Confirmed, the three detect the mutant: the
 * nightly would not have been green; the report says which way (only a kill is a SUT verdict).
 */

export type MutantVerdict = 'killed' | 'crashed' | 'infra' | 'survived' | 'timeout' | 'flaky' | 'unconfirmed';

/** The verdicts that detect a mutant (once confirmed): a SUT failure, the mutated emulator crashing, an infra error the unmutated suite does not have. */
export const DETECTED: readonly MutantVerdict[] = ['killed', 'crashed', 'infra'];
const detected = (c: Classified): boolean => DETECTED.includes(c.verdict);

/** The infra-error reason of a testcase whose emulator process exited on its own with an error code (not a signal: the OOM killer, a Ctrl-C). */
const EMULATOR_CRASH = /emulator process exited during the run \(pid \d+, exit code [1-9]\d*\)/;

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
  const crash = o.infraErrors.find((l) => EMULATOR_CRASH.test(l.reason ?? ''));
  if (crash) return { verdict: 'crashed', detail: `${crash.testcase}: ${crash.reason ?? ''}` };
  if (o.signal === null && o.exitCode === 0) return { verdict: 'survived', detail: 'exit 0: every testcase passed' };
  if (o.signal === null && o.exitCode === 1) return { verdict: 'killed', detail: 'exit 1 (SUT failure; no testcase line seen)' };
  return { verdict: 'infra', detail: `${exitText(o)}${infra}` };
}

/**
 * A detection stands when the re-run of the scenarios up to the failing one on the mutant does not
 * pass either, while they pass on the unmutated tree (the control, run right after). A mutant
 * re-run that passes, or a control that does not pass either (the machine, not the mutant), makes
 * it flaky; a re-run that times out, or a control that ends in a timeout (or was not run),
 * leaves it unconfirmed. Neither counts. `control` is null when it was not run.
 */
export function confirmKill(first: Classified, again: Classified, control: Classified | null): Classified {
  if (!detected(first)) return first;
  if (again.verdict === 'survived') return { verdict: 'flaky', detail: `${first.detail}; the re-run of the scenarios up to it passed` };
  if (!detected(again)) return { verdict: 'unconfirmed', detail: `${first.detail}; the re-run did not confirm it: ${again.verdict}: ${again.detail}` };
  if (control?.verdict === 'survived') return { verdict: first.verdict, detail: `${first.detail} (re-run: ${again.detail}; unmutated: passed)` };
  if (control && detected(control)) return { verdict: 'flaky', detail: `${first.detail}; the unmutated tree does not pass them either now: ${control.detail}` };
  return { verdict: 'unconfirmed', detail: `${first.detail}; no control run of them on the unmutated tree${control ? `: ${control.verdict}: ${control.detail}` : ''}` };
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
