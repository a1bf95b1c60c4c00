import test from 'ava';
import { event, goodFailover, masking, zoning } from '../../../scenarios/failover/lib/testing/history.ts';
import { failoverTimeline, remapDone, span, stepOf } from './timeline.ts';

const ref = { failed: 'srv01', standby: 'srv08', volume: 'boot-crm' };

test('a failover as steps across devices, each in the window between the two samples that show it, in time order', (t) => {
  const records = [...goodFailover(), event(80, 'srv08', 'OsRunning', '/redfish/v1/Systems/srv08', 5000)];
  const steps = failoverTimeline(records, ref);
  t.deepEqual(steps.map((s) => [s.step, s.window.device, s.window.from, s.window.to, s.basis]), [
    ['failed-off', 'srv01', 9, 20, 'samples'],
    ['unmapped', 'array1', 9, 30, 'samples'],
    ['mapped', 'array1', 29, 40, 'samples'],
    ['zoned', 'fcA', 9, 50, 'samples'],
    ['vlans-set', 'sw1', 9, 50, 'samples'],
    ['standby-on', 'srv08', 49, 60, 'samples'],
    ['standby-running', 'srv08', 80, 80, 'event'],
  ]);
  const off = stepOf(steps, 'failed-off');
  const done = remapDone(steps);
  t.truthy(off && done);
  if (!off || !done) return;
  t.deepEqual(span(off, done), { ms: 41, resolutionMs: 52 }, 'the longest the windows allow, and how much shorter it may have been');
  t.deepEqual(span(5, done), { ms: 45, resolutionMs: 41 }, 'from an exact instant (the fault)');
});

test('what the history does not show is left out: no OS running event, a fabric whose zoning never changed', (t) => {
  const records = goodFailover().filter((r) => !(r.type === 'sample' && r.capability === 'ZoneControl'));
  const steps = failoverTimeline([...records, zoning(10, { z: ['srv01'] }), zoning(50, { z: ['srv01'] }), masking(45, { 'boot-crm': [['srv08', 0]] })], ref);
  t.deepEqual(steps.map((s) => s.step), ['failed-off', 'unmapped', 'mapped', 'vlans-set', 'standby-on']);
});
