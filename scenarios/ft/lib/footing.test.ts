import test from 'ava';
import type { ProbeGap } from '../../../lib/history/records.ts';
import { explainedByHost, footingOver, harnessStalledMs, judgeSpread, type ProbeFooting, schedulingLagMs, silenceBeforeStop, worstStallMs } from './footing.ts';

const gap = (start: number, end: number, sentDuring: number): ProbeGap => ({ start, end, durationMs: end - start, sentDuring });
const probe = (over: Partial<ProbeFooting> = {}): ProbeFooting => ({ intervalMs: 1, resolutionMs: 1.5, startedAt: 0, stoppedAt: 1000, gaps: [], ...over });

test('scheduling lag: the measured p99 send interval beyond the requested one, never negative', (t) => {
  t.is(schedulingLagMs(probe({ resolutionMs: 13 })), 12);
  t.is(schedulingLagMs(probe({ resolutionMs: 0.9 })), 0);
});

test('harness stalls: only gaps with too few sends, clipped to the window, less the sends inside', (t) => {
  const p = probe({ gaps: [gap(100, 140, 0), gap(200, 260, 2), gap(300, 400, 90)] });
  t.is(harnessStalledMs(p, 0, 1000), 40 + (60 - 2));
  t.is(harnessStalledMs(p, 120, 230), 20 + (30 - 2), 'clipped at both ends');
  t.is(harnessStalledMs(p, 300, 400), 0, 'the workload left 90 probes unanswered: that is the SUT, not the harness');
});

test('footing over a phase: only probes that ran over all of it; the largest lag and stall among them', (t) => {
  const a = probe({ resolutionMs: 4, gaps: [gap(100, 150, 0)] });
  const b = probe({ startedAt: 500, resolutionMs: 30 });
  t.deepEqual(footingOver([a, b], 90, 200), { lagMs: 3, stalledMs: 50, worstStallMs: 50 });
  t.deepEqual(footingOver([a, b], 600, 700), { lagMs: 29, stalledMs: 0, worstStallMs: 50 }, 'a stalled the host for 50 ms earlier in its run');
  t.is(footingOver([b], 90, 200), null, 'no probe covered the phase');
});

test('the longest stall of a run, and what the host explains: stalls inside the phase, or each edge delayed by the longest stall', (t) => {
  const p = probe({ gaps: [gap(100, 140, 0), gap(200, 270, 1), gap(300, 400, 90)] });
  t.is(worstStallMs(p), 69, 'the 100 ms gap with 90 probes sent is the workload, not the host');
  t.is(explainedByHost({ lagMs: 1, stalledMs: 150, worstStallMs: 69 }, 1), 150);
  t.is(explainedByHost({ lagMs: 1, stalledMs: 0, worstStallMs: 69 }, 2), 0, 'a stall elsewhere in the run says nothing about this phase');
  t.is(explainedByHost({ lagMs: 1, stalledMs: 0, worstStallMs: 0 }, 4), 0, 'a host that never stalled the probe explains nothing');
});

test('a spread is held, inconclusive within what the stalls explain, else a disagreement', (t) => {
  t.is(judgeSpread(10, 10, 0), 'holds');
  t.is(judgeSpread(25, 10, 20), 'inconclusive');
  t.is(judgeSpread(30, 10, 20), 'inconclusive');
  t.is(judgeSpread(30.5, 10, 20), 'disagrees');
  t.is(judgeSpread(11, 10, 0), 'disagrees', 'a quiet host explains nothing');
});

test('silence before the stop: harness stalls left out, each gap less two resolution steps when certain', (t) => {
  const p = probe({ resolutionMs: 10, stoppedAt: 1000, gaps: [gap(850, 880, 0), gap(920, 950, 25), gap(960, 1000, 35)] });
  const s = silenceBeforeStop(p, 100);
  t.is(s.raw, 30 + 40);
  t.is(s.certain, 10 + 20);
  t.deepEqual(s.open, { raw: 40, certain: 20 });
});

test('silence before the stop: a gap starting before the window counts from the window on', (t) => {
  const s = silenceBeforeStop(probe({ resolutionMs: 1, stoppedAt: 1000, gaps: [gap(850, 950, 80)] }), 100);
  t.is(s.raw, 50);
  t.is(s.certain, 48);
  t.is(s.open, null);
});
