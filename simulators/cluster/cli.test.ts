/**
 * `ftlab emulate cluster` as a user runs it: a child process, its announcement, real HTTP to
 * every device, a clean exit on SIGTERM and on stdin EOF; exit 2 naming the place for bad input.
 */
import test from 'ava';
import dgram from 'node:dgram';
import net from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDeadline } from '../../lib/deadline.ts';
import { curlJson } from './testing/http.ts';
import { announcementOf, runCluster } from './testing/process.ts';
import { DEFAULT_CLUSTER_CONFIG } from './config/load.ts';
import { CLUSTER_DEFECT_NAMES } from './model/defects.ts';

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-cluster-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('announces every device on its own port, each answers as itself; exits 0 on SIGTERM', async (t) => {
  const pw = path.join(tempDir(t), 'pw');
  writeFileSync(pw, 'cl-Secret-9\n');
  const r = runCluster(['--time-scale', '50', '--defect', 'slow-commit', '--user', 'ops', '--password-file', pw, '--no-ipmi']);
  t.teardown(() => r.child.kill('SIGKILL'));
  const a = await announcementOf(r);
  t.like(a.cluster, { name: 'default', timeScale: 50, defects: ['slow-commit'] });
  t.deepEqual(
    a.devices.map((d) => [d.name, d.kind, d.fabric ?? '']),
    [...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => [`srv${String(n).padStart(2, '0')}`, 'server', '']), ['array1', 'array', ''], ['fcA', 'fc-switch', 'A'], ['fcB', 'fc-switch', 'B'], ['sw1', 'ethernet-switch', ''], ['pm1', 'partition-manager', '']],
  );
  t.is(new Set(a.devices.map((d) => d.redfish)).size, a.devices.length, 'one service root per device');
  t.true(a.devices.every((d) => d.ipmi === undefined), '--no-ipmi: no ipmi endpoint');
  const auth = { user: 'ops', password: 'cl-Secret-9' };
  const url = (name: string): string => a.devices.find((d) => d.name === name)?.redfish ?? '';
  t.like(await curlJson(url('srv06'), 'GET', '/redfish/v1/Systems/srv06', auth), { status: 200, body: { Id: 'srv06', Model: 'PX8100' } });
  t.like(await curlJson(url('fcB'), 'GET', '/redfish/v1/Fabrics/B', auth), { status: 200, body: { Id: 'B' } });
  t.is((await curlJson(url('srv01'), 'GET', '/redfish/v1/Systems/srv01', { user: 'ops', password: 'wrong' })).status, 401);
  t.like(await curlJson(a.cluster.truth, 'GET', '/truth', auth), { status: 200, body: { Cluster: 'default', TimeScale: 50, Defects: ['slow-commit'] } });
  t.is((await curlJson(a.cluster.truth, 'GET', '/truth', { user: 'ops', password: 'wrong' })).status, 401);
  r.child.kill('SIGTERM');
  t.is(await withDeadline('cluster exits after SIGTERM', 30_000, () => r.exited), 0);
  t.false(r.stderr().includes('cl-Secret-9'), 'the password never reaches the logs');
});

test('--servers N: N servers only, powered off; --exit-on-stdin-eof exits when the supervisor goes', async (t) => {
  const r = runCluster(['--servers', '4', '--no-ipmi', '--exit-on-stdin-eof'], 'pipe');
  t.teardown(() => r.child.kill('SIGKILL'));
  const a = await announcementOf(r);
  t.deepEqual(a.devices.filter((d) => d.kind === 'server').map((d) => d.name), ['srv01', 'srv02', 'srv03', 'srv04']);
  t.deepEqual(a.businesses, []);
  const sys = await curlJson(a.devices[2]!.redfish, 'GET', '/redfish/v1/Systems/srv03', { user: 'admin', password: 'ftlab' });
  t.like(sys.body, { PowerState: 'Off', Oem: { ClusterLab: { HardwareKind: 'px8' } } });
  t.is(r.child.exitCode, null, 'still serving while stdin is open');
  r.child.stdin?.end();
  t.is(await withDeadline('cluster exits after stdin EOF', 30_000, () => r.exited), 0);
});

test('--list-defects prints one line per defect', async (t) => {
  const r = runCluster(['--list-defects']);
  t.is(await r.exited, 0);
  t.deepEqual(r.stdout().trim().split('\n').map((l) => l.split(' ')[0]), CLUSTER_DEFECT_NAMES);
});

test('bad input exits 2 and names the option, or the config file, line and path', async (t) => {
  const dir = tempDir(t);
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, readFileSync(DEFAULT_CLUSTER_CONFIG, 'utf8').replace('crm: { type: crm, priority: high, volume: boot-crm', 'crm: { type: crm, priority: high, volume: boot-nope'));
  const line = readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('boot-nope')) + 1;
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const cases: Array<[string[], RegExp]> = [
    [['--defect', 'nope'], /--defect: unknown defect "nope"; expected one of: slow-commit/],
    [['--time-scale', '0'], /--time-scale: expected a number > 0/],
    [['--servers', 'many'], /--servers: expected a number of servers from 1 to/],
    [['--servers', '0'], /--servers: expected a number of servers from 1 to/],
    [['--config', bad], new RegExp(`${esc(bad)}:${line}: businesses\\.crm\\.volume: expected`)],
    [['--config', path.join(dir, 'missing.yaml')], /missing\.yaml: expected a readable cluster config file/],
    [['--bogus'], /Unknown option '--bogus'/],
  ];
  const runs = cases.map(([args]) => runCluster(args));
  for (const r of runs) t.teardown(() => r.child.kill('SIGKILL'));
  const codes = await Promise.all(runs.map((r) => r.exited));
  cases.forEach(([args, expected], i) => {
    t.is(codes[i], 2, args.join(' '));
    t.regex(runs[i]!.stderr(), expected, args.join(' '));
  });
});

test('a killed cluster leaves no listener behind: its Redfish and business ports are free again', async (t) => {
  const r = runCluster(['--no-ipmi']);
  t.teardown(() => r.child.kill('SIGKILL'));
  const a = await announcementOf(r);
  const crm = a.businesses.find((b) => b.name === 'crm')!;
  r.child.kill('SIGKILL');
  await r.exited;
  const redfishPort = Number(new URL(a.devices[0]!.redfish).port);
  for (const port of [redfishPort, crm.tcp]) {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => udp.once('error', reject).bind(crm.udp, '127.0.0.1', () => resolve()));
  udp.close();
  t.pass();
});
