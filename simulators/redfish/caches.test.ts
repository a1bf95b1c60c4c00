/**
 * The request-path memos (verified Basic credentials, ETag per rendered body) must never change
 * behaviour: every account change is seen at once, and the ETag follows the body.
 */
import test from 'ava';
import { basic, call } from './testing/client.ts';
import { ADMIN, startLab } from './testing/fixture.ts';

const SYSTEM = '/redfish/v1/Systems/1';

async function accountPath(url: string, user: string): Promise<string> {
  const list = (await call(url, 'GET', '/redfish/v1/AccountService/Accounts', { headers: ADMIN })).json().Members as { '@odata.id': string }[];
  for (const m of list) {
    const a = (await call(url, 'GET', m['@odata.id'], { headers: ADMIN })).json();
    if (a.UserName === user) return m['@odata.id'];
  }
  throw new Error(`no account ${user}`);
}

test('Basic auth memo: a password change, role change, disable and delete take effect on the next request', async (t) => {
  const { url, svc, system } = await startLab(t);
  const oldPw = basic('op', 'operator-pw-1');
  t.is((await call(url, 'GET', SYSTEM, { headers: oldPw })).status, 200);
  t.is((await call(url, 'GET', SYSTEM, { headers: oldPw })).status, 200, 'memoized credentials still work');
  t.true(svc.auth.basicMemo.size >= 1, 'the verified credentials were memoized');
  t.is((await call(url, 'GET', SYSTEM, { headers: basic('op', 'operator-pw-2') })).status, 401, 'a near miss of the memoized password is refused');

  const op = await accountPath(url, 'op');
  t.is((await call(url, 'PATCH', op, { headers: ADMIN, body: { Password: 'operator-pw-9' } })).status, 200);
  t.is((await call(url, 'GET', SYSTEM, { headers: oldPw })).status, 401, 'old password refused right after the change');
  const newPw = basic('op', 'operator-pw-9');
  t.is((await call(url, 'GET', SYSTEM, { headers: newPw })).status, 200);
  t.is((await call(url, 'PATCH', SYSTEM, { headers: newPw, body: { AssetTag: 'by-op' } })).status, 200);
  t.is(system.assetTag, 'by-op');

  t.is((await call(url, 'PATCH', op, { headers: ADMIN, body: { RoleId: 'ReadOnly' } })).status, 200);
  t.is((await call(url, 'PATCH', SYSTEM, { headers: newPw, body: { AssetTag: 'again' } })).status, 403, 'demoted role applies to memoized credentials');
  t.is(system.assetTag, 'by-op');

  t.is((await call(url, 'PATCH', op, { headers: ADMIN, body: { Enabled: false } })).status, 200);
  t.is((await call(url, 'GET', SYSTEM, { headers: newPw })).status, 401, 'disabled account refused');
  t.is((await call(url, 'PATCH', op, { headers: ADMIN, body: { Enabled: true } })).status, 200);
  t.is((await call(url, 'GET', SYSTEM, { headers: newPw })).status, 200);

  t.is((await call(url, 'DELETE', op, { headers: ADMIN })).status, 204);
  t.is((await call(url, 'GET', SYSTEM, { headers: newPw })).status, 401, 'deleted account refused');
});

test('Basic auth memo: a re-created account with the same name needs its own password', async (t) => {
  const { url } = await startLab(t);
  const first = basic('temp', 'first-pw-1');
  const created = await call(url, 'POST', '/redfish/v1/AccountService/Accounts', { headers: ADMIN, body: { UserName: 'temp', Password: 'first-pw-1', RoleId: 'Operator' } });
  t.is(created.status, 201);
  t.is((await call(url, 'GET', SYSTEM, { headers: first })).status, 200);
  t.is((await call(url, 'DELETE', String(created.headers.location), { headers: ADMIN })).status, 204);
  t.is((await call(url, 'POST', '/redfish/v1/AccountService/Accounts', { headers: ADMIN, body: { UserName: 'temp', Password: 'second-pw-2', RoleId: 'ReadOnly' } })).status, 201);
  t.is((await call(url, 'GET', SYSTEM, { headers: first })).status, 401);
  t.is((await call(url, 'GET', SYSTEM, { headers: basic('temp', 'second-pw-2') })).status, 200);
});

test('ETag memo: the ETag follows the rendered body, also when the model changes without a PATCH', async (t) => {
  const { url, system } = await startLab(t);
  const get = async (): Promise<{ etag: string; body: Record<string, unknown> }> => {
    const r = await call(url, 'GET', SYSTEM, { headers: ADMIN });
    return { etag: String(r.headers.etag), body: r.json() };
  };
  const a = await get();
  t.is((await get()).etag, a.etag);

  system.led = 'Blinking'; // the device model changes state by itself
  const b = await get();
  t.is(b.body.IndicatorLED, 'Blinking');
  t.not(b.etag, a.etag);
  t.is(b.body['@odata.etag'], b.etag);
  t.is((await call(url, 'GET', SYSTEM, { headers: { ...ADMIN, 'If-None-Match': a.etag } })).status, 200, 'the old ETag no longer matches');

  system.led = 'Off';
  t.is((await get()).etag, a.etag, 'same body, same ETag: a pure function of the body');

  const patched = await call(url, 'PATCH', SYSTEM, { headers: { ...ADMIN, 'If-Match': a.etag }, body: { AssetTag: 'new-tag' } });
  t.is(patched.status, 200);
  const c = await get();
  t.is(c.body.AssetTag, 'new-tag');
  t.not(c.etag, a.etag);
  t.is(String(patched.headers.etag), c.etag);
  t.is((await call(url, 'PATCH', SYSTEM, { headers: { ...ADMIN, 'If-Match': a.etag }, body: { AssetTag: 'stale' } })).status, 412);
  t.is(system.assetTag, 'new-tag');
});
