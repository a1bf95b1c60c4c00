import test from 'ava';
import { selectForScaleOut } from './scale-out.ts';
import { DEFAULT_CONFIG, labTable, powerOn } from './testing/lab.ts';

test('FO-12: a scale-out request picks a matching unused server with the failover search, nothing failed', (t) => {
  const table = labTable();
  t.deepEqual(selectForScaleOut(table, DEFAULT_CONFIG, { like: 'srv01' }), { kind: 'selected', servers: ['srv08'], reason: 'exact hardware match (FO-05)', compose: null });
  t.deepEqual(selectForScaleOut(table, DEFAULT_CONFIG, { like: 'srv04' }), {
    kind: 'selected',
    servers: ['srv09', 'srv10'],
    reason: 'composed a 2-server logical server of unused same-hardware servers (FO-08, partition table: px4 forms 2)',
    compose: { id: 'lp1-srv09', servers: ['srv09', 'srv10'] },
  });
  t.deepEqual(selectForScaleOut(table, DEFAULT_CONFIG, { like: 'srv06' }), { kind: 'none', reason: 'no unused server matches srv06' });
  t.like(selectForScaleOut(labTable(powerOn('srv08')), DEFAULT_CONFIG, { like: 'srv01' }), { kind: 'selected', servers: ['srv09'], reason: 'satisfies the search policy (FO-09)' });
});

test('FO-12: a scale-out never preempts: with no unused px4 left, batch gets nothing', (t) => {
  t.deepEqual(selectForScaleOut(labTable(powerOn('srv09', 'srv10')), DEFAULT_CONFIG, { like: 'srv05' }), { kind: 'none', reason: 'no unused server matches srv05' });
});
