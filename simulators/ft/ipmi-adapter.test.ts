/**
 * IPMI on an emulated ft server: ipmitool and FreeIPMI against the adapter, with the Redfish view
 * of the same server as the cross-check; and `ftlab emulate ft --ipmi-port 0` end to end.
 */
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from '../../lib/deadline.ts';
import { loadDefaultProfile } from './profile.ts';
import { startFtServer } from './server.ts';
import { RedfishClient } from './testing/client.ts';
import { SYSTEM, SYSTEM_SEL } from './uris.ts';
import { startIpmiFor } from './ipmi-adapter.ts';
import { freeipmi, ipmitool, makePeerHome, type Login } from '../ipmi/testing/peers.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

async function setup(t: ExecutionContext) {
  const base = loadDefaultProfile();
  const profile = { ...base, power: { bootMs: 100, shutdownMs: 100 } };
  const ft = await startFtServer({ port: 0, profile, timeScale: 50, accounts: [{ user: 'admin', password: 'ft-Secret-1', role: 'Administrator' }] });
  const ipmi = await startIpmiFor(ft, { host: '127.0.0.1', port: 0, user: 'admin', password: 'ft-Secret-1' });
  const home = makePeerHome();
  t.teardown(async () => {
    await ipmi.close();
    await ft.close();
    home.cleanup();
  });
  const login: Login = { port: ipmi.server.port, user: 'admin', password: 'ft-Secret-1' };
  return { ft, ipmi, home, login, rf: new RedfishClient(ft.redfishUrl, 'admin', 'ft-Secret-1') };
}

test('power over IPMI is the power the Redfish view shows (both ways)', async (t) => {
  const { ft, home, login, rf } = await setup(t);
  t.regex(ipmi0(await ipmitool(home, login, ['chassis', 'power', 'status'], { cipher: 17 })), /Chassis Power is on/);
  t.is((await ipmitool(home, login, ['chassis', 'power', 'off'], { cipher: 17 })).code, 0);
  t.is(ft.model.powerState, 'Off');
  t.is((await rf.get<{ PowerState: string }>(SYSTEM)).PowerState, 'Off');
  t.is((await ipmitool(home, login, ['chassis', 'power', 'on'], { cipher: 3 })).code, 0);
  await rf.until<{ PowerState: string }>('Redfish shows On after IPMI power on', SYSTEM, (b) => b.PowerState === 'On');
  // and the other way: a Redfish reset shows in IPMI
  const r = await rf.post(`${SYSTEM}/Actions/ComputerSystem.Reset`, { ResetType: 'ForceOff' });
  t.true(r.status < 300, JSON.stringify(r.body));
  t.regex(ipmi0(await ipmitool(home, login, ['chassis', 'power', 'status'], { cipher: 17 })), /Chassis Power is off/);
  const fi = await freeipmi(home, 'ipmipower', login, ['--stat']);
  t.regex(fi.stdout, /127\.0\.0\.1: off/);
});

