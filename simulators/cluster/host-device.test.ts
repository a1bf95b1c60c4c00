/**
 * A cluster as one device of a lab host, beside an ft server, on the one lab clock: its
 * announcement entry (members, businesses, truth), its devices and businesses answering; and
 * `ftlab emulate lab --config` hosting the same from a file. Bad cluster entries name the place.
 */
import test from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { waitFor, withDeadline } from '../../lib/deadline.ts';
import { ConfigError } from '../../lib/errors.ts';
import { NetworkBusinessLocator } from '../../drivers/business/locator.ts';
import type { HostedDeviceSpec } from '../host/device-kind.ts';
import { startLabHost } from '../host/host.ts';
import { curlJson } from './testing/http.ts';

const ACCOUNT = { user: 'admin', password: 'lab-pw-1' };
const spec = (name: string, kind: string, extra: Partial<HostedDeviceSpec> = {}): HostedDeviceSpec => ({ name, kind, defects: [], ipmi: false, ports: {}, ...extra });

test('a lab host runs a cluster beside an ft server; the cluster entry lists its members, businesses and truth', async (t) => {
  const host = await startLabHost({ devices: [spec('ft0', 'ft'), spec('cluster1', 'cluster', { defects: ['port-flap'] })], timeScale: 1000, account: ACCOUNT });
  t.teardown(() => host.close());
  const [ft, cluster] = host.announcement().devices;
  t.like(ft, { name: 'ft0', kind: 'ft', timeScale: 1000 });
  t.like(cluster, { name: 'cluster1', kind: 'cluster', timeScale: 1000, defects: ['port-flap'] });
  t.deepEqual(cluster?.members?.map((m) => m.name), ['srv01', 'srv02', 'srv03', 'srv04', 'srv05', 'srv06', 'srv07', 'srv08', 'srv09', 'srv10', 'srv11', 'array1', 'fcA', 'fcB', 'sw1', 'pm1']);
  t.deepEqual(cluster?.businesses?.map((b) => b.name), ['crm', 'web', 'erp', 'batch', 'db', 'report']);
  const array = cluster?.members?.find((m) => m.kind === 'array');
  t.like(await curlJson(array?.redfish ?? '', 'GET', '/redfish/v1/Storage/array1/Volumes/boot-db', ACCOUNT), { status: 200, body: { Id: 'boot-db' } });
  const locator = new NetworkBusinessLocator(cluster?.businesses ?? []);
  await waitFor('db answers', 20_000, async () => {
    const r = await locator.locate('db', 500);
    return r.reachable ? r : undefined;
  });
  t.like(await curlJson(cluster?.truth ?? '', 'GET', '/truth', ACCOUNT), { status: 200, body: { Cluster: 'default', Defects: ['port-flap'] } });
});

test('bad cluster entries name the device and the expectation', async (t) => {
  await t.throwsAsync(startLabHost({ devices: [spec('c', 'cluster', { defects: ['blackout-overrun'] })] }), { instanceOf: ConfigError, message: /c: defects: unknown defect "blackout-overrun"; expected one of: slow-commit/ });
  const kind = (await import('../host/kinds.ts')).deviceKind('cluster');
  t.throws(() => kind?.check(spec('c', 'cluster', { ports: { redfish: 8000 } }), 'devices.c'), { message: /devices\.c\.ports: expected no fixed ports for a cluster/ });
  t.throws(() => kind?.check(spec('c', 'cluster', { profile: '/nonexistent/c.yaml' }), 'devices.c'), { message: /devices\.c\.profile: \/nonexistent\/c\.yaml: expected a readable cluster config file/ });
});

test('ftlab emulate lab --config hosts a cluster from a file', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-labc-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'lab.yaml');
  writeFileSync(file, 'timeScale: 100\nipmi: false\ndevices:\n  ft0: { kind: ft }\n  c1: { kind: cluster }\n');
  const child = spawn(process.execPath, [new URL('../../bin/ftlab.js', import.meta.url).pathname, 'emulate', 'lab', '--config', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  await waitFor('the lab announces itself', 60_000, async () => (out.includes('\n') ? true : undefined), { intervalMs: 50 });
  const a = JSON.parse(out.split('\n')[0] ?? '') as { devices: Array<{ name: string; kind: string; members?: Array<{ name: string; redfish: string }> }> };
  t.deepEqual(a.devices.map((d) => [d.name, d.kind]), [['ft0', 'ft'], ['c1', 'cluster']]);
  const srv = a.devices[1]?.members?.[0];
  t.like(await curlJson(srv?.redfish ?? '', 'GET', '/redfish/v1/Systems/srv01', { user: 'admin', password: 'ftlab' }), { status: 200, body: { Id: 'srv01' } });
  child.kill('SIGTERM');
  t.is(await withDeadline('the lab exits', 30_000, () => exited), 0);
});
