import test from 'ava';
import type { SoloContext } from '../../../harness/scenario.ts';
import { parseBmcTimestamp } from '../../../harness/runner/context.ts';
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import { bmcEventClockMs, bmcSpanMs } from './time.ts';

/** Only what bmcSpanMs reads: the harness's own BMC timestamp parser. */
const ctx = { parseBmcTime: parseBmcTimestamp } as unknown as SoloContext<never>;
const at = (eventTimestamp: string): BmcEvent => ({ eventTimestamp }) as BmcEvent;

test('an event span keeps the microseconds once: 04:04:54.978226 → 04:04:55.030674 is 52.448 ms', (t) => {
  const span = bmcSpanMs(ctx, at('2026-12-06T04:04:54.978226+00:00'), at('2026-12-06T04:04:55.030674+00:00'));
  t.is(Math.round(span * 1000), 52_448);
});

test('an event span across whole milliseconds only, and with a Z offset', (t) => {
  t.is(bmcSpanMs(ctx, at('2026-12-06T04:04:54.978Z'), at('2026-12-06T04:04:55.031Z')), 53);
});

test('an event late on the stream is placed where the BMC stamped it, anchored on the promptest delivery', (t) => {
  const scaled = { parseBmcTime: parseBmcTimestamp, timeScale: 2 } as unknown as SoloContext<never>;
  const ev = (eventTimestamp: string, receivedAt: number): BmcEvent => ({ eventTimestamp, receivedAt }) as BmcEvent;
  // Delivered 1 ms after it happened, then one 110 ms late: both 100 SUT ms (50 harness ms) apart.
  const prompt = ev('2026-12-06T04:04:55.000Z', 1001);
  const late = ev('2026-12-06T04:04:55.100Z', 1161);
  t.is(bmcEventClockMs(scaled, late, [prompt, late]), 1051);
  t.is(bmcEventClockMs(scaled, prompt, [prompt, late]), 1001);
});
