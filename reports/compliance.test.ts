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
  t.regex(text, /\| FT-01 \| single fault \| iso \| iso@ft0#0: passed<br>iso@ft0#0: gap = 30 ms \(limit 50 ms, margin 40 %; test\) → pass \| ✅ passed \|/);
  t.regex(text, /- \*\*FO-01\*\* detect — no scenario selected for this run covers it \(suite test\)/);
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
  t.regex(text, /\*\*FT-02\*\* — planned in b but not run/);
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
