/**
 * `ftlab bmc` end to end: the real CLI process (node bin/ftlab.js) against the lab's IPMI server
 * and an emulated ft server's Redfish service on 127.0.0.1. Passwords only through the
 * environment or a file.
 */
import test, { type ExecutionContext } from 'ava';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import dgram from 'node:dgram';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { GenericBmcBackend } from '../../simulators/ipmi/generic-backend.ts';
import { startIpmiServer } from '../../simulators/ipmi/server.ts';
import { loadDefaultProfile } from '../../simulators/ft/profile.ts';
import { startFtServer } from '../../simulators/ft/server.ts';
import { parseIpmiTarget } from './bmc.ts';
import { startIpmiSim } from '../../drivers/ipmi/testing/ipmi-sim.ts';
import { MockupService } from '../../simulators/redfish/mockup.ts';
import { systemClock } from '../../lib/clock.ts';
import { mkdirSync } from 'node:fs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const PASSWORD = 'Bmc-Cli-Secret9';

function ftlab(args: string[], env: Record<string, string> = { FTLAB_PASSWORD: PASSWORD }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/ftlab.js'), 'bmc', ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 180_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

async function ipmiLab(t: ExecutionContext) {
  const backend = new GenericBmcBackend({ powerCycleOffMs: 200 });
  const server = await startIpmiServer({ accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }], backend });
  t.teardown(async () => {
    backend.dispose();
    await server.close();
  });
  return { backend, target: ['--ipmi', `127.0.0.1:${server.port}`, '--user', 'admin'] };
}

test('IPMI: power status/off/on change the emulated power; exit 0; --json is parseable', async (t) => {
  const { backend, target } = await ipmiLab(t);
  const status = await ftlab([...target, 'power', 'status']);
  t.is(status.code, 0, status.stderr);
  t.is(status.stdout.trim(), 'Power is on');
  t.is((await ftlab([...target, 'power', 'off'])).code, 0);
  t.false(backend.poweredOn);
  const json = await ftlab([...target, '--json', 'power', 'status']);
  t.like(JSON.parse(json.stdout) as object, { power: 'Off' });
  t.is((await ftlab([...target, '--cipher', '3', 'power', 'on'])).code, 0);
  t.true(backend.poweredOn);
  t.deepEqual(backend.actions, ['power-off', 'power-on']);
});

