import test from 'ava';
import { estimateOutage } from './outage.ts';

/** Probes every 1 ms from t=0; a server that pauses from S to E; the network adds `d` each way. */
function scenario(opts: { pauseStart: number; pauseEnd: number; d: number; held: boolean }) {
  const sendTimes = Array.from({ length: 200 }, (_, k) => k);
  const arrivals = sendTimes.map((s) => {
    const atServer = s + opts.d;
    if (atServer < opts.pauseStart || atServer >= opts.pauseEnd) return atServer + opts.d;
    return opts.held ? opts.pauseEnd + opts.d : undefined;
  });
  const answered = arrivals.flatMap((a, seq) => (a === undefined ? [] : [{ seq, a }])).sort((x, y) => x.a - y.a || x.seq - y.seq);
  const gapAt = answered.findIndex((x, k) => k > 0 && x.a - (answered[k - 1]?.a ?? x.a) > 3);
  const before = answered[gapAt - 1];
  const after = answered[gapAt];
  if (!before || !after) throw new Error('no gap in the synthetic answers');
  return estimateOutage({ sendTimes, lastBefore: before.seq, firstAfter: after.seq, firstAfterArrival: after.a, rttMs: 2 * opts.d, intervalMs: 1 });
}

test('a blackout (packets held, answered at its end) is bracketed within half a send interval', (t) => {
  for (const pauseStart of [50.1, 50.5, 50.9]) {
    const estimate = scenario({ pauseStart, pauseEnd: pauseStart + 37.25, d: 0.08, held: true });
    t.not(estimate, undefined);
    t.true(Math.abs((estimate ?? 0) - 37.25) <= 0.5, `estimate ${estimate} for a 37.25 ms pause starting at ${pauseStart}`);
  }
});

test('an IO failover window (packets dropped) is bracketed within one send interval', (t) => {
  for (const pauseStart of [80.2, 80.7]) {
    const estimate = scenario({ pauseStart, pauseEnd: pauseStart + 20.4, d: 0.05, held: false });
    t.true(Math.abs((estimate ?? 0) - 20.4) <= 1, `estimate ${estimate} for a 20.4 ms drop window`);
  }
});

test('the raw reply gap would overstate the pause; the estimate removes the send-phase bias', (t) => {
  const estimate = scenario({ pauseStart: 60.95, pauseEnd: 70.95, d: 0.1, held: true });
  // Reply gap here: last prompt answer at 60.2 (sent at 60), first held answer at 71.05 → 10.85 ms.
  t.true((estimate ?? 0) < 10.85);
  t.true(Math.abs((estimate ?? 0) - 10) <= 0.5);
});

test('no estimate without send times for the probes around the gap', (t) => {
  t.is(estimateOutage({ sendTimes: [0, 1], lastBefore: 5, firstAfter: 9, firstAfterArrival: 20, rttMs: 0.2, intervalMs: 1 }), undefined);
});

test('a probe that was not running stamps its answers late: no server pause is made of that', (t) => {
  // Probes every 1 ms, answered in 0.2 ms; the probe's loop did not run from 10.3 to 15.3, so the
  // answer to probe 10 (sent at 10, arrived at 10.2) is stamped at 15.3: a 6 ms reply gap.
  const sendTimes = Array.from({ length: 20 }, (_, k) => k);
  const blind = { sendTimes, lastBefore: 9, firstAfter: 10, firstAfterArrival: 15.3, rttMs: 0.2, intervalMs: 1 };
  t.is(estimateOutage({ ...blind, firstAfterNotBefore: 10.3 }), 0);
});

test('a held answer stamped after the loop looked away is placed in the middle of that window', (t) => {
  // Pause from 19.6 to 50.1 (one-way 0.1): probe 20 is held, answered at 50.1, arrives at 50.2;
  // the loop slept from 50.0 and stamped it at 50.4 (taking the stamp would give 30.7 ms).
  const sendTimes = Array.from({ length: 60 }, (_, k) => k);
  const estimate = estimateOutage({ sendTimes, lastBefore: 19, firstAfter: 20, firstAfterArrival: 50.4, firstAfterNotBefore: 50, rttMs: 0.2, intervalMs: 1 });
  t.is(Math.round((estimate ?? 0) * 1000), 30_500);
});

test('the pause began after the server answered the last probe before it, however late that answer was stamped', (t) => {
  // Probes every 1 ms; the server answered probe 10 late, at 60 (it was busy), then paused until
  // 100 (one-way 0.1) holding probes 11..; the loop looked at 60.05 and stamped 10's answer at 60.2.
  const sendTimes = Array.from({ length: 120 }, (_, k) => k);
  const estimate = estimateOutage({
    sendTimes, lastBefore: 10, lastBeforeNotBefore: 60.05, firstAfter: 11, firstAfterArrival: 100.1, firstAfterNotBefore: 100.1, rttMs: 0.2, intervalMs: 1,
  });
  // The pause cannot have begun before 59.95 (the old bracket from the send times alone gave 89.4 ms).
  t.is(Math.round((estimate ?? 0) * 1000), 40_050);
});
