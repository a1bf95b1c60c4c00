import test from 'ava';
import { call } from './testing/client.ts';
import { ADMIN, fakeClock, OPERATOR, READONLY, startLab } from './testing/fixture.ts';

type Info = { MessageId: string; MessageArgs: string[]; Resolution: string };
const infos = (body: Record<string, unknown>): Info[] => (body.error as { '@Message.ExtendedInfo': Info[] })['@Message.ExtendedInfo'];
const ids = (body: Record<string, unknown>): string[] => infos(body).map((i) => i.MessageId);

test('service root is public; everything else needs credentials (401 + WWW-Authenticate)', async (t) => {
  const { url } = await startLab(t);
  const root = await call(url, 'GET', '/redfish/v1/');
  t.is(root.status, 200);
  const body = root.json();
  t.is(body['@odata.id'], '/redfish/v1');
  t.deepEqual(body.Systems, { '@odata.id': '/redfish/v1/Systems' });
  t.truthy(body.SessionService);
  t.is(root.headers['odata-version'], '4.0');
  t.truthy(root.headers.date);

  const anon = await call(url, 'GET', '/redfish/v1/Systems/1');
  t.is(anon.status, 401);
  t.regex(String(anon.headers['www-authenticate']), /^Basic/);
  t.deepEqual(ids(anon.json()), ['Base.1.22.NoValidSession']);

  const bad = await call(url, 'GET', '/redfish/v1/Systems/1', { headers: { Authorization: `Basic ${Buffer.from('admin:wrong').toString('base64')}` } });
  t.is(bad.status, 401);
  const unknownPath = await call(url, 'GET', '/redfish/v1/Nope');
  t.is(unknownPath.status, 401, 'no existence leak before authentication');
  t.is((await call(url, 'GET', '/redfish/v1/Nope', { headers: ADMIN })).status, 404);
  t.is((await call(url, 'GET', '/redfish', {})).json().v1, '/redfish/v1/');
  t.is((await call(url, 'GET', '/redfish/v1/odata')).status, 200);
  t.regex((await call(url, 'GET', '/redfish/v1/$metadata')).text, /edmx:Edmx/);
});

test('collections carry Members and Members@odata.count', async (t) => {
  const { url } = await startLab(t);
  const r = (await call(url, 'GET', '/redfish/v1/Systems', { headers: READONLY })).json();
  t.deepEqual(r.Members, [{ '@odata.id': '/redfish/v1/Systems/1' }]);
  t.is(r['Members@odata.count'], 1);
  t.is(r['@odata.type'], '#ComputerSystemCollection.ComputerSystemCollection');
});

test('roles: ReadOnly reads but may not write; Operator writes; accounts are Administrator-only', async (t) => {
  const { url, system } = await startLab(t);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: READONLY })).status, 200);
  const denied = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: READONLY, body: { AssetTag: 'x' } });
  t.is(denied.status, 403);
  t.deepEqual(ids(denied.json()), ['Base.1.22.InsufficientPrivilege']);
  t.is(system.assetTag, 'A1');
  const reset = await call(url, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { headers: READONLY, body: { ResetType: 'ForceOff' } });
  t.is(reset.status, 403);
  t.deepEqual(system.resets, []);

  t.is((await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: OPERATOR, body: { AssetTag: 'op' } })).status, 200);
  t.is(system.assetTag, 'op');
  const newAccount = { UserName: 'new', Password: 'new-pw-123', RoleId: 'ReadOnly' };
  t.is((await call(url, 'POST', '/redfish/v1/AccountService/Accounts', { headers: OPERATOR, body: newAccount })).status, 403);
  const created = await call(url, 'POST', '/redfish/v1/AccountService/Accounts', { headers: ADMIN, body: newAccount });
  t.is(created.status, 201);
  t.is(created.json().Password, null);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: { Authorization: `Basic ${Buffer.from('new:new-pw-123').toString('base64')}` } })).status, 200);
  const accounts = (await call(url, 'GET', '/redfish/v1/AccountService/Accounts', { headers: ADMIN })).json();
  t.is(accounts['Members@odata.count'], 4);
  t.is((await call(url, 'DELETE', String(created.headers.location), { headers: ADMIN })).status, 204);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: { Authorization: `Basic ${Buffer.from('new:new-pw-123').toString('base64')}` } })).status, 401);
});

