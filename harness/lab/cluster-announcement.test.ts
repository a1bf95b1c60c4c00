import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadInventory } from '../inventory/load.ts';
import { parseClusterAnnouncement } from './cluster-announcement.ts';
import { parseLabAnnouncement } from './lab-announcement.ts';
import { labFileOf, labInventory } from './lab-inventory.ts';

// Golden lines in the shape of the cluster contract (`ftlab emulate cluster`, and a lab host's `cluster` entry).
const MEMBERS = [
  { name: 'srv01', kind: 'server', redfish: 'https://127.0.0.1:41001', ipmi: '127.0.0.1:41002', console: { host: '127.0.0.1', tcp: 41011 }, ca: '/tmp/ftlab-certs-x/ca.pem' },
  { name: 'srv02', kind: 'server', redfish: 'https://127.0.0.1:41003', ipmi: '127.0.0.1:41004', console: { host: '127.0.0.1', tcp: 41012 }, ca: '/tmp/ftlab-certs-x/ca.pem' },
  { name: 'sw1', kind: 'ethernet-switch', redfish: 'https://127.0.0.1:41005', ca: '/tmp/ftlab-certs-x/ca.pem' },
  { name: 'fcA', kind: 'fc-switch', fabric: 'A', redfish: 'https://127.0.0.1:41006', ca: '/tmp/ftlab-certs-x/ca.pem' },
  { name: 'fcB', kind: 'fc-switch', fabric: 'B', redfish: 'https://127.0.0.1:41007', ca: '/tmp/ftlab-certs-x/ca.pem' },
  { name: 'array1', kind: 'array', redfish: 'https://127.0.0.1:41008', ca: '/tmp/ftlab-certs-x/ca.pem' },
];
const BUSINESSES = [
  { name: 'crm', priority: 'high', host: '127.0.0.1', udp: 41100, tcp: 41101 },
  { name: 'web', priority: 'low', host: '127.0.0.1', udp: 41102, tcp: 41103 },
];
const STANDALONE = JSON.stringify({ cluster: { name: 'cluster1', timeScale: 1, defects: [], truth: 'http://127.0.0.1:41200' }, devices: MEMBERS, businesses: BUSINESSES });
const IN_LAB = JSON.stringify({
  lab: { timeScale: 10, defects: [] },
  devices: [
    { name: 'ft0', kind: 'ft', redfish: 'http://127.0.0.1:42001', ipmi: '127.0.0.1:42002', timeScale: 10, defects: [] },
    { name: 'cluster1', kind: 'cluster', timeScale: 10, defects: ['slow-commit'], members: MEMBERS, businesses: BUSINESSES, truth: 'http://127.0.0.1:41200' },
  ],
});

test('the standalone announcement: members with their endpoints and fabric, businesses, the ground truth kept apart', (t) => {
  const c = parseClusterAnnouncement(STANDALONE);
  t.is(c.name, 'cluster1');
  t.is(c.truth, 'http://127.0.0.1:41200');
  t.deepEqual(c.members.map((m) => [m.name, m.kind, m.fabric ?? null, m.ipmi ?? null]), [
    ['srv01', 'server', null, '127.0.0.1:41002'],
    ['srv02', 'server', null, '127.0.0.1:41004'],
    ['sw1', 'ethernet-switch', null, null],
    ['fcA', 'fc-switch', 'A', null],
    ['fcB', 'fc-switch', 'B', null],
    ['array1', 'array', null, null],
  ]);
  t.deepEqual(c.businesses, [
    { name: 'crm', priority: 'high', host: '127.0.0.1', udp: 41100, tcp: 41101 },
    { name: 'web', priority: 'low', host: '127.0.0.1', udp: 41102, tcp: 41103 },
  ]);
});

