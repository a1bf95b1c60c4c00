import test from 'ava';
import { ClusterRejection } from './events.ts';
import { BOOT_MS, bodies, rig } from '../testing/model.ts';

test('start powers the active systems, boots them from the SAN and leaves the spares off', (t) => {
  const { model } = rig();
  const state = Object.fromEntries([...model.systems.values()].map((s) => [s.id, `${s.power}/${s.boot}/${s.volume ?? '-'}`]));
  t.deepEqual(state, {
    srv01: 'On/Running/boot-crm',
    srv02: 'On/Running/boot-web',
    lp1: 'On/Running/boot-erp',
    srv05: 'On/Running/boot-batch',
    srv06: 'On/Running/boot-db',
    srv07: 'On/Running/boot-report',
    srv08: 'Off/Off/-',
    srv09: 'Off/Off/-',
    srv10: 'Off/Off/-',
    srv11: 'Off/Off/-',
  });
  t.deepEqual(
    model.businesses.specs.map((b) => [b.id, model.businesses.answerer(b.id)]),
    [['crm', 'srv01'], ['web', 'srv02'], ['erp', 'lp1'], ['batch', 'srv05'], ['db', 'srv06'], ['report', 'srv07']],
  );
  t.deepEqual([...model.fabric('A').logins.keys()].sort().slice(0, 3), ['21:00:00:24:ff:00:01:00', '21:00:00:24:ff:00:02:00', '21:00:00:24:ff:00:03:00']);
  t.false(model.fabric('A').logins.has('21:00:00:24:ff:00:08:00'), 'a spare that is off is not logged in');
  t.deepEqual([...(model.switches.get('sw1')?.port('1').learned ?? [])], ['02:f7:1a:00:01:00']);
});

test('power-on follows POST, fabric login and boot, each after its configured time, with one event per step', (t) => {
  const r = rig([], { start: false });
  const srv01 = r.model.system('srv01');
  srv01.reset('On');
  t.is(srv01.boot, 'Post');
  r.clock.advance(14_999);
  t.is(srv01.boot, 'Post');
  r.clock.advance(1);
  t.is(srv01.boot, 'FabricLogin');
  r.clock.advance(2_000);
  t.is(srv01.boot, 'Booting');
  r.clock.advance(59_999);
  t.is(srv01.boot, 'Booting');
  t.is(r.model.businesses.answerer('crm'), null);
  r.clock.advance(1);
  t.is(srv01.boot, 'Running');
  t.deepEqual(bodies(r.take()), [
    { type: 'ResetRequested', device: 'srv01', system: 'srv01', reset: 'On' },
    { type: 'PowerChanged', device: 'srv01', system: 'srv01', state: 'On' },
    { type: 'LinkChanged', device: 'sw1', port: '1', up: true, peer: '02:f7:1a:00:01:00' },
    { type: 'LinkChanged', device: 'sw1', port: '2', up: true, peer: '02:f7:1a:00:01:01' },
    { type: 'BootStateChanged', device: 'srv01', system: 'srv01', state: 'Post', volume: null },
    { type: 'BootStateChanged', device: 'srv01', system: 'srv01', state: 'FabricLogin', volume: null },
    { type: 'FabricLogin', device: 'fcA', wwpn: '21:00:00:24:ff:00:01:00', port: '0' },
    { type: 'FabricLogin', device: 'fcB', wwpn: '21:00:00:24:ff:00:01:01', port: '0' },
    { type: 'BootStateChanged', device: 'srv01', system: 'srv01', state: 'Booting', volume: 'boot-crm' },
    { type: 'BootStateChanged', device: 'srv01', system: 'srv01', state: 'Running', volume: 'boot-crm' },
    { type: 'MacLearned', device: 'sw1', port: '1', mac: '02:f7:1a:00:01:00' },
    { type: 'MacLearned', device: 'sw1', port: '2', mac: '02:f7:1a:00:01:01' },
    { type: 'BusinessReachability', device: 'srv01', business: 'crm', server: 'srv01' },
  ]);
});

test('ForceOff drops power, links and logins at once', (t) => {
  const r = rig();
  r.take();
  r.model.system('srv02').reset('ForceOff');
  t.deepEqual(bodies(r.take()), [
    { type: 'ResetRequested', device: 'srv02', system: 'srv02', reset: 'ForceOff' },
    { type: 'BootStateChanged', device: 'srv02', system: 'srv02', state: 'Off', volume: null },
    { type: 'BusinessReachability', device: 'web', business: 'web', server: null },
    { type: 'PowerChanged', device: 'srv02', system: 'srv02', state: 'Off' },
    { type: 'MacAged', device: 'sw1', port: '5', mac: '02:f7:1a:00:02:00' },
    { type: 'LinkChanged', device: 'sw1', port: '5', up: false, peer: '02:f7:1a:00:02:00' },
    { type: 'MacAged', device: 'sw1', port: '6', mac: '02:f7:1a:00:02:01' },
    { type: 'LinkChanged', device: 'sw1', port: '6', up: false, peer: '02:f7:1a:00:02:01' },
    { type: 'FabricLogout', device: 'fcA', wwpn: '21:00:00:24:ff:00:02:00', port: '1' },
    { type: 'FabricLogout', device: 'fcB', wwpn: '21:00:00:24:ff:00:02:01', port: '1' },
  ]);
});

