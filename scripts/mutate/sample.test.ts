import test from 'ava';
import { mulberry32 as prng } from '../../lib/prng.ts';
import { sample } from './sample.ts';

const ITEMS = Array.from({ length: 200 }, (_, i) => `site-${i}`);

test('a seed always draws the same mutants, in site order, without repeats', (t) => {
  const a = sample(ITEMS, 50, 42);
  t.deepEqual(sample(ITEMS, 50, 42), a);
  t.is(a.length, 50);
  t.is(new Set(a).size, 50);
  t.deepEqual(a, [...a].sort((x, y) => ITEMS.indexOf(x) - ITEMS.indexOf(y)));
  t.true(a.every((x) => ITEMS.includes(x)));
});

test('another seed draws another sample', (t) => {
  t.notDeepEqual(sample(ITEMS, 50, 1), sample(ITEMS, 50, 2));
});

test('the first draws of a seed are fixed (the README figures name their seed)', (t) => {
  t.deepEqual(sample(ITEMS, 5, 1), ['site-1', 'site-106', 'site-125', 'site-193', 'site-196']);
  const r = prng(1);
  t.deepEqual([r(), r()].map((x) => x.toFixed(6)), ['0.627074', '0.002736']);
});

test('asking for more than there are gives all of them; a larger count extends nothing else', (t) => {
  t.deepEqual(sample(['a', 'b', 'c'], 10, 7), ['a', 'b', 'c']);
  t.deepEqual(sample([], 10, 7), []);
});
