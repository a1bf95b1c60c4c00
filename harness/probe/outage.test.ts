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

test('a late stamp from the probe\'s own stall is not a held answer: no outage is charged to the server', (t) => {
  // Probes every 1 ms; the answer to probe 50 (sent at 50) arrived at 50.2, but the probe's thread
  // was not scheduled from 50.05 to 60: it stamped the answer at 60 and sent nothing meanwhile.
  const sendTimes = [...Array.from({ length: 51 }, (_, k) => k), ...Array.from({ length: 20 }, (_, k) => 60 + k)];
  const input = { sendTimes, lastBefore: 49, firstAfter: 50, firstAfterArrival: 60, rttMs: 0.2, intervalMs: 1 };
  t.true((estimateOutage(input) ?? 0) > 9, 'stamped alone, the late answer looks held for ~10 ms');
  t.is(estimateOutage({ ...input, firstAfterEarliest: 50.05 }), 0);
});
