import test from 'ava';
import { ConfigError } from '../../../lib/errors.ts';
import { parseClusterDefects } from './defects.ts';
import { ClusterRejection } from './events.ts';
import { BOOT_MS, bodies, rig } from '../testing/model.ts';

test('Ethernet: a VLAN change applies after the commit time and moves the business', async (t) => {
  const r = rig();
  const sw = r.model.switches.get('sw1')!;
  r.take();
  const p = sw.setPortVlans('1', { mode: 'trunk', untagged: 1, tagged: [20, 10, 20] });
  t.is(r.model.businesses.answerer('crm'), 'srv01');
  await r.settle(500);
  await p;
  t.deepEqual(sw.port('1').vlans, { mode: 'trunk', untagged: 1, tagged: [10, 20] });
  t.is(r.model.businesses.answerer('crm'), 'srv01', 'tagged VLAN 10 still reaches it');
  await Promise.all([sw.setPortVlans('1', { mode: 'access', untagged: 99, tagged: [] }), r.settle(500)]);
  t.is(r.model.businesses.answerer('crm'), null);
  t.deepEqual(bodies(r.take()), [
    { type: 'PortVlansChanged', device: 'sw1', port: '1' },
    { type: 'PortVlansChanged', device: 'sw1', port: '1' },
    { type: 'BusinessReachability', device: 'crm', business: 'crm', server: null },
  ]);
});

test('Ethernet: bad VLAN requests are refused at once and change nothing', (t) => {
  const r = rig();
  const sw = r.model.switches.get('sw1')!;
  t.throws(() => sw.setPortVlans('1', { mode: 'access', untagged: 77, tagged: [] }), { instanceOf: ClusterRejection, message: 'switch sw1 has no VLAN 77' });
  t.throws(() => sw.setPortVlans('1', { mode: 'access', untagged: 10, tagged: [20] }), { message: 'an access port carries no tagged VLANs' });
  t.throws(() => sw.setPortVlans('49', { mode: 'access', untagged: 10, tagged: [] }), { message: 'switch sw1 has no port 49' });
  t.throws(() => sw.createVlan(4095, 'x'), { message: 'VLAN 4095: expected an id from 1 to 4094' });
  t.throws(() => sw.removeVlan(10), { message: 'VLAN 10 is still on port 1 of switch sw1' });
  t.deepEqual(sw.port('1').vlans, { mode: 'access', untagged: 10, tagged: [] });
});

test('Ethernet: disabling a port drops its link and ages its MACs; enabling brings it back', (t) => {
  const r = rig();
  const sw = r.model.switches.get('sw1')!;
  r.take();
  sw.setEnabled('5', false);
  t.is(r.model.businesses.answerer('web'), null);
  sw.setEnabled('5', true);
  t.is(r.model.businesses.answerer('web'), 'srv02');
  t.deepEqual(bodies(r.take()), [
    { type: 'PortEnabledChanged', device: 'sw1', port: '5', enabled: false },
    { type: 'MacAged', device: 'sw1', port: '5', mac: '02:f7:1a:00:02:00' },
    { type: 'LinkChanged', device: 'sw1', port: '5', up: false, peer: '02:f7:1a:00:02:00' },
    { type: 'BusinessReachability', device: 'web', business: 'web', server: null },
    { type: 'PortEnabledChanged', device: 'sw1', port: '5', enabled: true },
    { type: 'LinkChanged', device: 'sw1', port: '5', up: true, peer: '02:f7:1a:00:02:00' },
    { type: 'MacLearned', device: 'sw1', port: '5', mac: '02:f7:1a:00:02:00' },
    { type: 'BusinessReachability', device: 'srv02', business: 'web', server: 'srv02' },
  ]);
});

test('port-flap: a port that comes up drops and returns 3 times, 500 ms apart, then stays up', (t) => {
  const r = rig(['port-flap'], { start: false });
  r.model.system('srv08').reset('On');
  r.clock.advance(3_000);
  const port29 = r.events.filter((e) => e.type === 'LinkChanged' && e.port === '29').map((e) => [e.type === 'LinkChanged' && e.up, e.at - r.events[0]!.at]);
  t.deepEqual(port29, [[true, 0], [false, 500], [true, 1000], [false, 1500], [true, 2000], [false, 2500], [true, 3000]]);
});

