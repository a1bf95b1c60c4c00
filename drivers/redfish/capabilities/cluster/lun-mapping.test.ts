/**
 * LunMapping against the real array service (in process, 127.0.0.1): the masking view equals what
 * the array enforces, a spare takes over a boot volume (host group, map, unmap), and the
 * refusals, the ETag race and the array's defects each end in their typed error with nothing applied.
 */
import test from 'ava';
import { ChangeRefusedError, ConcurrentChangeError, WriteNotConfirmedError } from '../../../capabilities/cluster-errors.ts';
import { maskedPaths } from '../../../../lib/domains/cluster/san.ts';
import { driverLab } from './testing/lab.ts';

const SRV08 = ['21:00:00:24:ff:00:08:00', '21:00:00:24:ff:00:08:01'];
const SRV02 = ['21:00:00:24:ff:00:02:00', '21:00:00:24:ff:00:02:01'];

test('read: volumes with NAA and boot capability, host groups, connections; who reaches each volume is what the masking grants', async (t) => {
  const lab = await driverLab(t);
  const a = lab.model.arrays.get('array1')!;
  const v = await lab.caps('array1').LunMapping.read();
  t.is(v.array, 'array1');
  t.deepEqual(
    v.volumes.map((x) => [x.id, x.naa, x.bootCapable, x.capacityBytes]),
    lab.model.config.arrays[0]!.volumes.map((x) => [x.id, x.naa, x.bootable, x.capacityGiB * 1024 ** 3]),
  );
  t.deepEqual(
    v.hostGroups.map((g) => [g.id, g.initiators]),
    [...a.hostGroups].map(([id, m]) => [id, [...m].sort()]),
  );
  t.deepEqual(v.connections.find((c) => c.id === 'hg-srv06')?.luns, [{ volume: 'boot-db', lun: 0 }, { volume: 'data-db', lun: 1 }]);
  for (const vol of v.volumes) {
    t.deepEqual(vol.reachableFrom, a.initiatorsOf(vol.id), `${vol.id}: the array's own access list`);
    t.deepEqual([...new Set(maskedPaths(v).filter((p) => p.volume === vol.id).map((p) => p.initiator))].sort(), a.initiatorsOf(vol.id), `${vol.id}: the masking view`);
  }
});

test('a spare takes over a boot volume: new host group, map at LUN 0, unmap from the failed server — each read back', async (t) => {
  const lab = await driverLab(t);
  const lun = lab.caps('array1').LunMapping;
  const a = lab.model.arrays.get('array1')!;
  const group = await lun.createHostGroup('hg-srv08', SRV08);
  t.deepEqual(group.initiators, SRV08);
  const conn = await lun.map({ hostGroup: 'hg-srv08', volume: 'boot-web', lun: 0 });
  t.like(conn, { hostGroup: 'hg-srv08', luns: [{ volume: 'boot-web', lun: 0 }] });
  t.deepEqual(a.lunsFor(SRV08[0]!), [{ volume: 'boot-web', lun: 0 }]);
  await lun.unmap({ hostGroup: 'hg-srv02', volume: 'boot-web' });
  t.false(a.connections.has('hg-srv02'), 'the connection that mapped nothing else is deleted');
  t.deepEqual(a.initiatorsOf('boot-web'), SRV08);
  // A second volume on an existing connection is a PATCH of its VolumeInfo; unmapping it leaves the first.
  await lun.map({ hostGroup: 'hg-srv08', volume: 'data-db', lun: 5 });
  t.deepEqual(a.connections.get(conn.id)?.volumes, [{ volume: 'boot-web', lun: 0 }, { volume: 'data-db', lun: 5 }]);
  await lun.unmap({ hostGroup: 'hg-srv08', volume: 'data-db' });
  t.deepEqual(a.connections.get(conn.id)?.volumes, [{ volume: 'boot-web', lun: 0 }]);
  const moved = await lun.setHostGroupInitiators('hg-srv02', [SRV02[0]!]);
  t.deepEqual(moved.initiators, [SRV02[0]]);
  await lun.deleteHostGroup('hg-srv02');
  t.false(a.hostGroups.has('hg-srv02'));
});

