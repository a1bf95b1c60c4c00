/**
 * The auth store's account-change hook (what the IPMI adapter follows): every create, change and
 * delete made over real HTTP is told in order, with the plaintext password only when that
 * request set it; a listener that throws does not undo or fail the change.
 */
import test from 'ava';
import type { AccountChange } from './index.ts';
import { ADMIN, startLab } from './testing/fixture.ts';
import { basic, call } from './testing/client.ts';

const ACCOUNTS = '/redfish/v1/AccountService/Accounts';

test('create, PATCH (password, role, Enabled) and DELETE are told in order; the password only when set', async (t) => {
  const lab = await startLab(t);
  const seen: AccountChange[] = [];
  const off = lab.svc.auth.onAccountChange((c) => seen.push(c));
  const created = await call(lab.url, 'POST', ACCOUNTS, { headers: ADMIN, body: { UserName: 'newop', Password: 'New-op-pass-1', RoleId: 'Operator' } });
  t.is(created.status, 201);
  const uri = created.headers.location ?? '';
  const id = uri.split('/').pop() ?? '';
  t.is((await call(lab.url, 'PATCH', uri, { headers: ADMIN, body: { RoleId: 'ReadOnly' } })).status, 200);
  t.is((await call(lab.url, 'PATCH', uri, { headers: ADMIN, body: { Password: 'New-op-pass-2', Enabled: false } })).status, 200);
  t.is((await call(lab.url, 'DELETE', uri, { headers: ADMIN })).status, 204);
  t.deepEqual(seen, [
    { kind: 'added', id, user: 'newop', role: 'Operator', enabled: true, password: 'New-op-pass-1' },
    { kind: 'updated', id, user: 'newop', previousUser: 'newop', role: 'ReadOnly', enabled: true },
    { kind: 'updated', id, user: 'newop', previousUser: 'newop', role: 'ReadOnly', enabled: false, password: 'New-op-pass-2' },
    { kind: 'removed', id, user: 'newop' },
  ]);
  off();
  await call(lab.url, 'POST', ACCOUNTS, { headers: ADMIN, body: { UserName: 'later', Password: 'Later-pass-1', RoleId: 'ReadOnly' } });
  t.is(seen.length, 4, 'nothing after unsubscribing');
});

test('a throwing listener does not fail the request or undo the change', async (t) => {
  const lab = await startLab(t);
  const errors: unknown[] = [];
  lab.svc.auth.onListenerError = (e) => errors.push(e);
  lab.svc.auth.onAccountChange(() => {
    throw new Error('listener broke');
  });
  const created = await call(lab.url, 'POST', ACCOUNTS, { headers: ADMIN, body: { UserName: 'still', Password: 'Still-pass-1', RoleId: 'Operator' } });
  t.is(created.status, 201);
  t.is(errors.length, 1);
  t.is((await call(lab.url, 'GET', '/redfish/v1/Systems/1', { headers: basic('still', 'Still-pass-1') })).status, 200);
});
