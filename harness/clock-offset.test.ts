import test from 'ava';
import { at } from '../lib/checked.ts';
import { FakeClock } from '../lib/clock.ts';
import type { BmcClock } from '../drivers/capabilities/bmc-clock.ts';
import { estimateClockOffset } from './clock-offset.ts';

/** A BMC whose clock is `skew` ms ahead; each answer takes the next round trip from `rtts` (FakeClock time). */
function skewedBmc(clock: FakeClock, skew: number, rtts: number[]): BmcClock {
  let i = 0;
  return {
    kind: 'BmcClock',
    async wallTime() {
      const rtt = at(rtts, i++ % rtts.length, 'round trip of the fake BMC');
      clock.advance(rtt / 2);
      const answer = clock.wallNow() + skew;
      clock.advance(rtt / 2);
      return answer;
    },
    async timeScale() {
      return 1;
    },
  };
}

test('takes the sample with the smallest round trip; uncertainty is half of it', async (t) => {
  const clock = new FakeClock();
  const r = await estimateClockOffset(skewedBmc(clock, 2500, [40, 8, 30, 12]), clock, { samples: 4 });
  t.is(r.offsetMs, 2500);
  t.is(r.uncertaintyMs, 4);
  t.is(r.samples, 4);
});

test('a BMC behind the harness gives a negative offset', async (t) => {
  const clock = new FakeClock();
  const r = await estimateClockOffset(skewedBmc(clock, -700, [10]), clock, { samples: 3 });
  t.is(r.offsetMs, -700);
  t.is(r.uncertaintyMs, 5);
});
