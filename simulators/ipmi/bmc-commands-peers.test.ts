/**
 * The commands every IPMI 2.0 LAN BMC answers, as ipmitool and FreeIPMI see them over 127.0.0.1:
 * LAN configuration, users and channel access (with privileges), channel info, FRU inventory, the
 * watchdog on the injected clock, BMC global enables, chassis identify, session info, SEL clear.
 */
import test, { type ExecutionContext } from 'ava';
import { networkInterfaces } from 'node:os';
import { FakeClock } from '../../lib/clock.ts';
import { GenericBmcBackend } from './generic-backend.ts';
import { startIpmiServer } from './server.ts';
import { freeipmi, ipmitool, makePeerHome, type Login } from './testing/peers.ts';

const ACCOUNTS = [
  { user: 'admin', password: 'Adm1n-secret', role: 'Administrator' as const },
  { user: 'op', password: 'Op3rator-secret', role: 'Operator' as const },
];

async function setup(t: ExecutionContext) {
  const clock = new FakeClock(0, Date.UTC(2026, 5, 1));
  const backend = new GenericBmcBackend({ clock });
  const server = await startIpmiServer({ accounts: ACCOUNTS, backend, clock });
  const home = makePeerHome();
  t.teardown(async () => {
    backend.dispose();
    await server.close();
    home.cleanup();
  });
  const admin: Login = { port: server.port, user: 'admin', password: 'Adm1n-secret' };
  const op: Login = { port: server.port, user: 'op', password: 'Op3rator-secret' };
  const run = async (login: Login, args: string[], privilege?: string) => {
    const r = await ipmitool(home, login, args, { cipher: 17, ...(privilege ? { privilege } : {}) });
    return { ...r, out: r.stdout + r.stderr };
  };
  return { clock, backend, server, home, admin, op, run };
}

function loopbackNetmask(): string {
  const lo = Object.values(networkInterfaces())
    .flat()
    .find((a) => a?.family === 'IPv4' && a.address === '127.0.0.1');
  if (!lo) throw new Error('no 127.0.0.1 interface');
  return lo.netmask;
}

test('ipmitool lan print 1 shows the socket: address, netmask, MAC, cipher suites, VLAN, lockout policy', async (t) => {
  const { run, admin } = await setup(t);
  const r = await run(admin, ['lan', 'print', '1']);
  t.is(r.code, 0, r.out);
  const field = (name: string) => new RegExp(`^${name}\\s+: (.*)$`, 'm').exec(r.stdout)?.[1]?.trim();
  t.is(field('Set in Progress'), 'Set Complete');
  t.is(field('IP Address Source'), 'Static Address');
  t.is(field('IP Address'), '127.0.0.1');
  t.is(field('Subnet Mask'), loopbackNetmask());
  t.is(field('MAC Address'), '00:00:00:00:00:00');
  t.is(field('Default Gateway IP'), '0.0.0.0');
  t.is(field('802.1q VLAN ID'), 'Disabled');
  t.is(field('RMCP\\+ Cipher Suites'), '3,17');
  t.is(field('Cipher Suite Priv Max'), 'aaXXXXXXXXXXXXX');
  t.is(field('Bad Password Threshold'), '5');
  t.is(field('User Lockout Interval'), '60');
  // Set LAN Configuration: the address is the socket's (read-only, CC 82h); unsupported parameters 80h.
  const setIp = await run(admin, ['raw', '0x0c', '0x01', '0x01', '0x03', '10', '0', '0', '9']);
  t.regex(setIp.out, /rsp=0x82/);
  t.regex((await run(admin, ['raw', '0x0c', '0x02', '0x01', '0x09', '0x00', '0x00'])).out, /rsp=0x80/);
  t.is(field('IP Address'), '127.0.0.1');
});

