import test from 'ava';
import type { HistoryRecord, ProbeRecord } from '../../../lib/history/records.ts';
import { oneWorkloadAddress } from './invariants.ts';

function probe(repliedFrom: string[], echoedBy?: string[]): ProbeRecord {
  return {
    type: 'probe', t: 1, wall: 1, scenario: { id: 's', iteration: 0 }, probe: 'p', target: '10.0.0.5:7', intervalMs: 1, resolutionMs: 1,
    sent: 10, received: 10, gaps: [], repliedFrom, startedAt: 0, stoppedAt: 1, ...(echoedBy ? { echoedBy } : {}),
  };
}

test('FT-03: one replying address holds; a second replier, or a second sender echoing the probe, breaks it', (t) => {
  const judge = (records: HistoryRecord[]) => oneWorkloadAddress.evaluate(records);
  t.true(judge([probe(['10.0.0.5:7'])]));
  t.regex(String(judge([probe(['10.0.0.5:7']), probe(['10.0.0.6:7'])])), /replies came from 2 addresses/);
  t.regex(String(judge([probe(['10.0.0.5:7'], ['10.0.0.6:7'])])), /replies came from 2 addresses: 10\.0\.0\.5:7, 10\.0\.0\.6:7/);
  t.deepEqual(judge([]), { notApplicable: 'no workload probe ran' });
});
