/** Login lockout and deeply nested JSON (issue 9 item 5), over real HTTP on a FakeClock. */
import test from 'ava';
import { basic, call } from './testing/client.ts';
import { ADMIN, fakeClock, OPERATOR, startLab } from './testing/fixture.ts';

const WRONG = basic('op', 'not-the-password');
const code = (body: Record<string, unknown>): string => String((body.error as { code: string }).code);

test('AccountService advertises the lockout settings with their defaults; an administrator may PATCH them', async (t) => {
  const { url } = await startLab(t);
  const svc = (await call(url, 'GET', '/redfish/v1/AccountService', { headers: ADMIN })).json();
  t.like(svc, { AccountLockoutThreshold: 5, AccountLockoutDuration: 30, AccountLockoutCounterResetAfter: 30 });
  const patched = await call(url, 'PATCH', '/redfish/v1/AccountService', { headers: ADMIN, body: { AccountLockoutThreshold: 3, AccountLockoutDuration: 120, AccountLockoutCounterResetAfter: 60 } });
  t.is(patched.status, 200);
  t.like(patched.json(), { AccountLockoutThreshold: 3, AccountLockoutDuration: 120, AccountLockoutCounterResetAfter: 60 });
  t.is((await call(url, 'PATCH', '/redfish/v1/AccountService', { headers: OPERATOR, body: { AccountLockoutThreshold: 0 } })).status, 403);
  t.is((await call(url, 'PATCH', '/redfish/v1/AccountService', { headers: ADMIN, body: { AccountLockoutCounterResetAfter: 500 } })).status, 400);
});

test('hundreds of wrong Basic passwords lock the account: the right one is refused until the duration passes', async (t) => {
  const clock = fakeClock();
  const { url } = await startLab(t, { clock });
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 200, 'the right password works (and is memoized)');
  for (let i = 0; i < 200; i++) t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: WRONG })).status, 401);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 401, 'locked: the right password is refused');
  const login = await call(url, 'POST', '/redfish/v1/SessionService/Sessions', { body: { UserName: 'op', Password: 'operator-pw-1' } });
  t.is(login.status, 401, 'session login refused too');
  t.is((await call(url, 'GET', '/redfish/v1/AccountService/Accounts/2', { headers: ADMIN })).json().Locked, true);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN })).status, 200, 'other accounts are not affected');
  clock.advance(29_000);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 401);
  clock.advance(1_000);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 200, 'unlocked after AccountLockoutDuration');
  t.is((await call(url, 'GET', '/redfish/v1/AccountService/Accounts/2', { headers: ADMIN })).json().Locked, false);
});

test('failures further apart than AccountLockoutCounterResetAfter do not lock; Locked:false unlocks', async (t) => {
  const clock = fakeClock();
  const { url } = await startLab(t, { clock });
  for (let i = 0; i < 8; i++) {
    t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: WRONG })).status, 401);
    clock.advance(31_000);
  }
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 200);
  for (let i = 0; i < 5; i++) await call(url, 'GET', '/redfish/v1/Systems/1', { headers: WRONG });
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 401);
  t.is((await call(url, 'PATCH', '/redfish/v1/AccountService/Accounts/2', { headers: ADMIN, body: { Locked: false } })).status, 200);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: OPERATOR })).status, 200);
});

test('JSON nested thousands deep is 400 MalformedJSON, not 500', async (t) => {
  const { url } = await startLab(t);
  const deep = `{"AssetTag":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  const r = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: OPERATOR, body: deep });
  t.is(r.status, 400);
  t.is(code(r.json()), 'Base.1.22.MalformedJSON');
  const obj = `${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`;
  const p = await call(url, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { headers: OPERATOR, body: obj });
  t.is(p.status, 400);
  t.is(code(p.json()), 'Base.1.22.MalformedJSON');
  t.is((await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: OPERATOR, body: { AssetTag: '[[[{{' } })).status, 200, 'brackets inside strings do not count');
});