test('FC: a zone edit is not effective until its zone set is activated again', async (t) => {
  const r = rig();
  const fc = r.model.fabric('A');
  fc.putZone('z-srv01', ['21:00:00:24:ff:00:01:00']);
  t.true(fc.canTalk('21:00:00:24:ff:00:01:00', '50:06:01:60:3e:a0:00:01'));
  await Promise.all([fc.activate('cfg-A'), r.settle(500)]);
  t.false(fc.canTalk('21:00:00:24:ff:00:01:00', '50:06:01:60:3e:a0:00:01'));
  t.throws(() => fc.removeZone('z-srv01'), { instanceOf: ClusterRejection, message: 'zone z-srv01 is in zone set cfg-A' });
  t.throws(() => fc.putZoneSet('x', ['nope']), { message: 'zone set x: fabric A has no zone nope' });
  t.throws(() => fc.putZone('x', ['21:00:00:24:FF:00:01:00']), { message: 'zone x: "21:00:00:24:FF:00:01:00" is not a WWPN like 21:00:00:24:ff:30:14:c5' });
});

test('FC: with no effective zone set the default zone decides', async (t) => {
  const r = rig();
  const fc = r.model.fabric('B');
  await Promise.all([fc.activate(null), r.settle(500)]);
  t.false(fc.canTalk('21:00:00:24:ff:00:01:01', '50:06:01:68:3e:a0:00:01'));
  fc.setDefaultZone('allow');
  t.true(fc.canTalk('21:00:00:24:ff:00:01:01', '50:06:01:68:3e:a0:00:01'));
  t.false(fc.canTalk('21:00:00:24:ff:00:08:01', '50:06:01:68:3e:a0:00:01'), 'a device that is not logged in talks to nobody');
});

test('partitions: compose same-hardware powered-off servers into one system that boots as one, dissolve it again', (t) => {
  const r = rig();
  t.throws(() => r.model.compose('lp2', ['srv09', 'srv08']), { instanceOf: ClusterRejection, message: 'server srv08 is gx2, not px4: a partition is made of same-hardware servers' });
  t.throws(() => r.model.compose('lp2', ['srv09', 'srv05']), { message: 'server srv05 is On: compose powered-off servers' });
  t.throws(() => r.model.compose('lp2', ['srv09', 'srv04']), { message: 'server srv04 is in partition lp1' });
  t.throws(() => r.model.compose('lp2', ['srv06', 'srv07']), { message: 'server srv06 is On: compose powered-off servers' });
  t.deepEqual([...r.model.systems.keys()].filter((k) => k === 'srv09' || k === 'srv10'), ['srv09', 'srv10'], 'refusals change nothing');
  r.model.compose('lp2', ['srv09', 'srv10']);
  t.false(r.model.systems.has('srv09'));
  const lp2 = r.model.system('lp2');
  t.deepEqual(lp2.members, ['srv09', 'srv10']);
  lp2.reset('On');
  t.true(r.model.switches.get('sw1')!.port('37').peer?.up, 'every member is powered');
  r.clock.advance(BOOT_MS);
  t.is(lp2.boot, 'NoBootableDevice', 'nothing is masked to srv09 yet');
  t.throws(() => r.model.dissolve('lp2'), { message: 'partition lp2 is On: dissolve it powered off' });
  lp2.reset('ForceOff');
  r.model.dissolve('lp2');
  t.deepEqual([...r.model.systems.keys()].filter((k) => k === 'srv09' || k === 'srv10' || k === 'lp2'), ['srv09', 'srv10']);
  t.throws(() => r.model.dissolve('srv09'), { message: 'srv09 is a server, not a partition' });
});

test('a fault on any member of a partition stops the logical server', (t) => {
  const r = rig();
  r.model.injectFault('srv04', 'Memory');
  t.is(r.model.system('lp1').boot, 'Crashed');
  t.is(r.model.businesses.answerer('erp'), null);
});

test('--defect names are checked against the list', (t) => {
  t.deepEqual(parseClusterDefects(['port-flap', 'stale-mapping', 'port-flap']), ['port-flap', 'stale-mapping']);
  t.throws(() => parseClusterDefects(['flaky']), {
    instanceOf: ConfigError,
    message: '--defect: unknown defect "flaky"; expected one of: slow-commit, failed-commit, slow-activation, failed-activation, port-flap, stale-mapping',
  });
});
