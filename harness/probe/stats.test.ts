import test from 'ava';
import { resolution } from './stats.ts';

test('resolution: p99 of the send intervals, or of the arrival windows when those are wider', (t) => {
  const sends = Array.from({ length: 101 }, (_, k) => k);
  t.is(resolution(sends, [], 1), 1);
  t.is(resolution(sends, Array.from({ length: 100 }, () => 0.25), 1), 1);
  // A loop that stamps answers up to 3 ms late cannot resolve 1 ms, however regular its sends.
  t.is(resolution(sends, Array.from({ length: 100 }, () => 3), 1), 3);
  t.is(resolution([5], [], 2), 2, 'a single send: the nominal interval');
});