test('sessions: login, token use, logout, idle timeout on the injected clock', async (t) => {
  const clock = fakeClock();
  const { url } = await startLab(t, { clock, sessionTimeoutSec: 60 });
  const badLogin = await call(url, 'POST', '/redfish/v1/SessionService/Sessions', { body: { UserName: 'op', Password: 'nope' } });
  t.is(badLogin.status, 401);
  const login = await call(url, 'POST', '/redfish/v1/SessionService/Sessions', { body: { UserName: 'op', Password: 'operator-pw-1' } });
  t.is(login.status, 201);
  const token = String(login.headers['x-auth-token']);
  const location = String(login.headers.location);
  t.regex(location, /^\/redfish\/v1\/SessionService\/Sessions\/\w+$/);
  t.false(login.text.includes(token), 'the token is not in the body');
  const auth = { 'X-Auth-Token': token };
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: auth })).status, 200);
  t.is((await call(url, 'GET', location, { headers: auth })).json().UserName, 'op');
  t.is((await call(url, 'DELETE', location, { headers: auth })).status, 204);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: auth })).status, 401);

  const second = await call(url, 'POST', '/redfish/v1/SessionService/Sessions', { body: { UserName: 'ro', Password: 'readonly-pw-1' } });
  const auth2 = { 'X-Auth-Token': String(second.headers['x-auth-token']) };
  clock.advance(59_000);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: auth2 })).status, 200, 'use refreshes the idle timer');
  clock.advance(59_000);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: auth2 })).status, 200);
  clock.advance(61_000);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: auth2 })).status, 401);
  t.is((await call(url, 'GET', String(second.headers.location), { headers: ADMIN })).status, 404);
});

test('ETag on GET; If-Match on PATCH: stale → 412 and no change, current → 200 with a new ETag', async (t) => {
  const { url, system } = await startLab(t);
  const first = await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN });
  const etag = String(first.headers.etag);
  t.regex(etag, /^".+"$/);
  t.is(first.json()['@odata.etag'], etag);
  t.is(String((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN })).headers.etag), etag, 'stable while state is unchanged');
  t.regex(String(first.headers.allow), /PATCH/);
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: { ...ADMIN, 'If-None-Match': etag } })).status, 304);

  const ok = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: { ...ADMIN, 'If-Match': etag }, body: { IndicatorLED: 'Lit' } });
  t.is(ok.status, 200);
  t.is(ok.json().IndicatorLED, 'Lit');
  t.not(String(ok.headers.etag), etag);

  const stale = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: { ...ADMIN, 'If-Match': etag }, body: { IndicatorLED: 'Blinking' } });
  t.is(stale.status, 412);
  t.deepEqual(ids(stale.json()), ['Base.1.22.PreconditionFailed']);
  t.is(system.led, 'Lit');
  t.is((await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: { ...ADMIN, 'If-Match': '*' }, body: { IndicatorLED: 'Off' } })).status, 200);
});

test('PATCH validation is all-or-nothing and names every problem', async (t) => {
  const { url, system } = await startLab(t);
  const before = (await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN })).headers.etag;
  const r = await call(url, 'PATCH', '/redfish/v1/Systems/1', {
    headers: ADMIN,
    body: { AssetTag: 'fine', PowerState: 'Off', Bogus: 1, IndicatorLED: 'Purple', Boot: { BootSourceOverrideTarget: 7 } },
  });
  t.is(r.status, 400);
  const got = infos(r.json());
  t.deepEqual(got.map((i) => i.MessageId).sort(), [
    'Base.1.22.PropertyNotWritable',
    'Base.1.22.PropertyUnknown',
    'Base.1.22.PropertyValueNotInList',
    'Base.1.22.PropertyValueTypeError',
  ]);
  t.deepEqual(got.find((i) => i.MessageId.endsWith('PropertyValueTypeError'))?.MessageArgs, ['7', 'Boot/BootSourceOverrideTarget']);
  t.is(system.assetTag, 'A1', 'valid part not applied either');
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN })).headers.etag, before);
  const nested = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: ADMIN, body: { Boot: { BootSourceOverrideTarget: 'Pxe' }, AssetTag: null } });
  t.is(nested.status, 200);
  t.is(system.bootTarget, 'Pxe');
  t.is(system.assetTag, null);
});