test('refusals and races are typed, name the device and the reason, and change nothing', async (t) => {
  const lab = await driverLab(t);
  const lun = lab.caps('array1').LunMapping;
  const a = lab.model.arrays.get('array1')!;
  const before = structuredClone([...a.connections.values()]);
  const clash = await t.throwsAsync(lun.map({ hostGroup: 'hg-srv06', volume: 'boot-web', lun: 1 }), { instanceOf: ChangeRefusedError });
  t.is(clash?.status, 409);
  t.is(clash?.reason, 'connection hg-srv06: LUN 1 is already used for host group hg-srv06');
  t.regex(clash?.message ?? '', /^array1 refused the change of \/redfish\/v1\/Fabrics\/SAN\/Connections\/hg-srv06 \(HTTP 409 ClusterLab\.1\.0\.RequestRejected\)/);
  const inUse = await t.throwsAsync(lun.deleteHostGroup('hg-srv06'), { instanceOf: ChangeRefusedError });
  t.is(inUse?.reason, 'host group hg-srv06 is used by connection hg-srv06');
  // Read, let someone else change the connection, then write with the ETag read: 412, nothing applied.
  const read = await lun.read();
  const etag = read.connections.find((c) => c.id === 'hg-srv06')!.etag!;
  await lun.map({ hostGroup: 'hg-srv06', volume: 'boot-report', lun: 2 });
  const changed = structuredClone([...a.connections.values()]);
  const race = await t.throwsAsync(lun.unmap({ hostGroup: 'hg-srv06', volume: 'data-db' }, { ifMatch: etag }), { instanceOf: ConcurrentChangeError });
  t.regex(race?.message ?? '', /^array1: \/redfish\/v1\/Fabrics\/SAN\/Connections\/hg-srv06 changed since it was read/);
  t.deepEqual([...a.connections.values()], changed);
  t.notDeepEqual(changed, before);
});

test('failed-commit: the array refuses after its commit time and the masking stays as it was', async (t) => {
  const lab = await driverLab(t, { defects: ['failed-commit'] });
  const a = lab.model.arrays.get('array1')!;
  const before = structuredClone([...a.connections.values()]);
  const e = await t.throwsAsync(lab.caps('array1').LunMapping.map({ hostGroup: 'hg-srv01', volume: 'data-db', lun: 3 }), { instanceOf: ChangeRefusedError });
  t.is(e?.reason, 'array1: commit of connection hg-srv01 failed');
  t.deepEqual([...a.connections.values()], before);
});

test('slow-commit: the change takes ten commit times and is read back whole', async (t) => {
  const lab = await driverLab(t, { defects: ['slow-commit'] });
  const conn = await lab.caps('array1').LunMapping.map({ hostGroup: 'hg-srv01', volume: 'data-db', lun: 3 });
  t.deepEqual(conn.luns, [{ volume: 'boot-crm', lun: 0 }, { volume: 'data-db', lun: 3 }]);
});

test('stale-mapping: the array reports the mapping deleted but still serves it — the confirm catches it', async (t) => {
  const lab = await driverLab(t, { defects: ['stale-mapping'] });
  const e = await t.throwsAsync(lab.caps('array1').LunMapping.unmap({ hostGroup: 'hg-srv02', volume: 'boot-web' }), { instanceOf: WriteNotConfirmedError });
  t.is(e?.device, 'array1');
  t.is(e?.resource, '/redfish/v1/Storage/array1/Volumes/boot-web');
  t.is(e?.difference, `volume boot-web is still reachable from ${SRV02.join(', ')} though no connection maps it to them`);
  t.deepEqual(lab.model.arrays.get('array1')!.lunsFor(SRV02[0]!), [{ volume: 'boot-web', lun: 0 }], 'the defect is real: the initiator still sees the volume');
});
