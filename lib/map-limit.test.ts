import test from 'ava';
import { mapLimit } from './map-limit.ts';

/** A call that resolves when the test says so, and counts the calls in flight. */
function gate(): { fn: (x: number) => Promise<number>; inFlight: () => number; peak: () => number; release: () => void } {
  let now = 0;
  let peak = 0;
  const waiting: Array<() => void> = [];
  return {
    fn: async (x) => {
      now += 1;
      peak = Math.max(peak, now);
      await new Promise<void>((r) => waiting.push(r));
      now -= 1;
      return x * 10;
    },
    inFlight: () => now,
    peak: () => peak,
    release: () => waiting.splice(0).forEach((r) => r()),
  };
}

test('at most `limit` calls in flight; results in the order of the items', async (t) => {
  const g = gate();
  const p = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, g.fn);
  while (g.inFlight() > 0 || g.peak() === 0) {
    await new Promise((r) => setImmediate(r));
    t.true(g.inFlight() <= 3);
    g.release();
  }
  t.deepEqual(await p, [10, 20, 30, 40, 50, 60, 70]);
  t.is(g.peak(), 3);
});

test('the first rejection rejects the whole and no further call starts', async (t) => {
  const started: number[] = [];
  const e = await t.throwsAsync(
    mapLimit([1, 2, 3, 4], 1, async (x) => {
      started.push(x);
      if (x === 2) throw new Error('no 2');
      return x;
    }),
  );
  t.is(e?.message, 'no 2');
  t.deepEqual(started, [1, 2]);
});

test('an empty list and a bad limit', async (t) => {
  t.deepEqual(await mapLimit([], 4, async (x: number) => x), []);
  await t.throwsAsync(mapLimit([1], 0, async (x) => x), { instanceOf: RangeError, message: 'mapLimit: limit: expected an integer ≥ 1 (found 0)' });
});
