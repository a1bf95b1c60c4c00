import test from 'ava';
import type { ProbeGap, ProbeRecord } from '../../../lib/history/records.ts';
import { gapCausedAt, largestGapOverlapping, largestGapStartingIn, largestGapWithin, type StoppedProbe } from './probe.ts';

/** A stopped probe whose time base is 1000 ms ahead of ctx.clock. */
function stopped(gaps: ProbeGap[]): StoppedProbe {
  const record: ProbeRecord = {
    type: 'probe', t: 0, wall: 0, scenario: { id: 's', iteration: 0 }, probe: 'p', target: '127.0.0.1:1',
    intervalMs: 1, resolutionMs: 1, sent: 100, received: 90, gaps, repliedFrom: ['127.0.0.1:1'], startedAt: 1000, stoppedAt: 2000,
  };
  return { name: 'p', record, offsetMs: 1000 };
}

// In ctx.clock time: A [100, 120] 20 ms, B [200, 260] 60 ms (outage 55), C [250, 400] 150 ms.
const probe = stopped([
  { start: 1100, end: 1120, durationMs: 20, sentDuring: 20 },
  { start: 1200, end: 1260, durationMs: 60, sentDuring: 60, outageMs: 55 },
  { start: 1250, end: 1400, durationMs: 150, sentDuring: 150 },
]);

test('gaps are read back in ctx.clock time; the outage estimate falls back to the reply gap', (t) => {
  t.deepEqual(largestGapOverlapping(probe, 0, 150), { start: 100, end: 120, durationMs: 20, outageMs: 20 });
  t.deepEqual(largestGapWithin(probe, 190, 270), { start: 200, end: 260, durationMs: 60, outageMs: 55 });
});

test('overlapping, within and starting-in each choose the largest gap their window admits', (t) => {
  t.is(largestGapOverlapping(probe, 110, 210)?.start, 200, 'A and B overlap; B is larger; C starts later');
  t.is(largestGapOverlapping(probe, 390, 500)?.start, 250, 'C overlaps by its tail');
  t.is(largestGapWithin(probe, 90, 300)?.start, 200, 'C ends outside the window');
  t.is(largestGapWithin(probe, 101, 255), undefined, 'A starts before the window, B and C end after it');
  t.is(largestGapStartingIn(probe, 190, 255)?.start, 250, 'B and C start inside; C is larger');
  t.is(largestGapStartingIn(probe, 121, 199), undefined);
  t.is(largestGapOverlapping(probe, 500, 600), undefined);
});

test('gapCausedAt attributes a gap to a cause by its start, within the slack before the cause', (t) => {
  t.is(gapCausedAt(probe, 240, 245)?.start, 250, 'C starts between the cause and its event receipt (+5 ms)');
  t.is(gapCausedAt(probe, 160, 170), undefined, 'B starts after the receipt + 5 ms; A before the slack');
});

test('the largest server pause wins over a longer reply gap in which the probe itself stalled', (t) => {
  // D: the probe's own thread stalled 97 ms (one send, no outage); E: a 56 ms blackout (52 sends held).
  const stalls = stopped([
    { start: 1486, end: 1583, durationMs: 97, sentDuring: 1, outageMs: 0 },
    { start: 1762, end: 1818, durationMs: 56, sentDuring: 52, outageMs: 56.6 },
  ]);
  t.is(largestGapOverlapping(stalls, 400, 900)?.start, 762);
});
