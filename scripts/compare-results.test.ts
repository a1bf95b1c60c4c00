import test from 'ava';
import { compareResults, type Results } from './compare-results.ts';

const base = (): Results => ({
  outcome: 'passed',
  requirements: { 'FT-01': { verdict: 'passed' }, 'FT-08': { verdict: 'passed' } },
  scenarios: [
    {
      key: 'a@ft0#0',
      outcome: 'passed',
      measurements: [{ name: 'blackout-pause', value: 60.2, unit: 'ms', verdict: 'pass' }],
      checks: [{ name: 'duplex at the end', evaluated: true, ok: true }],
    },
  ],
});

test('two runs with the same verdicts compare equal whatever the measured values', (t) => {
  const after = base();
  const m = after.scenarios[0]?.measurements[0];
  if (m) m.value = 71.5;
  const cmp = compareResults(base(), after);
  t.deepEqual(cmp.differences, []);
  t.deepEqual(cmp.values, ['a@ft0#0  blackout-pause  60.2 → 71.5 ms']);
});

test('every kind of verdict difference is named', (t) => {
  const after = base();
  after.outcome = 'budget-violation';
  after.requirements['FT-08'] = { verdict: 'failed' };
  const tc = after.scenarios[0];
  if (!tc) throw new Error('fixture');
  tc.outcome = 'budget-violation';
  tc.measurements = [{ name: 'blackout-pause', value: 500, unit: 'ms', verdict: 'fail' }, { name: 'new', value: 1, unit: 'ms', verdict: 'pass' }];
  tc.checks = [{ name: 'duplex at the end', evaluated: false, ok: false }];
  after.scenarios.push({ key: 'b@ft1#0', outcome: 'passed', measurements: [], checks: [] });
  t.deepEqual(compareResults(base(), after).differences, [
    'run outcome passed → budget-violation',
    'FT-08: passed → failed',
    'testcases: only after: b@ft1#0',
    'a@ft0#0: outcome passed → budget-violation',
    'a@ft0#0 checks: only before: duplex at the end [ok]',
    'a@ft0#0 checks: only after: duplex at the end [not evaluated]',
    'a@ft0#0: blackout-pause verdict pass → fail',
    'a@ft0#0: measurement new only after',
  ]);
});