test('GracefulShutdown takes shutdownMs, and first waits for a dump in progress', (t) => {
  const r = rig();
  const s = r.model.system('srv05');
  s.reset('GracefulShutdown');
  t.is(s.power, 'PoweringOff');
  r.clock.advance(19_999);
  t.is(s.power, 'PoweringOff');
  r.clock.advance(1);
  t.is(s.power, 'Off');

  const d = r.model.system('srv06');
  const dumpAt = r.clock.wallNow();
  d.startDump();
  r.clock.advance(30_000);
  d.reset('GracefulShutdown');
  r.clock.advance(60_000 + 19_999);
  t.is(d.power, 'PoweringOff', 'the dump (90 s) ended 60 s after the request; shutdown then takes 20 s');
  t.is(d.boot, 'ShuttingDown');
  r.clock.advance(1);
  t.is(d.power, 'Off');
  const dump = r.events.filter((e) => e.device === 'srv06' && (e.type === 'DumpStarted' || e.type === 'DumpFinished'));
  t.deepEqual(dump.map((e) => [e.type, e.at - dumpAt]), [['DumpStarted', 0], ['DumpFinished', 90_000]]);
});

test('a crashed OS ignores GracefulShutdown; ForceOff still works', (t) => {
  const r = rig();
  r.model.injectFault('srv07', 'OsHang');
  const s = r.model.system('srv07');
  t.is(s.boot, 'Crashed');
  t.is(r.model.businesses.answerer('report'), null);
  s.reset('GracefulShutdown');
  r.clock.advance(600_000);
  t.is(s.power, 'On');
  s.reset('ForceOff');
  t.is(s.power, 'Off');
});

test('PowerCycle is off for offMs, then a full boot; ForceRestart reboots without power loss', (t) => {
  const r = rig();
  const s = r.model.system('srv01');
  s.reset('PowerCycle');
  t.is(s.power, 'Off');
  r.clock.advance(4_999);
  t.is(s.power, 'Off');
  r.clock.advance(1);
  t.is(s.power, 'On');
  t.is(s.boot, 'Post');
  r.clock.advance(BOOT_MS);
  t.is(s.boot, 'Running');
  r.take();
  s.reset('ForceRestart');
  t.deepEqual(r.take().filter((e) => e.type === 'PowerChanged'), []);
  t.is(s.boot, 'Post');
  t.is(r.model.businesses.answerer('crm'), null);
});

test('ForceRestart of a system that is off is refused; On of one that is on changes nothing', (t) => {
  const r = rig();
  t.throws(() => r.model.system('srv08').reset('ForceRestart'), { instanceOf: ClusterRejection, message: 'srv08 is Off: ForceRestart needs a powered system' });
  r.take();
  r.model.system('srv01').reset('On');
  t.deepEqual(bodies(r.take()), [{ type: 'ResetRequested', device: 'srv01', system: 'srv01', reset: 'On' }]);
});

test('faults: a fan or power supply fault leaves the OS running; a CPU fault stops it and blocks POST until repaired', (t) => {
  const r = rig();
  r.model.injectFault('srv01', 'Fan');
  r.model.injectFault('srv01', 'PowerSupply');
  t.is(r.model.system('srv01').boot, 'Running');
  t.is(r.model.businesses.answerer('crm'), 'srv01');
  r.model.injectFault('srv01', 'Cpu');
  t.is(r.model.system('srv01').boot, 'Crashed');
  t.is(r.model.businesses.answerer('crm'), null);
  r.model.system('srv01').reset('PowerCycle');
  r.clock.advance(5_000 + 15_000);
  t.is(r.model.system('srv01').boot, 'Crashed', 'POST fails with the CPU fault');
  r.model.repair('srv01', 'Cpu');
  r.model.system('srv01').reset('PowerCycle');
  r.clock.advance(5_000 + BOOT_MS);
  t.is(r.model.businesses.answerer('crm'), 'srv01');
  t.throws(() => r.model.repair('srv01', 'Cpu'), { instanceOf: ClusterRejection, message: 'server srv01 has no Cpu fault' });
});

test('a BMC that stops answering is a flag with its event; the server runs on', (t) => {
  const r = rig();
  r.take();
  r.model.setBmcAnswering('srv02', false);
  r.model.setBmcAnswering('srv02', false);
  t.false(r.model.server('srv02').bmcAnswering);
  t.is(r.model.system('srv02').boot, 'Running');
  t.deepEqual(bodies(r.take()), [{ type: 'BmcAnswering', device: 'srv02', server: 'srv02', answering: false }]);
});
