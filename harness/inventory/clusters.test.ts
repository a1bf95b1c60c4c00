import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../lib/errors.ts';
import { clusterMembers } from './clusters.ts';
import { parseInventory } from './load.ts';
import { LAB_SCHEMA_PATH } from './write-lab-schema.ts';

const env = { PW: 'pw-Cluster-9' };
const rf = (port: number): string => `{ url: "http://127.0.0.1:${port}", user: admin, password: "\${env:PW}" }`;

const DEVICES = `devices:
  srv01: { kind: server, redfish: ${rf(8001)}, ipmi: { host: 127.0.0.1, port: 6231, user: admin, password: "\${env:PW}" } }
  srv02: { kind: server, redfish: ${rf(8002)} }
  sw1: { kind: ethernet-switch, redfish: ${rf(8010)} }
  fcA: { kind: fc-switch, redfish: ${rf(8011)} }
  fcB: { kind: fc-switch, redfish: ${rf(8012)} }
  array1: { kind: array, redfish: ${rf(8013)} }
  ft0: { kind: ft, redfish: ${rf(8020)} }
`;

const CLUSTER = `clusters:
  cluster1:
    servers: [srv01, srv02]
    ethernetSwitches: [sw1]
    fabrics: { A: fcA, B: fcB }
    arrays: [array1]
    businesses:
      - { name: crm, host: 127.0.0.1, udp: 7001, tcp: 7002, priority: high }
      - { name: web, host: 127.0.0.1, udp: 7003, tcp: 7004, priority: low }
    tags: [san]
`;

function fails(t: ExecutionContext, clusters: string, message: string | RegExp): void {
  const e = t.throws(() => parseInventory('lab.yaml', DEVICES + clusters, { env }), { instanceOf: ConfigError });
  if (typeof message === 'string') t.is(e?.message, message);
  else t.regex(e?.message ?? '', message);
}

test('lab.schema.json knows the cluster device kinds and the clusters section', (t) => {
  const schema = JSON.parse(readFileSync(LAB_SCHEMA_PATH, 'utf8')) as { definitions: { device: { properties: { kind: { enum: string[] } } } }; properties: object };
  t.deepEqual(schema.definitions.device.properties.kind.enum, ['ft', 'server', 'ethernet-switch', 'fc-switch', 'array', 'partition-manager', 'failover-manager']);
  t.true('clusters' in schema.properties);
});

test('a cluster groups devices by slot, with its businesses; devices keep their own endpoints', (t) => {
  const inv = parseInventory('lab.yaml', DEVICES + CLUSTER, { env });
  t.deepEqual(inv.clusters, [
    {
      name: 'cluster1',
      servers: ['srv01', 'srv02'],
      ethernetSwitches: ['sw1'],
      fabrics: { A: 'fcA', B: 'fcB' },
      arrays: ['array1'],
      businesses: [
        { name: 'crm', host: '127.0.0.1', udp: 7001, tcp: 7002, priority: 'high' },
        { name: 'web', host: '127.0.0.1', udp: 7003, tcp: 7004, priority: 'low' },
      ],
      tags: ['san'],
    },
  ]);
  t.deepEqual(clusterMembers(inv.clusters[0]!), ['srv01', 'srv02', 'sw1', 'fcA', 'fcB', 'array1']);
  t.deepEqual(inv.devices.map((d) => [d.name, d.kind]), [
    ['srv01', 'server'],
    ['srv02', 'server'],
    ['sw1', 'ethernet-switch'],
    ['fcA', 'fc-switch'],
    ['fcB', 'fc-switch'],
    ['array1', 'array'],
    ['ft0', 'ft'],
  ]);
  t.is(inv.devices[0]?.ipmi?.port, 6231);
  t.deepEqual(parseInventory('lab.yaml', DEVICES, { env }).clusters, [], 'no clusters: section, no clusters');
});

