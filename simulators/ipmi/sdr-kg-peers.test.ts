/**
 * SDR reservations per session (8 parallel `ipmitool sdr elist` readers all complete; one
 * session's reservation survives another's) and the BMC key K_g (ipmitool -K / -y with the right
 * key works, a wrong or missing key fails).
 */
import test, { type ExecutionContext } from 'ava';
import { GenericBmcBackend } from './generic-backend.ts';
import { startIpmiServer, type IpmiServerOptions } from './server.ts';
import { ipmitool, makePeerHome, type Login } from './testing/peers.ts';
import { RawConsole } from './testing/raw-console.ts';

const ACCOUNTS = [{ user: 'admin', password: 'Adm1n-secret', role: 'Administrator' as const }];

async function setup(t: ExecutionContext, extra: Partial<IpmiServerOptions> = {}) {
  const backend = new GenericBmcBackend();
  const server = await startIpmiServer({ accounts: ACCOUNTS, backend, ...extra });
  const home = makePeerHome();
  t.teardown(async () => {
    backend.dispose();
    await server.close();
    home.cleanup();
  });
  const admin: Login = { port: server.port, user: 'admin', password: 'Adm1n-secret' };
  return { server, home, admin };
}

test('a reservation per session: a second session reserving does not cancel the first one\'s partial reads', async (t) => {
  const { server } = await setup(t);
  const c = await RawConsole.connect(server.port);
  t.teardown(() => c.close());
  const a = await c.login({ user: 'admin', password: 'Adm1n-secret' });
  const b = await c.login({ user: 'admin', password: 'Adm1n-secret' });
  if (!a.ok || !b.ok) return t.fail('login');
  const resA = await c.call(a.session, 0x0a, 0x22);
  const resB = await c.call(b.session, 0x0a, 0x22);
  t.notDeepEqual([...resA.data], [...resB.data]);
  // Get SDR record 2 from offset 5 (needs a valid reservation): A's still is, after B reserved.
  const read = (s: typeof a.session, res: Buffer) => c.call(s, 0x0a, 0x23, [res[0] ?? 0, res[1] ?? 0, 2, 0, 5, 8]);
  const partialA = await read(a.session, resA.data);
  t.is(partialA.completionCode, 0);
  t.is(partialA.data.length, 2 + 8);
  t.is((await read(b.session, resB.data)).completionCode, 0);
  t.is((await read(b.session, resA.data)).completionCode, 0xc5, "another session's reservation is not valid here");
});

test('8 parallel ipmitool sdr elist readers all complete with the full repository', async (t) => {
  const { home, admin } = await setup(t);
  const runs = await Promise.all(Array.from({ length: 8 }, () => ipmitool(home, admin, ['sdr', 'elist'], { cipher: 17 })));
  for (const [i, r] of runs.entries()) {
    t.is(r.code, 0, `reader ${i}: ${r.stderr}`);
    const names = r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('|')[0]?.trim());
    t.deepEqual(names, ['CPU Temp', 'Fan1', '12V', 'PSU Redundancy'], `reader ${i}`);
  }
});

test('K_g: ipmitool logs in with the right BMC key (-K and -y) and fails with a wrong one or none', async (t) => {
  const key = 'BmcKey-0123456789';
  const { home, admin } = await setup(t, { kg: Buffer.from(key) });
  const status = (opts: { kg?: string }, extra: string[] = []) => ipmitool(home, admin, [...extra, 'chassis', 'power', 'status'], { cipher: 17, ...opts });
  const right = await status({ kg: key });
  t.is(right.code, 0, right.stderr);
  t.regex(right.stdout, /Chassis Power is on/);
  t.regex((await status({}, ['-y', Buffer.from(key).toString('hex')])).stdout, /Chassis Power is on/);
  const wrong = await status({ kg: 'BmcKey-wrong' });
  t.is(wrong.code, 1);
  t.regex(wrong.stderr, /Unable to establish IPMI v2 \/ RMCP\+ session/);
  t.is((await status({})).code, 1, 'without the key the session keys differ');
  t.is((await ipmitool(home, admin, ['chassis', 'power', 'status'], { cipher: 3, kg: key })).code, 0, 'cipher suite 3 too');
});
