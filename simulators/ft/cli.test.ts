/**
 * `ftlab emulate ft` as a user runs it: a child process, its first stdout line, real HTTP and
 * UDP, a clean exit on SIGTERM; and the exit code 2 with a message for bad input.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withDeadline } from '../../lib/deadline.ts';
import { DEFECT_NAMES } from './defects.ts';
import { shippedProfilePath } from './profile.ts';
import { RedfishClient, UdpProbe } from './testing/client.ts';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): Run {
  const child = spawn(process.execPath, [BIN, 'emulate', 'ft', ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function firstLine(r: Run): Promise<Record<string, unknown>> {
  return withDeadline('emulator prints its first line', 30_000, async (signal) => {
    while (!r.stdout().includes('\n')) {
      if (r.child.exitCode !== null) throw new Error(`emulator exited ${r.child.exitCode}: ${r.stderr()}`);
      await new Promise((res) => setTimeout(res, 20));
      if (signal.aborted) throw signal.reason;
    }
    return JSON.parse(r.stdout().split('\n')[0]!) as Record<string, unknown>;
  });
}

test('starts on a free port, prints its endpoints, serves Redfish and the workload, exits 0 on SIGTERM', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-ft-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const pwFile = path.join(dir, 'pw');
  writeFileSync(pwFile, 's3cret-Pass\n');
  const r = run(['--port', '0', '--time-scale', '20', '--defect', 'silent-isolation', '--user', 'ops', '--password-file', pwFile]);
  t.teardown(() => r.child.kill('SIGKILL'));
  const line = await firstLine(r);
  t.is(line.kind, 'ft');
  t.regex(String(line.redfish), /^http:\/\/127\.0\.0\.1:\d+$/);
  t.is(line.timeScale, 20);
  t.deepEqual(line.defects, ['silent-isolation']);
  const wl = line.workload as { udp: number; tcp: number };
  const anon = new RedfishClient(String(line.redfish), 'nobody', 'wrong');
  t.is((await anon.request('GET', '/redfish/v1/Systems', undefined, { auth: false })).status, 401);
  t.is((await anon.request('GET', '/redfish/v1', undefined, { auth: false })).status, 200);
  t.is((await anon.request('GET', '/redfish/v1/Systems')).status, 401, 'wrong password refused');
  const rf = new RedfishClient(String(line.redfish), 'ops', 's3cret-Pass');
  t.is((await rf.request('GET', '/redfish/v1/Systems/ft0')).status, 200);
  const udp = new UdpProbe('127.0.0.1', wl.udp);
  await udp.open();
  t.teardown(() => udp.close());
  udp.send();
  await udp.waitReplies('workload echo', 1);
  r.child.kill('SIGTERM');
  t.is(await r.exited, 0);
  t.false(r.stderr().includes('s3cret-Pass'), 'the password never reaches the logs');
});

test('--exit-on-stdin-eof: the emulator exits when its supervisor\'s end of stdin closes', async (t) => {
  const r = run(['--port', '0', '--exit-on-stdin-eof'], 'pipe');
  t.teardown(() => r.child.kill('SIGKILL'));
  await firstLine(r);
  t.is(r.child.exitCode, null, 'still serving while stdin is open');
  r.child.stdin?.end();
  t.is(await withDeadline('emulator exits after stdin EOF', 30_000, () => r.exited), 0);
});

test('--list-defects prints one line per defect', async (t) => {
  const r = run(['--list-defects']);
  t.is(await r.exited, 0);
  const lines = r.stdout().trim().split('\n');
  t.is(lines.length, DEFECT_NAMES.length);
  for (const name of ['blackout-overrun', 'resync-never-converges', 'transient-kept-out', 'no-error-hiding', 'isolation-outage', 'silent-isolation']) {
    t.true(lines.some((l) => l.startsWith(name)), name);
  }
});

test('bad input exits 2 and names the option or the profile path', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-ft-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bad = path.join(dir, 'bad.yaml');
  writeFileSync(bad, readFileSync(shippedProfilePath('ft-default'), 'utf8').replace(/memoryGiB: 128/, 'memoryGiB: -1'));
  const cases: Array<[string[], RegExp]> = [
    [['--defect', 'nope'], /--defect: unknown defect "nope"; expected one of: blackout-overrun/],
    [['--time-scale', '0'], /--time-scale: expected a number > 0/],
    [['--port', '70000'], /--port: expected a port from 0 to 65535/],
    [['--profile', bad], new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: system\\.memoryGiB: expected a number > 0 \\(found -1\\)`)],
    [['--profile', path.join(dir, 'missing.yaml')], /missing\.yaml: expected a readable profile file/],
    [['--bogus'], /Unknown option '--bogus'/],
  ];
  const runs = cases.map(([args]) => run(args));
  for (const r of runs) t.teardown(() => r.child.kill('SIGKILL'));
  const codes = await Promise.all(runs.map((r) => r.exited));
  cases.forEach(([args, expected], i) => {
    t.is(codes[i], 2, args.join(' '));
    t.regex(runs[i]!.stderr(), expected, args.join(' '));
  });
});
