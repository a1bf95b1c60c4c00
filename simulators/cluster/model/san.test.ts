import test from 'ava';
import { ClusterRejection } from './events.ts';
import { BOOT_MS, bodies, rig } from '../testing/model.ts';

const SRV08 = ['21:00:00:24:ff:00:08:00', '21:00:00:24:ff:00:08:01'];
const ARRAY_A = '50:06:01:60:3e:a0:00:01';
const ARRAY_B = '50:06:01:68:3e:a0:00:01';

test('SAN boot by hand: without its masking a server stops at "no bootable device"; with it back, the business answers', async (t) => {
  const r = rig();
  const array = r.model.arrays.get('array1')!;
  const web = r.model.system('srv02');
  const removal = array.deleteConnection('hg-srv02');
  t.is(web.boot, 'Running', 'nothing changes before the commit time');
  await r.settle(500);
  await removal;
  t.is(web.boot, 'Crashed', 'the running OS lost its boot volume');
  t.is(r.model.businesses.answerer('web'), null);
  web.reset('PowerCycle');
  r.clock.advance(5_000 + 15_000 + 2_000);
  t.is(web.boot, 'NoBootableDevice');
  t.like(r.events.at(-1), { type: 'BootStateChanged', state: 'NoBootableDevice', reason: 'no bootable device: no boot LUN visible through zoning and LUN masking' });
  const back = array.putConnection({ id: 'hg-srv02', hostGroup: 'hg-srv02', volumes: [{ volume: 'boot-web', lun: 0 }] });
  await r.settle(500);
  await back;
  t.is(web.boot, 'NoBootableDevice', 'firmware does not rescan by itself');
  web.reset('PowerCycle');
  r.clock.advance(5_000 + BOOT_MS);
  t.is(r.model.businesses.answerer('web'), 'srv02');
});

test('zoning is enforced: masked but not zoned is not visible; zoned and masked is', async (t) => {
  const r = rig();
  const array = r.model.arrays.get('array1')!;
  r.model.system('srv08').reset('On');
  r.clock.advance(BOOT_MS);
  t.is(r.model.system('srv08').boot, 'NoBootableDevice');
  await Promise.all([array.putHostGroup('hg-srv08', SRV08), r.settle(500)]);
  await Promise.all([array.putConnection({ id: 'hg-srv08', hostGroup: 'hg-srv08', volumes: [{ volume: 'data-db', lun: 0 }] }), r.settle(500)]);
  t.deepEqual(r.model.visibleVolumes(SRV08[0]!, 'A'), [], 'masked, but in no zone of the effective set (default zone denies)');
  const fcA = r.model.fabric('A');
  fcA.putZone('z-srv08', [SRV08[0]!, ARRAY_A]);
  fcA.putZoneSet('cfg-A', [...fcA.zoneSets.get('cfg-A')!, 'z-srv08']);
  t.deepEqual(r.model.visibleVolumes(SRV08[0]!, 'A'), [], 'the defined configuration is not effective before activation');
  await Promise.all([fcA.activate('cfg-A'), r.settle(500)]);
  t.deepEqual(r.model.visibleVolumes(SRV08[0]!, 'A'), [{ array: 'array1', volume: 'data-db', lun: 0 }]);
  t.deepEqual(r.model.visibleVolumes(SRV08[1]!, 'B'), [], 'fabric B is zoned apart');
  r.model.system('srv08').reset('PowerCycle');
  r.clock.advance(5_000 + BOOT_MS);
  t.is(r.model.system('srv08').boot, 'NoBootableDevice', 'LUN 0 is visible but the volume is not boot-capable');
});

test('failover by hand: off, remask, rezone, move the VLAN: the business answers from the standby, with no corruption', async (t) => {
  const r = rig();
  const array = r.model.arrays.get('array1')!;
  r.model.system('srv01').reset('ForceOff');
  await Promise.all([array.putHostGroup('hg-srv01', SRV08), r.settle(500)]);
  t.deepEqual(array.initiatorsOf('boot-crm'), SRV08, 'FO-06: the boot volume is masked to the standby only');
  for (const [f, w, target] of [['A', SRV08[0]!, ARRAY_A], ['B', SRV08[1]!, ARRAY_B]] as const) {
    const fc = r.model.fabric(f);
    fc.putZone('z-srv01', [w, target]);
    await Promise.all([fc.activate(`cfg-${f}`), r.settle(500)]);
  }
  r.model.system('srv08').reset('On');
  r.clock.advance(BOOT_MS);
  t.is(r.model.system('srv08').volume, 'boot-crm');
  t.is(r.model.system('srv08').boot, 'Running');
  t.is(r.model.businesses.answerer('crm'), null, 'srv08 is still in the spare VLAN 99');
  const sw = r.model.switches.get('sw1')!;
  await Promise.all([sw.setPortVlans('29', { mode: 'access', untagged: 10, tagged: [] }), r.settle(500)]);
  t.is(r.model.businesses.answerer('crm'), 'srv08');
  t.deepEqual(r.model.truth.corruptions, []);
});

