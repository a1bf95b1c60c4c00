/**
 * A fleet server's console over Serial-over-LAN on its emulated BMC: ftlab's SOL client and
 * `ipmitool -I lanplus sol activate` see the same lines its TCP console port prints (POST, the
 * SAN boot of its business, the OS), and a spare's "No bootable device".
 */
import test, { type ExecutionContext } from 'ava';
import { openConsole } from '../../../drivers/serial/open.ts';
import { interactivePeer, ipmitoolEnv, makePeerHome, type Login } from '../../ipmi/testing/peers.ts';
import { startClusterIpmi } from '../ipmi/fleet-ipmi.ts';
import { rig } from '../testing/model.ts';
import { FleetConsoleFeeds } from './feeds.ts';
import { startFleetConsoles } from './server.ts';
import { NO_BOOTABLE_DEVICE } from './text.ts';

const ACCOUNT = { user: 'admin', password: 'Fleet-sol-1' };

async function fleet(t: ExecutionContext, withConsoles = true) {
  const r = rig([], { start: false });
  const feeds = new FleetConsoleFeeds(r.model);
  const ipmi = await startClusterIpmi(r.model, { bind: '127.0.0.1', account: ACCOUNT, ...(withConsoles ? { consoles: feeds } : {}) });
  const tcp = await startFleetConsoles(feeds, '127.0.0.1');
  t.teardown(async () => {
    await tcp.close();
    await ipmi.close();
    feeds.close();
  });
  const port = (id: string): number => Number(ipmi.endpoints.get(id)?.split(':')[1]);
  const sol = (id: string) => openConsole({ sol: { session: { host: '127.0.0.1', port: port(id), ...ACCOUNT } } });
  const raw = (id: string) => openConsole({ tcp: { host: '127.0.0.1', port: tcp.ports.get(id)?.tcp ?? 0, banner: `[ftlab console of ${id}: attached]` } });
  return { ...r, port, sol, raw };
}

test('ftlab SOL on a fleet BMC prints exactly what the server\'s TCP console prints: POST, SAN boot of its business, the OS; a spare has no bootable device', async (t) => {
  const f = await fleet(t);
  const [sol1, tcp1, sol8] = [await f.sol('srv01'), await f.raw('srv01'), await f.sol('srv08')];
  t.teardown(() => Promise.all([sol1.close(), tcp1.close(), sol8.close()]));
  f.model.start();
  await f.settle(80_000);
  await sol1.waitFor('srv01 login:', 10_000, { since: 0 });
  await tcp1.waitFor('srv01 login:', 10_000, { since: 0 });
  const text = (c: typeof sol1): string[] => c.tail(100).map((l) => l.text);
  t.deepEqual(text(sol1), text(tcp1));
  t.true(text(sol1).includes('HBA BIOS: boot LUN 0 is volume boot-crm (NAA 600a0b80003ea0000000000000000001) on array1: booting from SAN'), text(sol1).join('\n'));
  f.model.system('srv08').reset('On');
  await f.settle(20_000);
  const spare = await sol8.waitFor(NO_BOOTABLE_DEVICE, 10_000, { since: 0 });
  t.regex(spare.before.at(-1)?.text ?? '', /^HBA BIOS: no boot LUN 0 visible to 21:00:00:24:ff:00:08:00/);
});

test('ipmitool sol activate on a fleet BMC shows the server\'s console; without consoles the payload reads as disabled', async (t) => {
  const f = await fleet(t);
  const home = makePeerHome();
  t.teardown(() => home.cleanup());
  const login: Login = { port: f.port('srv02'), ...ACCOUNT };
  const peer = interactivePeer(['ipmitool', '-I', 'lanplus', '-C', '17', '-H', '127.0.0.1', '-p', String(login.port), '-U', 'admin', '-E', 'sol', 'activate'], ipmitoolEnv(home, login));
  t.teardown(() => peer.kill());
  await peer.waitOutput(/\[SOL Session operational/);
  f.model.start();
  await f.settle(80_000);
  await peer.waitOutput(/HBA BIOS: boot LUN 0 is volume boot-\w+ \(NAA [0-9a-f]{32}\) on array\d: booting from SAN/);
  await peer.waitOutput(/\[\s+\d+\.\d{6}\] systemd\[1\]: Started \w+\.service - business/);
  peer.type('~.');
  t.is(await peer.exit, 0);
  const off = await fleet(t, false);
  const e = await t.throwsAsync(off.sol('srv01'));
  t.regex(e?.message ?? '', /sol:\/\/127\.0\.0\.1:\d+: .*(disabled|0x81)/);
});
