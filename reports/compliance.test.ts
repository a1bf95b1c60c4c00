import test from 'ava';
import { md, renderCompliance } from './compliance.ts';
import type { HistoryRecord } from '../lib/history/records.ts';
import { summarizeRun } from './summarize.ts';
import { budget, HistoryBuilder } from './testing/build.ts';

function compliance(records: readonly HistoryRecord[]): string {
  const run = summarizeRun(records);
  return renderCompliance(run.summary, run.panels);
}

test('table cells escape pipes, newlines and markup from the history', (t) => {
  t.is(md('a|b\nc <b>x</b> `y` *z*'), 'a\\|b c &lt;b&gt;x&lt;/b&gt; \\`y\\` \\*z\\*');
  const h = new HistoryBuilder().begin({ requirements: { 'FT-01': 'title | with pipe\nand newline' } });
  h.at(1).scenario('s|1', 'ft0', ['FT-01']).end('s|1', 'failed', 'broke | the <table>').runEnd('failed', 1);
  const text = compliance(h.records);
  const row = text.split('\n').find((l) => l.startsWith('| FT-01 '));
  t.truthy(row);
  // Exactly the 6 separators of a 5-column row: every pipe from the history is escaped.
  t.is((row ?? '').replace(/\\\|/g, '').split('|').length - 1, 6);
  t.false(text.includes('<table>'));
});

