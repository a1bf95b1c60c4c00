import test from 'ava';
import { doubleBookings, figures, planBounds } from './figures.ts';
import { makeWorkload } from './workload.ts';

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
  const f = figures([d('a', 100, 1600), d('a', 1700, 2100), d('b', 100, 1100)], 0, tcs, 2, 0.5);
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
