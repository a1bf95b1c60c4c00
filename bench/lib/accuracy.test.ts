import test from 'ava';
import { emptyPairs, errorStats, type HistLine, isolationPairs, probeResolutions, resyncPairs, spread, type Truth } from './accuracy.ts';

test('errorStats: percentiles of |measured − true|, the median signed error as bias, the three largest signed, nothing for no pairs', (t) => {
  const pairs = [
    { measured: 50.2, truth: 50 },
    { measured: 49.9, truth: 50 },
    { measured: 53, truth: 50 },
  ];
  t.deepEqual(errorStats(pairs), { n: 3, p50: 0.2, p99: 3, max: 3, bias: 0.2, worst: [3, 0.2, -0.1] });
  t.deepEqual(errorStats([]), { n: 0, p50: null, p99: null, max: null, bias: null, worst: [] });
});

const T0 = Date.parse('2026-12-06T04:04:54Z');
const iso = (ms: number): string => `${new Date(Math.floor(ms)).toISOString().slice(0, 23)}${String(Math.round((ms % 1) * 1000)).padStart(3, '0')}+00:00`;

const truth: Truth = {
  Isolations: [{ FaultAt: T0 + 10_000, IsolatedAt: T0 + 10_008.25 }],
  Resyncs: [
    { Passes: [{ Start: T0, End: T0 + 2000 }], BlackoutStart: T0 + 2200.5, BlackoutEnd: T0 + 2252.75 },
    { Passes: [{ Start: T0 + 5000, End: T0 + 7000 }], BlackoutStart: T0 + 7100, BlackoutEnd: T0 + 7150 },
  ],
  IoFailovers: [],
  WorkloadStalls: [
    { Start: T0 + 2200.5, End: T0 + 2252.75 },
    { Start: T0 + 7100, End: T0 + 7150 },
  ],
};

function iteration(id: string, i: number, event: string, at: number, m: Record<string, number>): HistLine[] {
  const scenario = { id, iteration: i };
  return [
    { type: 'event', scenario, event: { messageId: `FtLab.1.0.${event}`, eventTimestamp: iso(at) } },
    ...Object.entries(m).map(([name, value]) => ({ type: 'measurement', scenario, name, value })),
  ];
}

test('resync iterations pair with the truth resync whose blackout ended nearest their BlackoutCompleted event', (t) => {
  const lines = [
    ...iteration('r', 0, 'BlackoutCompleted', T0 + 7150, { 'blackout-pause': 50.001, 'blackout-pause-probe': 50.6, 'brownout-duration': 2100, 'brownout-service-gap': 3 }),
    ...iteration('r', 1, 'BlackoutCompleted', T0 + 2252.75, { 'blackout-pause': 52.25, 'blackout-pause-probe': 51.5 }),
    ...iteration('other', 0, 'BlackoutCompleted', T0 + 2252.75, { 'blackout-pause': 999 }),
  ];
  const p = emptyPairs();
  resyncPairs(lines, truth, 'r', p);
  t.deepEqual(p.blackoutEvents, [{ measured: 50.001, truth: 50 }, { measured: 52.25, truth: 52.25 }]);
  t.deepEqual(p.blackoutProbe, [{ measured: 50.6, truth: 50 }, { measured: 51.5, truth: 52.25 }]);
  t.deepEqual(p.brownoutEvents, [{ measured: 2100, truth: 2100 }]);
  t.deepEqual(p.brownoutProbe, [{ measured: 3, truth: 0 }], 'the blackout stall is not a brownout stall');
});

test('isolation iterations pair with the nearest truth isolation; no stall there means a true outage of 0', (t) => {
  const p = emptyPairs();
  isolationPairs(iteration('i', 0, 'ModuleIsolated', T0 + 10_008.25, { 'detection-to-isolation': 8.25, 'isolation-gap': 7.5 }), truth, 'i', p);
  t.deepEqual(p.isolationEvents, [{ measured: 8.25, truth: 8.25 }]);
  t.deepEqual(p.isolationProbe, [{ measured: 7.5, truth: 0 }]);
});

test('probe resolutions come from probe records only; spread gives p50/p99/max', (t) => {
  const lines: HistLine[] = [
    { type: 'probe', resolutionMs: 1.2 },
    { type: 'measurement', name: 'x', value: 9 },
    { type: 'probe', resolutionMs: 3.5 },
  ];
  t.deepEqual(probeResolutions(lines), [1.2, 3.5]);
  t.deepEqual(spread(probeResolutions(lines)), { n: 2, p50: 1.2, p99: 3.5, max: 3.5 });
  t.deepEqual(spread([]), { n: 0, p50: null, p99: null, max: null });
});