test('a lab host with a cluster: the inventory holds its members and the cluster; lab.json loads back as the same inventory', (t) => {
  const a = parseLabAnnouncement(IN_LAB);
  t.deepEqual(a.devices.map((d) => d.name), ['ft0']);
  t.deepEqual(a.clusters[0]?.members.map((m) => [m.name, m.timeScale, m.defects]), MEMBERS.map((m) => [m.name, 10, ['slow-commit']]));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-cluster-ann-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const passwordFile = path.join(dir, 'bmc-password');
  writeFileSync(passwordFile, 'pw-Golden-42\n', { mode: 0o600 });
  writeFileSync(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
  const parts = {
    devices: a.devices.map((announcement) => ({ announcement, placement: { scenarios: ['ft-*'] } })),
    clusters: a.clusters.map((c) => ({ announcement: { ...c, members: c.members.map((m) => ({ ...m, ca: path.join(dir, 'ca.pem') })) }, placement: { tags: ['san'] } })),
  };
  const inv = labInventory(parts, { password: { value: 'pw-Golden-42', source: `file:${passwordFile}` }, passwordFile });
  t.deepEqual(inv.clusters, [
    { name: 'cluster1', servers: ['srv01', 'srv02'], ethernetSwitches: ['sw1'], fabrics: { A: 'fcA', B: 'fcB' }, arrays: ['array1'], businesses: BUSINESSES, tags: ['san'] },
  ]);
  t.deepEqual(inv.devices.map((d) => [d.name, d.kind, d.ipmi?.port ?? null]), [['ft0', 'ft', 42002], ...MEMBERS.map((m) => [m.name, m.kind, m.ipmi ? Number(m.ipmi.split(':')[1]) : null])]);
  t.deepEqual(inv.devices.map((d) => d.console ?? null).slice(1, 4), [{ tcp: { host: '127.0.0.1', port: 41011, telnet: false } }, { tcp: { host: '127.0.0.1', port: 41012, telnet: false } }, null], 'each server\'s console');
  const file = labFileOf(inv, passwordFile, 10);
  t.deepEqual((file.devices as Record<string, { console?: unknown }>).srv01?.console, { tcp: '127.0.0.1:41011' }, 'lab.json carries it');
  t.false(JSON.stringify(file).includes('pw-Golden-42'), 'lab.json holds the password file, not the password');
  t.false(JSON.stringify(file).includes('41200'), 'the ground truth is not part of the inventory');
  writeFileSync(path.join(dir, 'lab.json'), JSON.stringify(file));
  const back = loadInventory(path.join(dir, 'lab.json'));
  t.deepEqual(back.clusters, inv.clusters);
  t.deepEqual(back.devices, inv.devices.map((d) => ({ ...d, redfish: { ...d.redfish!, password: { value: 'pw-Golden-42', source: `file:${passwordFile}` } } })));
});

test('a cluster announcement is checked strictly: member kinds, fabrics, businesses, unique names', (t) => {
  const line = (members: unknown[], businesses: unknown[] = BUSINESSES): string => JSON.stringify({ cluster: { name: 'c' }, devices: members, businesses });
  t.throws(() => parseClusterAnnouncement('{"devices":[]}'), { message: /the cluster's announcement: lacks "cluster"/ });
  t.throws(() => parseClusterAnnouncement(line([{ name: 'x', kind: 'toaster', redfish: 'http://127.0.0.1:1' }])), { message: /devices\[0\] \(x\) is of kind toaster; expected one of server, ethernet-switch, fc-switch, array, partition-manager, failover-manager: / });
  t.throws(() => parseClusterAnnouncement(line([{ name: 'f', kind: 'fc-switch', redfish: 'http://127.0.0.1:1' }])), { message: /devices\[0\] \(f\) is an fc-switch without "fabric"/ });
  t.throws(() => parseClusterAnnouncement(line([{ kind: 'server', redfish: 'http://127.0.0.1:1' }])), { message: /devices\[0\] lacks "name"/ });
  t.throws(() => parseClusterAnnouncement(line([{ name: 's', kind: 'server', redfish: 'https://127.0.0.1:1' }])), { message: /serves HTTPS but announced no "ca"/ });
  t.throws(() => parseClusterAnnouncement(line([], [{ name: 'b', host: '127.0.0.1', udp: 0, tcp: 1, priority: 'high' }])), { message: /businesses\[0\] expected \{name, host, udp, tcp, priority\}/ });
  t.throws(() => parseClusterAnnouncement(line([], [{ name: 'b', host: '127.0.0.1', udp: 1, tcp: 2, priority: 'urgent' }])), { message: /businesses\[0\]\.priority expected one of high, medium, low/ });
  const srv = { name: 's', kind: 'server', redfish: 'http://127.0.0.1:1' };
  t.throws(() => parseClusterAnnouncement(line([srv, srv])), { message: /cluster c announces device s twice/ });
  const dup = parseLabAnnouncement(JSON.stringify({ lab: {}, devices: [{ name: 's', kind: 'ft', redfish: 'http://127.0.0.1:2' }, { name: 'c', kind: 'cluster', members: [srv], businesses: [] }] }));
  const account = { password: { value: 'x', source: 'test' }, passwordFile: '/nonexistent' };
  t.throws(() => labInventory({ devices: dup.devices.map((announcement) => ({ announcement, placement: {} })), clusters: dup.clusters.map((announcement) => ({ announcement, placement: {} })) }, account), {
    message: /the embedded lab announced "s" twice/,
  });
});
