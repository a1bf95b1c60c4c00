/**
 * The IPMI server against the real peers a user would point at a BMC: ipmitool (lanplus,
 * cipher suites 3 and 17) and FreeIPMI (ipmipower, ipmi-sensors, ipmi-sel, bmc-info).
 */
import test, { type ExecutionContext } from 'ava';
import { waitFor } from '../../lib/deadline.ts';
import { GenericBmcBackend } from './generic-backend.ts';
import { startIpmiServer } from './server.ts';
import { freeipmi, ipmitool, makePeerHome, type Login } from './testing/peers.ts';

const ACCOUNTS = [
  { user: 'admin', password: 'Adm1n-secret', role: 'Administrator' as const },
  { user: 'viewer', password: 'V1ewer-secret', role: 'ReadOnly' as const },
];

async function setup(t: ExecutionContext) {
  const backend = new GenericBmcBackend({ powerCycleOffMs: 300 });
  const server = await startIpmiServer({ accounts: ACCOUNTS, backend });
  const home = makePeerHome();
  t.teardown(async () => {
    backend.dispose();
    await server.close();
    home.cleanup();
  });
  const admin: Login = { port: server.port, user: 'admin', password: 'Adm1n-secret' };
  const viewer: Login = { port: server.port, user: 'viewer', password: 'V1ewer-secret' };
  return { backend, server, home, admin, viewer };
}

for (const cipher of [3, 17]) {
  test(`ipmitool -C ${cipher}: power status/off/on/cycle/reset drive the emulated power state`, async (t) => {
    const { backend, home, admin } = await setup(t);
    const run = (...args: string[]) => ipmitool(home, admin, args, { cipher });
    t.regex((await run('chassis', 'power', 'status')).stdout, /Chassis Power is on/);
    t.is((await run('chassis', 'power', 'off')).code, 0);
    t.false(backend.poweredOn);
    t.regex((await run('chassis', 'power', 'status')).stdout, /Chassis Power is off/);
    t.is((await run('chassis', 'power', 'on')).code, 0);
    t.true(backend.poweredOn);
    t.is((await run('chassis', 'power', 'cycle')).code, 0);
    await waitFor('power back on after the cycle', 10_000, async () => (backend.poweredOn ? true : undefined), { intervalMs: 20 });
    t.is((await run('chassis', 'power', 'reset')).code, 0);
    t.deepEqual(backend.actions, ['power-off', 'power-on', 'power-cycle', 'hard-reset']);
    t.deepEqual(
      backend.powerHistory.map((h) => `${h.on ? 'on' : 'off'}:${h.cause}`),
      ['off:power-off', 'on:power-on', 'off:power-cycle', 'on:timer'],
    );
    const boot = await run('chassis', 'bootdev', 'pxe');
    t.is(boot.code, 0);
    t.like(backend.bootFlags(), { device: 'pxe', valid: true, persistent: false });
  });
}

test('ipmitool: sensors and SDRs list, SEL shows an injected threshold event, mc info and plain lanplus (no -C) work', async (t) => {
  const { backend, home, admin } = await setup(t);
  const sdr = await ipmitool(home, admin, ['sdr', 'list'], { cipher: 17 });
  t.is(sdr.code, 0, sdr.stderr);
  t.regex(sdr.stdout, /CPU Temp\s+\|\s+45 degrees C\s+\|\s+ok/);
  t.regex(sdr.stdout, /Fan1\s+\|\s+4800 RPM/);
  t.regex(sdr.stdout, /12V\s+\|\s+12\.04 Volts/);
  t.regex((await ipmitool(home, admin, ['sensor', 'list'], { cipher: 3 })).stdout, /CPU Temp\s+\|\s+45\.000\s+\|\s+degrees C\s+\|\s+ok.*80\.000\s+\|\s+90\.000\s+\|\s+100\.000/);
  const empty = await ipmitool(home, admin, ['sel', 'list'], { cipher: 17 });
  t.regex(empty.stdout + empty.stderr, /SEL has no entries/);
  backend.setSensorValue(0x01, 95);
  const sel = await ipmitool(home, admin, ['sel', 'elist'], { cipher: 17 });
  t.is(sel.code, 0, sel.stderr);
  t.regex(sel.stdout, /Temperature CPU Temp \| Upper Critical going high \| Asserted/);
  t.regex((await ipmitool(home, admin, ['sdr', 'list'], { cipher: 17 })).stdout, /CPU Temp\s+\|\s+95 degrees C\s+\|\s+cr/);
  const plain = await ipmitool(home, admin, ['mc', 'info']);
  t.is(plain.code, 0, plain.stderr);
  t.regex(plain.stdout, /IPMI Version\s+:\s+2\.0/);
});

