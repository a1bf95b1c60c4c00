/**
 * The fleet's BMCs against ipmitool and FreeIPMI: one BMC per server of the default cluster (own
 * port, own GUID), power and Reset semantics on the model, partitions, SEL from model events,
 * sensors, boot flags, and a BMC that stops answering. The model runs on a FakeClock.
 */
import test, { type ExecutionContext } from 'ava';
import { EVENT_TYPE_THRESHOLD } from '../../../drivers/ipmi/codec/sel.ts';
import { freeipmi, ipmitool, makePeerHome, type Login } from '../../ipmi/testing/peers.ts';
import { BOOT_MS, bodies, rig } from '../testing/model.ts';
import { serverGuid } from './backend.ts';
import { startClusterIpmi } from './fleet-ipmi.ts';
import { SENSOR } from './sensor-numbers.ts';

const ACCOUNT = { user: 'admin', password: 'Fleet-ipmi-1' };

async function fleet(t: ExecutionContext) {
  const r = rig();
  const ipmi = await startClusterIpmi(r.model, { bind: '127.0.0.1', account: ACCOUNT });
  const home = makePeerHome();
  t.teardown(async () => {
    await ipmi.close();
    home.cleanup();
  });
  const login = (id: string): Login => ({ port: Number(ipmi.endpoints.get(id)?.split(':')[1]), ...ACCOUNT });
  const tool = (id: string, ...args: string[]) => ipmitool(home, login(id), args, { cipher: 17 });
  const sel = (id: string) => ipmi.backends.get(id)?.sel.list().map((rec) => (rec.kind === 'system' ? `${rec.sensorNumber}:${rec.eventData[0] & 0x0f}:${rec.assertion ? 'a' : 'd'}` : rec.kind)) ?? [];
  return { ...r, ipmi, home, login, tool, sel };
}

test('every server has its own BMC: its own port and GUID, and the power state of its system', async (t) => {
  const f = await fleet(t);
  const ids = [...f.model.servers.keys()];
  t.deepEqual([...f.ipmi.endpoints.keys()], ids);
  t.is(new Set(f.ipmi.endpoints.values()).size, ids.length);
  for (const id of ['srv01', 'srv08']) {
    const guid = await f.tool(id, 'mc', 'guid');
    const wire = serverGuid('default', id);
    const text = Buffer.from(wire).reverse().toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    t.regex(guid.stdout, new RegExp(`System GUID\\s+: ${text}`), guid.stderr);
    const on = f.model.systemOf(id).power !== 'Off';
    t.regex((await f.tool(id, 'chassis', 'power', 'status')).stdout, on ? /Chassis Power is on/ : /Chassis Power is off/);
  }
  t.is(f.model.system('srv01').power, 'On');
  t.is(f.model.system('srv08').power, 'Off');
});

test('ipmitool chassis power off/on/cycle/reset/soft are the model Resets of the server', async (t) => {
  const f = await fleet(t);
  f.take();
  for (const action of ['off', 'on', 'cycle', 'reset', 'soft']) {
    t.is((await f.tool('srv01', 'chassis', 'power', action)).code, 0, action);
    if (action === 'cycle') f.clock.advance(f.model.config.timing.offMs); // off for offMs, then on again
  }
  const resets = f.take().flatMap((e) => (e.type === 'ResetRequested' ? [e.reset] : []));
  t.deepEqual(resets, ['ForceOff', 'On', 'PowerCycle', 'ForceRestart', 'GracefulShutdown']);
  // The graceful shutdown comes during POST (firmware powers off at once); a cycle needs power (CC D5h).
  t.is(f.model.system('srv01').power, 'Off');
  const cycle = await f.tool('srv01', 'chassis', 'power', 'cycle');
  t.not(cycle.code, 0);
  t.is((await f.tool('srv01', 'chassis', 'power', 'diag')).code === 0, false, 'no NMI in the model');
  t.deepEqual(bodies(f.take()), []);
});