test('ipmitool user list / channel info / session info: real user IDs and privilege limits; only an Administrator changes users', async (t) => {
  const { run, admin, op, server } = await setup(t);
  const users = await run(admin, ['user', 'list', '1']);
  t.is(users.code, 0, users.out);
  t.regex(users.stdout, /^2\s+admin\s+true\s+false\s+true\s+ADMINISTRATOR$/m);
  t.regex(users.stdout, /^3\s+op\s+true\s+false\s+true\s+OPERATOR$/m);
  t.regex(users.stdout, /^4\s+true\s+false\s+false\s+NO ACCESS$/m);
  const info = await run(admin, ['channel', 'info']);
  t.regex(info.stdout, /Channel 0x1 info:\s+Channel Medium Type\s+: 802\.3 LAN\s+Channel Protocol Type\s+: IPMB-1\.0\s+Session Support\s+: multi-session\s+Active Session Count\s+: 1/);
  t.regex(info.stdout, /Access Mode\s+: always available/);
  t.regex((await run(op, ['session', 'info', 'active'], 'OPERATOR')).stdout, /user id\s+: 3\s+privilege level\s+: OPERATOR/);

  const byOperator = await run(op, ['user', 'set', 'name', '4', 'bob'], 'OPERATOR');
  t.not(byOperator.code, 0);
  t.regex(byOperator.out, /Insufficient privilege level/);
  t.deepEqual(server.users.names(), ['admin', 'op'], 'nothing changed');
  for (const args of [['user', 'set', 'name', '4', 'bob'], ['user', 'set', 'password', '4', 'B0b-secret'], ['user', 'priv', '4', '3', '1'], ['channel', 'setaccess', '1', '4', 'ipmi=on'], ['user', 'enable', '4']]) {
    const r = await run(admin, args);
    t.is(r.code, 0, `${args.join(' ')}: ${r.out}`);
  }
  const bob: Login = { port: admin.port, user: 'bob', password: 'B0b-secret' };
  t.regex((await run(bob, ['session', 'info', 'active'], 'OPERATOR')).stdout, /user id\s+: 4\s+privilege level\s+: OPERATOR/);
  t.not((await run(bob, ['chassis', 'power', 'status'], 'ADMINISTRATOR')).code, 0, 'above his privilege limit');
  t.regex((await run(admin, ['user', 'list', '1'])).stdout, /^4\s+bob\s+true\s+false\s+true\s+OPERATOR$/m);
});

test("the LAN channel's privilege limit applies to new and open sessions (FreeIPMI ipmi-config commits it)", async (t) => {
  const { run, admin, home } = await setup(t);
  const commit = await freeipmi(home, 'ipmi-config', admin, ['--commit', '--key-pair=Lan_Channel:Volatile_Channel_Privilege_Limit=Operator'], { privilege: 'ADMIN' });
  t.is(commit.code, 0, commit.stdout + commit.stderr);
  const asAdmin = await run(admin, ['chassis', 'power', 'status'], 'ADMINISTRATOR');
  t.not(asAdmin.code, 0, 'Administrator sessions are above the channel limit now');
  t.regex((await run(admin, ['session', 'info', 'active'], 'OPERATOR')).stdout, /privilege level\s+: OPERATOR/);
  const checkout = await freeipmi(home, 'ipmi-config', admin, ['--checkout', '--section=Lan_Channel'], { privilege: 'OPERATOR' });
  t.regex(checkout.stdout, /Volatile_Channel_Privilege_Limit\s+Operator/);
});

test('FreeIPMI bmc-info channel data and ipmi-config --checkout sections show the same BMC', async (t) => {
  const { admin, home } = await setup(t);
  const info = await freeipmi(home, 'bmc-info', admin, ['--get-channel-info']);
  t.is(info.code, 0, info.stderr);
  t.regex(info.stdout, /Channel Number\s+: 1\nMedium Type\s+: 802\.3 LAN\nProtocol Type\s+: IPMB-1\.0\nActive Session Count\s+: 1\nSession Support\s+: multi-session\nVendor ID\s+: .*\(7154\)/);
  // Exit code 1: the User sections' optional SOL_Payload_Access / Lan_Session_Limit fields are not served (no SOL).
  const conf = await freeipmi(home, 'ipmi-config', admin, ['--checkout', '--section=User2', '--section=User3', '--section=Lan_Conf', '--section=Lan_Conf_User_Security', '--section=Lan_Channel']);
  const text = conf.stdout.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
  t.regex(text, /Section User2\s+Username\s+admin\s+Enable_User\s+Yes\s+Lan_Enable_IPMI_Msgs\s+Yes[\s\S]*?Lan_Privilege_Limit\s+Administrator/);
  t.regex(text, /Section User3\s+Username\s+op[\s\S]*?Lan_Privilege_Limit\s+Operator/);
  t.regex(text, /IP_Address\s+127\.0\.0\.1/);
  t.regex(text, /Bad_Password_Threshold\s+5\s+Attempt_Count_Reset_Interval\s+6\s+User_Lockout_Interval\s+6/);
  t.regex(text, /Volatile_Access_Mode\s+Always_Available/);
});

