import test from 'ava';
import { MissingValueError } from '../../lib/checked.ts';
import { median, percentile } from './stats.ts';

test('percentile is nearest-rank over ascending samples, typed arrays included', (t) => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  t.is(percentile(xs, 50), 5);
  t.is(percentile(xs, 99), 10);
  t.is(percentile(xs, 0), 1);
  t.is(percentile(new Float64Array([0.5, 1.5]), 50), 0.5);
});

test('median takes the middle sample, or the mean of the middle two, of unsorted samples', (t) => {
  t.is(median([3, 1, 2]), 2);
  t.is(median([4, 1, 3, 2]), 2.5);
  t.is(median([7]), 7);
});

test('no samples is a MissingValueError, not NaN or 0', (t) => {
  t.throws(() => median([]), { instanceOf: MissingValueError, message: /median of the samples/ });
  t.throws(() => percentile([], 50), { instanceOf: MissingValueError, message: /p50 of the samples/ });
});
