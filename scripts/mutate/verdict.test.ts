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

test('the mutated emulator exiting with an error code is a crash, a detection; killed by a signal it is infra', (t) => {
  const line = (reason: string) => ({ testcase: 'b @ft0', outcome: 'infra-error', reason });
  const crash = "the embedded lab's emulator process exited during the run (pid 20357, exit code 1): devices ft0 stopped answering";
  t.deepEqual(classifyRun({ ...RUN, exitCode: 3, infraErrors: [line('BMC unreachable'), line(crash)] }), { verdict: 'crashed', detail: `b @ft0: ${crash}` });
  t.is(classifyRun({ ...RUN, exitCode: 3, infraErrors: [line("the embedded lab's emulator process exited during the run (pid 4242, killed by SIGKILL)")] }).verdict, 'infra');
  t.is(classifyRun({ ...RUN, exitCode: 3, timedOut: true, infraErrors: [line(crash)] }).verdict, 'timeout');
  const crashed = { verdict: 'crashed' as const, detail: 'b @ft0: exit code 1' };
  t.is(confirmKill(crashed, crashed, { verdict: 'survived', detail: 'exit 0' }).verdict, 'crashed');
  t.is(confirmKill(crashed, crashed, crashed).verdict, 'flaky', 'the unmutated emulator crashes too: not the mutant');
  t.is(confirmKill(crashed, { verdict: 'survived', detail: 'exit 0' }, null).verdict, 'flaky');
});

test('a detection stands only when the failing scenarios fail again on the mutant and pass on the unmutated tree', (t) => {
  const killed = { verdict: 'killed' as const, detail: 'a @ft0: failed - x' };
  const again = { verdict: 'killed' as const, detail: 'a @ft0: failed - y' };
  const passed = { verdict: 'survived' as const, detail: 'exit 0' };
  t.deepEqual(confirmKill(killed, again, passed), { verdict: 'killed', detail: 'a @ft0: failed - x (re-run: a @ft0: failed - y; unmutated: passed)' });
  t.deepEqual(confirmKill(killed, passed, null), { verdict: 'flaky', detail: 'a @ft0: failed - x; the re-run of the scenarios up to it passed' });
  t.deepEqual(confirmKill(killed, again, { verdict: 'killed', detail: 'a @ft0: budget-violation - z' }), {
    verdict: 'flaky',
    detail: 'a @ft0: failed - x; the unmutated tree does not pass them either now: a @ft0: budget-violation - z',
  });
  t.is(confirmKill(killed, { verdict: 'infra', detail: 'exit 3' }, passed).verdict, 'killed', 'the re-run did not pass either');
  t.is(confirmKill(killed, { verdict: 'timeout', detail: 'deadline passed' }, null).verdict, 'unconfirmed');
  t.is(confirmKill(killed, again, { verdict: 'timeout', detail: 'deadline passed' }).verdict, 'unconfirmed');
  t.is(confirmKill(killed, again, null).verdict, 'unconfirmed');
  const infra = { verdict: 'infra' as const, detail: 'exit 3; infra-error: b @ft0 (409 refused)' };
  t.is(confirmKill(infra, infra, passed).verdict, 'infra', 'an infra error only the mutant has detects it');
  t.is(confirmKill(infra, infra, infra).verdict, 'flaky', 'the unmutated suite has it too: the machine or the lab');
  t.is(confirmKill(infra, passed, null).verdict, 'flaky');
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
