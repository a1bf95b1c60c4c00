import test from 'ava';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from '../../harness/lab/emulator-process.ts';
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
  const inv = loadInventory(labFile);
  t.deepEqual(inv.devices.map((d) => [d.name, d.scenarios]), [
    ['ft0', ['*', '!ft-hypervisor*']],
    ['ft1', ['ft-hypervisor*']],
  ]);
  const pwFile = (JSON.parse(readFileSync(labFile, 'utf8')) as { devices: { ft0: { redfish: { passwordFile: string } } } }).devices.ft0.redfish.passwordFile;
  t.true(existsSync(pwFile));
  t.false(stdout.includes(inv.devices[0]!.redfish!.password.value), 'the password is not printed');
  const ca = inv.devices[0]!.redfish!.ca ?? '';
  t.true(existsSync(ca), 'lab.json names the CA of the run (ca)');
  const up = await curl(['--cacert', ca, `${inv.devices[0]!.redfish!.url}/redfish/v1`]);
  t.is(up.code, 0, 'the lab answers over HTTPS while up, trusted with its CA');
  t.is((JSON.parse(up.stdout) as { Id: string }).Id, 'RootService');

  child.kill('SIGINT');
  t.is(await exited, 0);
  t.false(existsSync(pwFile), 'the private password file is removed when the lab stops');
  t.false(existsSync(ca), 'so is the certificate folder');
  t.is((await curl(['--insecure', `${inv.devices[0]!.redfish!.url}/redfish/v1`])).code, 7, 'the emulators are stopped (connection refused)');
});

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
