/**
 * Serial-over-LAN on the emulated BMC with the real peers, on a pseudo-terminal as a person runs
 * them: `ipmitool -I lanplus sol activate` and FreeIPMI `ipmiconsole` see the ft server's console
 * lines and type into it; `ipmitool sol deactivate` from another session stops the first one's
 * stream; the payload and SOL configuration commands answer as the spec says.
 */
import test, { type ExecutionContext } from 'ava';
import { randomInt } from 'node:crypto';
import { openConsole } from '../../drivers/serial/open.ts';
import { startFtServer, type FtServer } from '../ft/server.ts';
import { startIpmiFor } from '../ft/ipmi-adapter.ts';
import { freeipmiConfig, interactivePeer, ipmitool, ipmitoolEnv, makePeerHome, type Login, type PeerHome } from './testing/peers.ts';

const PASSWORD = 'sol-peer-pw';

async function ftBmc(t: ExecutionContext, host = '127.0.0.1', port = 0): Promise<{ ft: FtServer; login: Login; home: PeerHome }> {
  const ft = await startFtServer({ host, port: 0, timeScale: 50, accounts: [{ user: 'admin', password: PASSWORD, role: 'Administrator' }] });
  const ipmi = await startIpmiFor(ft, { host, port, user: 'admin', password: PASSWORD });
  const home = makePeerHome();
  t.teardown(async () => {
    await ipmi.close();
    await ft.close();
    home.cleanup();
  });
  return { ft, login: { port: ipmi.server.port, user: 'admin', password: PASSWORD }, home };
}

test('ipmitool sol activate shows the console and types into it; sol deactivate from another session stops its stream', async (t) => {
  const { ft, login, home } = await ftBmc(t);
  const idle = await ipmitool(home, login, ['raw', '0x06', '0x4a', '0x01'], { cipher: 3 });
  t.is(idle.stdout.trim(), '01 00 00', 'one SOL instance, not active');
  const sol = interactivePeer(['ipmitool', '-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(login.port), '-U', 'admin', '-E', 'sol', 'activate'], ipmitoolEnv(home, login));
  t.teardown(() => sol.kill());
  await sol.waitOutput(/\[SOL Session operational/);
  sol.type('\r');
  await sol.waitOutput(/ftsrv login: /);
  ft.model.injectError(1, 'Cpu', 'Transient');
  await sol.waitOutput(/\[\s*\d+\.\d{6}\] ftsrv: module 1 Cpu subsystem isolated \(transient error\)/);
  const busy = await ipmitool(home, login, ['raw', '0x06', '0x4a', '0x01'], { cipher: 3 });
  t.is(busy.stdout.trim(), '01 01 00', 'instance 1 active');
  const second = await ipmitool(home, login, ['sol', 'activate'], { cipher: 3, timeoutMs: 10_000 });
  t.regex(second.stderr, /SOL payload already active on another session/);
  const off = await ipmitool(home, login, ['sol', 'deactivate'], { cipher: 3 });
  t.is(off.code, 0, off.stderr);
  const after = await ipmitool(home, login, ['raw', '0x06', '0x4a', '0x01'], { cipher: 3 });
  t.is(after.stdout.trim(), '01 00 00');
  // The console goes on printing (the TCP port shows it), but no longer to the deactivated session.
  const tcp = await openConsole({ tcp: { host: '127.0.0.1', port: ft.console.tcp } });
  t.teardown(() => tcp.close());
  ft.model.setLink('M0-NIC0', false);
  await tcp.waitFor(/making interface M1-NIC0 the new active one/, 20_000);
  t.notRegex(sol.output(), /M1-NIC0/);
  sol.type('~.');
  t.is(await sol.exit, 0);
});

test('ipmitool sol info reads the SOL configuration parameters', async (t) => {
  const { login, home } = await ftBmc(t);
  const info = await ipmitool(home, login, ['sol', 'info', '1'], { cipher: 3 });
  t.is(info.code, 0, info.stderr);
  t.regex(info.stdout, /Enabled\s+: true/);
  t.regex(info.stdout, /Privilege Level\s+: USER/);
  t.regex(info.stdout, /Retry Count\s+: 7/);
  t.regex(info.stdout, /Retry Interval \(ms\)\s+: 500/);
  t.regex(info.stdout, /Volatile Bit Rate \(kbps\)\s+: 115\.2/);
  t.regex(info.stdout, new RegExp(`Payload Port\\s+: ${login.port}`));
  const set = await ipmitool(home, login, ['sol', 'set', 'enabled', 'false', '1'], { cipher: 3 });
  t.is(set.code, 0, set.stderr);
  const refused = await ipmitool(home, login, ['sol', 'activate'], { cipher: 3, timeoutMs: 10_000 });
  t.regex(refused.stderr, /SOL payload disabled/);
});

// FreeIPMI 1.6.10's ipmiconsole cannot take HOST:PORT (getaddrinfo "Servname not supported"):
// it reaches the BMC on port 623 of a loopback address of its own.
test('ipmiconsole (FreeIPMI) attaches on port 623 and sees the console', async (t) => {
  const host = `127.13.${randomInt(1, 255)}.${randomInt(1, 255)}`;
  const { ft, login, home } = await ftBmc(t, host, 623);
  const conf = freeipmiConfig(home, login);
  const con = interactivePeer(['ipmiconsole', '-h', host, '-u', 'admin', `--config-file=${conf}`], { PATH: `${process.env.PATH ?? '/usr/bin:/bin'}:/usr/sbin`, HOME: home.dir });
  t.teardown(() => con.kill());
  await con.waitOutput(/\[SOL established\]/);
  con.type('\r');
  await con.waitOutput(/ftsrv login: /);
  ft.model.setLink('M0-NIC0', false);
  await con.waitOutput(/bonding: bond0: making interface M1-NIC0 the new active one/);
  con.type('&.');
  t.is(await con.exit, 0);
});
