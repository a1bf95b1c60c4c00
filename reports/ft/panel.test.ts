import test from 'ava';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { summarize } from '../summarize.ts';
import type { RunSummary } from '../summary-types.ts';
import { HistoryBuilder } from '../testing/build.ts';
import { projectAvailability } from './availability.ts';
import { checkFt03 } from './ft03.ts';
import type { AvailabilitySummary, Ft03Summary } from './types.ts';

/** A run that names FT requirements, so the ft panel applies. */
const FT_CATALOGUE = { requirements: { 'FT-03': 'one server on the network', 'FT-04': 'availability' } };

function ft03Of(records: readonly HistoryRecord[]): Ft03Summary {
  return checkFt03(summarize(records).scenarios);
}

function availabilityOf(records: readonly HistoryRecord[]): AvailabilitySummary {
  const rb = records.find((r) => r.type === 'run-begin');
  return projectAvailability(rb?.type === 'run-begin' ? rb.availability : undefined, summarize(records).scenarios);
}

test('FT-03: one address per device over the run passes; a second address fails; no probe is a gap', (t) => {
  const good = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000']).end('a', 'passed');
  good.at(61).scenario('b', 'ft0', []).at(120).probe('b', ['127.0.0.1:7000']).end('b', 'passed');
  good.at(121).scenario('c', 'ft0', []).at(180).probe('c', [], [], 0).end('c', 'passed').runEnd('passed');
  const s = summarize(good.records);
  t.is(ft03Of(good.records).verdict, 'passed');
  t.is(s.requirements['FT-03']?.verdict, 'passed');
  t.deepEqual(ft03Of(good.records).devices, [{ device: 'ft0', addresses: ['127.0.0.1:7000'], probes: 2, probesWithoutReplies: 1, ok: true }]);

  const moved = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000']).end('a', 'passed');
  moved.at(61).scenario('b', 'ft0', []).at(120).probe('b', ['127.0.0.2:7000']).end('b', 'passed').runEnd('passed');
  const m = summarize(moved.records);
  t.is(ft03Of(moved.records).verdict, 'failed');
  t.is(m.requirements['FT-03']?.verdict, 'failed');
  t.regex(ft03Of(moved.records).detail, /127\.0\.0\.1:7000, 127\.0\.0\.2:7000/);

  const two = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000', '127.0.0.3:7000']).end('a', 'passed');
  t.is(ft03Of(two.records).verdict, 'failed');

  t.is(ft03Of(new HistoryBuilder().begin(FT_CATALOGUE).runEnd('passed').records).verdict, 'no-scenario');
});

test('FT-03: foreign datagrams at the probe are named in the detail and do not decide the verdict', (t) => {
  const h = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []);
  h.at(60).probe('a', ['127.0.0.1:7000'], [], 100, { foreign: 3, foreignFrom: ['127.0.0.9:7000'] }).end('a', 'passed').runEnd('passed');
  const f = ft03Of(h.records);
  t.is(f.verdict, 'passed');
  t.regex(f.detail, /foreign datagrams at the probe, not counted as replies: .*probe workload: 3 from 127\.0\.0\.9:7000/);
  t.like(summarize(h.records).scenarios[0]?.probes[0], { foreign: 3, foreignFrom: ['127.0.0.9:7000'] });
  // Older histories have no count: the summary leaves it out, and nothing is said.
  const old = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000']).end('a', 'passed').runEnd('passed');
  t.false('foreign' in (summarize(old.records).scenarios[0]?.probes[0] ?? {}));
  t.notRegex(ft03Of(old.records).detail, /foreign/);
});

test('FT-03 is judged per device: two ft servers have two workload addresses', (t) => {
  const h = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000']).end('a', 'passed');
  h.at(61).scenario('a2', 'ft1', []).at(120).probe('a2', ['127.0.0.1:7100']).end('a2', 'passed');
  t.is(ft03Of(h.records).verdict, 'passed');
});

const model = {
  eventsPerYear: {
    'module-fault': { rate: 2, source: 'MTBF', measurement: 'isolation-gap' },
    replacement: { rate: 1, source: 'policy', measurement: 'blackout' },
  },
  targetAvailability: 0.99999,
};

test('FT-04: projected downtime = Σ rate × max outage, compared with the class', (t) => {
  const h = new HistoryBuilder().begin(FT_CATALOGUE).availability(model);
  h.at(1).scenario('iso', 'ft0', ['FT-01']).measure('iso', 'isolation-gap', 40, 'ms', 'pass').end('iso', 'passed');
  h.at(2).scenario('iso', 'ft0', ['FT-01'], 1).measure({ id: 'iso', iteration: 1 }, 'isolation-gap', 60, 'ms', 'pass').end({ id: 'iso', iteration: 1 }, 'passed');
  h.at(3).scenario('bo', 'ft0', ['FT-08']).measure('bo', 'blackout', 0.5, 's', 'pass').end('bo', 'passed').runEnd('passed');
  const a = availabilityOf(h.records);
  t.is(a.verdict, 'passed');
  t.is(a.events.find((e) => e.kind === 'module-fault')?.usedS, 0.06);
  t.is(a.projectedDowntimeS, 2 * 0.06 + 1 * 0.5);
  t.is(a.allowedDowntimeS, 315.36);
  t.is(a.achievedClass, '99.9999 %');
  t.deepEqual(a.classes.map((c) => c.met), [true, true, true, true, true]);
});

