import test from 'ava';
import { summarize } from './summarize.ts';
import { budget, HistoryBuilder } from './testing/build.ts';

test('requirement verdicts: passed needs a passing scenario and no failing one; skipped is not run, uncovered has no scenario', (t) => {
  const h = new HistoryBuilder()
    .begin({ requirements: { 'FT-01': 'a', 'FT-02': 'b', 'FT-05': 'c', 'FT-06': 'd', 'FO-01': 'e' } })
    .at(1).scenario('s1', 'ft0', ['FT-01', 'FT-02']).at(5).end('s1', 'passed')
    .at(6).scenario('s2', 'ft0', ['FT-02']).at(9).end('s2', 'budget-violation', 'too slow')
    .at(10).scenario('s3', 'ft0', ['FT-05']).at(11).end('s3', 'skipped', 'no NIC fault injector')
    .at(12).scenario('s4', 'ft0', ['FT-06']).at(13).end('s4', 'infra-error', 'BMC unreachable')
    .at(20).runEnd('infra-error', 3);
  const s = summarize(h.records);
  t.is(s.requirements['FT-01']?.verdict, 'passed');
  t.is(s.requirements['FT-02']?.verdict, 'failed');
  t.deepEqual(s.requirements['FT-02']?.scenarios, ['s1', 's2']);
  t.is(s.requirements['FT-05']?.verdict, 'not-run', 'its only scenario was skipped');
  t.is(s.requirements['FT-06']?.verdict, 'inconclusive');
  t.is(s.requirements['FO-01']?.verdict, 'no-scenario');
  t.is(s.outcome, 'infra-error');
  t.is(s.exitCode, 3);
  t.is(s.scenarios.find((x) => x.id === 's3')?.skipReason, 'no NIC fault injector');
  t.deepEqual([s.counts.total, s.counts.passed, s.counts['budget-violation'], s.counts.skipped, s.counts['infra-error']], [4, 1, 1, 1, 1]);
});

test('no run-end: the run is aborted and incomplete; an unfinished scenario is aborted', (t) => {
  const h = new HistoryBuilder()
    .begin({ plan: [{ id: 's1', title: 'one', requirements: ['FT-01'], tags: [] }, { id: 's2', title: 'two', requirements: ['FT-02'], tags: [] }] })
    .at(1).scenario('s1', 'ft0', ['FT-01'])
    .at(7).measure('s1', 'gap', 3, 'ms', 'pass', budget('b', 10));
  const s = summarize(h.records);
  t.is(s.outcome, 'aborted');
  t.true(s.aborted);
  t.true(s.incomplete);
  t.is(s.scenarios[0]?.outcome, 'aborted');
  t.true(s.scenarios[0]?.incomplete);
  t.is(s.scenarios[0]?.durationMs, 6);
  t.deepEqual(s.notRun.map((p) => p.id), ['s2']);
  t.is(s.requirements['FT-01']?.verdict, 'inconclusive');
  t.is(s.requirements['FT-02']?.verdict, 'not-run');
  t.deepEqual(s.requirements['FT-02']?.notRun, ['s2']);
});

test('run-end aborted marks the run aborted even when every scenario passed', (t) => {
  const h = new HistoryBuilder().begin().at(1).scenario('s1', 'ft0', []).at(2).end('s1', 'passed').at(3).runEnd('aborted', 1);
  t.is(summarize(h.records).outcome, 'aborted');
});

test('the same scenario on two devices, overlapping, is attributed by device', (t) => {
  const h = new HistoryBuilder().begin();
  h.at(1).scenario('iso', 'ft0', ['FT-01']).at(2).scenario('iso', 'ft1', ['FT-01']);
  h.at(3).push({ type: 'fault', t: 3, wall: 3, scenario: { id: 'iso', iteration: 0 }, device: 'ft0', fault: 'cpu', params: {}, action: 'inject', ledgerId: 1, ok: true });
  h.at(4).push({ type: 'fault', t: 4, wall: 4, scenario: { id: 'iso', iteration: 0 }, device: 'ft1', fault: 'io', params: {}, action: 'inject', ledgerId: 2, ok: true });
  h.at(5).end('iso', 'passed').at(6).end('iso', 'failed', 'ft1 went down');
  const s = summarize(h.records);
  t.deepEqual(s.scenarios.map((x) => [x.key, x.outcome, x.faults.map((f) => f.fault)]), [
    ['iso@ft0#0', 'passed', ['cpu']],
    ['iso@ft1#0', 'failed', ['io']],
  ]);
});

test('repeat aggregation: p50, p95 and max per measurement, worst verdict', (t) => {
  const h = new HistoryBuilder().begin({ repeat: 5 });
  [12, 30, 11, 10, 13].forEach((v, i) => {
    const ref = { id: 'bo', iteration: i };
    h.at(i * 10).scenario('bo', 'ft0', ['FT-08'], i).at(i * 10 + 1).measure(ref, 'blackout', v, 'ms', v > 20 ? 'fail' : 'pass', budget('blackout', 20)).at(i * 10 + 2).end(ref, v > 20 ? 'budget-violation' : 'passed');
  });
  const s = summarize(h.records);
  t.deepEqual(s.aggregates, [{ scenario: 'bo', device: 'ft0', name: 'blackout', unit: 'ms', n: 5, min: 10, p50: 12, p95: 30, max: 30, limit: 20, verdict: 'fail' }]);
  t.is(s.scenarios[1]?.measurements[0]?.margin, -0.5);
});

test('a required check that never evaluated is evidence shown as NOT EVALUATED', (t) => {
  const h = new HistoryBuilder().begin().at(1).scenario('s', 'ft0', ['FT-06']).check('s', 'no crash', false, false, 'never reached').end('s', 'failed', 'required check not evaluated').runEnd('failed', 1);
  const s = summarize(h.records);
  t.deepEqual(s.scenarios[0]?.checks.map((c) => [c.name, c.evaluated]), [['no crash', false]]);
  t.true(s.requirements['FT-06']?.evidence.some((e) => e.includes('NOT EVALUATED')));
});

test('a passing scenario with a marginal measurement is marked marginal', (t) => {
  const h = new HistoryBuilder().begin().at(1).scenario('s', 'ft0', ['FT-08']).measure('s', 'bo', 9, 'ms', 'marginal', budget('b', 10)).end('s', 'passed').runEnd('passed');
  const s = summarize(h.records);
  t.true(s.scenarios[0]?.marginal);
  t.is(s.counts.marginal, 1);
  t.true(s.requirements['FT-08']?.marginal);
});

test('an empty history still summarizes (aborted, nothing ran)', (t) => {
  const s = summarize([]);
  t.is(s.outcome, 'aborted');
  t.is(s.run.runId, null);
  t.deepEqual(s.scenarios, []);
});