test('bad requests: malformed JSON, non-object, empty, huge bodies, wrong method → clean errors, no state change', async (t) => {
  const { url, system } = await startLab(t, { maxBodyBytes: 4096 });
  const malformed = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: ADMIN, body: '{"AssetTag": "x",' });
  t.is(malformed.status, 400);
  t.deepEqual(ids(malformed.json()), ['Base.1.22.MalformedJSON']);
  t.deepEqual(ids((await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: ADMIN, body: '[1,2]' })).json()), ['Base.1.22.MalformedJSON']);
  t.deepEqual(ids((await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: ADMIN, body: {} })).json()), ['Base.1.22.EmptyJSON']);
  const huge = await call(url, 'PATCH', '/redfish/v1/Systems/1', { headers: ADMIN, body: { AssetTag: 'x'.repeat(10_000) } });
  t.is(huge.status, 413);
  t.deepEqual(ids(huge.json()), ['Base.1.22.PayloadTooLarge']);
  const put = await call(url, 'PUT', '/redfish/v1/Systems/1', { headers: ADMIN, body: { AssetTag: 'x' } });
  t.is(put.status, 405);
  t.is(put.headers.allow, 'GET, HEAD, PATCH');
  t.deepEqual(ids(put.json()), ['Base.1.22.OperationNotAllowed']);
  t.is((await call(url, 'DELETE', '/redfish/v1/Systems/1', { headers: ADMIN })).status, 405);
  t.is(system.assetTag, 'A1');
  t.is((await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN })).status, 200, 'service still healthy');
});

