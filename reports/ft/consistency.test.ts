import test from 'ava';
import type { CheckRecord, Comparison } from '../../lib/history/records.ts';
import { HistoryBuilder } from '../testing/build.ts';
import { consistencyHtml, consistencyMarkdown, summarizeConsistency } from './consistency.ts';

const blackout: Comparison = {
  phase: 'blackout of module 1: BMC against workload',
  unit: 'ms',
  figures: [
    { source: 'BMC event timestamps', value: 56 },
    { source: 'workload probe outage', value: 310 },
  ],
  tolerance: 140,
  toleranceBasis: '2 × (probe resolution 10 ms + clock offset uncertainty + 5 ms wall reaction)',
};

function compared(ok: boolean, comparison: Comparison, evaluated = true): CheckRecord {
  return { t: 5, wall: 5, type: 'check', scenario: { id: 'resync', iteration: 0, binding: 'ft0' }, name: `consistent: ${comparison.phase}`, kind: 'invariant', required: true, evaluated, ok, detail: ok ? 'holds' : 'disagree', requirements: ['FT-08'], comparison };
}

test('every evaluated check with a comparison becomes a row with its figures, spread and tolerance; other checks do not', (t) => {
  const h = new HistoryBuilder().begin().at(1).scenario('resync', 'ft0', ['FT-08']).check('resync', 'plain check', true, true);
  h.push(compared(false, blackout)).push(compared(true, { ...blackout, phase: 'p2', figures: [{ source: 'a', value: 1 }, { source: 'b', value: 1.5 }] })).push(compared(false, blackout, false));
  const s = summarizeConsistency(h.records);
  t.is(s.rows.length, 2);
  t.is(s.disagreements, 1);
  t.is(s.rows[0]?.spread, 254);
  t.is(s.rows[0]?.binding, 'ft0');
  t.is(s.rows[1]?.spread, 0.5);
});

test('the HTML and Markdown show both figures side by side with the tolerance and the verdict', (t) => {
  const s = summarizeConsistency([compared(false, blackout)]);
  const html = consistencyHtml(s);
  t.regex(html, /BMC event timestamps: <b>56<\/b> ms<br>workload probe outage: <b>310<\/b> ms/);
  t.regex(html, /title="2 × \(probe resolution/);
  t.regex(html, /<span class="bad">disagree<\/span>/);
  const md = consistencyMarkdown(s).join('\n');
  t.regex(md, /\| resync @ft0 \| blackout of module 1: BMC against workload \| BMC event timestamps: 56 ms; workload probe outage: 310 ms \| 254 ms \| 140 ms/);
  t.regex(md, /\*\*disagree\*\*/);
  t.deepEqual(consistencyMarkdown(summarizeConsistency([])), []);
  t.regex(consistencyHtml(summarizeConsistency([])), /No phase was measured by more than one source/);
});