function ipmi0(r: { code: number; stdout: string; stderr: string }): string {
  if (r.code !== 0) throw new Error(`ipmitool failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

test('model faults fill the SEL (redundancy, presence, processor, PCIe) in IPMI and in the Redfish SEL log', async (t) => {
  const { ft, home, login, rf } = await setup(t);
  await waitFor('system duplex', 20_000, async () => (ft.model.ftState() === 'Duplex' ? true : undefined), { intervalMs: 20 });
  ft.model.injectError(1, 'Cpu', 'Transient');
  ft.model.pcieFatalError('M1-NIC0');
  ft.model.pullModule(1);
  await waitFor('redundancy lost in the SEL', 20_000, async () =>
    ft.model.module(1).present === false && /Redundancy Lost/.test(ipmi0(await ipmitool(home, login, ['sel', 'elist'], { cipher: 17 }))) ? true : undefined,
  );
  const sel = ipmi0(await ipmitool(home, login, ['sel', 'elist'], { cipher: 17 }));
  t.regex(sel, /Processor .*CPU1 Status \| Correctable machine check error \| Asserted/i);
  t.regex(sel, /Critical Interrupt .*PCIe M1 \| Bus Fatal Error \| Asserted/i);
  t.regex(sel, /Entity Presence .*Module1 Presence \| Device (Removed|Absent)/i);
  t.regex(sel, /Module \/ Board .*Lockstep Redund \| Redundancy Lost/i);
  const fsel = await freeipmi(home, 'ipmi-sel', login, []);
  t.regex(fsel.stdout, /Lockstep Redund\s+\|\s+Module\/Board\s+\|\s+Redundancy Lost/);
  const list = await rf.get<{ Members: Array<{ '@odata.id': string }> }>(`${SYSTEM_SEL}/Entries`);
  const entries = { Members: await Promise.all(list.Members.map((m) => rf.get<{ EntryType: string; SensorType: string; EntryCode: string; MessageId: string }>(m['@odata.id']))) };
  const codes = entries.Members.map((m) => `${m.SensorType}: ${m.EntryCode}`);
  t.true(codes.includes('Module/Board: Redundancy Lost'), codes.join('\n'));
  t.true(codes.includes('Critical Interrupt: Bus Fatal Error'), codes.join('\n'));
  t.true(entries.Members.every((m) => m.EntryType === 'SEL' && /^0x[0-9A-F]{8}$/.test(m.MessageId)));
  t.is((await ipmitool(home, login, ['sel', 'clear'], { cipher: 17 })).code, 0);
  const cleared = await rf.get<{ Members: Array<{ '@odata.id': string }> }>(`${SYSTEM_SEL}/Entries`);
  t.is(cleared.Members.length, 1, 'an IPMI Clear SEL clears the Redfish SEL view too, but for the BMC\'s own record of the clear');
  const only = await rf.get<{ SensorType: string; EntryCode: string }>(cleared.Members[0]?.['@odata.id'] ?? '');
  t.is(`${only.SensorType}: ${only.EntryCode}`, 'Event Logging Disabled: Log area reset/cleared');
  const sensors = await freeipmi(home, 'ipmi-sensors', login, []);
  t.regex(sensors.stdout, /Lockstep Redund\s+\|\s+Module\/Board/);
  t.regex(sensors.stdout, /Module1 Presence\s+\|\s+Entity Presence\s+\|.*'Device Removed\/Device Absent'/);
  t.regex(sensors.stdout, /Inlet Temp\s+\|\s+Temperature\s+\|\s+24\.00/);
});

test('power cycle while off is refused (CC D5h) and leaves the system off; Redfish owns the accounts; the FRU is the enclosure', async (t) => {
  const { ft, home, login } = await setup(t);
  const run = (args: string[]) => ipmitool(home, login, args, { cipher: 17 });
  t.is((await run(['chassis', 'power', 'off'])).code, 0);
  const cycle = await run(['chassis', 'power', 'cycle']);
  t.not(cycle.code, 0);
  t.regex(cycle.stderr, /Command not supported in present state/);
  t.is(ft.model.powerState, 'Off');
  const rename = await run(['user', 'set', 'name', '3', 'mallory']);
  t.regex(rename.stdout + rename.stderr, /Command not supported in present state/);
  t.regex((await run(['user', 'list', '1'])).stdout, /^2\s+admin\s+true\s+false\s+true\s+ADMINISTRATOR$/m);
  const fru = await run(['fru', 'print', '0']);
  t.regex(fru.stdout, new RegExp(`Product Manufacturer\\s+: ${ft.model.profile.system.manufacturer}`));
  t.regex(fru.stdout, new RegExp(`Product Name\\s+: ${ft.model.profile.system.model}`));
  t.regex(fru.stdout, /Board Part Number\s+: FTLAB-CPUIO-2S/);
});

test('`ftlab emulate ft --ipmi-port 0 --kg-file F` prints "ipmi":"127.0.0.1:PORT" and serves IPMI there with that BMC key', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-kg-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const kgFile = path.join(dir, 'kg');
  writeFileSync(kgFile, 'ft-BMC-key-1\n', { mode: 0o600 });
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/ftlab.js'), 'emulate', 'ft', '--ipmi-port', '0', '--kg-file', kgFile, '--log-level', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    const timer = setTimeout(() => reject(new Error('no first line from ftlab emulate ft within 30 s')), 30_000);
    rl.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`ftlab emulate ft exited with ${code}`)));
  });
  const banner = JSON.parse(first) as { ipmi?: string };
  t.regex(banner.ipmi ?? '', /^127\.0\.0\.1:\d+$/);
  const port = Number((banner.ipmi ?? '').split(':')[1]);
  const home = makePeerHome();
  t.teardown(() => home.cleanup());
  const login = { port, user: 'admin', password: 'ftlab' };
  t.regex(ipmi0(await ipmitool(home, login, ['chassis', 'power', 'status'], { cipher: 17, kg: 'ft-BMC-key-1' })), /Chassis Power is on/);
  t.is((await ipmitool(home, login, ['chassis', 'power', 'status'], { cipher: 17, kg: 'ft-BMC-key-2' })).code, 1, 'a wrong BMC key fails');
});
