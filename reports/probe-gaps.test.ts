import test from 'ava';
import { classifyGaps, gapForMeasurement, gapThresholdMs } from './probe-gaps.ts';

test('the threshold is the probe resolution, at least two send intervals', (t) => {
  t.is(gapThresholdMs({ intervalMs: 1, resolutionMs: 8.7 }), 8.7);
  t.is(gapThresholdMs({ intervalMs: 5, resolutionMs: 6 }), 10);
  t.is(gapThresholdMs({ intervalMs: null, resolutionMs: null }), 1);
});

test('gaps are outages above the threshold, jitter below it, a stall when the harness sent nothing', (t) => {
  const gaps = classifyGaps(
    [
      { start: 0, end: 3, durationMs: 3, sentDuring: 1, outageMs: 2.5 },
      { start: 10, end: 70, durationMs: 60, sentDuring: 50, outageMs: 58.2 },
      { start: 80, end: 120, durationMs: 40, sentDuring: 0 },
      // No outage estimate: the reply gap stands for it.
      { start: 130, end: 145, durationMs: 15 },
      // The estimate decides, not the raw reply gap.
      { start: 150, end: 162, durationMs: 12, sentDuring: 3, outageMs: 4 },
    ],
    8.7,
    [],
    1,
  );
  t.deepEqual(
    gaps.map((g) => g.kind),
    ['jitter', 'outage', 'stall', 'outage', 'jitter'],
  );
  t.is(gaps[2]?.outageMs, null);
  t.is(gaps[1]?.sentDuring, 50);
});

test('a gap a probe-based measurement was taken from is named, in SUT units via the time scale', (t) => {
  const raw = [
    { start: 10, end: 17, durationMs: 6.9, sentDuring: 6, outageMs: 6.112 },
    { start: 40, end: 90, durationMs: 50, sentDuring: 40, outageMs: 48.1 },
  ];
  const gaps = classifyGaps(raw, 8.7, [{ name: 'blackout-pause-probe', value: 61.120000000000005, unit: 'ms' }, { name: 'x-gap', value: 0.481, unit: 's' }], 10);
  t.deepEqual(gaps[0]?.measuredAs, ['blackout-pause-probe']);
  // Smaller than the threshold, but measured: drawn as an outage.
  t.is(gaps[0]?.kind, 'outage');
  t.deepEqual(gaps[1]?.measuredAs, ['x-gap']);
  t.is(gapForMeasurement(raw, 61.12, 'ms', 10), raw[0] ?? null);
  t.is(gapForMeasurement(raw, 61.12, 'ms', 1), null);
  t.is(gapForMeasurement(raw, 0, 'ms', 10), null);
  t.is(gapForMeasurement(raw, 4, 'passes', 10), null);
});
