import test from 'ava';
import { maxOf, percentile, secondsPerUnit } from './stats.ts';

test('nearest-rank percentiles pick observed values', (t) => {
  const v = [5, 1, 4, 2, 3];
  t.is(percentile(v, 50), 3);
  t.is(percentile(v, 95), 5);
  t.is(percentile(v, 0), 1);
  t.is(percentile([7], 95), 7);
  t.true(Number.isNaN(percentile([], 50)));
  t.is(maxOf(v), 5);
});

test('time units convert to seconds, other units are not time', (t) => {
  t.is(secondsPerUnit('ms'), 1e-3);
  t.is(secondsPerUnit('s'), 1);
  t.is(secondsPerUnit('min'), 60);
  t.is(secondsPerUnit('GiB'), undefined);
});
