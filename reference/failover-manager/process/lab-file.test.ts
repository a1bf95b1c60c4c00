import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../lib/errors.ts';
import { readLabFile } from './lab-file.ts';

function dirWith(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fm-labfile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'pw'), 'secret-pw-1\n');
  return dir;
}

const dev = (kind: string, port: number, extra: Record<string, unknown> = {}) => ({ kind, redfish: { url: `http://127.0.0.1:${port}`, user: 'admin', passwordFile: 'pw', ...extra } });

function lab(over: (l: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
  const l: Record<string, unknown> = {
    name: 'embedded',
    timeScale: 20,
    devices: { srv01: dev('server', 1), srv02: dev('server', 2, { ca: 'ca.pem' }), sw1: dev('ethernet-switch', 3), fcA: dev('fc-switch', 4), array1: dev('array', 5), other: dev('ft', 6) },
    clusters: { default: { servers: ['srv01', 'srv02'], ethernetSwitches: ['sw1'], fabrics: { A: 'fcA' }, arrays: ['array1'], businesses: [{ name: 'crm', priority: 'high', host: '127.0.0.1', udp: 1, tcp: 2 }] } },
  };
  over(l);
  return l;
}

function write(dir: string, l: unknown): string {
  const f = path.join(dir, 'lab.json');
  writeFileSync(f, JSON.stringify(l));
  return f;
}

test('a lab file as `ftlab lab up` writes it: the cluster, its devices only, passwords from the file, CA paths beside the file', (t) => {
  const dir = dirWith(t);
  const l = readLabFile(write(dir, lab()));
  t.is(l.timeScale, 20);
  t.deepEqual(l.cluster, { name: 'default', servers: ['srv01', 'srv02'], ethernetSwitches: ['sw1'], fabrics: { A: 'fcA' }, arrays: ['array1'], partitionManager: null, businesses: [{ name: 'crm', priority: 'high' }] });
  t.deepEqual([...l.devices.keys()], ['srv01', 'srv02', 'sw1', 'fcA', 'array1']);
  t.like(l.devices.get('srv02'), { kind: 'server', url: 'http://127.0.0.1:2', user: 'admin', password: 'secret-pw-1', ca: path.join(dir, 'ca.pem'), insecure: false });
  t.is(l.devices.get('srv01')?.ca, null);
});

const BAD: Array<[string, (l: Record<string, unknown>) => void, RegExp]> = [
  ['no cluster', (l) => delete l.clusters, /lab\.json: clusters: expected exactly one cluster \(or --cluster-name\); found none$/],
  ['a device the cluster names is missing', (l) => delete (l.devices as Record<string, unknown>).fcA, /clusters\.default: expected every device it names under "devices"; "fcA" is not there/],
  ['no password', (l) => delete ((l.devices as Record<string, { redfish: Record<string, unknown> }>).srv01?.redfish ?? {}).passwordFile, /devices\.srv01\.redfish: expected passwordFile or password: \$\{env:VAR\}/],
  ['an inline password', (l) => Object.assign((l.devices as Record<string, { redfish: Record<string, unknown> }>).srv01?.redfish ?? {}, { passwordFile: undefined, password: 'plain' }), /devices\.srv01\.redfish\.password: expected \$\{env:VAR\} \(inline passwords are refused; or passwordFile\)$/],
  ['a URL that is not http(s)', (l) => Object.assign((l.devices as Record<string, { redfish: Record<string, unknown> }>).sw1?.redfish ?? {}, { url: 'ftp://x' }), /devices\.sw1\.redfish\.url: expected an http:\/\/ or https:\/\/ URL \(found "ftp:\/\/x"\)/],
  ['insecure not a boolean', (l) => Object.assign((l.devices as Record<string, { redfish: Record<string, unknown> }>).sw1?.redfish ?? {}, { insecure: 'yes' }), /devices\.sw1\.redfish\.insecure: expected true or false \(found "yes"\)/],
  ['servers not a list', (l) => Object.assign((l.clusters as Record<string, Record<string, unknown>>).default ?? {}, { servers: 'srv01' }), /clusters\.default\.servers: expected a list of device names/],
  ['a bad time scale', (l) => Object.assign(l, { timeScale: 0 }), /lab\.json: timeScale: expected a number > 0 \(found 0\)/],
];

for (const [name, change, message] of BAD) {
  test(`refused with the place and the expectation: ${name}`, (t) => {
    const f = write(dirWith(t), lab(change));
    const e = t.throws(() => readLabFile(f), { instanceOf: ConfigError });
    t.regex(e?.message ?? '', message);
    t.false((e?.message ?? '').includes('secret-pw-1'));
  });
}

test('a missing or unreadable file, a password file that is not there, an unknown cluster name', (t) => {
  const dir = dirWith(t);
  t.throws(() => readLabFile(path.join(dir, 'none.json')), { instanceOf: ConfigError, message: /none\.json: expected a readable JSON lab file/ });
  writeFileSync(path.join(dir, 'bad.json'), '{nope');
  t.throws(() => readLabFile(path.join(dir, 'bad.json')), { instanceOf: ConfigError, message: /bad\.json: expected a readable JSON lab file/ });
  const f = write(dir, lab((l) => Object.assign((l.devices as Record<string, { redfish: Record<string, unknown> }>).srv01?.redfish ?? {}, { passwordFile: 'gone' })));
  t.throws(() => readLabFile(f), { instanceOf: ConfigError, message: /devices\.srv01\.redfish\.passwordFile: expected a readable file holding the password/ });
  t.throws(() => readLabFile(write(dir, lab()), 'other'), { instanceOf: ConfigError, message: /clusters: expected a cluster "other"; found default/ });
});
