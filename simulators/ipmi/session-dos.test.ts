/**
 * Session slots under abuse, against ipmitool and raw UDP on 127.0.0.1: half-open sessions (no
 * RAKP3) never block a real login and expire after 3 s; repeated wrong passwords lock out that
 * user name only (5 failures → 60 s, on the injected clock), logged as a Session Audit event.
 * A console that cannot verify RAKP2 (wrong password) and just gives up, as ipmitool does, is
 * counted when its half-open session ends.
 */
import test, { type ExecutionContext } from 'ava';
import { FakeClock } from '../../lib/clock.ts';
import { GenericBmcBackend } from './generic-backend.ts';
import { DEFAULT_LOCKOUT } from './lockout.ts';
import { startIpmiServer } from './server.ts';
import { DEFAULT_HALF_OPEN_TIMEOUT_MS } from './session-table.ts';
import { freeipmi, ipmitool, makePeerHome, type Login } from './testing/peers.ts';
import { RawConsole } from './testing/raw-console.ts';

const ACCOUNTS = [
  { user: 'admin', password: 'Adm1n-secret', role: 'Administrator' as const },
  { user: 'op', password: 'Op3rator-secret', role: 'Operator' as const },
];

async function setup(t: ExecutionContext) {
  const clock = new FakeClock(0, Date.UTC(2026, 5, 1));
  const backend = new GenericBmcBackend({ clock });
  const server = await startIpmiServer({ accounts: ACCOUNTS, backend, clock, sessionLimit: 16 });
  const home = makePeerHome();
  t.teardown(async () => {
    backend.dispose();
    await server.close();
    home.cleanup();
  });
  const admin: Login = { port: server.port, user: 'admin', password: 'Adm1n-secret' };
  const op: Login = { port: server.port, user: 'op', password: 'Op3rator-secret' };
  const status = (login: Login, privilege = 'ADMINISTRATOR') => ipmitool(home, login, ['chassis', 'power', 'status'], { cipher: 17, privilege });
  return { clock, backend, server, home, admin, op, status };
}

test('the stated figures: half-open sessions live 3 s; 5 failures within 60 s lock a user name for 60 s', (t) => {
  t.is(DEFAULT_HALF_OPEN_TIMEOUT_MS, 3000);
  t.deepEqual(DEFAULT_LOCKOUT, { threshold: 5, resetAfterMs: 60_000, lockoutMs: 60_000 });
});

test('16 Open Session requests without credentials (raw UDP) do not block a real login, and expire after 3 s', async (t) => {
  const { server, admin, status, clock } = await setup(t);
  const raw = await RawConsole.connect(server.port);
  t.teardown(() => raw.close());
  for (let i = 0; i < 16; i++) t.is((await raw.openSession(17)).status, 0, `open session ${i + 1}`);
  t.is(server.sessionCount(), 16, 'the table is full of half-open sessions');
  const r = await status(admin);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /Chassis Power is on/);
  clock.advance(DEFAULT_HALF_OPEN_TIMEOUT_MS + 1000);
  t.is(server.sessionCount(), 0, 'every half-open session expired (and ipmitool closed its own)');
});

test('16 wrong passwords lock out that user name only: another user logs in at once; the same user after the lockout', async (t) => {
  const { admin, op, status, clock, home } = await setup(t);
  for (let i = 0; i < 16; i++) {
    const wrong = await status({ ...admin, password: `wrong-password-${i}` });
    t.is(wrong.code, 1, `attempt ${i + 1} is refused`);
  }
  const other = await status(op, 'OPERATOR');
  t.is(other.code, 0, other.stderr);
  t.regex(other.stdout, /Chassis Power is on/);
  // ipmitool gives up silently on a RAKP2 it cannot verify: the BMC counts the failure when that
  // half-open session expires (or is evicted), so the lockout starts within the half-open timeout.
  clock.advance(DEFAULT_HALF_OPEN_TIMEOUT_MS + 1000);
  t.is((await status(op, 'OPERATOR')).code, 0, 'the other user is never locked out');
  const locked = await status(admin);
  t.is(locked.code, 1, 'the right password is refused while the name is locked out');
  clock.advance(DEFAULT_LOCKOUT.lockoutMs - 1000);
  t.is((await status(admin)).code, 1, 'still locked 1 s before the end');
  clock.advance(1000);
  const after = await status(admin);
  t.is(after.code, 0, after.stderr);
  // ipmitool 1.8.19 has no names for Session Audit offsets; FreeIPMI has.
  const sel = await freeipmi(home, 'ipmi-sel', admin, []);
  const events = sel.stdout.split('\n').filter((l) => /^\d+\s+\|/.test(l));
  t.is(events.length, 1, 'one lockout, one event');
  t.regex(events[0] ?? '', /Session Audit \| Invalid Password Disable ; Event Data2 = 02h/, 'user ID 2');
});