test('FT-04: a list of measurements names alternatives, and the largest of any is used', (t) => {
  const alternatives = { eventsPerYear: { replacement: { rate: 1, source: 'policy', measurement: ['blackout', 'hv-blackout'] } }, targetAvailability: 0.99999 };
  const h = new HistoryBuilder().begin(FT_CATALOGUE).availability(alternatives);
  h.at(1).scenario('bo', 'ft0', []).measure('bo', 'blackout', 50, 'ms', 'pass').end('bo', 'passed');
  h.at(2).scenario('hv', 'ft1', []).measure('hv', 'hv-blackout', 30, 's', 'pass').end('hv', 'passed').runEnd('passed');
  const e = availabilityOf(h.records).events[0];
  t.is(e?.measurement, 'blackout | hv-blackout');
  t.is(e?.n, 2);
  t.is(e?.usedS, 30);
});

test('FT-04 fails when measured outages × rates exceed the target class', (t) => {
  const h = new HistoryBuilder().begin(FT_CATALOGUE).availability(model);
  h.at(1).scenario('iso', 'ft0', []).measure('iso', 'isolation-gap', 100, 's', 'pass').end('iso', 'passed');
  h.at(2).scenario('bo', 'ft0', []).measure('bo', 'blackout', 2, 'min', 'pass').end('bo', 'passed').runEnd('passed');
  const s = summarize(h.records);
  const a = availabilityOf(h.records);
  t.is(a.projectedDowntimeS, 2 * 100 + 120);
  t.is(a.verdict, 'failed');
  t.is(a.achievedClass, '99.99 %');
  t.is(s.requirements['FT-04']?.verdict, 'failed');
});

test('FT-04 is inconclusive when a measurement is missing or not a time, and not covered without a model', (t) => {
  const h = new HistoryBuilder().begin(FT_CATALOGUE).availability(model);
  h.at(1).scenario('iso', 'ft0', []).measure('iso', 'isolation-gap', 10, 'ms', 'pass').end('iso', 'passed').runEnd('passed');
  const a = availabilityOf(h.records);
  t.is(a.verdict, 'inconclusive');
  t.regex(a.events.find((e) => e.kind === 'replacement')?.problem ?? '', /no measurement named "blackout"/);
  t.is(a.projectedDowntimeS, 0.02);

  const u = new HistoryBuilder().begin(FT_CATALOGUE).availability(model);
  u.at(1).scenario('iso', 'ft0', []).measure('iso', 'isolation-gap', 10, 'ms', 'pass').measure('iso', 'blackout', 3, 'GiB', 'pass').end('iso', 'passed');
  t.regex(availabilityOf(u.records).events.find((e) => e.kind === 'replacement')?.problem ?? '', /not a time unit/);

  t.is(availabilityOf(new HistoryBuilder().begin(FT_CATALOGUE).runEnd('passed').records).verdict, 'no-scenario');
});


test('results.json carries the ft panel under panels.ft, and the deprecated top-level fields with the same values', (t) => {
  const h = new HistoryBuilder().begin(FT_CATALOGUE).at(1).scenario('a', 'ft0', []).at(60).probe('a', ['127.0.0.1:7000']).end('a', 'passed').runEnd('passed');
  const s: RunSummary = summarize(h.records);
  const ft = s.panels['ft'];
  t.deepEqual(Object.keys(s.panels), ['ft']);
  t.deepEqual(ft, { ft03: ft03Of(h.records), availability: availabilityOf(h.records), consistency: { rows: [], disagreements: 0 } });
  t.deepEqual(s.ft03, ft?.['ft03']);
  t.deepEqual(s.availability, ft?.['availability']);
});

test('the ft panel applies by the FT-* requirements of the run or by ft records, and not otherwise', (t) => {
  const neutral = new HistoryBuilder().begin({ requirements: { 'FO-01': 'detect' } }).at(1).scenario('a', 'srv', ['FO-01']).at(60).probe('a', ['10.0.0.1:7000']).end('a', 'passed').runEnd('passed');
  const s = summarize(neutral.records);
  t.deepEqual(Object.keys(s.panels), ['failover'], 'an FO testcase: the failover panel only');
  t.is(s.ft03, null);
  t.is(s.availability, null);
  t.false('FT-03' in s.requirements, 'no FT-03 verdict from a run that is not about ft servers');

  const byPlan = new HistoryBuilder().begin({ plan: [{ id: 'iso', title: 'iso', requirements: ['FT-01'], tags: [] }] }).runEnd('passed');
  t.deepEqual(Object.keys(summarize(byPlan.records).panels), ['ft']);

  const byEvent = new HistoryBuilder().begin().at(1).scenario('a', 'ft0', []).records;
  byEvent.push({ type: 'event', t: 2, wall: 2, scenario: { id: 'a', iteration: 0 }, device: 'ft0', capability: 'EventSource', event: { id: '1', messageId: 'FtLab.1.0.DuplexRestored', messageArgs: [], message: '', severity: 'OK', originOfCondition: null, eventTimestamp: '', receivedAt: 2, extra: {} } });
  t.deepEqual(Object.keys(summarize(byEvent).panels), ['ft']);
});
