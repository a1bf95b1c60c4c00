import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../lib/errors.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { loadMockup, MockupService } from './mockup.ts';
import { basic, call, openSse } from './testing/client.ts';
import { fakeClock } from './testing/fixture.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, 'testing', 'mini-rackmount');
const AUTH = basic('admin', 'mock-pw-1');

async function start(t: import('ava').ExecutionContext, dir = FIXTURE) {
  const clock = fakeClock();
  const m = new MockupService({ dir, clock, accounts: [{ user: 'admin', password: 'mock-pw-1', role: 'Administrator' }], powerDelayMs: 2000 });
  const h = await m.service.listen();
  t.teardown(() => m.close());
  return { m, url: h.url, clock };
}

test('loads both layouts: DIR/redfish/v1 and DIR as the root; bad dirs are config errors', (t) => {
  t.true(loadMockup(FIXTURE).has('/redfish/v1/Systems/rack1'));
  t.true(loadMockup(path.join(FIXTURE, 'redfish', 'v1')).has('/redfish/v1/Chassis/1U'));
  t.throws(() => loadMockup(path.join(FIXTURE, 'nope')), { instanceOf: ConfigError });
  const dir = mkdtempSync(path.join(tmpdir(), 'mockup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'index.json'), '{"Id": ');
  t.throws(() => loadMockup(dir), { instanceOf: ConfigError, message: /index\.json: expected valid JSON/ });
});

test('serves the mockup with auth, ETags and PATCH of writable properties only', async (t) => {
  const { url } = await start(t);
  const root = (await call(url, 'GET', '/redfish/v1')).json();
  t.is(root.Product, 'ftlab mini rackmount');
  t.deepEqual(root.Systems, { '@odata.id': '/redfish/v1/Systems' });
  t.is((await call(url, 'GET', '/redfish/v1/Systems/rack1')).status, 401);
  const sys = await call(url, 'GET', '/redfish/v1/Systems/rack1', { headers: AUTH });
  t.is(sys.json().Model, 'RM-1');
  const etag = String(sys.headers.etag);
  const patched = await call(url, 'PATCH', '/redfish/v1/Systems/rack1', { headers: { ...AUTH, 'If-Match': etag }, body: { AssetTag: 'new-tag', Boot: { BootSourceOverrideTarget: 'Pxe' } } });
  t.is(patched.status, 200);
  t.like(patched.json(), { AssetTag: 'new-tag', Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideMode: 'UEFI' } });
  t.is((await call(url, 'PATCH', '/redfish/v1/Systems/rack1', { headers: { ...AUTH, 'If-Match': etag }, body: { AssetTag: 'x' } })).status, 412);
  const ro = await call(url, 'PATCH', '/redfish/v1/Systems/rack1', { headers: AUTH, body: { Model: 'X' } });
  t.is(ro.status, 400);
  t.regex(ro.text, /PropertyNotWritable/);
  t.regex((await call(url, 'PATCH', '/redfish/v1/Systems/rack1', { headers: AUTH, body: { Boot: { BootSourceOverrideTarget: 'Floppy' } } })).text, /PropertyValueNotInList/);
  t.is((await call(url, 'PATCH', '/redfish/v1/Chassis/1U', { headers: AUTH, body: { Name: 'renamed', LocationIndicatorActive: true } })).status, 200, '@Redfish.WriteableProperties honoured');
  t.is((await call(url, 'PATCH', '/redfish/v1/Managers/BMC', { headers: AUTH, body: { FirmwareVersion: '9' } })).status, 405, 'nothing writable there');
  const ss = (await call(url, 'GET', '/redfish/v1/SessionService', { headers: AUTH })).json();
  t.is(ss.Name, 'Session Service', 'the live SessionService replaces the static one');
});

test('ComputerSystem.Reset walks PowerState through PoweringOff/PoweringOn with events on SSE', async (t) => {
  const { url, clock } = await start(t);
  const stream = await openSse(url, `/redfish/v1/EventService/SSE?$filter=${encodeURIComponent("MessageId eq 'ResourceEvent.ResourcePoweredOn' or MessageId eq 'ResourceEvent.ResourcePoweredOff'")}`, AUTH);
  t.teardown(() => stream.close());
  const power = async (): Promise<unknown> => (await call(url, 'GET', '/redfish/v1/Systems/rack1', { headers: AUTH })).json().PowerState;
  const target = '/redfish/v1/Systems/rack1/Actions/ComputerSystem.Reset';
  t.regex((await call(url, 'POST', target, { headers: AUTH, body: { ResetType: 'Sideways' } })).text, /ActionParameterValueNotInList/);
  t.is((await call(url, 'POST', target, { headers: AUTH, body: { ResetType: 'ForceOff' } })).status, 204);
  t.is(await power(), 'PoweringOff');
  t.is((await call(url, 'POST', target, { headers: AUTH, body: { ResetType: 'On' } })).status, 409, 'busy while in transition');
  clock.advance(2000);
  t.is(await power(), 'Off');
  t.is(JSON.parse((await stream.next()).data).Events[0].MessageId, 'ResourceEvent.1.4.ResourcePoweredOff');
  t.is((await call(url, 'POST', target, { headers: AUTH, body: { ResetType: 'PowerCycle' } })).status, 204);
  t.is(await power(), 'PoweringOn');
  clock.advance(2000);
  t.is(await power(), 'On');
  t.is(JSON.parse((await stream.next()).data).Events[0].MessageId, 'ResourceEvent.1.4.ResourcePoweredOn');
  t.is((await call(url, 'POST', target, { headers: AUTH, body: { ResetType: 'ForceRestart' } })).status, 204);
  clock.advance(2000);
  t.is(await power(), 'PoweringOn');
  clock.advance(2000);
  t.is(await power(), 'On');
  const seq = [JSON.parse((await stream.next()).data).Events[0].MessageId, JSON.parse((await stream.next()).data).Events[0].MessageId];
  t.deepEqual(seq, ['ResourceEvent.1.4.ResourcePoweredOff', 'ResourceEvent.1.4.ResourcePoweredOn']);
});

test('ftlab emulate mockup: first stdout line is the endpoint JSON; password from file; exits 0 on SIGTERM', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mockup-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pwFile = path.join(dir, 'pw');
  writeFileSync(pwFile, 'cli-secret-9\n');
  const bin = path.join(here, '..', '..', 'bin', 'ftlab.js');
  const child = spawn(process.execPath, [bin, 'emulate', 'mockup', FIXTURE, '--port', '0', '--user', 'root', '--password-file', pwFile, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const first = await withDeadline('mockup CLI first line', 30_000, () =>
    new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const nl = out.indexOf('\n');
        if (nl >= 0) resolve(out.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    }),
  );
  const info = JSON.parse(first) as { kind: string; redfish: string };
  t.is(info.kind, 'mockup');
  t.regex(info.redfish, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.is((await call(info.redfish, 'GET', '/redfish/v1/Systems/rack1', { headers: basic('root', 'cli-secret-9') })).status, 200);
  t.is((await call(info.redfish, 'GET', '/redfish/v1/Systems/rack1', { headers: basic('admin', 'ftlab') })).status, 401);
  const code = await withDeadline('mockup CLI exit', 15_000, () =>
    new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    }),
  );
  t.is(code, 0);
});