test('requirements with verdicts, gaps, and the availability projection', (t) => {
  const h = new HistoryBuilder().begin({
    requirements: { 'FT-01': 'single fault', 'FT-04': 'availability', 'FO-01': 'detect' },
    plan: [{ id: 'iso', title: 'iso', requirements: ['FT-01'], tags: [] }],
  });
  h.availability({ eventsPerYear: { 'module-fault': { rate: 2, source: 'MTBF', measurement: 'gap' } }, targetAvailability: 0.99999 });
  h.at(1).scenario('iso', 'ft0', ['FT-01']).measure('iso', 'gap', 30, 'ms', 'pass', budget('ft.gap', 50)).end('iso', 'passed').runEnd('passed');
  const text = compliance(h.records);
  t.regex(text, /\| FT-01 \| single fault \| \[iso@ft0#0\]\(index\.html#iso%40ft0%230\) \| iso@ft0#0: passed<br>iso@ft0#0: gap = 30 ms \(limit 50 ms, margin 40 %; test\) → pass \| ✅ passed \|/);
  t.regex(text, /- \*\*FO-01\*\* detect — ⬜ no scenario: no scenario selected for this run covers it \(suite test\)/);
  t.regex(text, /\| module-fault \| 2 \| MTBF \| gap \| 1 \| 0\.03 s \| 0\.03 s \| 0\.06 s \|/);
  t.regex(text, /\*\*Projected downtime: 0\.06 s\/year\*\*/);
  t.regex(text, /\| 99\.999 % \(target\) \| 5 min 15 s \| yes \|/);
  t.notRegex(text, /ABORTED/);
});

test('an aborted run carries a banner and lists what was not run', (t) => {
  const h = new HistoryBuilder().begin({ plan: [{ id: 'a', title: 'A', requirements: ['FT-01'], tags: [] }, { id: 'b', title: 'B', requirements: ['FT-02'], tags: [] }] });
  h.at(1).scenario('a', 'ft0', ['FT-01']);
  const text = compliance(h.records);
  t.regex(text, /^> \*\*ABORTED RUN\*\*/m);
  t.regex(text, /## Not run\n\n- b — B \(FT-02\)/);
  t.regex(text, /\*\*FT-02\*\* — ⬜ not run: planned in b but not run/);
  t.regex(text, /\| FT-02 \|  \| b \(not run\) \| – \| ⬜ not run \|/);
});

test('evidence says what a probe-based value is, informational values have no verdict, and the lab line names the time scale', (t) => {
  const h = new HistoryBuilder().begin({ requirements: { 'FT-02': 'repair' }, lab: { kind: 'embedded', timeScale: 10 } });
  h.at(1).scenario('resync', 'ft0', ['FT-02']);
  h.measure('resync', 'removal-gap', 505.46, 'ms', 'pass', budget('ft.isolation.gap', 1500), ['FT-02']);
  const m = h.records[h.records.length - 1];
  if (m?.type === 'measurement') {
    m.source = 'probe';
    m.resolution = 87.23;
  }
  h.measure('resync', 'blackout-pause-reported', 53.46, 'ms', 'unset', undefined, ['FT-02']);
  h.end('resync', 'passed').runEnd('passed');
  const text = compliance(h.records);
  t.regex(text, /removal-gap = 505\.46 ms \(limit 1500 ms, margin 66\.3 %; probe: estimated outage, resolution ±87\.23 ms\) → pass/);
  t.regex(text, /blackout-pause-reported = 53\.46 ms \(no budget; test\) → no verdict \(informational\)/);
  t.regex(text, /\| Lab \| embedded, time scale ×10 \(measurements converted to SUT time\) \|/);
});

test('the requirement sections are the catalogue groups, every requirement of each listed; not run and no scenario never pass', (t) => {
  const catalogue = { 'FT-01': 'single fault', 'FT-02': 'repair', 'FO-01': 'detect', 'FO-05': 'standby search', 'FO-12': 'scale-out' };
  const h = new HistoryBuilder().begin({
    requirements: catalogue,
    plan: [
      { id: 'fo-detect', title: 'detect', requirements: ['FO-01'], tags: [] },
      { id: 'fo-search', title: 'search', requirements: ['FO-05'], tags: [] },
      { id: 'fo-skip', title: 'skip', requirements: ['FO-12'], tags: [] },
    ],
  });
  h.at(1).scenario('fo-detect', 'cluster1', ['FO-01']).end('fo-detect', 'passed');
  h.at(2).scenario('fo-skip', 'cluster1', ['FO-12']).end('fo-skip', 'skipped', 'no scale-out request').runEnd('passed');
  const run = summarizeRun(h.records);
  const text = renderCompliance(run.summary, run.panels);
  const sections = [...text.matchAll(/^### (\S+) requirements$/gm)].map((m) => m[1]);
  t.deepEqual(sections, ['FT', 'FO'], 'one section per catalogue group, in catalogue order');
  const rows = (group: string): string[] => (text.split(`### ${group} requirements`)[1] ?? '').split('\n\n#')[0]?.split('\n').filter((l) => /^\| F[TO]-/.test(l)) ?? [];
  t.deepEqual(rows('FO').map((l) => l.split(' | ')[0]), ['| FO-01', '| FO-05', '| FO-12']);
  t.deepEqual(rows('FT').map((l) => l.split(' | ')[0]), ['| FT-01', '| FT-02']);
  t.regex(text, /### FO requirements\n\n1 passed, 0 failed, 0 inconclusive, 2 not run, 0 no scenario \(of 3\)\./);
  const verdicts = Object.fromEntries(Object.entries(run.summary.requirements).map(([id, r]) => [id, r.verdict]));
  t.deepEqual(verdicts, { 'FT-01': 'no-scenario', 'FT-02': 'no-scenario', 'FO-01': 'passed', 'FO-05': 'not-run', 'FO-12': 'not-run' });
  t.deepEqual(run.summary.requirements['FO-05']?.notRun, ['fo-search']);
  t.deepEqual(run.summary.requirements['FO-01']?.links, [{ label: 'fo-detect@cluster1#0', href: 'index.html#fo-detect%40cluster1%230' }]);
  t.is(run.summary.requirements['FO-12']?.group, 'FO');
  t.regex(text, /- \*\*FO-12\*\* scale-out — ⬜ not run: covering scenarios did not run to a verdict \(fo-skip\)/);
});
