import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../lib/errors.ts';
import { redactString } from '../../lib/redact.ts';
import { loadInventory, parseInventory } from './load.ts';

const env = { FT0_PW: 'env-secret-Qx81' };

function fails(t: import('ava').ExecutionContext, text: string, message: RegExp | string): ConfigError {
  const e = t.throws(() => parseInventory('lab.yaml', text, { env }), { instanceOf: ConfigError });
  if (typeof message === 'string') t.is(e?.message, message);
  else t.regex(e?.message ?? '', message);
  return e as ConfigError;
}

test('a valid inventory resolves env and file passwords and defaults', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-inv-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'ipmi.pw'), 'file-secret-77Z\n', { mode: 0o600 });
  writeFileSync(
    path.join(dir, 'lab.yaml'),
    `devices:
  ft0:
    kind: ft
    redfish: { url: "https://127.0.0.1:8443/", user: admin, password: "\${env:FT0_PW}", insecure: true }
    ipmi: { host: 127.0.0.1, port: 6230, user: admin, passwordFile: ipmi.pw }
    use: { PowerControl: ipmi }
    scenarios: ["*", "!ft-hypervisor*"]
`,
  );
  const inv = loadInventory(path.join(dir, 'lab.yaml'), { env });
  const d = inv.devices[0]!;
  t.is(d.name, 'ft0');
  t.is(d.redfish?.url, 'https://127.0.0.1:8443');
  t.deepEqual(d.redfish?.password, { value: 'env-secret-Qx81', source: 'env:FT0_PW' });
  t.is(d.ipmi?.password.value, 'file-secret-77Z');
  t.deepEqual(d.ipmi?.cipherSuites, [17, 3]);
  t.deepEqual(d.use, { PowerControl: 'ipmi' });
  t.deepEqual(d.scenarios, ['*', '!ft-hypervisor*']);
  t.is(redactString('pw=file-secret-77Z'), 'pw=***', 'resolved passwords are registered as secrets');
});

test('a bad URL names file, line, path and the expectation', (t) => {
  fails(
    t,
    `devices:
  ft0:
    kind: ft
    redfish:
      url: x
      user: admin
      password: "\${env:FT0_PW}"
`,
    'lab.yaml:5: devices.ft0.redfish.url: expected an http(s) URL without credentials, e.g. https://10.0.0.5 (found "x")',
  );
});

test('inline plaintext passwords are refused, and the message does not repeat them', (t) => {
  const e = fails(
    t,
    `devices:
  ft0:
    kind: ft
    redfish: { url: "http://127.0.0.1:1", user: admin, password: hunter2-plain }
`,
    /^lab\.yaml:4: devices\.ft0\.redfish\.password: inline plaintext passwords are refused: use password: '\$\{env:VAR\}' .* or passwordFile: PATH/,
  );
  t.false(e.message.includes('hunter2-plain'));
});