test('unknown devices, wrong kinds in a slot and a device in two clusters (or twice) are named', (t) => {
  fails(t, 'clusters:\n  c1:\n    servers: [srv01, srv99]\n', 'lab.yaml:11: clusters.c1.servers[1]: unknown device "srv99"; expected one of the devices: srv01, srv02, sw1, fcA, fcB, array1, ft0');
  fails(t, 'clusters:\n  c1:\n    servers: [srv01]\n    fabrics: { A: sw1 }\n', 'lab.yaml:12: clusters.c1.fabrics.A: device "sw1" is of kind ethernet-switch; fabrics takes devices of kind fc-switch');
  fails(t, 'clusters:\n  c1:\n    servers: [ft0]\n', 'lab.yaml:11: clusters.c1.servers[0]: device "ft0" is of kind ft; servers takes devices of kind server');
  fails(t, 'clusters:\n  c1:\n    servers: [srv01]\n    arrays: [fcA]\n', /clusters\.c1\.arrays\[0\]: device "fcA" is of kind fc-switch; arrays takes devices of kind array$/);
  fails(t, 'clusters:\n  c1:\n    servers: [srv01]\n    failoverManager: srv02\n', /clusters\.c1\.failoverManager: device "srv02" is of kind server; failoverManager takes devices of kind failover-manager$/);
  fails(
    t,
    'clusters:\n  c1:\n    servers: [srv01]\n  c2:\n    servers: [srv02, srv01]\n',
    'lab.yaml:13: clusters.c2.servers[1]: device "srv01" is already in clusters.c1.servers[0]; a device belongs to one cluster, once',
  );
  fails(t, 'clusters:\n  c1:\n    servers: [srv01]\n    fabrics: { A: fcA, B: fcA }\n', /clusters\.c1\.fabrics\.B: device "fcA" is already in clusters\.c1\.fabrics\.A; a device belongs to one cluster, once$/);
});

test('businesses: unique names, one address each, the schema names a missing field or a bad priority', (t) => {
  const biz = (rows: string): string => `clusters:\n  c1:\n    servers: [srv01]\n    businesses:\n${rows}`;
  fails(t, biz('      - { name: crm, host: 127.0.0.1, udp: 1, tcp: 2, priority: high }\n      - { name: crm, host: 127.0.0.1, udp: 3, tcp: 4, priority: low }\n'), /^lab\.yaml:14: clusters\.c1\.businesses\[1\]\.name: business "crm" is named twice in cluster c1; expected unique names$/);
  fails(
    t,
    biz('      - { name: crm, host: 127.0.0.1, udp: 1, tcp: 2, priority: high }\n      - { name: web, host: 127.0.0.1, udp: 3, tcp: 2, priority: low }\n'),
    /^lab\.yaml:14: clusters\.c1\.businesses\[1\]\.tcp: tcp 127\.0\.0\.1:2 is already the address of clusters\.c1\.businesses\[0\]\.tcp; expected one address per business$/,
  );
  fails(t, biz('      - { name: crm, host: 127.0.0.1, udp: 1, tcp: 2, priority: urgent }\n'), /clusters\.c1\.businesses\[0\]\.priority: expected one of: "high", "medium", "low" \(found "urgent"\)/);
  fails(t, biz('      - { name: crm, host: 127.0.0.1, udp: 1, priority: high }\n'), /clusters\.c1\.businesses\[0\]: expected property "tcp"|missing.*tcp/);
  fails(t, biz('      - { name: crm, host: 127.0.0.1, udp: 70000, tcp: 2, priority: high }\n'), /clusters\.c1\.businesses\[0\]\.udp: .*65535/);
});

test('the cluster shape: servers required, unknown slots named, a cluster may not reuse a device name', (t) => {
  fails(t, 'clusters:\n  c1:\n    arrays: [array1]\n', /^lab\.yaml:11: clusters\.c1: .*servers/);
  fails(t, 'clusters:\n  c1:\n    servers: []\n', /clusters\.c1\.servers: .*at least 1/);
  fails(t, 'clusters:\n  c1:\n    servers: [srv01]\n    switches: [sw1]\n', /^lab\.yaml:12: clusters\.c1\.switches: unknown property \(expected one of: servers, ethernetSwitches, fabrics, arrays, partitionManager, failoverManager, businesses, scenarios, tags\)$/);
  fails(t, 'clusters:\n  srv02:\n    servers: [srv01]\n', 'lab.yaml:11: clusters.srv02: "srv02" is also a device\'s name; expected a cluster name of its own');
});
