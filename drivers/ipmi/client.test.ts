/**
 * ftlab's IPMI client against a real OpenIPMI ipmi_sim (cipher suite 3) on 127.0.0.1.
 * State changes are checked on the simulator's side (chassis.sh state files), not only via IPMI.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startIpmiSim, type IpmiSim } from './testing/ipmi-sim.ts';
import { IpmiClient } from './client.ts';
import { ipmiCapabilities } from './capabilities.ts';
import { IpmiAuthError, IpmiCompletionCodeError, IpmiTimeoutError } from './errors.ts';
import { ConfigError } from '../../lib/errors.ts';
import { withDeadline, waitFor } from '../../lib/deadline.ts';
import { firmwareVersion, ipmiVersion } from './codec/commands/device-id.ts';

const execFileP = promisify(execFile);

let sim: IpmiSim;
let client: IpmiClient;

test.before(async () => {
  sim = await startIpmiSim();
  client = await IpmiClient.connect({ host: sim.host, port: sim.port, user: sim.admin.user, password: sim.admin.password, timeoutMs: 5000 });
});

test.after.always(async () => {
  await client?.close();
  await sim?.stop();
});

test.serial('logs in with cipher suite 3 after the simulator refuses 17, and reads the device ID', async (t) => {
  t.is(client.session.cipherSuite, 3);
  const id = await client.deviceId();
  t.is(id.manufacturerId, 4753);
  t.is(id.productId, 0x0f10);
  t.is(firmwareVersion(id), '2.05');
  t.is(ipmiVersion(id.ipmiVersionBcd), '2.0');
});

test.serial('device ID agrees with ipmitool on the same simulator', async (t) => {
  const { stdout } = await execFileP('ipmitool', ['-I', 'lanplus', '-C', '3', '-H', sim.host, '-p', String(sim.port), '-U', sim.admin.user, '-E', 'raw', '0x06', '0x01'], {
    env: { ...process.env, IPMI_PASSWORD: sim.admin.password },
    timeout: 20_000,
  });
  const theirs = stdout.trim().split(/\s+/).map((h) => parseInt(h, 16));
  const ours = await client.deviceId();
  const at = (i: number): number => theirs[i] ?? Number.NaN;
  t.is(at(6) | (at(7) << 8) | (at(8) << 16), ours.manufacturerId);
  t.is(at(9) | (at(10) << 8), ours.productId);
});

test.serial('power on / off / status change the simulator state (PowerControl over IPMI)', async (t) => {
  const { PowerControl } = ipmiCapabilities(client);
  await sim.setPower(false);
  t.is(await PowerControl.state(), 'Off');
  await PowerControl.request('On');
  t.is(await sim.power(), 'on');
  t.is(await PowerControl.state(), 'On');
  await PowerControl.request('ForceOff');
  t.is(await sim.power(), 'off');
  t.false((await client.chassisStatus()).powerOn);
  await PowerControl.request('On');
  await PowerControl.request('GracefulShutdown');
  t.is(await sim.power(), 'off');
  const log = await sim.chassisLog();
  t.true(log.includes('set power 1'));
  t.true(log.includes('set power 0'));
  t.true(log.includes('set shutdown 1'));
});

test.serial('power state injected on the simulator side is what Get Chassis Status reports', async (t) => {
  await sim.setPower(true);
  t.true((await client.chassisStatus()).powerOn);
  await sim.setPower(false);
  t.false((await client.chassisStatus()).powerOn);
});

test.serial('boot device override is stored by the simulator and read back', async (t) => {
  await client.setBootDevice('pxe');
  t.is(await sim.bootDevice(), 'pxe');
  const flags = await client.bootFlags();
  t.is(flags.device, 'pxe');
});

test.serial('SEL: clear, add a record on the simulator console, read it decoded through LogReader', async (t) => {
  const { LogReader } = ipmiCapabilities(client);
  await LogReader.clear('SEL');
  t.is((await client.selInfo()).count, 0);
  t.deepEqual(await LogReader.entries('SEL'), []);
  const out = await sim.command('sel_add 0x20 0x02 0x00 0x00 0x00 0x00 0x20 0x00 0x04 0x02 0x03 0x01 0x00 0x00 0x00');
  t.regex(out, /Added record/);
  const entries = await LogReader.entries('SEL');
  t.is(entries.length, 1);
  t.is(entries[0]?.sensorNumber, 3);
  t.is(entries[0]?.sensorType, 'Voltage');
  t.regex(entries[0]?.message ?? '', /Asserted/);
  await LogReader.clear('SEL');
  t.is((await client.selInfo()).count, 0);
});

test.serial('SDR repository and sensor readings (threshold and discrete), and a threshold crossing', async (t) => {
  const { SensorReader } = ipmiCapabilities(client);
  const before = await SensorReader.read();
  const byName = new Map(before.map((s) => [s.name, s]));
  t.deepEqual([...byName.keys()].sort(), ['CPU Temp', 'Fan1', 'PSU1 Status']);
  t.is(byName.get('CPU Temp')?.value, 45);
  t.is(byName.get('CPU Temp')?.unit, 'degrees C');
  t.is(byName.get('CPU Temp')?.status, 'ok');
  t.is(byName.get('Fan1')?.value, 3000);
  t.is(byName.get('Fan1')?.unit, 'RPM');
  t.deepEqual(byName.get('PSU1 Status')?.assertedStates, ['Presence detected']);

  await sim.command('sensor_set_value 0x20 0 1 95 0');
  const hot = (await SensorReader.read()).find((s) => s.name === 'CPU Temp');
  t.is(hot?.value, 95);
  t.is(hot?.status, 'cr');
});

test.serial('a missing SDR record is a typed completion-code error', async (t) => {
  const err = await t.throwsAsync(client.sdrBytes(0x4321), { instanceOf: IpmiCompletionCodeError });
  t.is(err?.netFn, 0x0a);
  t.is(err?.cmd, 0x23);
  t.is(err?.code, 0xcb);
});

test.serial('wrong password: authentication error at RAKP2 (key-exchange code mismatch), password not in the message', async (t) => {
  const wrong = 'not-the-password-x';
  const err = await t.throwsAsync(IpmiClient.connect({ host: sim.host, port: sim.port, user: sim.admin.user, password: wrong, cipherSuites: [3], timeoutMs: 3000 }), {
    instanceOf: IpmiAuthError,
  });
  t.is(err?.stage, 'rakp2');
  t.false(err?.message.includes(wrong));
});

test.serial('unknown user: authentication error carrying the RAKP status', async (t) => {
  const err = await t.throwsAsync(IpmiClient.connect({ host: sim.host, port: sim.port, user: 'nobody', password: 'whatever1', cipherSuites: [3], timeoutMs: 3000 }), {
    instanceOf: IpmiAuthError,
  });
  t.is(err?.stage, 'rakp2');
  t.not(err?.rakpStatus, null);
});

test.serial('operator login works and can read status', async (t) => {
  const op = await IpmiClient.connect({ host: sim.host, port: sim.port, user: sim.operator.user, password: sim.operator.password, privilege: 'operator', cipherSuites: [3] });
  t.teardown(() => op.close());
  t.is(op.session.options.privilege, 'operator');
  await sim.setPower(true);
  t.true((await op.chassisStatus()).powerOn);
  await sim.setPower(false);
  t.false((await op.chassisStatus()).powerOn);
});

test('cipher suite 0 is refused unless the device opts in', async (t) => {
  const err = await t.throwsAsync(IpmiClient.connect({ host: '127.0.0.1', port: 9, user: 'a', password: 'bbbb', cipherSuites: [3, 0] }), { instanceOf: ConfigError });
  t.is(err?.where, 'IPMI session options.cipherSuites');
  t.regex(err?.message ?? '', /suite 0 has no authentication; set allowInsecure: true/);
});

test('a hung simulator (SIGSTOP) gives a timeout error within the deadline; after SIGCONT the session logs in again', async (t) => {
  const own = await startIpmiSim();
  t.teardown(() => own.stop());
  const c = await IpmiClient.connect({ host: own.host, port: own.port, user: own.admin.user, password: own.admin.password, cipherSuites: [3], timeoutMs: 1000, retries: 2 });
  t.teardown(() => c.close());
  await c.deviceId();
  own.pause();
  // The outer deadline only guards against a hang; the assertion is on the error type.
  const err = await t.throwsAsync(withDeadline('hung BMC call', 15_000, () => c.chassisStatus()), { instanceOf: IpmiTimeoutError });
  t.is(err?.attempts, 3);
  own.resume();
  const id = await waitFor('session re-login after SIGCONT', 15_000, async () => {
    try {
      return await c.deviceId();
    } catch (e) {
      if (e instanceof IpmiTimeoutError) return undefined;
      throw e;
    }
  });
  t.is(id.manufacturerId, 4753);
  t.true(c.session.isActive);
});