test('actions: advertised with AllowableValues and ActionInfo; parameters checked before the handler', async (t) => {
  const { url, system } = await startLab(t);
  const sys = (await call(url, 'GET', '/redfish/v1/Systems/1', { headers: ADMIN })).json();
  const reset = (sys.Actions as Record<string, Record<string, unknown>>)['#ComputerSystem.Reset'];
  t.is(reset?.target, '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset');
  t.deepEqual(reset?.['ResetType@Redfish.AllowableValues'], ['On', 'ForceOff', 'ForceRestart']);
  const info = (await call(url, 'GET', String(reset?.['@Redfish.ActionInfo']), { headers: ADMIN })).json();
  t.deepEqual(info.Parameters, [{ Name: 'ResetType', Required: true, DataType: 'String', AllowableValues: ['On', 'ForceOff', 'ForceRestart'] }]);

  const target = '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset';
  const missing = await call(url, 'POST', target, { headers: ADMIN, body: {} });
  t.deepEqual(ids(missing.json()), ['Base.1.22.ActionParameterMissing']);
  const notInList = await call(url, 'POST', target, { headers: ADMIN, body: { ResetType: 'Explode' } });
  t.is(notInList.status, 400);
  t.deepEqual(ids(notInList.json()), ['Base.1.22.ActionParameterValueNotInList']);
  t.regex(infos(notInList.json())[0]?.Resolution ?? '', /On, ForceOff, ForceRestart/);
  t.deepEqual(ids((await call(url, 'POST', target, { headers: ADMIN, body: { ResetType: 1 } })).json()), ['Base.1.22.ActionParameterValueTypeError']);
  t.deepEqual(ids((await call(url, 'POST', target, { headers: ADMIN, body: { ResetType: 'On', Force: true } })).json()), ['Base.1.22.ActionParameterUnknown']);
  t.deepEqual(system.resets, []);
  t.is((await call(url, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Explode', { headers: ADMIN, body: {} })).status, 400);
  t.is((await call(url, 'GET', target, { headers: ADMIN })).status, 405);

  t.is((await call(url, 'POST', target, { headers: OPERATOR, body: { ResetType: 'ForceOff' } })).status, 204);
  t.is(system.power, 'Off');
  const conflict = await call(url, 'POST', target, { headers: ADMIN, body: { ResetType: 'ForceRestart' } });
  t.is(conflict.status, 409);
  t.deepEqual(ids(conflict.json()), ['Base.1.22.ResourceInStandby']);
});

test('tasks: 202 + monitor, progress, subtasks, completion result, cancel via DELETE', async (t) => {
  const { svc, url } = await startLab(t);
  let cancelled = false;
  let task: ReturnType<typeof svc.tasks.create> | undefined;
  svc.resource('/redfish/v1/Chassis', { type: '#ChassisCollection.ChassisCollection', get: () => ({ Name: 'Chassis', Members: [], 'Members@odata.count': 0 }) });
  svc.action('/redfish/v1/Chassis', '#Oem.Reintegrate', {
    oem: true,
    handler: () => {
      task = svc.tasks.create({ name: 'Reintegrate Module1', subtasks: ['Diagnostics', 'BrownoutCopy'], onCancel: () => (cancelled = true) });
      task.start();
      return { status: 202, task };
    },
  });
  const chassis = (await call(url, 'GET', '/redfish/v1/Chassis', { headers: ADMIN })).json();
  t.is((chassis.Actions as { Oem: Record<string, { target: string }> }).Oem['#Oem.Reintegrate']?.target, '/redfish/v1/Chassis/Actions/Oem/Oem.Reintegrate');
  const accepted = await call(url, 'POST', '/redfish/v1/Chassis/Actions/Oem/Oem.Reintegrate', { headers: ADMIN, body: {} });
  t.is(accepted.status, 202);
  const monitor = String(accepted.headers.location);
  t.is(accepted.json().TaskState, 'Running');
  t.is((await call(url, 'GET', monitor, { headers: ADMIN })).status, 202);
  task?.subtask('Diagnostics').complete();
  task?.progress(55);
  const taskBody = (await call(url, 'GET', String(task?.uri), { headers: ADMIN })).json();
  t.is(taskBody.PercentComplete, 55);
  t.is(taskBody.TaskMonitor, monitor);
  const sub = (await call(url, 'GET', `${task?.uri}/SubTasks/1`, { headers: ADMIN })).json();
  t.is(sub.TaskState, 'Completed');
  t.is((await call(url, 'DELETE', monitor, { headers: READONLY })).status, 403);
  t.is((await call(url, 'DELETE', monitor, { headers: ADMIN })).status, 204);
  t.true(cancelled);
  t.is((await call(url, 'GET', String(task?.uri), { headers: ADMIN })).json().TaskState, 'Cancelled');

  const done = svc.tasks.create({ name: 'quick' });
  done.start();
  done.complete({ status: 200, body: { Result: 'fine' } });
  const result = await call(url, 'GET', done.monitorUri, { headers: ADMIN });
  t.is(result.status, 200);
  t.deepEqual(result.json(), { Result: 'fine' });
  const failed = svc.tasks.create({ name: 'fails' });
  failed.fail('blackout did not converge');
  const failedMonitor = await call(url, 'GET', failed.monitorUri, { headers: ADMIN });
  t.is(failedMonitor.status, 500);
  t.regex(failedMonitor.text, /blackout did not converge/);
  const messages = svc.logs; // event log capture is tested in events tests
  t.truthy(messages);
});

test('registries are served, including OEM ones, and expand messages', async (t) => {
  const { url, svc } = await startLab(t, {
    oemRegistries: [
      {
        Id: 'FtEmu.1.0.0',
        Name: 'FtEmu Message Registry',
        Language: 'en',
        RegistryPrefix: 'FtEmu',
        RegistryVersion: '1.0.0',
        OwningEntity: 'ftlab',
        Messages: { DuplexRestored: { Message: 'Duplex restored on %1.', MessageSeverity: 'OK', NumberOfArgs: 1, Resolution: 'None.' } },
      },
    ],
  });
  const list = (await call(url, 'GET', '/redfish/v1/Registries', { headers: READONLY })).json();
  const members = (list.Members as { '@odata.id': string }[]).map((m) => m['@odata.id']);
  t.true(members.includes('/redfish/v1/Registries/Base.1.22.1'));
  t.true(members.includes('/redfish/v1/Registries/FtEmu.1.0.0'));
  const file = (await call(url, 'GET', '/redfish/v1/Registries/FtEmu.1.0.0', { headers: READONLY })).json();
  const loc = (file.Location as { Uri: string }[])[0]?.Uri ?? '';
  const reg = (await call(url, 'GET', loc, { headers: READONLY })).json();
  t.is(reg.RegistryPrefix, 'FtEmu');
  t.is(svc.registries.expand('FtEmu.1.0.DuplexRestored', ['ft0']), 'Duplex restored on ft0.');
  t.throws(() => svc.events.emit({ MessageId: 'FtEmu.1.0.Nope' }), { instanceOf: TypeError });
  t.throws(() => svc.events.emit({ MessageId: 'FtEmu.1.0.DuplexRestored' }), { message: /expects 1 MessageArgs/ });
});