test('IPMI: sel list shows an injected event, sensors and info read the BMC', async (t) => {
  const { backend, target } = await ipmiLab(t);
  t.regex((await ftlab([...target, 'sel', 'list'])).stdout, /SEL has no entries/);
  backend.setSensorValue(0x01, 95);
  const sel = await ftlab([...target, 'sel', 'list']);
  t.is(sel.code, 0, sel.stderr);
  t.regex(sel.stdout, /Temperature #0x01\s+\| Upper Critical going high\s+\| Critical/);
  const selJson = JSON.parse((await ftlab([...target, '--json', 'sel', 'list'])).stdout) as { entries: Array<{ entryCode: string }> };
  t.deepEqual(selJson.entries.map((e) => e.entryCode), ['Upper Non-critical going high', 'Upper Critical going high']);
  const sensors = await ftlab([...target, 'sensors']);
  t.regex(sensors.stdout, /CPU Temp\s+\| Temperature\s+\| 95 degrees C\s+\| cr/);
  t.regex(sensors.stdout, /Fan1\s+\| Fan\s+\| 4800 RPM/);
  const info = JSON.parse((await ftlab([...target, '--json', 'info'])).stdout) as Record<string, unknown>;
  t.like(info, { ipmiVersion: '2.0', cipherSuite: 17 });
  t.is((await ftlab([...target, 'sel', 'clear'])).code, 0);
  // What is left is the BMC's own record of the clear (Event Logging Disabled, "Log area reset/cleared").
  t.deepEqual(backend.sel.list().map((r) => r.kind === 'system' && r.sensorType), [0x10]);
});

test('IPMI: wrong password and an unreachable BMC exit 3; a refused command exits 1; the password never shows', async (t) => {
  const { backend, target } = await ipmiLab(t);
  const wrong = await ftlab([...target, 'power', 'status'], { FTLAB_PASSWORD: 'Wrong-Password-1' });
  t.is(wrong.code, 3);
  t.regex(wrong.stderr, /wrong password/);
  t.false((wrong.stdout + wrong.stderr).includes('Wrong-Password-1'));
  // A bound UDP socket that never answers stands for an unreachable BMC.
  const silent = dgram.createSocket('udp4');
  await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
  t.teardown(() => silent.close());
  const gone = await ftlab(['--ipmi', `127.0.0.1:${(silent.address() as AddressInfo).port}`, '--user', 'admin', '--timeout', '300', 'power', 'status']);
  t.is(gone.code, 3);
  t.regex(gone.stderr, /no answer/);
  await ftlab([...target, 'power', 'off']);
  const refused = await ftlab([...target, 'power', 'cycle']);
  t.is(refused.code, 1, refused.stderr);
  t.regex(refused.stderr, /completion code 0xD5/);
  t.false(backend.poweredOn);
});

test('usage errors exit 2: no password, no target, unknown command', async (t) => {
  const noPassword = await ftlab(['--ipmi', '127.0.0.1:623', '--user', 'admin', 'power', 'status'], {});
  t.is(noPassword.code, 2);
  t.regex(noPassword.stderr, /FTLAB_PASSWORD environment variable or --password-file/);
  t.is((await ftlab(['--user', 'admin', 'power', 'status'])).code, 2);
  const bad = await ftlab(['--ipmi', '127.0.0.1:623', '--user', 'admin', 'power', 'explode']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /"power" expects one of status, on, off, cycle, reset, soft, got "explode"/);
  t.is((await ftlab(['--ipmi', '127.0.0.1:99999', '--user', 'admin', 'info'])).code, 2);
});

test('Redfish: power, SEL and info through the same commands; --password-file; credentials refused exit 3', async (t) => {
  const profile = { ...loadDefaultProfile(), power: { bootMs: 100, shutdownMs: 100 } };
  const ft = await startFtServer({ port: 0, profile, timeScale: 20, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }] });
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bmc-cli-'));
  t.teardown(async () => {
    await ft.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = path.join(dir, 'password');
  writeFileSync(file, `${PASSWORD}\n`, { mode: 0o600 });
  const target = ['--redfish', ft.redfishUrl, '--user', 'admin', '--password-file', file];
  const status = await ftlab([...target, 'power', 'status'], {});
  t.is(status.code, 0, status.stderr);
  t.is(status.stdout.trim(), 'Power is on');
  t.is((await ftlab([...target, 'power', 'off'], {})).code, 0);
  t.is(ft.model.powerState, 'Off');
  const info = JSON.parse((await ftlab([...target, '--json', 'info'], {})).stdout) as Record<string, unknown>;
  t.like(info, { protocol: 'Redfish', powerState: 'Off' });
  const wrong = await ftlab(['--redfish', ft.redfishUrl, '--user', 'admin', 'power', 'status'], { FTLAB_PASSWORD: 'Not-It-123' });
  t.is(wrong.code, 3);
  t.false((wrong.stdout + wrong.stderr).includes('Not-It-123'));
});

test('parseIpmiTarget accepts HOST, HOST:PORT and [V6]:PORT', (t) => {
  t.deepEqual(parseIpmiTarget('bmc1'), { host: 'bmc1', port: 623 });
  t.deepEqual(parseIpmiTarget('127.0.0.1:6230'), { host: '127.0.0.1', port: 6230 });
  t.deepEqual(parseIpmiTarget('[::1]:7000'), { host: '::1', port: 7000 });
  t.throws(() => parseIpmiTarget('host:0'), { message: /HOST\[:PORT\]/ });
});

test('IPMI: an unresolvable or invalid host exits 3 with an error naming it, no stack trace (no traffic leaves)', async (t) => {
  for (const host of ['bmc.invalid', '256.1.1.1']) {
    const r = await ftlab(['--ipmi', host, '--user', 'admin', '--timeout', '500', 'power', 'status']);
    t.is(r.code, 3, r.stderr);
    t.true(r.stderr.includes(`"${host}"`), r.stderr);
    t.notRegex(r.stderr, /\n\s+at /);
  }
});

test('IPMI: --kg-file / FTLAB_KG log in to a BMC with a key (ipmi_sim bmc_key); without it, exit 3; the key never shows', async (t) => {
  const KG = 'Kg-Two-Key-Secret7';
  const sim = await startIpmiSim({ bmcKey: KG });
  t.teardown(() => sim.stop());
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bmc-kg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const kgFile = path.join(dir, 'kg');
  writeFileSync(kgFile, `${KG}\n`, { mode: 0o600 });
  const target = ['--ipmi', `127.0.0.1:${sim.port}`, '--user', sim.admin.user, '--cipher', '3'];
  const env = { FTLAB_PASSWORD: sim.admin.password };
  const withFile = await ftlab([...target, '--kg-file', kgFile, 'power', 'status'], env);
  t.is(withFile.code, 0, withFile.stderr);
  t.regex(withFile.stdout, /Power is (on|off)/);
  const withEnv = await ftlab([...target, '--kg', 'power', 'status'], { ...env, FTLAB_KG: KG });
  t.is(withEnv.code, 0, withEnv.stderr);
  const without = await ftlab([...target, 'power', 'status'], env);
  t.is(without.code, 3);
  t.regex(without.stderr, /Kg/);
  const noKey = await ftlab([...target, '--kg', 'power', 'status'], env);
  t.is(noKey.code, 2);
  t.regex(noKey.stderr, /FTLAB_KG/);
  for (const r of [withFile, withEnv, without, noKey]) t.false((r.stdout + r.stderr).includes(KG));
});

test('--json: errors are one JSON document on stdout with the same exit code', async (t) => {
  const { target } = await ipmiLab(t);
  const wrong = await ftlab([...target, '--json', 'power', 'status'], { FTLAB_PASSWORD: 'Wrong-Password-1' });
  t.is(wrong.code, 3);
  t.like(JSON.parse(wrong.stdout) as object, { error: { kind: 'infra', exitCode: 3 } });
  t.false(wrong.stdout.includes('Wrong-Password-1'));
  const usage = await ftlab([...target, '--json', 'power', 'explode']);
  t.is(usage.code, 2);
  const doc = JSON.parse(usage.stdout) as { error: { kind: string; message: string } };
  t.is(doc.error.kind, 'usage');
  t.regex(doc.error.message, /"power" expects one of/);
  const badHost = await ftlab(['--ipmi', 'bmc.invalid', '--user', 'admin', '--json', 'info']);
  t.is(badHost.code, 3);
  t.regex((JSON.parse(badHost.stdout) as { error: { message: string } }).error.message, /"bmc\.invalid"/);
});

/** A DMTF-format mockup with three blades and one enclosure that has only the older Thermal/Power resources. */
function writeBladeMockup(dir: string): void {
  const put = (p: string, body: object): void => {
    const d = path.join(dir, p);
    mkdirSync(d, { recursive: true });
    writeFileSync(path.join(d, 'index.json'), JSON.stringify({ '@odata.id': `/${p}`, ...body }));
  };
  const blades = ['blade1', 'blade2', 'blade3'];
  put('redfish/v1', { Id: 'RootService', Name: 'Root', RedfishVersion: '1.6.0', Product: 'blade enclosure', Systems: { '@odata.id': '/redfish/v1/Systems' }, Chassis: { '@odata.id': '/redfish/v1/Chassis' } });
  put('redfish/v1/Systems', { Name: 'Systems', 'Members@odata.count': blades.length, Members: blades.map((b) => ({ '@odata.id': `/redfish/v1/Systems/${b}` })) });
  for (const b of blades) {
    put(`redfish/v1/Systems/${b}`, {
      '@odata.type': '#ComputerSystem.v1_13_0.ComputerSystem',
      Id: b,
      Name: b,
      PowerState: 'On',
      Status: { State: 'Enabled', Health: 'OK' },
      Actions: { '#ComputerSystem.Reset': { target: `/redfish/v1/Systems/${b}/Actions/ComputerSystem.Reset`, 'ResetType@Redfish.AllowableValues': ['On', 'ForceOff', 'GracefulShutdown', 'ForceRestart'] } },
    });
  }
  put('redfish/v1/Chassis', { Name: 'Chassis', 'Members@odata.count': 1, Members: [{ '@odata.id': '/redfish/v1/Chassis/enc' }] });
  put('redfish/v1/Chassis/enc', { Id: 'enc', Name: 'Enclosure', ChassisType: 'Enclosure', Thermal: { '@odata.id': '/redfish/v1/Chassis/enc/Thermal' }, Power: { '@odata.id': '/redfish/v1/Chassis/enc/Power' } });
  put('redfish/v1/Chassis/enc/Thermal', {
    Id: 'Thermal',
    Name: 'Thermal',
    Temperatures: [{ MemberId: '0', Name: 'Inlet Temp', SensorNumber: 5, ReadingCelsius: 24, Status: { State: 'Enabled', Health: 'OK' } }],
    Fans: [{ MemberId: '0', Name: 'Fan 1', Reading: 6200, ReadingUnits: 'RPM', Status: { State: 'Enabled', Health: 'Warning' } }],
  });
  put('redfish/v1/Chassis/enc/Power', { Id: 'Power', Name: 'Power', Voltages: [{ MemberId: '0', Name: '12V Rail', ReadingVolts: 12.1, Status: { State: 'Enabled', Health: 'OK' } }] });
}

async function bladeLab(t: ExecutionContext) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-bmc-blades-'));
  writeBladeMockup(dir);
  const m = new MockupService({ dir, clock: systemClock, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }], powerDelayMs: 50 });
  const h = await m.service.listen();
  t.teardown(async () => {
    await m.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const powerOf = (b: string): unknown => m.state.get(`/redfish/v1/Systems/${b}`)?.PowerState;
  return { target: ['--redfish', h.url, '--user', 'admin'], powerOf };
}

test('Redfish, several systems: a power action without --system is refused (exit 2, systems listed); --system acts on that one only', async (t) => {
  const { target, powerOf } = await bladeLab(t);
  const ambiguous = await ftlab([...target, 'power', 'off']);
  t.is(ambiguous.code, 2, ambiguous.stderr);
  t.regex(ambiguous.stderr, /3 systems \(blade1, blade2, blade3\).*--system/);
  t.deepEqual(['blade1', 'blade2', 'blade3'].map(powerOf), ['On', 'On', 'On']);
  const chosen = await ftlab([...target, '--system', 'blade2', 'power', 'off']);
  t.is(chosen.code, 0, chosen.stderr);
  t.is(powerOf('blade1'), 'On');
  t.not(powerOf('blade2'), 'On');
  t.is(powerOf('blade3'), 'On');
  const unknown = await ftlab([...target, '--system', 'blade9', 'power', 'status']);
  t.is(unknown.code, 2);
  t.regex(unknown.stderr, /blade1, blade2, blade3/);
});

test('Redfish: --auth basic and session both work, anything else is a usage error; sensors fall back to Thermal/Power', async (t) => {
  const { target } = await bladeLab(t);
  for (const auth of ['basic', 'session']) {
    const r = await ftlab([...target, '--auth', auth, '--system', 'blade1', 'power', 'status']);
    t.is(r.code, 0, r.stderr);
    t.is(r.stdout.trim(), 'Power is on');
  }
  t.is((await ftlab([...target, '--auth', 'digest', 'power', 'status'])).code, 2);
  const sensors = await ftlab([...target, 'sensors']);
  t.is(sensors.code, 0, sensors.stderr);
  t.regex(sensors.stdout, /Inlet Temp\s+\| Temperature\s+\| 24 Cel\s+\| ok/);
  t.regex(sensors.stdout, /Fan 1\s+\| Rotational\s+\| 6200 RPM\s+\| nc/);
  t.regex(sensors.stdout, /12V Rail\s+\| Voltage\s+\| 12.1 V/);
});