test('ipmitool: wrong password and cipher suite 0 are refused; a ReadOnly user reads but cannot power off', async (t) => {
  const { backend, home, admin, viewer } = await setup(t);
  const wrong = await ipmitool(home, { ...admin, password: 'not-the-password' }, ['chassis', 'power', 'status'], { cipher: 17 });
  t.is(wrong.code, 1);
  t.regex(wrong.stderr, /Unable to establish IPMI v2 \/ RMCP\+ session/);
  const c0 = await ipmitool(home, admin, ['chassis', 'power', 'status'], { cipher: 0 });
  t.is(c0.code, 1);
  t.regex(c0.stderr, /no matching cipher suite/);
  t.regex((await ipmitool(home, viewer, ['chassis', 'power', 'status'], { cipher: 3, privilege: 'USER' })).stdout, /Chassis Power is on/);
  const off = await ipmitool(home, viewer, ['chassis', 'power', 'off'], { cipher: 3, privilege: 'USER' });
  t.not(off.code, 0);
  t.true(backend.poweredOn);
  t.deepEqual(backend.actions, []);
  const asAdmin = await ipmitool(home, viewer, ['chassis', 'power', 'status'], { cipher: 3, privilege: 'ADMINISTRATOR' });
  t.is(asAdmin.code, 1, 'the role caps the privilege a ReadOnly user can ask for');
});

test('FreeIPMI: ipmipower changes power, ipmi-sensors lists, ipmi-sel shows an injected event, bmc-info, wrong password refused', async (t) => {
  const { backend, home, admin } = await setup(t);
  t.regex((await freeipmi(home, 'ipmipower', admin, ['--stat'])).stdout, /127\.0\.0\.1: on/);
  t.regex((await freeipmi(home, 'ipmipower', admin, ['--off'])).stdout, /127\.0\.0\.1: ok/);
  t.false(backend.poweredOn);
  t.regex((await freeipmi(home, 'ipmipower', admin, ['--stat'])).stdout, /127\.0\.0\.1: off/);
  t.regex((await freeipmi(home, 'ipmipower', admin, ['--on'])).stdout, /127\.0\.0\.1: ok/);
  t.true(backend.poweredOn);
  t.regex((await freeipmi(home, 'ipmipower', admin, ['--cycle'])).stdout, /127\.0\.0\.1: ok/);
  await waitFor('power back on after the cycle', 10_000, async () => (backend.poweredOn ? true : undefined), { intervalMs: 20 });
  t.deepEqual(backend.actions, ['power-off', 'power-on', 'power-cycle']);

  const sensors = await freeipmi(home, 'ipmi-sensors', admin, ['--output-sensor-thresholds']);
  t.is(sensors.code, 0, sensors.stderr);
  t.regex(sensors.stdout, /CPU Temp\s+\|\s+Temperature\s+\|\s+45\.00\s+\|\s+C\s+\|.*\|\s+80\.00\s+\|\s+90\.00\s+\|\s+100\.00\s+\|\s+'OK'/);
  t.regex(sensors.stdout, /PSU Redundancy\s+\|\s+Power Supply\s+\|.*'Fully Redundant'/);

  backend.setDiscreteStates(0x04, 0x02); // PSU redundancy lost
  const sel = await freeipmi(home, 'ipmi-sel', admin, []);
  t.is(sel.code, 0, sel.stderr);
  t.regex(sel.stdout, /PSU Redundancy\s+\|\s+Power Supply\s+\|\s+Redundancy Lost/);

  const info = await freeipmi(home, 'bmc-info', admin, ['--get-device-id']);
  t.regex(info.stdout, /IPMI Version\s+:\s+2\.0/);
  const wrong = await freeipmi(home, 'ipmipower', { ...admin, password: 'nope-nope' }, ['--stat']);
  t.regex(wrong.stdout + wrong.stderr, /password invalid|password verification timeout|authentication/i);
});
