/**
 * ZoneControl and FabricLogins against the real FC switch services (in process, 127.0.0.1): the
 * zoning as configured, a member added and activated, a stale ZoneETag refused, a failed
 * activation leaving the effective zoning as it was, and logins following the servers' power.
 */
import test from 'ava';
import { ChangeRefusedError, ConcurrentChangeError } from '../../../capabilities/cluster-errors.ts';
import { driverLab } from './testing/lab.ts';

const SRV08_A = '21:00:00:24:ff:00:08:00';
const ARRAY_A = '50:06:01:60:3e:a0:00:01';

test('read: zones with their WWPNs, the zone set in effect, the default zone', async (t) => {
  const lab = await driverLab(t);
  const z = await lab.caps('fcA').ZoneControl.read();
  const spec = lab.model.config.fabrics.find((f) => f.id === 'A')!;
  t.is(z.fabric, 'A');
  t.deepEqual(
    z.zones.map((x) => [x.id, x.members]),
    spec.zones.map((x) => [x.id, [...x.members].sort()]),
  );
  t.true(z.zones.every((x) => typeof x.etag === 'string'));
  t.deepEqual(z.zoneSets.map((s) => [s.id, s.zones, s.active]), [['cfg-A', spec.zoneSets[0]!.zones, true]]);
  t.is(z.activeZoneSet, 'cfg-A');
  t.is(z.defaultRouting, false);
});

test('a spare joins a zone, the zone set is activated, then it leaves again — each read back', async (t) => {
  const lab = await driverLab(t);
  const zc = lab.caps('fcA').ZoneControl;
  const fabric = lab.model.fabric('A');
  const effective = (): boolean => fabric.effective?.zones.get('z-srv02')?.has(SRV08_A) ?? false;
  const added = await zc.addMember('z-srv02', SRV08_A);
  t.deepEqual(added.members, ['21:00:00:24:ff:00:02:00', SRV08_A, ARRAY_A].sort());
  t.false(effective(), 'defined, not yet effective');
  const after = await zc.activate('cfg-A');
  t.is(after.activeZoneSet, 'cfg-A');
  t.true(effective());
  const removed = await zc.removeMember('z-srv02', SRV08_A);
  t.deepEqual(removed.members, ['21:00:00:24:ff:00:02:00', ARRAY_A]);
  await zc.activate('cfg-A');
  t.false(effective());
});

test('a zone edit against a zone that changed since it was read is refused (ZoneETag, 412)', async (t) => {
  const lab = await driverLab(t);
  const zc = lab.caps('fcA').ZoneControl;
  const etag = (await zc.read()).zones.find((z) => z.id === 'z-srv02')!.etag!;
  await zc.addMember('z-srv02', SRV08_A);
  const e = await t.throwsAsync(zc.removeMember('z-srv02', SRV08_A, { ifMatch: etag }), { instanceOf: ConcurrentChangeError });
  t.is(e?.device, 'fcA');
  t.true([...lab.model.fabric('A').zones.get('z-srv02')!].includes(SRV08_A), 'nothing applied');
});

test('failed-activation: refused after the commit time; the previous zoning stays in effect', async (t) => {
  const lab = await driverLab(t, { defects: ['failed-activation'] });
  const zc = lab.caps('fcA').ZoneControl;
  await zc.addMember('z-srv02', SRV08_A);
  const e = await t.throwsAsync(zc.activate('cfg-A'), { instanceOf: ChangeRefusedError });
  t.is(e?.reason, 'fcA: activation of zone set cfg-A failed');
  t.false(lab.model.fabric('A').effective?.zones.get('z-srv02')?.has(SRV08_A) ?? false);
});

test('FabricLogins: the array port from the start, each HBA once its server powers on, gone when it powers off', async (t) => {
  const lab = await driverLab(t);
  const logins = lab.caps('fcA').FabricLogins;
  t.deepEqual(await logins.read(), [{ fabric: 'A', logins: [{ wwpn: ARRAY_A, switch: 'fcA', port: '30' }] }]);
  lab.model.start();
  await lab.until('srv01', 'Running');
  const [a] = await logins.read();
  const expected = [...lab.model.fabric('A').logins].map(([wwpn, port]) => ({ wwpn, switch: 'fcA', port })).sort((x, y) => (x.wwpn < y.wwpn ? -1 : 1));
  t.deepEqual(a?.logins, expected, 'the switch ports say what the fabric model holds');
  t.true(expected.some((l) => l.wwpn === '21:00:00:24:ff:00:01:00' && l.port === '0'));
  lab.model.system('srv01').reset('ForceOff');
  const [off] = await logins.read();
  t.false(off!.logins.some((l) => l.wwpn === '21:00:00:24:ff:00:01:00'));
});

test('slow-activation: the activation takes ten commit times and is read back in effect', async (t) => {
  const lab = await driverLab(t, { defects: ['slow-activation'] });
  const zc = lab.caps('fcA').ZoneControl;
  await zc.addMember('z-srv02', SRV08_A);
  t.is((await zc.activate('cfg-A')).activeZoneSet, 'cfg-A');
  t.true(lab.model.fabric('A').effective?.zones.get('z-srv02')?.has(SRV08_A) ?? false);
});
