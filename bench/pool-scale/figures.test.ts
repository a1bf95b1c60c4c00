import test from 'ava';
import { anyBenchBounds, doubleBookings, figures, planBounds } from './figures.ts';
import { simulateGreedy } from './greedy-sim.ts';
import { anyBench, makeWorkload } from './workload.ts';

const d = (bench: string, from: number, to: number, devices = [bench], runner = 'r') => ({ bench, devices, from, to, runner });

test('double bookings are counted per device, a cluster lease overlapping a lease of its member included', (t) => {
  t.is(doubleBookings([d('a', 0, 10), d('a', 10, 20), d('b', 0, 5)]), 0, 'back to back is not a double booking');
  t.is(doubleBookings([d('a', 0, 10), d('a', 5, 20)]), 1);
  t.is(doubleBookings([d('c', 0, 10, ['m0', 'm1']), d('m1', 9, 12)]), 1);
  t.is(doubleBookings([d('a', 0, 100), d('a', 10, 20), d('a', 30, 40)]), 2, 'each one inside a long interval counts');
});

test('figures: makespan from the queueing, utilisation, the ideal and the plan bound, the idle gaps', (t) => {
  const tcs = [
    { id: '1', scenario: 's', bench: 'a', devices: ['a'], seconds: 3 },
    { id: '2', scenario: 's', bench: 'a', devices: ['a'], seconds: 1 },
    { id: '3', scenario: 's', bench: 'b', devices: ['b'], seconds: 2 },
  ];
  t.deepEqual(planBounds(tcs, 2, 0.5), { idealMs: 1500, boundMs: 2000 });
  const f = figures([d('a', 100, 1600), d('a', 1700, 2100), d('b', 100, 1100)], 0, 2, planBounds(tcs, 2, 0.5));
  t.is(f.makespanMs, 2100);
  t.is(f.utilisation, 2900 / 4200);
  t.is(f.doubleBookings, 0);
  t.is(f.gapP50, 100);
});

test('the workload is reproducible from its seed and has the asked size, clusters leased whole', (t) => {
  const a = makeWorkload({ benches: 50, testcases: 300, seed: 7 });
  t.deepEqual(a, makeWorkload({ benches: 50, testcases: 300, seed: 7 }));
  t.notDeepEqual(a.testcases.map((x) => x.seconds), makeWorkload({ benches: 50, testcases: 300, seed: 8 }).testcases.map((x) => x.seconds));
  t.is(a.benches.length, 50);
  t.is(a.testcases.length, 300);
  const fo = a.testcases.filter((x) => x.scenario.startsWith('fo-'));
  t.true(fo.length > 0 && fo.every((x) => x.devices.length === 3 && x.seconds >= 60 && x.seconds <= 300));
  t.true(a.testcases.filter((x) => !x.scenario.startsWith('fo-')).every((x) => x.seconds >= 5 && x.seconds <= 60));
});

test('any-bench: each testcase may run on every bench of its kind; the bound is the work of a kind over its benches, or the longest testcase', (t) => {
  const w = makeWorkload({ benches: 50, testcases: 300, seed: 7 });
  const any = anyBench(w);
  t.deepEqual(any.map((x) => x.seconds), w.testcases.map((x) => x.seconds), 'the same testcases, the same durations');
  t.true(any.every((x) => x.alternatives.length > 1 && x.alternatives.every((b) => b.kind === (x.scenario.startsWith('fo-') ? 'cluster' : 'ft'))));
  t.true(any.some((x) => x.alternatives.length === w.benches.filter((b) => b.kind === 'ft').length));
  const bench = (name: string, kind: 'ft' | 'cluster') => ({ name, kind, tags: [], devices: [name] });
  const [a, b, c] = [bench('a', 'ft'), bench('b', 'ft'), bench('c', 'cluster')];
  const tc = (id: string, seconds: number, alternatives: typeof a[]) => ({ id, scenario: id, bench: alternatives[0]?.name ?? '', devices: [], seconds, alternatives });
  t.deepEqual(anyBenchBounds([tc('1', 3, [a, b]), tc('2', 3, [a, b]), tc('3', 2, [c])], 3, 1), { idealMs: 8000 / 3, boundMs: 3000 }, 'ft work 6 s over 2 benches');
  t.deepEqual(anyBenchBounds([tc('1', 1, [a, b]), tc('3', 2, [c]), tc('4', 2, [c])], 3, 1), { idealMs: 5000 / 3, boundMs: 4000 }, 'the one cluster has 4 s of work');
  t.is(anyBenchBounds([tc('1', 9, [a, b]), tc('2', 1, [a, b])], 2, 1).boundMs, 9000, 'the longest testcase');
});

test('the instant greedy scheduler: the first queued testcase with a free alternative starts at once on the first free one', (t) => {
  const bench = (name: string) => ({ name, kind: 'ft' as const, tags: [], devices: [name] });
  const ab = [bench('a'), bench('b')];
  const tc = (id: string, seconds: number) => ({ id, scenario: id, bench: 'a', devices: [], seconds, alternatives: ab });
  const d = simulateGreedy([tc('1', 3), tc('2', 1), tc('3', 1), tc('4', 2)], 1);
  t.deepEqual(d.map((x) => [x.bench, x.from, x.to]), [['a', 0, 3000], ['b', 0, 1000], ['b', 1000, 2000], ['b', 2000, 4000]]);
});