test('a missing environment variable, a missing password file and unknown properties are named', (t) => {
  fails(t, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "http://127.0.0.1:1", user: admin, password: "\${env:NOPE_PW}" }\n`, /^lab\.yaml:4: devices\.ft0\.redfish\.password: environment variable NOPE_PW is not set/);
  fails(t, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "http://127.0.0.1:1", user: admin, passwordFile: /nonexistent/pw }\n`, /devices\.ft0\.redfish\.passwordFile: expected a readable file holding the password \(\/nonexistent\/pw: ENOENT\)/);
  fails(t, `devices:\n  ft0:\n    kind: ft\n    redfsh: {}\n`, /^lab\.yaml:4: devices\.ft0\.redfsh: unknown property \(expected one of: kind, redfish, ipmi, console, use, scenarios, tags, probe\)/);
  fails(t, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "http://127.0.0.1:1", user: admin }\n`, /devices\.ft0\.redfish: expected password: '\$\{env:VAR\}' or passwordFile: PATH/);
});

test('wrong types, unknown kinds, weak IPMI ciphers and use: of a missing protocol are refused', (t) => {
  fails(t, `devices:\n  ft0:\n    kind: toaster\n    redfish: { url: "http://127.0.0.1:1", user: admin, password: "\${env:FT0_PW}" }\n`, 'lab.yaml:3: devices.ft0.kind: expected one of: "ft", "server", "ethernet-switch", "fc-switch", "array", "partition-manager", "failover-manager" (found "toaster")');
  fails(t, `devices:\n  ft0:\n    kind: ft\n    ipmi: { host: 127.0.0.1, port: "623", user: admin, password: "\${env:FT0_PW}" }\n`, /devices\.ft0\.ipmi\.port: expected an integer \(found "623"\)/);
  fails(t, `devices:\n  ft0:\n    kind: ft\n    ipmi: { host: 127.0.0.1, user: admin, password: "\${env:FT0_PW}", cipherSuites: [0] }\n`, /devices\.ft0\.ipmi\.cipherSuites: cipher suite\(s\) 0 have no integrity\/confidentiality; set allowInsecure: true/);
  fails(t, `devices:\n  ft0:\n    kind: ft\n    ipmi: { host: 127.0.0.1, user: admin, password: "\${env:FT0_PW}" }\n    use: { FtState: redfish }\n`, /devices\.ft0\.use\.FtState: uses redfish, but the device has no redfish endpoint/);
  fails(t, `devices: {}\n`, /^lab\.yaml:1: devices: expected at least 1 entry/);
  fails(t, `devices:\n  ft0:\n    kind: ft\n`, 'lab.yaml:3: devices.ft0: expected at least one of: redfish, ipmi');
  fails(t, `devices:\n  ft0: [\n`, /^lab\.yaml:\d+:\d+: invalid YAML/);
});

test('examples/lab.yaml is valid against lab.schema.json', async (t) => {
  const { YamlSource } = await import('../config/yaml-file.ts');
  const { checkSchema } = await import('../config/schema-check.ts');
  const { labSchemaObject } = await import('./load.ts');
  const src = YamlSource.read(new URL('../../examples/lab.yaml', import.meta.url).pathname);
  t.notThrows(() => checkSchema(src, labSchemaObject()));
  t.deepEqual(Object.keys((src.data as { devices: object }).devices), ['ft0', 'ft1']);
});

test('ipmi.protocol: auto by default, quoted 2.0 / 1.5 accepted, 1.5 only with allowInsecure', (t) => {
  const ipmi = (extra: string) => `devices:\n  ft0:\n    kind: ft\n    ipmi: { host: 127.0.0.1, user: admin, password: "\${env:FT0_PW}"${extra} }\n`;
  t.is(parseInventory('lab.yaml', ipmi(''), { env }).devices[0]?.ipmi?.protocol, 'auto');
  t.is(parseInventory('lab.yaml', ipmi(`, protocol: "2.0"`), { env }).devices[0]?.ipmi?.protocol, '2.0');
  t.is(parseInventory('lab.yaml', ipmi(`, protocol: auto`), { env }).devices[0]?.ipmi?.protocol, 'auto');
  const v15 = parseInventory('lab.yaml', ipmi(`, protocol: '1.5', allowInsecure: true`), { env }).devices[0]?.ipmi;
  t.is(v15?.protocol, '1.5');
  t.true(v15?.allowInsecure);
  fails(
    t,
    ipmi(`, protocol: '1.5'`),
    "lab.yaml:4: devices.ft0.ipmi.protocol: IPMI 1.5 sessions (MD5 authentication, no confidentiality) are insecure; set allowInsecure: true for this device to use protocol '1.5'",
  );
  fails(t, ipmi(`, protocol: '1.5', allowInsecure: false`), /^lab\.yaml:4: devices\.ft0\.ipmi\.protocol: IPMI 1\.5 sessions .* set allowInsecure: true/);
});

test('ipmi.protocol: unquoted numbers and unknown values are refused with what to write', (t) => {
  const ipmi = (p: string) => `devices:\n  ft0:\n    kind: ft\n    ipmi:\n      host: 127.0.0.1\n      user: admin\n      password: "\${env:FT0_PW}"\n      protocol: ${p}\n`;
  fails(
    t,
    ipmi('1.5'),
    `lab.yaml:8: devices.ft0.ipmi.protocol: expected one of 'auto', '2.0', '1.5' as a quoted string (YAML reads an unquoted 1.5 as a number): write protocol: '1.5' (found 1.5)`,
  );
  fails(t, ipmi('2.0'), /^lab\.yaml:8: devices\.ft0\.ipmi\.protocol: expected one of 'auto', '2\.0', '1\.5' as a quoted string .*write protocol: '2\.0' \(found 2\)$/);
  fails(t, ipmi('"2"'), 'lab.yaml:8: devices.ft0.ipmi.protocol: expected one of: "auto", "2.0", "1.5" (found "2")');
  fails(t, ipmi('lanplus'), 'lab.yaml:8: devices.ft0.ipmi.protocol: expected one of: "auto", "2.0", "1.5" (found "lanplus")');
});

test('a console endpoint: a TCP console port (raw or telnet) or a serial port with its line settings', (t) => {
  const lab = parseInventory('lab.yaml', 'devices:\n  ft0:\n    kind: ft\n    redfish: { url: "http://127.0.0.1:1", user: u, password: "${env:PW}" }\n    console: { tcp: "[::1]:7001", telnet: true }\n  ft1:\n    kind: ft\n    ipmi: { host: h, user: u, password: "${env:PW}" }\n    console: { serial: /dev/ttyUSB0, baudRate: 9600, parity: even, flowControl: rtscts }\n', { env: { PW: 'x' } });
  t.deepEqual(lab.devices[0]?.console, { tcp: { host: '::1', port: 7001, telnet: true } });
  t.deepEqual(lab.devices[1]?.console, { serial: { path: '/dev/ttyUSB0', baudRate: 9600, parity: 'even', flowControl: 'rtscts' } });
  fails(t, 'devices:\n  x:\n    kind: ft\n    ipmi: { host: h, user: u, password: "${env:FT0_PW}" }\n    console: { tcp: "h:70000" }\n', /^lab\.yaml:5: devices\.x\.console\.tcp: expected a port from 1 to 65535/);
  fails(t, 'devices:\n  x:\n    kind: ft\n    ipmi: { host: h, user: u, password: "${env:FT0_PW}" }\n    console: { tcp: "h:7001", baudRate: 9600 }\n', /^lab\.yaml:5: devices\.x\.console/);
});

test('probe: the interval and the source address of the outside probe, per device; refused with the place and the expectation', (t) => {
  const device = (probe: string): string => `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "https://127.0.0.1:8443", user: a, password: "\${env:FT0_PW}" }\n    probe: ${probe}\n`;
  const d = parseInventory('lab.yaml', device('{ intervalMs: 0.5, sourceAddress: 198.51.100.1 }'), { env }).devices[0]!;
  t.deepEqual(d.probe, { intervalMs: 0.5, sourceAddress: '198.51.100.1' });
  t.is(parseInventory('lab.yaml', device('{}'), { env }).devices[0]!.probe?.intervalMs, undefined);
  fails(t, device('{ sourceAddress: probe-host }'), /lab\.yaml:5.*devices\.ft0\.probe\.sourceAddress.*expected an IP address of this machine to send from, got "probe-host"/);
  fails(t, device('{ intervalMs: 0.1 }'), /devices\.ft0\.probe\.intervalMs.*0\.25/);
  fails(t, device('{ rateHz: 500 }'), /devices\.ft0\.probe.*rateHz/);
});