test('a partition member controls the partition; both members log its power events', async (t) => {
  const f = await fleet(t);
  const before = { srv03: f.sel('srv03').length, srv04: f.sel('srv04').length };
  t.is((await f.tool('srv04', 'chassis', 'power', 'off')).code, 0);
  t.is(f.model.system('lp1').power, 'Off');
  t.regex((await f.tool('srv03', 'chassis', 'power', 'status')).stdout, /Chassis Power is off/);
  // ACPI S5 (sensor 05h offset 5) in both BMCs, nothing else.
  t.deepEqual(f.sel('srv03').slice(before.srv03), [`${SENSOR.ACPI_POWER}:5:a`]);
  t.deepEqual(f.sel('srv04').slice(before.srv04), [`${SENSOR.ACPI_POWER}:5:a`]);
  t.is(f.sel('srv01').length, f.sel('srv02').length, 'other servers log nothing of it');
});

test('SEL: a SAN boot logged step by step, read the same by ipmitool and ipmi-sel', async (t) => {
  const f = await fleet(t);
  t.is((await f.tool('srv08', 'chassis', 'power', 'on')).code, 0);
  f.clock.advance(BOOT_MS);
  // srv08 is a spare: no LUN masked to it, so it stops in "no bootable device".
  t.deepEqual(f.sel('srv08'), [`${SENSOR.ACPI_POWER}:0:a`, `${SENSOR.FIRMWARE_PROGRESS}:2:a`, `${SENSOR.FIRMWARE_PROGRESS}:2:a`, `${SENSOR.BOOT_ERROR}:0:a`]);
  const elist = await f.tool('srv08', 'sel', 'elist');
  t.is(elist.code, 0, elist.stderr);
  const lines = elist.stdout.trim().split('\n');
  t.is(lines.length, 4);
  t.regex(lines[0] ?? '', /ACPI Power \| S0\/G0: working \| Asserted/);
  t.regex(lines[1] ?? '', /BIOS Progress \| Primary CPU initialization/);
  t.regex(lines[2] ?? '', /BIOS Progress \| PCI resource configuration/);
  t.regex(lines[3] ?? '', /Boot Error \| No bootable media \| Asserted/);
  const sel = await freeipmi(f.home, 'ipmi-sel', f.login('srv08'), []);
  t.is(sel.code, 0, sel.stderr);
  t.is(sel.stdout.trim().split('\n').length, 5, 'header + 4 records');
  t.regex(sel.stdout, /Boot Error\s+\| Boot Error\s+\| No bootable media/);
  // srv01 boots its volume: off, on, three progress codes, OS boot completed.
  t.is((await f.tool('srv01', 'chassis', 'power', 'cycle')).code, 0);
  f.clock.advance(f.model.config.timing.offMs + BOOT_MS);
  t.is(f.model.system('srv01').boot, 'Running');
  t.deepEqual(f.sel('srv01'), [`${SENSOR.ACPI_POWER}:5:a`, `${SENSOR.ACPI_POWER}:0:a`, `${SENSOR.FIRMWARE_PROGRESS}:2:a`, `${SENSOR.FIRMWARE_PROGRESS}:2:a`, `${SENSOR.FIRMWARE_PROGRESS}:2:a`, `${SENSOR.OS_BOOT}:1:a`]);
  t.regex((await f.tool('srv01', 'sel', 'elist')).stdout, /OS Boot \| C: boot completed \| Asserted/);
});

