/**
 * VlanControl against the real Ethernet switch service and PartitionControl against the partition
 * manager (in process, 127.0.0.1): reads equal the switch model and the config, writes are read
 * back, refusals and defects end in typed errors with nothing applied.
 */
import test from 'ava';
import { ChangeRefusedError, ConcurrentChangeError } from '../../../capabilities/cluster-errors.ts';
import { driverLab } from './testing/lab.ts';

test('VlanControl read: every port\'s untagged and tagged VLANs as the switch holds them, and the VLAN table', async (t) => {
  const lab = await driverLab(t);
  const sw = lab.model.switches.get('sw1')!;
  const v = await lab.caps('sw1').VlanControl.read();
  t.is(v.switch, 'sw1');
  t.is(v.ports.length, sw.ports.size);
  for (const p of v.ports) {
    const m = sw.port(p.port).vlans;
    t.deepEqual([p.untagged, p.tagged], [m.untagged, m.mode === 'trunk' ? [...m.tagged].sort((a, b) => a - b) : []], `port ${p.port}`);
  }
  t.deepEqual(v.ports.find((p) => p.port === '22')?.tagged, [50]);
  t.deepEqual(v.vlanTable, lab.model.config.ethernetSwitches[0]!.vlans.map((x) => ({ id: x.id, name: x.name })));
});

test('VlanControl writes: the spare\'s port moves to the business VLAN, a trunk VLAN comes and goes; refusals change nothing', async (t) => {
  const lab = await driverLab(t);
  const vc = lab.caps('sw1').VlanControl;
  const sw = lab.model.switches.get('sw1')!;
  const port = lab.model.server('srv08').spec.nics[0]!.port;
  t.like(await vc.setUntaggedVlan(port, 20), { port, untagged: 20, tagged: [] });
  t.deepEqual(sw.port(port).vlans, { mode: 'access', untagged: 20, tagged: [] });
  t.like(await vc.addTaggedVlan(port, 30), { untagged: 20, tagged: [30] });
  t.like(await vc.removeTaggedVlan(port, 30), { untagged: 20, tagged: [] });
  const before = structuredClone(sw.port(port).vlans);
  const e = await t.throwsAsync(vc.setUntaggedVlan(port, 77), { instanceOf: ChangeRefusedError });
  t.is(e?.reason, 'switch sw1 has no VLAN 77');
  await t.throwsAsync(vc.addTaggedVlan(port, 30, { ifMatch: '"an-old-etag"' }), { instanceOf: ConcurrentChangeError });
  t.deepEqual(sw.port(port).vlans, before);
});

test('VlanControl under failed-commit: refused after the commit time, the port keeps its VLAN', async (t) => {
  const lab = await driverLab(t, { defects: ['failed-commit'] });
  const sw = lab.model.switches.get('sw1')!;
  const e = await t.throwsAsync(lab.caps('sw1').VlanControl.setUntaggedVlan('1', 20), { instanceOf: ChangeRefusedError });
  t.regex(e?.reason ?? '', /^sw1: commit of .* failed$/);
  t.is(sw.port('1').vlans.untagged, 10);
});

test('PartitionControl: lists lp1, composes lp2 of the two px4 spares, dissolves it; each read back', async (t) => {
  const lab = await driverLab(t);
  const pc = lab.caps('pm1').PartitionControl;
  const v = await pc.read();
  t.deepEqual(v.logicalServers, [{ id: 'lp1', uri: '/redfish/v1/Systems/lp1', servers: ['srv03', 'srv04'], powerState: 'Off' }]);
  const capable = [...lab.model.servers.values()].filter((s) => s.kind.maxPartitionServers > 1).map((s) => s.spec.id);
  t.deepEqual(v.blocks.map((b) => b.server), capable);
  t.deepEqual(v.blocks.filter((b) => b.composedInto).map((b) => [b.server, b.composedInto]), [['srv03', 'lp1'], ['srv04', 'lp1']]);
  const lp2 = await pc.compose('lp2', ['srv09', 'srv10']);
  t.deepEqual(lp2, { id: 'lp2', uri: '/redfish/v1/Systems/lp2', servers: ['srv09', 'srv10'], powerState: 'Off' });
  t.deepEqual(lab.model.system('lp2').members, ['srv09', 'srv10']);
  t.deepEqual((await lab.caps('srv10').ServerInventory.read()).partition, { id: 'lp2', members: ['srv09', 'srv10'], bootMember: 'srv09' }, 'the member\'s own BMC shows it too');
  await pc.dissolve('lp2');
  t.false(lab.model.systems.has('lp2'));
  t.deepEqual(lab.model.systemOf('srv09').members, ['srv09']);
});

test('PartitionControl refusals: a running server, mixed hardware, a running partition — typed, nothing changed', async (t) => {
  const lab = await driverLab(t);
  const pc = lab.caps('pm1').PartitionControl;
  lab.model.start();
  await lab.until('srv05', 'Running');
  const running = await t.throwsAsync(pc.compose('lp2', ['srv09', 'srv05']), { instanceOf: ChangeRefusedError });
  t.is(running?.status, 409);
  t.is(running?.reason, 'server srv05 is On: compose powered-off servers');
  const mixed = await t.throwsAsync(pc.compose('lp2', ['srv09', 'srv08']), { instanceOf: ChangeRefusedError });
  t.is(mixed?.status, 400);
  t.is(mixed?.reason, 'server srv08 is gx2, not px4: a partition is made of same-hardware servers');
  const busy = await t.throwsAsync(pc.dissolve('lp1'), { instanceOf: ChangeRefusedError });
  t.regex(busy?.reason ?? '', /^partition lp1 is (On|PoweringOn): dissolve it powered off$/);
  t.deepEqual([...lab.model.systems.keys()].filter((id) => lab.model.system(id).members.length > 1), ['lp1']);
  t.false(lab.model.systems.has('lp2'));
});
