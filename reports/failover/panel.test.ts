import test from 'ava';
import type { BudgetRecord, HistoryRecord } from '../../lib/history/records.ts';
import { renderCompliance } from '../compliance.ts';
import { summarizeRun } from '../summarize.ts';
import { budget, HistoryBuilder } from '../testing/build.ts';
import { claimed, claims, inventory, masking, power, step } from './testing.ts';
import type { FailoverPanelData } from './types.ts';

const FENCE: BudgetRecord = { ...budget('fo.fence', 0), limitFormula: '30000 + dumpMs' };
const BUDGETS = [budget('fo.remap', 15000), budget('fo.boot', 90000), FENCE, budget('ft.isolation.gap', 50)];

/** `extra`: more records of the testcase (the manager's claims). */
function failoverRun(extra: readonly HistoryRecord[] = []): HistoryBuilder {
  const h = new HistoryBuilder().begin({ requirements: { 'FO-06': 'disk mapping' }, budgets: BUDGETS });
  h.at(0).scenario('fo-lanes', 'cluster1', ['FO-06']);
  for (const r of [inventory('srv01'), inventory('srv08'), power(10, 'srv01', 'On'), power(20, 'srv01', 'Off'), power(10, 'srv08', 'Off'), power(60, 'srv08', 'On'), masking(10, ['srv01']), masking(30, []), masking(40, ['srv08']), ...extra]) h.push(r);
  h.at(70).measure('fo-lanes', 'failover.remap', 12000, 'ms', 'pass', budget('fo.remap', 15000), ['FO-06']);
  h.measure('fo-lanes', 'failover.boot', 95000, 'ms', 'unset');
  h.check('fo-lanes', 'each boot volume is mapped to at most one server at every instant', true, true, 'over 3 samples', ['FO-06']);
  return h.at(80).end('fo-lanes', 'passed').runEnd('passed');
}

const panelOf = (h: HistoryBuilder): FailoverPanelData | undefined => summarizeRun(h.records).summary.panels['failover'] as FailoverPanelData | undefined;

test('the panel applies to a run whose testcases name an FO requirement or sample an array, not to one whose catalogue merely lists FO', (t) => {
  const catalogueOnly = new HistoryBuilder().begin({ requirements: { 'FO-01': 'detect' } }).at(1).scenario('ft', 'ft0', ['FT-01']).end('ft', 'passed').runEnd('passed');
  t.is(panelOf(catalogueOnly), undefined);
  const named = new HistoryBuilder().begin().at(1).scenario('fo-none', 'cluster1', ['FO-05']).check('fo-none', 'nothing changes when no standby exists', true, true, '12 states unchanged', ['FO-05']).end('fo-none', 'passed').runEnd('passed');
  t.deepEqual(panelOf(named)?.failovers, [], 'no testcase sampled the cluster');
  const still = new HistoryBuilder().begin().at(1).scenario('fo-lanes', 'cluster1', ['FO-05']).push(masking(10, ['srv01'])).push(masking(20, ['srv01']));
  still.check('fo-lanes', 'nothing changes when no standby exists', true, true, '1 state unchanged', ['FO-05']).end('fo-lanes', 'passed').runEnd('passed');
  t.deepEqual(panelOf(still)?.failovers.map((f) => [f.scenario, f.failed, f.lanes.length, f.invariants.map((i) => i.verdict)]), [['fo-lanes@cluster1#0', null, 0, ['holds']]], 'a testcase without a move is listed with its invariants');
  t.truthy(panelOf(failoverRun()));
});

test('each failover: the pair and its volume, lanes across devices, the fo.* budgets judged, measured or not, and the invariants', (t) => {
  const [f] = panelOf(failoverRun())?.failovers ?? [];
  t.deepEqual([f?.scenario, f?.failed, f?.standby, f?.volumes], ['fo-lanes@cluster1#0', 'srv01', 'srv08', ['boot-crm']]);
  t.deepEqual(f?.lanes.map((l) => l.label), ['failover steps (lab)', 'srv01 power (failed)', 'srv08 power (standby)', 'boot-crm on array1']);
  t.deepEqual(f?.budgets.map((b) => [b.budget, b.measurement, b.value, b.limit, b.formula, b.verdict, b.judged]), [
    ['fo.remap', 'failover.remap', 12000, 15000, null, 'pass', true],
    ['fo.boot', 'failover.boot', 95000, 90000, null, 'unset', false],
    ['fo.fence', null, null, null, '30000 + dumpMs', 'not measured', false],
  ]);
  t.deepEqual(f?.invariants.map((i) => [i.name, i.verdict, i.detail]), [['each boot volume is mapped to at most one server at every instant', 'holds', 'over 3 samples']]);
});