test('sensors follow faults and repairs; the SEL logs each, the other servers read unchanged', async (t) => {
  const f = await fleet(t);
  const base = f.sel('srv01').length;
  for (const fault of ['Fan', 'PowerSupply', 'Cpu'] as const) f.model.injectFault('srv01', fault);
  const read = await freeipmi(f.home, 'ipmi-sensors', f.login('srv01'), []);
  t.is(read.code, 0, read.stderr);
  t.regex(read.stdout, /Fan1\s+\| Fan\s+\| 0\.00\s+\| RPM\s+\| 'At or Below \(<=\) Lower Critical Threshold'/);
  t.regex(read.stdout, /CPU Temp\s+\| Temperature\s+\| 95\.00\s+\| C\s+\| 'At or Above \(>=\) Upper Critical Threshold'/);
  t.regex(read.stdout, /PSU Redundancy\s+\| Power Supply\s+\| N\/A\s+\| N\/A\s+\| 'Redundancy Lost'/);
  t.regex(read.stdout, /CPU Status\s+\| Processor\s+\| N\/A\s+\| N\/A\s+\| 'IERR'/);
  t.regex(read.stdout, /OS Stop\s+\| OS Critical Stop\s+\| N\/A\s+\| N\/A\s+\| 'Run-time Critical Stop'/);
  t.deepEqual(f.sel('srv01').slice(base), [`${SENSOR.FAN}:2:a`, `${SENSOR.PSU_REDUNDANCY}:1:a`, `${SENSOR.CPU}:0:a`, `${SENSOR.OS_STOP}:1:a`]);
  const fan = f.ipmi.backends.get('srv01')?.sel.list()[base];
  t.like(fan, { kind: 'system', eventType: EVENT_TYPE_THRESHOLD, eventData: [0x52, 0, 10] });
  for (const fault of ['Fan', 'PowerSupply', 'Cpu'] as const) f.model.repair('srv01', fault);
  t.deepEqual(f.sel('srv01').slice(base + 4), [`${SENSOR.FAN}:2:d`, `${SENSOR.PSU_REDUNDANCY}:0:a`, `${SENSOR.CPU}:0:d`]);
  const other = await freeipmi(f.home, 'ipmi-sensors', f.login('srv02'), []);
  t.regex(other.stdout, /Fan1\s+\| Fan\s+\| 6000\.00\s+\| RPM\s+\| 'OK'/);
  t.regex(other.stdout, /PSU Redundancy\s+\| Power Supply\s+\| N\/A\s+\| N\/A\s+\| 'Fully Redundant'/);
});

test('a one-time boot device set over IPMI is used up by the next POST', async (t) => {
  const f = await fleet(t);
  t.is((await f.tool('srv02', 'chassis', 'bootdev', 'pxe')).code, 0);
  const backend = f.ipmi.backends.get('srv02');
  t.like(backend?.bootFlags(), { device: 'pxe', valid: true, persistent: false });
  t.like(f.ipmi.backends.get('srv01')?.bootFlags(), { valid: false }, 'per server');
  t.is((await f.tool('srv02', 'chassis', 'power', 'cycle')).code, 0);
  t.like(backend?.bootFlags(), { valid: true }, 'still off: not used yet');
  f.clock.advance(f.model.config.timing.offMs);
  t.is(f.model.system('srv02').boot, 'Post');
  t.like(backend?.bootFlags(), { device: 'pxe', valid: false });
});

test('a BMC that stops answering is silent on its port, and answers there again afterwards', async (t) => {
  const f = await fleet(t);
  const endpoint = f.ipmi.endpoints.get('srv05');
  f.model.setBmcAnswering('srv05', false);
  await new Promise((r) => setTimeout(r, 50));
  const silent = await ipmitool(f.home, f.login('srv05'), ['chassis', 'power', 'status'], { cipher: 17, timeoutMs: 20_000 });
  t.not(silent.code, 0);
  t.regex((await f.tool('srv06', 'chassis', 'power', 'status')).stdout, /Chassis Power is on/, 'the others answer');
  f.model.setBmcAnswering('srv05', true);
  await new Promise((r) => setTimeout(r, 50));
  t.is(f.ipmi.endpoints.get('srv05'), endpoint);
  t.regex((await f.tool('srv05', 'chassis', 'power', 'status')).stdout, /Chassis Power is on/);
});
