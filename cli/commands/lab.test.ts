import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';
import { DEFAULT_DEVICES } from '../../harness/lab/embedded.ts';
import { clusterMembers } from '../../harness/inventory/clusters.ts';
import { loadInventory } from '../../harness/inventory/load.ts';
import { curl } from '../../lib/testing/curl.ts';

test('lab up: prints the endpoints, writes lab.json (a valid inventory with a password file), stops on Ctrl-C', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-labup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const labFile = path.join(dir, 'lab.json');
  const child = spawn(process.execPath, [FTLAB_BIN, 'lab', 'up', '--lab-file', labFile, '--time-scale', '20', '--log-level', 'warn'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const end = Date.now() + 90_000;
  while (!/Ctrl-C to stop/.test(stdout)) {
    if (Date.now() > end) throw new Error(`lab up did not come up: ${stdout}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  t.regex(stdout, /^ft0 +kind ft +redfish https:\/\/127\.0\.0\.1:\d+ +ca \S+ca\.pem +ipmi 127\.0\.0\.1:\d+/m);
  t.regex(stdout, /^ft1 +kind ft +redfish https:\/\/127\.0\.0\.1:\d+ +ca \S+ca\.pem/m);
  t.regex(stdout, /^cluster1 +kind cluster +\d+ devices +\d+ businesses +truth http:\/\/127\.0\.0\.1:\d+$/m, 'the ground truth, for tests and benchmarks');
  t.regex(stdout, /^ {2}srv01 +kind server +redfish https:\/\/127\.0\.0\.1:\d+ +ca \S+ca\.pem/m);
  t.regex(stdout, /^ {2}fcA +kind fc-switch +fabric A +redfish https:\/\/127\.0\.0\.1:\d+/m);
  t.regex(stdout, /^ {2}business crm +priority high +volume boot-crm +udp 127\.0\.0\.1:\d+ +tcp 127\.0\.0\.1:\d+$/m);
  const inv = loadInventory(labFile);
  t.deepEqual(inv.devices.filter((d) => d.kind === 'ft').map((d) => [d.name, d.scenarios]), DEFAULT_DEVICES.map((d) => [d.name, d.scenarios]));
  t.deepEqual(inv.clusters.map((c) => c.name), ['cluster1', 'cluster2']);
  const [cluster, second] = inv.clusters;
  t.deepEqual(second?.servers, cluster?.servers.map((s) => `c2-${s}`), 'the second copy: its members named c2-...');
  t.is(second?.partitionManager, 'c2-pm1');
  t.true((cluster?.servers.length ?? 0) >= 8, 'the default cluster: at least 8 servers');
  t.deepEqual(Object.keys(cluster?.fabrics ?? {}), ['A', 'B']);
  t.is(cluster?.partitionManager, 'pm1', 'the default cluster has partition-capable servers: a partition manager');
  t.deepEqual(
    inv.devices.filter((d) => d.kind !== 'ft').map((d) => d.name).sort(),
    inv.clusters.flatMap((c) => clusterMembers(c)).sort(),
    'every member is a device of lab.json, and nothing else is',
  );
  t.true(inv.devices.filter((d) => d.kind !== 'ft').every((d) => d.redfish?.ca !== undefined), 'every member: Redfish over HTTPS, trusting its run CA');
  t.is(cluster?.failoverManager, 'fm-cluster1', 'the cluster has its failover manager, a device of lab.json');
  t.like(inv.devices.find((d) => d.name === 'fm-cluster1'), { kind: 'failover-manager', redfish: { auth: 'basic' } });
  const pwFile = (JSON.parse(readFileSync(labFile, 'utf8')) as { devices: { ft0: { redfish: { passwordFile: string } } } }).devices.ft0.redfish.passwordFile;
  t.true(existsSync(pwFile));
  t.false(stdout.includes(inv.devices[0]!.redfish!.password.value), 'the password is not printed');
  const ca = inv.devices[0]!.redfish!.ca ?? '';
  t.true(existsSync(ca), 'lab.json names the CA of the run (ca)');
  const up = await curl(['--cacert', ca, `${inv.devices[0]!.redfish!.url}/redfish/v1`]);
  t.is(up.code, 0, 'the lab answers over HTTPS while up, trusted with its CA');
  t.is((JSON.parse(up.stdout) as { Id: string }).Id, 'RootService');

  await fleetServerPower(t, labFile, cluster?.servers.at(-1) ?? '');

  child.kill('SIGINT');
  t.is(await exited, 0);
  t.false(existsSync(pwFile), 'the private password file is removed when the lab stops');
  t.false(existsSync(ca), 'so is the certificate folder');
  t.is((await curl(['--insecure', `${inv.devices[0]!.redfish!.url}/redfish/v1`])).code, 7, 'the emulators are stopped (connection refused)');
});

function bmc(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [FTLAB_BIN, 'bmc', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (x: Buffer) => (out += x.toString()));
    c.stderr.on('data', (x: Buffer) => (err += x.toString()));
    c.once('exit', (code) => resolve({ code, out, err }));
  });
}

/** Poll `ftlab bmc power status` until it reads `want` (the power sequence takes lab time), within 60 s. */
async function powerBecomes(labFile: string, device: string, via: string, want: string): Promise<string> {
  const end = Date.now() + 60_000;
  let last = '';
  while (Date.now() < end) {
    const r = await bmc(['--lab', labFile, '--device', device, '--via', via, '--json', 'power', 'status']);
    if (r.code !== 0) throw new Error(`bmc power status ${device} via ${via}: exit ${r.code}: ${r.out}${r.err}`);
    last = (JSON.parse(r.out) as { power: string }).power;
    if (last === want) return last;
  }
  return last;
}

/**
 * ftlab bmc against a fleet server of the running cluster, by name through lab.json: power off
 * and on, each read back, and the cluster listing shows it among the others. (Over Redfish: the
 * cluster's servers do not serve IPMI yet.)
 */
async function fleetServerPower(t: ExecutionContext, labFile: string, server: string): Promise<void> {
  const off = await bmc(['--lab', labFile, '--device', server, 'power', 'off']);
  t.is(off.code, 0, off.err);
  t.is(await powerBecomes(labFile, server, 'redfish', 'Off'), 'Off', `${server}: ForceOff read back`);
  const listing = await bmc(['--lab', labFile, '--cluster', 'cluster1', 'power', 'status']);
  t.is(listing.code, 0, listing.err);
  t.regex(listing.out, new RegExp(`^${server}: Power is off$`, 'm'));
  t.is(listing.out.trim().split('\n').length, 11, 'one line per fleet server');
  const on = await bmc(['--lab', labFile, '--device', server, 'power', 'on']);
  t.is(on.code, 0, on.err);
  t.is(await powerBecomes(labFile, server, 'redfish', 'On'), 'On', `${server}: power on read back`);
}

test('list prints scenarios with requirement IDs, tags and suites; --json for machines', async (t) => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const c = spawn(process.execPath, [FTLAB_BIN, 'list', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      c.stdout.on('data', (x: Buffer) => (out += x.toString()));
      c.stderr.on('data', (x: Buffer) => (err += x.toString()));
      c.once('exit', (code) => resolve({ code, out, err }));
    });
  const json = await run(['--json']);
  t.is(json.code, 0, json.err);
  const rows = JSON.parse(json.out) as Array<{ id: string; requirements: string[]; suites: string[]; tags: string[]; file: string }>;
  t.true(rows.length > 0);
  for (const r of rows) {
    t.regex(r.id, /^[a-z0-9-]+$/);
    t.true(r.requirements.every((x) => /^[A-Z]+-\d+$/.test(x)));
    t.true(Array.isArray(r.suites) && Array.isArray(r.tags));
  }
  const first = rows[0]!;
  const text = await run([first.id]);
  t.is(text.code, 0);
  t.regex(text.out, new RegExp(`^${first.id} +${first.requirements.join(',')} `, 'm'));
  t.regex(text.out, /^1 scenario\(s\)$/m);
  const none = await run(['no-such-*']);
  t.is(none.code, 2);
  t.regex(none.err, /scenario "no-such-\*": no scenario matches this pattern/);
});
