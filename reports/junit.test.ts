import test from 'ava';
import { renderJunit } from './junit.ts';
import { summarize } from './summarize.ts';
import { budget, HistoryBuilder } from './testing/build.ts';
import { findAll, parseXml } from './testing/xml-check.ts';

const HOSTILE = 'ft<0>&"x\' ]]> \u0001</testcase>';

function history(): HistoryBuilder {
  const h = new HistoryBuilder().begin({ suite: 'nightly', plan: [{ id: 'late', title: 'never reached', requirements: ['FT-13'], tags: [] }] });
  h.at(1).scenario('ok', 'ft0', ['FT-01', 'FT-07']).at(1001).end('ok', 'passed', undefined, 1000);
  h.at(1002).scenario('slow', 'ft0', ['FT-08']).measure('slow', 'blackout', 130, 'ms', 'fail', budget('ft.blackout', 100)).at(1500).end('slow', 'budget-violation', 'blackout 130 ms > 100 ms', 498);
  h.at(1501).scenario('skip', HOSTILE, ['FT-05']).end('skip', 'skipped', `needs NIC fault <injector> on ${HOSTILE}`, 0);
  h.at(1502).scenario('lab', 'ft1', ['FT-06']).end('lab', 'infra-error', 'undo failed: module-pull', 5);
  h.at(1510).scenario('inv', 'ft1', ['FT-10']).check('inv', 'only one subsystem isolated', true, false, `two isolated: ${HOSTILE}`).end('inv', 'invariant-violation', 'invariant failed', 5);
  return h;
}

test('junit.xml is well-formed XML even with hostile device strings', (t) => {
  const xml = renderJunit(summarize(history().records));
  const root = parseXml(xml);
  t.is(root.name, 'testsuites');
  const cases = findAll(root, 'testcase');
  t.is(cases.length, 6);
  const skipped = cases.find((c) => c.attrs.name === 'skip');
  t.is(skipped?.attrs.classname, 'ftlab.ft<0>&"x\' ]]> </testcase>', 'control characters are dropped, the rest round-trips');
  t.regex(findAll(skipped!, 'skipped')[0]?.attrs.message ?? '', /needs NIC fault <injector>/);
});

test('one testsuite per device; failures, errors and skips are typed by outcome', (t) => {
  const root = parseXml(renderJunit(summarize(history().records)));
  const suites = findAll(root, 'testsuite');
  t.deepEqual(
    suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.errors, s.attrs.skipped]),
    [
      ['ft0', '2', '1', '0', '0'],
      ['ft<0>&"x\' ]]> </testcase>', '1', '0', '0', '1'],
      ['ft1', '2', '1', '1', '0'],
      ['not-run', '1', '0', '0', '1'],
    ],
  );
  t.deepEqual([root.attrs.tests, root.attrs.failures, root.attrs.errors, root.attrs.skipped], ['6', '2', '1', '2']);
  const byName = new Map(findAll(root, 'testcase').map((c) => [c.attrs.name, c]));
  const slow = byName.get('slow')!;
  t.is(slow.attrs.time, '0.498');
  const failure = findAll(slow, 'failure')[0];
  t.is(failure?.attrs.type, 'budget-violation');
  t.is(failure?.attrs.message, 'blackout 130 ms > 100 ms');
  t.regex(failure?.text ?? '', /blackout = 130 ms exceeds limit 100 ms/);
  t.is(findAll(byName.get('lab')!, 'error')[0]?.attrs.type, 'infra-error');
  t.is(findAll(byName.get('inv')!, 'failure')[0]?.attrs.type, 'invariant-violation');
  t.is(findAll(byName.get('ok')!, 'failure').length + findAll(byName.get('ok')!, 'error').length, 0);
  t.is(byName.get('ok')?.attrs.time, '1.000');
  t.deepEqual(
    findAll(byName.get('ok')!, 'property').filter((p) => p.attrs.name === 'requirement').map((p) => p.attrs.value),
    ['FT-01', 'FT-07'],
  );
});

test('the XML checker itself rejects malformed documents', (t) => {
  t.throws(() => parseXml('<a><b></a></b>'));
  t.throws(() => parseXml('<a x="1" x="2"/>'));
  t.throws(() => parseXml('<a>fish & chips</a>'));
  t.throws(() => parseXml('<a/><b/>'));
  t.throws(() => parseXml('<a title="<x>"/>'));
  t.notThrows(() => parseXml('<?xml version="1.0"?>\n<a t="&lt;&#10;">x &amp; y</a>\n'));
});

test('system-out says which clock a probe figure is in and what a probe-based value is', (t) => {
  const h = new HistoryBuilder().begin({ lab: { kind: 'embedded', timeScale: 10 } });
  h.push({ type: 'device', t: 0, wall: 0, device: 'ft0', kind: 'ft', endpoints: {}, protocols: {}, timeScale: 10 });
  h.at(1).scenario('iso', 'ft0', ['FT-01']);
  h.at(60).probe('iso', ['127.0.0.1:7000'], [{ start: 20, end: 30, durationMs: 10, sentDuring: 9, outageMs: 9.5 }]);
  h.measure('iso', 'isolation-gap', 95, 'ms', 'pass', budget('ft.isolation.gap', 1500));
  const m = h.records[h.records.length - 1];
  if (m?.type === 'measurement') {
    m.source = 'probe';
    m.resolution = 11;
  }
  h.end('iso', 'passed').runEnd('passed');
  const xml = renderJunit(summarize(h.records));
  const out = findAll(parseXml(xml), 'system-out')[0]?.text ?? '';
  t.regex(out, /time scale: the lab ran ×10; measurements are in SUT time/);
  t.regex(out, /measurement isolation-gap: 95 ms \/ limit 1500 ms \(margin 93\.7 %\) → pass \[probe: estimated outage, resolution ±11 ms\]/);
  t.regex(out, /largest estimated outage 9\.5 ms harness \(95 ms SUT\), largest reply gap 10 ms harness \(100 ms SUT\), resolution 1\.1 ms harness \(11 ms SUT\)/);
});
