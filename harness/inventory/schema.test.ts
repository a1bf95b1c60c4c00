import test from 'ava';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../../lib/errors.ts';
import { ENDPOINT_TYPES, genericEndpoint } from './endpoints/table.ts';
import { DEVICE_KINDS } from './kinds.ts';
import { parseInventory } from './load.ts';
import { buildLabSchema, type InventoryTables } from './schema.ts';
import { LAB_SCHEMA_PATH } from './write-lab-schema.ts';

test('lab.schema.json is the schema the tables make (else: npx tsx harness/inventory/write-lab-schema.ts)', (t) => {
  const onDisk = JSON.parse(readFileSync(LAB_SCHEMA_PATH, 'utf8')) as unknown;
  t.deepEqual(onDisk, JSON.parse(JSON.stringify(buildLabSchema())) as unknown);
});

const CONSOLE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  oneOf: [{ required: ['tcp'] }, { required: ['serial'] }],
  properties: { tcp: { type: 'string', pattern: '^[^\\s:]+:\\d+$' }, serial: { type: 'string', minLength: 1 } },
};

const WIDER: InventoryTables = {
  kinds: { ...DEVICE_KINDS, pdu: 'power distribution unit', tape: 'tape library' },
  endpoints: { ...ENDPOINT_TYPES, console: genericEndpoint('console', 'serial console: TCP host:port or a serial device', CONSOLE_SCHEMA) },
};

test('a new kind and a new endpoint type are one table entry each: schema and loader follow', (t) => {
  const env = { PW: 'pw-Wider-1' };
  const inv = parseInventory(
    'lab.yaml',
    `devices:
  sw0:
    kind: pdu
    redfish: { url: "http://127.0.0.1:1", user: admin, password: "\${env:PW}" }
    console: { tcp: "127.0.0.1:7001" }
  arr:
    kind: tape
    ipmi: { host: 127.0.0.1, user: admin, password: "\${env:PW}" }
    console: { serial: /dev/ttyS1 }
`,
    { env, tables: WIDER },
  );
  t.deepEqual(inv.devices.map((d) => [d.name, d.kind, d.endpoints]), [
    ['sw0', 'pdu', { console: { tcp: '127.0.0.1:7001' } }],
    ['arr', 'tape', { console: { serial: '/dev/ttyS1' } }],
  ]);
  const device = (buildLabSchema(WIDER).definitions as { device: { properties: Record<string, unknown> } }).device;
  t.deepEqual(Object.keys(device.properties), ['kind', 'redfish', 'ipmi', 'console', 'use', 'scenarios', 'tags', 'probe']);
  const fail = (text: string, message: string | RegExp): void => {
    const e = t.throws(() => parseInventory('lab.yaml', text, { env, tables: WIDER }), { instanceOf: ConfigError });
    if (typeof message === 'string') t.is(e?.message, message);
    else t.regex(e?.message ?? '', message);
  };
  fail('devices:\n  x:\n    kind: pdu\n    console: { tcp: "h:1" }\n', 'lab.yaml:3: devices.x: expected at least one of: redfish, ipmi');
  fail('devices:\n  x:\n    kind: toaster\n    console: { tcp: "h:1" }\n    ipmi: { host: h, user: u, password: "${env:PW}" }\n', 'lab.yaml:3: devices.x.kind: expected one of: "ft", "server", "ethernet-switch", "fc-switch", "array", "partition-manager", "failover-manager", "pdu", "tape" (found "toaster")');
  fail('devices:\n  x:\n    kind: tape\n    ipmi: { host: h, user: u, password: "${env:PW}" }\n    use: { PowerControl: console }\n', /devices\.x\.use\.PowerControl: expected one of: "redfish", "ipmi" \(found "console"\)/);
  t.throws(() => parseInventory('lab.yaml', 'devices:\n  x:\n    kind: pdu\n    ipmi: { host: h, user: u, password: "${env:PW}" }\n', { env }), { message: /devices\.x\.kind: expected one of: "ft"/ }, 'the shipped table does not have it');
});