test('compliance.md: per failover its budgets (limit or formula) and every invariant', (t) => {
  const run = summarizeRun(failoverRun().records);
  const text = renderCompliance(run.summary, run.panels);
  t.regex(text, /## Failovers \(FO\)\n\n### fo-lanes@cluster1#0: srv01 → srv08 \(boot-crm\)/);
  t.regex(text, /\| fo\.remap \| failover\.remap \| 12000 ms \| 15000 ms \| pass \|/);
  t.regex(text, /\| fo\.boot \| failover\.boot \| 95000 ms \| 90000 ms \| not judged \|/);
  t.regex(text, /\| fo\.fence \| – \| – \| 30000 \+ dumpMs ms \| not measured \|/);
  t.regex(text, /\| each boot volume is mapped to at most one server at every instant \| holds \| over 3 samples \|/);
});

test("with the manager's decisions sampled: its claim lanes beside the lab's, in their own colours, said to be its account", (t) => {
  const decision = claimed(2, 'failover', 5, [step('fence', 'srv01', 'ok', 6, 18), step('unmap', 'boot-crm from hg-srv01 on array1', 'ok', 18, 28), step('map', 'boot-crm LUN 0 to hg-srv08 on array1', 'failed', 28, 29, 'host group full'), step('boot', 'srv08', 'not-run', null, null)], 'failed');
  const run = failoverRun([claims(2, []), claims(40, [decision])]);
  const [f] = panelOf(run)?.failovers ?? [];
  t.deepEqual(f?.lanes.map((l) => l.label), ['fm-cluster1 decisions (claim)', 'fm-cluster1 #2 steps (claim)', 'failover steps (lab)', 'srv01 power (failed)', 'srv08 power (standby)', 'boot-crm on array1']);
  t.deepEqual(f?.lanes[1]?.segments.map((s) => [s.start, s.end, s.label, s.source]), [[6, 18, 'fence srv01', 'claim'], [18, 28, 'unmap boot-crm from hg-srv01 on array1', 'claim'], [28, 29, 'map boot-crm LUN 0 to hg-srv08 on array1', 'claim']]);
  const htmlOf = (h: HistoryBuilder): string => summarizeRun(h.records).panels.find((p) => p.id === 'failover')?.html() ?? '';
  const html = htmlOf(run);
  t.regex(html, /Except the lanes marked \(claim\): the failover manager's own account/);
  t.regex(html, />fm-cluster1 #2 steps \(claim\)</);
  t.regex(html, /<title>fm-cluster1 claims: decision 2 step 3\/4 map boot-crm LUN 0 to hg-srv08 on array1: failed after 1 ms [^<]*: host group full; not run after it: boot<\/title><rect [^>]*fill="#82071e"/);
  t.regex(html, /<title>fm-cluster1 claims: decision 2 step 1\/4 fence srv01: ok after 12 ms [^<]*<\/title><rect [^>]*fill="#8250df"/);
  t.regex(html, /a step the manager claims failed/);
  t.is(html.match(/fill="url\(#fo1-unknown\)"/g)?.length, 3, 'the power and masking lanes start unobserved; the claim lanes are the manager\'s account, never "not yet observed"');
  t.notRegex(htmlOf(failoverRun()), /Except the lanes marked/, 'the note only where the claim is drawn');
});

test("a testcase without a move but with the manager's claim: a timeline of its faults and what the manager says it decided and notified", (t) => {
  const h = new HistoryBuilder().begin().at(1).scenario('fo-none', 'cluster1', ['FO-05']);
  h.push({ type: 'fault', t: 3, wall: 3, scenario: { id: 'fo-none', iteration: 0 }, device: 'srv01', fault: 'power-loss', params: {}, action: 'inject', ledgerId: 1, ok: true });
  const told = claimed(3, 'no-standby', 8, [step('notify', 'Warning: no standby qualifies for srv01', 'ok', 9, 10)]);
  for (const r of [masking(10, ['srv01']), claims(5, []), claims(20, [told]), masking(20, ['srv01'])]) h.push({ ...r, scenario: { id: 'fo-none', iteration: 0 } });
  h.check('fo-none', 'nothing changes when no standby exists', true, true, '1 state unchanged', ['FO-05']).at(30).end('fo-none', 'passed').runEnd('passed');
  const [f] = panelOf(h)?.failovers ?? [];
  t.deepEqual([f?.failed, f?.lanes.map((l) => l.label)], [null, ['injected faults', 'fm-cluster1 decisions (claim)']]);
});
