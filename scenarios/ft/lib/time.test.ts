import test from 'ava';
import type { SoloContext } from '../../../harness/scenario.ts';
import { parseBmcTimestamp } from '../../../harness/runner/context.ts';
import type { BmcEvent } from '../../../drivers/capabilities/index.ts';
import { bmcSpanMs } from './time.ts';

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