test('ipmitool fru print reads a checksummed FRU image: chassis, board and product areas', async (t) => {
  const { run, admin, home } = await setup(t);
  const fru = await run(admin, ['fru', 'print']);
  t.is(fru.code, 0, fru.out);
  for (const line of [
    /Chassis Type\s+: Rack Mount Chassis/,
    /Chassis Part Number\s+: FTLAB-CH-1U/,
    /Board Mfg Date\s+: Thu Jan\s+1 00:00:00 2026/,
    /Board Product\s+: Generic BMC board/,
    /Product Name\s+: Generic server/,
    /Product Version\s+: 1\.0/,
    /Product Serial\s+: FTLAB-GEN-0001/,
  ]) {
    t.regex(fru.stdout, line);
  }
  // FreeIPMI verifies every area checksum and prints the same fields.
  const fi = await freeipmi(home, 'ipmi-fru', admin, []);
  t.is(fi.code, 0, fi.stderr);
  t.regex(fi.stdout, /Board Product Name: Generic BMC board/);
  t.notRegex(fi.stdout + fi.stderr, /checksum/i);
  t.regex((await run(admin, ['raw', '0x0a', '0x12', '0x00', '0x00', '0x00', '0x01'])).out, /rsp=0x80/, 'Write FRU Data: write-protected');
});

test('watchdog: a real countdown on the injected clock; on expiry the timeout action is taken and logged in the SEL', async (t) => {
  const { run, admin, clock, backend } = await setup(t);
  t.regex((await run(admin, ['mc', 'watchdog', 'get'])).stdout, /Watchdog Timer Is:\s+Stopped/);
  t.regex((await run(admin, ['mc', 'watchdog', 'reset'])).out, /uninitialized|not initialized|0x80/i, 'Reset before Set: CC 80h');
  // Set Watchdog Timer: SMS/OS, power down on expiry, 10.0 s (100 × 100 ms).
  t.is((await run(admin, ['raw', '0x06', '0x24', '0x04', '0x02', '0x00', '0x00', '0x64', '0x00'])).code, 0);
  t.is((await run(admin, ['mc', 'watchdog', 'reset'])).code, 0);
  clock.advance(4000);
  const get = (await run(admin, ['mc', 'watchdog', 'get'])).stdout;
  t.regex(get, /Watchdog Timer Is:\s+Started\/Running/);
  t.regex(get, /Watchdog Timer Action:\s+Power Down/);
  t.regex(get, /Initial Countdown:\s+10\.0 sec/);
  t.regex(get, /Present Countdown:\s+6\.0 sec/);
  t.true(backend.poweredOn);
  clock.advance(6000);
  await new Promise((r) => setImmediate(r));
  t.false(backend.poweredOn);
  t.deepEqual(backend.actions, ['power-off']);
  const after = (await run(admin, ['mc', 'watchdog', 'get'])).stdout;
  t.regex(after, /Watchdog Timer Is:\s+Stopped/);
  t.regex(after, /Timer Expiration Flags:\s+\(0x10\)\s+\* SMS\/OS/);
  t.regex((await run(admin, ['sel', 'elist'])).stdout, /Watchdog2 #0x70 \| Power down \| Asserted/);
});

test('BMC global enables (System Event Logging gates the BMC\'s own events), chassis identify (force, interval on the injected clock, off) and SEL clear as the BMC logs it', async (t) => {
  const { run, admin, clock, home, backend } = await setup(t);
  t.regex((await run(admin, ['mc', 'getenables'])).stdout, /System Event Logging\s+: enabled/);
  t.is((await run(admin, ['raw', '0x06', '0x2e', '0x04'])).code, 0);
  t.regex((await run(admin, ['mc', 'getenables'])).stdout, /System Event Logging\s+: disabled/);
  const identify = async () => /Chassis Identify state\s+: (.*)/.exec((await freeipmi(home, 'ipmi-chassis', admin, ['--get-chassis-status'])).stdout)?.[1]?.trim();
  t.is(await identify(), 'off');
  t.is((await run(admin, ['chassis', 'identify', 'force'])).code, 0);
  t.is(await identify(), 'Indefinite on');
  t.is((await run(admin, ['chassis', 'identify', '5'])).code, 0);
  t.is(await identify(), 'Timed on');
  clock.advance(5001);
  t.is(await identify(), 'off');
  backend.setSensorValue(0x01, 95);
  t.is((await run(admin, ['sel', 'clear'])).code, 0);
  t.is(backend.sel.list().length, 0, 'with System Event Logging disabled the BMC does not log the clear');
  t.is((await run(admin, ['raw', '0x06', '0x2e', '0x0c'])).code, 0);
  backend.setSensorValue(0x01, 45);
  t.is((await run(admin, ['sel', 'clear'])).code, 0);
  const sel = (await run(admin, ['sel', 'elist'])).stdout.trim().split('\n');
  t.is(sel.length, 1, sel.join('\n'));
  t.regex(sel[0] ?? '', /Event Logging Disabled #0x71 \| Log area reset\/cleared \| Asserted/);
});
