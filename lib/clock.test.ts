import test from 'ava';
import { FakeClock, ScaledClock, type Clock, type Timer } from './clock.ts';

test('FakeClock fires timers in due order, including timers set by timers', (t) => {
  const clock = new FakeClock();
  const fired: string[] = [];
  clock.setTimer(30, () => fired.push('c'));
  clock.setTimer(10, () => {
    fired.push('a');
    clock.setTimer(5, () => fired.push('a+5'));
  });
  clock.setTimer(20, () => fired.push('b'));
  clock.advance(25);
  t.deepEqual(fired, ['a', 'a+5', 'b']);
  t.is(clock.now(), 25);
  clock.advance(5);
  t.deepEqual(fired, ['a', 'a+5', 'b', 'c']);
});

test('FakeClock timers see the time they were due at', (t) => {
  const clock = new FakeClock(100);
  const seen: number[] = [];
  clock.setTimer(7, () => seen.push(clock.now()));
  clock.advance(50);
  t.deepEqual(seen, [107]);
  t.is(clock.now(), 150);
});

test('cancelled timers do not fire', (t) => {
  const clock = new FakeClock();
  let fired = false;
  clock.setTimer(5, () => (fired = true)).cancel();
  clock.advance(10);
  t.false(fired);
  t.is(clock.pendingTimers(), 0);
});

test('sleep rejects with the abort reason', async (t) => {
  const clock = new FakeClock();
  const ctrl = new AbortController();
  const p = clock.sleep(1000, ctrl.signal);
  ctrl.abort(new Error('stop'));
  await t.throwsAsync(p, { message: 'stop' });
  t.is(clock.pendingTimers(), 0);
});

/** A base clock whose time the test sets, to check ScaledClock's arithmetic exactly. */
class ManualBase implements Clock {
  t = 1000;
  delays: number[] = [];
  now(): number {
    return this.t;
  }
  wallNow(): number {
    return 1_700_000_000_000 + this.t;
  }
  setTimer(ms: number): Timer {
    this.delays.push(ms);
    return { cancel: () => undefined };
  }
  sleep(): Promise<void> {
    return Promise.resolve();
  }
}

test('ScaledClock runs N times faster and scales timer delays down', (t) => {
  const base = new ManualBase();
  const scaled = new ScaledClock(20, base);
  const start = scaled.now();
  const wallStart = scaled.wallNow();
  base.t += 50;
  t.is(scaled.now() - start, 1000);
  t.is(scaled.wallNow() - wallStart, 1000);
  scaled.setTimer(400, () => undefined);
  t.deepEqual(base.delays, [20]);
});

test('ScaledClock rejects a scale that is not a positive number', (t) => {
  t.throws(() => new ScaledClock(0), { instanceOf: RangeError });
  t.throws(() => new ScaledClock(Number.NaN), { instanceOf: RangeError });
});
