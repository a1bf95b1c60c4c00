import test from 'ava';
import { noiseFloor, perInstanceGrowth } from './memory.ts';

test('noise floor is the largest absolute control change', (t) => {
  t.is(noiseFloor([0.5, -2, 1]), 2);
  t.is(noiseFloor([]), 0);
});

test('growth above the noise in every run gives a positive per-instance median and spread', (t) => {
  t.deepEqual(perInstanceGrowth([30, 20, 40], 10, 5), { measurable: true, perInstance: 3, min: 2, max: 4, noise: 5 });
});

test('a run within the noise, or shrinking, is "not measurable", never a negative figure', (t) => {
  const shrunk = perInstanceGrowth([-20, 10, 12], 1, 3, 'MiB');
  t.false(shrunk.measurable);
  t.false('perInstance' in shrunk);
  t.regex(shrunk.measurable ? '' : shrunk.reason, /-20 MiB\) is within the noise floor \(±3 MiB\)/);
  t.false(perInstanceGrowth([2, 3], 1, 3).measurable);
  t.false(perInstanceGrowth([], 1, 0).measurable);
});
