import test from 'ava';
import { classifyRun, confirmKill, parseTestcaseLine, scenarioIdOf, scenariosUpTo, type RunObservation } from './verdict.ts';

const RUN: RunObservation = { firstFailure: null, infraErrors: [], exitCode: 0, signal: null, timedOut: false };

test('testcase-end lines are parsed; begin, phase and log lines are not', (t) => {
  t.deepEqual(parseTestcaseLine('[4/11] ft-isolation-cpu-m0 @ft0: failed in 5.0 s - ModuleIsolated(0) not seen'), {
    testcase: 'ft-isolation-cpu-m0 @ft0',
    outcome: 'failed',
    reason: 'ModuleIsolated(0) not seen',
  });
  t.deepEqual(parseTestcaseLine('[2/11] ft-io-nic-failover @ft0: passed (marginal) in 0.8 s'), { testcase: 'ft-io-nic-failover @ft0', outcome: 'passed', reason: null });
  t.is(parseTestcaseLine('[3/11] ft-io-subsystem-isolation @ft0: begin'), null);
  t.is(parseTestcaseLine('  ft-io-subsystem-isolation @ft0: verify: system duplex at the end'), null);
  t.is(parseTestcaseLine('04:03:50.017 info  [1/2] x: failed in 1 s'), null);
});

test('the first SUT failure kills the mutant, whatever the exit (the run was stopped there)', (t) => {
  for (const outcome of ['failed', 'budget-violation', 'invariant-violation']) {
    const c = classifyRun({ ...RUN, firstFailure: { testcase: 'a @ft0', outcome, reason: 'why' }, exitCode: null, signal: 'SIGTERM' });
    t.deepEqual(c, { verdict: 'killed', detail: `a @ft0: ${outcome} - why` });
  }
});

test('the exit decides otherwise: 0 survived, 1 killed, 2/3/130/signal infra; past the deadline timeout', (t) => {
  t.is(classifyRun(RUN).verdict, 'survived');
  t.is(classifyRun({ ...RUN, exitCode: 1 }).verdict, 'killed');
  for (const exitCode of [2, 3, 130]) t.is(classifyRun({ ...RUN, exitCode }).verdict, 'infra');
  t.is(classifyRun({ ...RUN, exitCode: null, signal: 'SIGKILL' }).verdict, 'infra');
  t.is(classifyRun({ ...RUN, exitCode: 0, signal: null, timedOut: true }).verdict, 'timeout');
  t.is(classifyRun({ ...RUN, exitCode: 1, timedOut: true }).verdict, 'timeout');
});

test('infra-error testcases are never kills and are named in the detail', (t) => {
  const c = classifyRun({ ...RUN, exitCode: 3, infraErrors: [{ testcase: 'b @ft0', outcome: 'infra-error', reason: 'BMC unreachable' }] });
  t.deepEqual(c, { verdict: 'infra', detail: 'exit 3; infra-error: b @ft0 (BMC unreachable)' });
});

test('a kill stands only when the killing scenario fails again on the mutant and passes on the unmutated tree', (t) => {
  const killed = { verdict: 'killed' as const, detail: 'a @ft0: failed - x' };
  const again = { verdict: 'killed' as const, detail: 'a @ft0: failed - y' };
  const passed = { verdict: 'survived' as const, detail: 'exit 0' };
  t.deepEqual(confirmKill(killed, again, passed), { verdict: 'killed', detail: 'a @ft0: failed - x (re-run: a @ft0: failed - y; unmutated: passed)' });
  t.deepEqual(confirmKill(killed, passed, null), { verdict: 'flaky', detail: 'a @ft0: failed - x; the re-run of the scenarios up to it passed' });
  t.deepEqual(confirmKill(killed, again, { verdict: 'killed', detail: 'a @ft0: budget-violation - z' }), {
    verdict: 'flaky',
    detail: 'a @ft0: failed - x; the unmutated tree fails them too now: a @ft0: budget-violation - z',
  });
  t.is(confirmKill(killed, { verdict: 'infra', detail: 'exit 3' }, null).verdict, 'infra');
  t.is(confirmKill(killed, { verdict: 'timeout', detail: 'deadline passed' }, null).verdict, 'infra');
  t.is(confirmKill(killed, again, { verdict: 'timeout', detail: 'deadline passed' }).verdict, 'infra');
  t.is(confirmKill(killed, again, null).verdict, 'infra');
  t.is(confirmKill(passed, killed, null), passed);
});

test('the scenario id of a testcase label', (t) => {
  t.is(scenarioIdOf('ft-isolation-cpu-m0 @ft0'), 'ft-isolation-cpu-m0');
  t.is(scenarioIdOf('ft-isolation-cpu-m0 @ft0 #1'), 'ft-isolation-cpu-m0');
  t.is(scenarioIdOf('solo'), 'solo');
});

test('a confirmation runs the scenarios up to the killing one, in order, each once', (t) => {
  const line = (testcase: string, outcome: string) => ({ testcase, outcome, reason: null });
  t.deepEqual(scenariosUpTo([line('b @ft1', 'passed'), line('a @ft0', 'passed'), line('a @ft0 #1', 'passed'), line('c @ft0', 'failed')]), ['b', 'a', 'c']);
});
