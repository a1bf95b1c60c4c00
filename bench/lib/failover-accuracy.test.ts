import test from 'ava';
import type { HistLine } from './accuracy.ts';
import { type ClusterTruth, failoverPairs, type FailoverPairs } from './failover-accuracy.ts';

const T0 = Date.parse('2026-12-06T10:00:00Z');

const truth: ClusterTruth = {
  Timeline: [
    { type: 'BusinessReachability', at: T0, business: 'crm', server: 'srv01' },
    { type: 'BusinessReachability', at: T0 + 10, business: 'web', server: 'srv02' },
    { type: 'HardwareFault', at: T0 + 1000, server: 'srv01' },
    { type: 'BusinessReachability', at: T0 + 1001, business: 'crm', server: null },
    { type: 'BootStateChanged', at: T0 + 30_000, system: 'srv08', state: 'Running' },
    { type: 'BusinessReachability', at: T0 + 30_500, business: 'crm', server: 'srv08' },
    { type: 'HardwareFault', at: T0 + 60_000, server: 'srv02' },
    { type: 'BusinessReachability', at: T0 + 60_001, business: 'web', server: null },
  ],
};

function iteration(i: number, faultAt: number, m: Record<string, number>): HistLine[] {
  const scenario = { id: 'fo-basic', iteration: i };
  return [
    { type: 'event', scenario, event: { messageId: 'ClusterLab.1.0.HardwareFault', eventTimestamp: new Date(faultAt).toISOString() } },
    ...Object.entries(m).map(([name, value]): HistLine => ({ type: 'measurement', scenario, name, value })),
  ];
}

test('failoverPairs: the fault the BMC reported ↔ the truth fault nearest it; outage to the business answering elsewhere, total to that system running', (t) => {
  const into: FailoverPairs = { outage: [], total: [] };
  const lines = [...iteration(0, T0 + 1003, { 'failover.outage': 29_600, 'failover.total': 29_010 }), ...iteration(1, T0 + 60_002, { 'failover.outage': 1 })];
  failoverPairs(lines, truth, 'fo-basic', into);
  t.deepEqual(into, { outage: [{ measured: 29_600, truth: 29_500 }], total: [{ measured: 29_010, truth: 29_000 }] }, 'the second fault never recovered in the truth: no pair, never a made-up one');
});

test('failoverPairs: iterations of other scenarios, and iterations with no fault event, are not paired', (t) => {
  const into: FailoverPairs = { outage: [], total: [] };
  const other = iteration(0, T0 + 1003, { 'failover.outage': 1 }).map((l) => ({ ...l, scenario: { id: 'other', iteration: 0 } }));
  const noEvent = iteration(0, T0 + 1003, { 'failover.outage': 1 }).filter((l) => l.type !== 'event');
  failoverPairs([...other, ...noEvent], truth, 'fo-basic', into);
  t.deepEqual(into, { outage: [], total: [] });
});