test('two systems running the same boot volume are recorded as corruption, once per overlap', async (t) => {
  const r = rig();
  const array = r.model.arrays.get('array1')!;
  await Promise.all([array.putHostGroup('hg-srv01', [...array.hostGroups.get('hg-srv01')!, ...SRV08]), r.settle(500)]);
  for (const [f, w, target] of [['A', SRV08[0]!, ARRAY_A], ['B', SRV08[1]!, ARRAY_B]] as const) {
    const fc = r.model.fabric(f);
    fc.putZone('z-srv08', [w, target]);
    fc.putZoneSet(`cfg-${f}`, [...fc.zoneSets.get(`cfg-${f}`)!, 'z-srv08']);
    await Promise.all([fc.activate(`cfg-${f}`), r.settle(500)]);
  }
  r.model.system('srv08').reset('On');
  r.clock.advance(BOOT_MS);
  const at = r.clock.wallNow();
  t.deepEqual(r.model.truth.corruptions, [{ at, volume: 'boot-crm', systems: ['srv01', 'srv08'] }]);
  t.is(r.model.businesses.answerer('crm'), 'srv01', 'the one up longest answers');
  r.model.injectFault('srv02', 'Fan');
  t.is(r.model.truth.corruptions.length, 1);
});

test('a masking change that breaks a rule is refused at once, whole', (t) => {
  const r = rig();
  const array = r.model.arrays.get('array1')!;
  const before = structuredClone([...array.connections.values()]);
  r.take();
  t.throws(() => array.putConnection({ id: 'hg-srv06', hostGroup: 'hg-srv06', volumes: [{ volume: 'boot-db', lun: 0 }, { volume: 'nope', lun: 1 }] }), {
    instanceOf: ClusterRejection,
    message: 'connection hg-srv06: array array1 has no volume nope',
  });
  t.throws(() => array.putConnection({ id: 'extra', hostGroup: 'hg-srv06', volumes: [{ volume: 'boot-web', lun: 1 }] }), {
    instanceOf: ClusterRejection,
    message: 'connection extra: LUN 1 is already used for host group hg-srv06',
  });
  t.throws(() => array.deleteVolume('boot-db'), { message: 'volume boot-db is mapped by connection hg-srv06' });
  t.deepEqual([...array.connections.values()], before);
  t.deepEqual(r.take(), []);
});

test('failed-commit: the change is dropped whole after the commit time, with an event', async (t) => {
  const r = rig(['failed-commit']);
  const array = r.model.arrays.get('array1')!;
  const p = array.deleteConnection('hg-srv02');
  const rejected = t.throwsAsync(p, { instanceOf: ClusterRejection, message: 'array1: commit of deletion of connection hg-srv02 failed' });
  await r.settle(500);
  await rejected;
  t.true(array.connections.has('hg-srv02'));
  t.is(r.model.system('srv02').boot, 'Running');
  t.deepEqual(bodies(r.take()).filter((e) => e.device === 'array1'), [{ type: 'CommitFailed', device: 'array1', what: 'deletion of connection hg-srv02' }]);
});

test('slow-commit: a masking change takes 10x the commit time', async (t) => {
  const r = rig(['slow-commit']);
  const array = r.model.arrays.get('array1')!;
  const p = array.deleteConnection('hg-srv02');
  await r.settle(4_999);
  t.true(array.connections.has('hg-srv02'));
  await r.settle(1);
  await p;
  t.false(array.connections.has('hg-srv02'));
});

test('stale-mapping: a deleted mapping leaves the view and keeps working', async (t) => {
  const r = rig(['stale-mapping']);
  const array = r.model.arrays.get('array1')!;
  await Promise.all([array.deleteConnection('hg-srv02'), r.settle(500)]);
  t.false(array.connections.has('hg-srv02'));
  t.deepEqual(array.initiatorsOf('boot-web'), ['21:00:00:24:ff:00:02:00', '21:00:00:24:ff:00:02:01']);
  t.is(r.model.system('srv02').boot, 'Running', 'the server still sees its volume');
});

test('failed-activation keeps the previous effective zoning; slow-activation takes 10x', async (t) => {
  const failing = rig(['failed-activation']);
  const fc = failing.model.fabric('A');
  fc.putZoneSet('empty', []);
  const p = t.throwsAsync(fc.activate('empty'), { message: 'fcA: activation of zone set empty failed' });
  await failing.settle(500);
  await p;
  t.is(fc.effective?.zoneSet, 'cfg-A');
  t.is(failing.model.system('srv01').boot, 'Running');

  const slow = rig(['slow-activation']);
  const fcs = slow.model.fabric('A');
  fcs.putZoneSet('empty', []);
  const q = fcs.activate('empty');
  await slow.settle(4_999);
  t.is(fcs.effective?.zoneSet, 'cfg-A');
  await slow.settle(1);
  await q;
  t.is(fcs.effective?.zoneSet, 'empty');
  t.deepEqual(slow.model.visibleVolumes('21:00:00:24:ff:00:01:00', 'A'), [], 'fabric A no longer lets srv01 reach the array');
  t.is(slow.model.system('srv01').boot, 'Running', 'its path through fabric B still reaches the boot volume');
});
