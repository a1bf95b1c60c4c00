import test from 'ava';
import { labTable, powerOn, serverRead } from '../search/testing/lab.ts';

const STATUS = { srv01: 'in-use', srv02: 'in-use', srv03: 'in-use', srv04: 'in-use', srv05: 'in-use', srv06: 'in-use', srv07: 'in-use', srv08: 'unused', srv09: 'unused', srv10: 'unused', srv11: 'unused' };
const BUSINESS = { srv01: 'crm', srv02: 'web', srv03: 'erp', srv04: 'erp', srv05: 'batch', srv06: 'db', srv07: 'report' };

test('the default cluster: status and business of every server (FO-04)', (t) => {
  const table = labTable();
  t.deepEqual(Object.fromEntries(table.servers.map((s) => [s.id, s.status])), STATUS);
  t.deepEqual(Object.fromEntries(table.servers.flatMap((s) => (s.business ? [[s.id, s.business.name]] : []))), BUSINESS);
  t.deepEqual(table.servers.find((s) => s.id === 'srv06')?.business, { name: 'db', type: 'database', priority: 'high' });
  t.is(table.builtAt, '2026-12-06T10:00:00.000Z');
  t.deepEqual(table.fabrics, [{ fabric: 'A', activeZoneSet: 'cfg-A' }, { fabric: 'B', activeZoneSet: 'cfg-B' }]);
  t.deepEqual(table.hostGroups.find((g) => g.id === 'hg-lp1'), { array: 'array1', id: 'hg-lp1', initiators: ['21:00:00:24:ff:00:03:00', '21:00:00:24:ff:00:03:01'] });
});

test('a row has the basic and extended columns, read from the BMC, switch, fabrics and array', (t) => {
  const srv06 = labTable().servers.find((s) => s.id === 'srv06');
  t.deepEqual(srv06, {
    id: 'srv06', cpuModel: 'Xeon Platinum 8490H', cpuStepping: 'E5', cpuFrequencyMHz: 1900, memoryGiB: 2048, partition: null, status: 'in-use', powerState: 'On',
    business: { name: 'db', type: 'database', priority: 'high' }, hardwareKind: 'px8', chipset: 'C741', nicPorts: 4, hbaPorts: 2,
    vlans: [
      { switch: 'sw1', port: '21', untagged: 50, tagged: [] },
      { switch: 'sw1', port: '22', untagged: 1, tagged: [50] },
      { switch: 'sw1', port: '23', untagged: 1, tagged: [] },
      { switch: 'sw1', port: '24', untagged: 1, tagged: [] },
    ],
    zones: [{ fabric: 'A', zone: 'z-srv06', wwpn: '21:00:00:24:ff:00:06:00' }, { fabric: 'B', zone: 'z-srv06', wwpn: '21:00:00:24:ff:00:06:01' }],
    hbas: [{ wwpn: '21:00:00:24:ff:00:06:00', fabric: 'A' }, { wwpn: '21:00:00:24:ff:00:06:01', fabric: 'B' }],
    switches: ['sw1'], arrays: ['array1'],
    bootVolumes: [{ array: 'array1', volume: 'boot-db', lun: 0, hostGroup: 'hg-srv06' }, { array: 'array1', volume: 'data-db', lun: 1, hostGroup: 'hg-srv06' }],
  });
});

test('partition members share business and status; memory is per physical server', (t) => {
  const table = labTable();
  const [a, b] = ['srv03', 'srv04'].map((id) => table.servers.find((s) => s.id === id));
  t.deepEqual(a?.partition, { id: 'lp1', serverCount: 2, members: ['srv03', 'srv04'], bootMember: 'srv03' });
  t.deepEqual(b?.partition, a?.partition);
  t.is(a?.memoryGiB, 512, 'the BMC reports the logical server total, 1024');
  t.deepEqual(b?.bootVolumes, [], 'only the boot member is in the host group');
  t.is(b?.business?.name, 'erp');
});

test('a recorded failure marks every member failed; a spare powered on or seeing a volume is in use', (t) => {
  const failed = labTable((r) => (r.failed = ['srv04']));
  t.deepEqual(failed.servers.filter((s) => s.status === 'failed').map((s) => s.id), ['srv03', 'srv04']);
  t.is(labTable(powerOn('srv08')).servers.find((s) => s.id === 'srv08')?.status, 'in-use');
  const seeing = labTable((r) => {
    const a = r.arrays[0]?.mapping;
    a?.hostGroups.push({ id: 'hg-x', uri: '/g/x', initiators: ['21:00:00:24:ff:00:09:00'], etag: null });
    a?.connections.push({ id: 'c-x', uri: '/c/x', hostGroup: 'hg-x', luns: [{ volume: 'data-db', lun: 3 }], etag: null });
  });
  const srv09 = seeing.servers.find((s) => s.id === 'srv09');
  t.is(srv09?.status, 'in-use');
  t.is(srv09?.business, null, 'data-db is no business boot volume');
});

test('what a device does not show stays out: no LLDP → no switch, no VLAN; no boot target → no array', (t) => {
  const table = labTable((r) => {
    const s = serverRead(r, 'srv08');
    s.nics.forEach((n) => (n.switchPort = null));
    s.arrayTargets = [];
  });
  const srv08 = table.servers.find((s) => s.id === 'srv08');
  t.deepEqual([srv08?.switches, srv08?.vlans, srv08?.arrays], [[], [], []]);
});
