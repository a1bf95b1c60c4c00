/**
 * `ftlab emulate lab` as a supervisor runs it: one child process for twenty BMCs, its device
 * list on the first stdout line, each device reached over Redfish (two over IPMI too), exit 0
 * on stdin EOF; exit 2 with a message naming the place for bad input.
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IpmiClient } from '../../drivers/ipmi/client.ts';
import { withDeadline } from '../../lib/deadline.ts';
import { RedfishClient } from '../ft/testing/client.ts';
import { SYSTEM } from '../ft/uris.ts';
import type { LabAnnouncement } from './host.ts';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, 'emulate', 'lab', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function announcement(r: Run): Promise<LabAnnouncement> {
  return withDeadline('the lab host announces its devices', 60_000, async (signal) => {
    while (!r.stdout().includes('\n')) {
      if (r.child.exitCode !== null) throw new Error(`lab host exited ${r.child.exitCode}: ${r.stderr()}`);
      await new Promise((res) => setTimeout(res, 20));
      if (signal.aborted) throw signal.reason;
    }
    return JSON.parse(r.stdout().split('\n')[0] ?? '') as LabAnnouncement;
  });
}

function tempDir(t: import('ava').ExecutionContext): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-host-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('twenty ft BMCs in one process: a device list, each reached over Redfish, two over IPMI', async (t) => {
  const dir = tempDir(t);
  const names = Array.from({ length: 20 }, (_, i) => `ft${i}`);
  const devices = Object.fromEntries(names.map((n, i) => [n, { kind: 'ft', ...(i < 2 ? { ipmi: true } : {}) }]));
  writeFileSync(path.join(dir, 'host.json'), JSON.stringify({ timeScale: 10, ipmi: false, defects: ['slow-io-failover'], devices }));
  writeFileSync(path.join(dir, 'pw'), 'Lab-Pass-123\n');
  const r = run(['--config', path.join(dir, 'host.json'), '--password-file', path.join(dir, 'pw'), '--log-level', 'warn', '--exit-on-stdin-eof']);
  t.teardown(() => r.child.kill('SIGKILL'));
  const a = await announcement(r);
  t.deepEqual(a.lab, { timeScale: 10, defects: ['slow-io-failover'] });
  t.deepEqual(a.devices.map((d) => d.name), names);
  t.is(new Set(a.devices.map((d) => d.redfish)).size, 20, 'each device has its own Redfish port');
  await Promise.all(
    a.devices.map(async (d) => {
      t.regex(d.redfish ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
      const sys = await new RedfishClient(d.redfish ?? '', 'admin', 'Lab-Pass-123').get<{ PowerState: string }>(SYSTEM);
      t.is(sys.PowerState, 'On', d.name);
      t.is(d.timeScale, 10);
      t.deepEqual(d.defects, ['slow-io-failover']);
    }),
  );
  const withIpmi = a.devices.filter((d) => d.ipmi);
  t.deepEqual(withIpmi.map((d) => d.name), ['ft0', 'ft1']);
  for (const d of withIpmi) {
    const [host, port] = (d.ipmi ?? '').split(':');
    const c = await IpmiClient.connect({ host: host ?? '', port: Number(port), user: 'admin', password: 'Lab-Pass-123', timeoutMs: 5000, keepAliveMs: 0 });
    try {
      t.true((await c.chassisStatus()).powerOn, `${d.name} over IPMI`);
    } finally {
      await c.close();
    }
  }
  r.child.stdin?.end();
  t.is(await withDeadline('the lab host exits on stdin EOF', 10_000, () => r.exited), 0);
});

test('--device NAME[:PROFILE] adds ft devices; bad input exits 2 naming the place and the expectation', async (t) => {
  const dir = tempDir(t);
  const ok = run(['--device', 'a', '--device', 'b:profiles/ft-hypervisor.yaml', '--no-ipmi', '--log-level', 'warn', '--exit-on-stdin-eof']);
  t.teardown(() => ok.child.kill('SIGKILL'));
  const a = await announcement(ok);
  t.deepEqual(a.devices.map((d) => [d.name, d.profile, d.ipmi]), [['a', 'ft-default', undefined], ['b', 'ft-hypervisor', undefined]]);
  ok.child.stdin?.end();
  t.is(await withDeadline('exit', 10_000, () => ok.exited), 0);

  writeFileSync(path.join(dir, 'bad.yaml'), 'devices:\n  a: { kind: ft, profle: x }\n');
  const cases: Array<[string[], RegExp]> = [
    [[], /expected at least one device: --config FILE or --device NAME\[:PROFILE\]/],
    [['--config', path.join(dir, 'bad.yaml')], /bad\.yaml: devices\.a\.profle: unknown key \(expected one of: kind, profile, defects, ipmi, ports, memberPrefix\)/],
    [['--device', 'a:/nonexistent.yaml'], /--device a\.profile: \/nonexistent\.yaml: expected a readable profile file/],
    [['--device', 'a', '--defect', 'nope'], /--device a\.defects: unknown defect "nope"/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    r.child.stdin?.end();
    t.is(await withDeadline('exit', 30_000, () => r.exited), 2, args.join(' '));
    t.regex(r.stderr(), message);
  }
});
