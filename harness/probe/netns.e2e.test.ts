/**
 * The workload probe off loopback: the ft emulator runs in its own network namespace, reached
 * through a veth pair on a documentation-range address (RFC 5737) that no interface or route of
 * this machine uses, and `ftlab run --lab FILE` probes it from the host side. Before the probe
 * bound to the wildcard it bound to the workload's address, which is not on this side of the
 * veth (`bind EADDRNOTAVAIL`), and every probing scenario ended as an infra-error.
 *
 * Needs root and iproute2 (`ip`); skipped with the reason otherwise. The namespace and the veth
 * (named after this process: ftlab-e2e-PID, fle2e-PIDh/n) are removed at teardown and at exit,
 * and those of an earlier run that was killed (its PID gone) are removed before this one starts.
 * Traffic goes only to the address inside the namespace.
 */
import test, { type ExecutionContext } from 'ava';
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from '../lab/emulator-process.ts';
import { type FtlabRunResult, runFtlab } from '../testing/ftlab-run.ts';
import { readHistory } from '../../lib/history/read.ts';
import type { ProbeRecord } from '../../lib/history/records.ts';

const IP = existsSync('/usr/sbin/ip') ? '/usr/sbin/ip' : 'ip';
const NS = `ftlab-e2e-${process.pid}`;
const HOST_IF = `fle2e-${process.pid}h`;
const NS_IF = `fle2e-${process.pid}n`;
/** RFC 5737 documentation ranges, in order of preference; the first one this machine does not use is taken. */
const CANDIDATES = ['198.51.100.0', '203.0.113.0'];
const SCENARIOS = ['ft-io-nic-failover', 'ft-isolation-cpu-m0'];
const RUN_DEADLINE_MS = 150_000;
const EMULATOR_READY_MS = 60_000;
const EMULATOR_EXIT_MS = 10_000;
const IP_TIMEOUT_MS = 10_000;

function ip(args: string[]): string {
  return execFileSync(IP, args, { encoding: 'utf8', timeout: IP_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `ip` that may fail (teardown of something already gone); false when it did. */
function ipQuiet(args: string[]): boolean {
  try {
    ip(args);
    return true;
  } catch {
    return false; // already gone
  }
}

function whyCannotRun(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces are Linux only';
  if (process.getuid?.() !== 0) return 'needs root to create a network namespace and a veth pair';
  try {
    ip(['-V']);
  } catch {
    return `no "${IP}" (iproute2): install iproute2`;
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Namespaces and veths left by an earlier run of this test that was killed (its PID is gone). */
function removeStale(): string[] {
  const removed: string[] = [];
  for (const line of ip(['netns', 'list']).split('\n')) {
    const m = /^(ftlab-e2e-(\d+))\b/.exec(line.trim());
    if (!m?.[1] || !m[2] || alive(Number(m[2]))) continue;
    // An emulator still inside (its parent was killed before its stdin closed) keeps the namespace
    // and its veth alive: end it first. Only this test names namespaces ftlab-e2e-PID.
    for (const pid of ip(['netns', 'pids', m[1]]).split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
    ipQuiet(['netns', 'del', m[1]]);
    removed.push(`netns ${m[1]}`);
  }
  const links = JSON.parse(ip(['-j', 'link', 'show'])) as Array<{ ifname?: string }>;
  for (const l of links) {
    const m = /^fle2e-(\d+)[hn]$/.exec(l.ifname ?? '');
    if (!m?.[1] || alive(Number(m[1]))) continue;
    // Deleting one end of a veth deletes its peer: the second delete of a pair finds nothing.
    if (ipQuiet(['link', 'del', l.ifname ?? ''])) removed.push(`link ${l.ifname ?? ''}`);
  }
  return removed;
}

function ipv4ToInt(a: string): number {
  const parts = a.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`not an IPv4 address: ${a}`);
  return parts.reduce((n, p) => n * 256 + p, 0);
}

/** Do a.b.c.d/len and the /24 at `net24` overlap? */
function overlaps24(prefix: string, net24: string): boolean {
  const [addr = '', lenText] = prefix.split('/');
  const len = lenText === undefined ? 32 : Number(lenText);
  const common = Math.min(len, 24);
  const mask = common === 0 ? 0 : (0xffffffff << (32 - common)) >>> 0;
  return ((ipv4ToInt(addr) & mask) >>> 0) === ((ipv4ToInt(net24) & mask) >>> 0);
}

/** What of this machine uses the /24 at `net24`: its addresses and its routes (every table), the default route aside. */
function usersOf(net24: string): string[] {
  const users: string[] = [];
  const addrs = JSON.parse(ip(['-j', '-4', 'addr', 'show'])) as Array<{ ifname?: string; addr_info?: Array<{ local?: string; prefixlen?: number }> }>;
  for (const i of addrs) {
    for (const a of i.addr_info ?? []) {
      if (a.local && overlaps24(`${a.local}/${a.prefixlen ?? 32}`, net24)) users.push(`address ${a.local}/${a.prefixlen ?? 32} on ${i.ifname ?? '?'}`);
    }
  }
  const routes = JSON.parse(ip(['-j', '-4', 'route', 'show', 'table', 'all'])) as Array<{ dst?: string; dev?: string; table?: string }>;
  for (const r of routes) {
    if (!r.dst || r.dst === 'default' || !/^\d/.test(r.dst)) continue;
    if (overlaps24(r.dst, net24)) users.push(`route ${r.dst}${r.dev ? ` dev ${r.dev}` : ''}${r.table ? ` table ${r.table}` : ''}`);
  }
  return users;
}

function chooseRange(): { net: string; hostAddr: string; nsAddr: string } {
  const taken: string[] = [];
  for (const net of CANDIDATES) {
    const users = usersOf(net);
    if (users.length === 0) {
      const base = net.slice(0, net.lastIndexOf('.'));
      return { net, hostAddr: `${base}.1`, nsAddr: `${base}.2` };
    }
    taken.push(`${net}/24 (${users.join('; ')})`);
  }
  throw new Error(`refusing to create the test namespace: every candidate documentation range is in use on this machine: ${taken.join(', ')}`);
}

function removeNamespace(): void {
  ipQuiet(['netns', 'del', NS]);
  ipQuiet(['link', 'del', HOST_IF]);
}

/** Namespace NS with NS_IF = nsAddr/24, veth peer HOST_IF = hostAddr/24 on this side; removed at teardown and at exit. */
function createNamespace(t: ExecutionContext, hostAddr: string, nsAddr: string): void {
  // Registered before anything is created: a half-built namespace is removed too.
  t.teardown(removeNamespace);
  process.once('exit', removeNamespace);
  ip(['netns', 'add', NS]);
  ip(['link', 'add', HOST_IF, 'type', 'veth', 'peer', 'name', NS_IF]);
  ip(['link', 'set', NS_IF, 'netns', NS]);
  ip(['addr', 'add', `${hostAddr}/24`, 'dev', HOST_IF]);
  ip(['link', 'set', HOST_IF, 'up']);
  ip(['-n', NS, 'addr', 'add', `${nsAddr}/24`, 'dev', NS_IF]);
  ip(['-n', NS, 'link', 'set', NS_IF, 'up']);
  ip(['-n', NS, 'link', 'set', 'lo', 'up']);
}

interface Announcement {
  redfish: string;
  workload?: { udp: number; tcp: number };
  console?: { host: string; tcp: number };
}

/** `ftlab emulate ft` inside the namespace, bound to `host`; stopped (stdin closed, then SIGKILL) at teardown. */
async function startEmulatorInNamespace(t: ExecutionContext, host: string, passwordFile: string): Promise<Announcement> {
  const args = ['netns', 'exec', NS, process.execPath, FTLAB_BIN, 'emulate', 'ft', '--host', host, '--port', '0', '--ipmi-port', '0'];
  args.push('--time-scale', '10', '--password-file', passwordFile, '--exit-on-stdin-eof');
  const child: ChildProcessWithoutNullStreams = spawn(IP, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
  child.stdin.on('error', () => undefined);
  t.teardown(async () => {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), EMULATOR_EXIT_MS);
    await exited;
    clearTimeout(timer);
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`the emulator in ${NS} did not announce its endpoints within ${EMULATOR_READY_MS} ms:\n${stderr}`)), EMULATOR_READY_MS);
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(buf.slice(0, nl));
      }
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator in ${NS} exited (${String(code)}) before announcing its endpoints:\n${stderr}`));
    });
  });
  return JSON.parse(line) as Announcement;
}

function describe(r: FtlabRunResult): string {
  const file = path.join(r.out, 'results.json');
  const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Array<{ id: string; outcome: string; reason: string | null }> }) : undefined;
  const table = results?.scenarios.map((s) => `  ${s.id}: ${s.outcome}${s.reason ? ` (${s.reason})` : ''}`).join('\n') ?? '(no results.json)';
  return `exit ${String(r.code)}\n${table}\n--- stderr (tail) ---\n${r.stderr.slice(-3000)}`;
}

const reason = whyCannotRun();
const title = 'probing scenarios pass against an emulator in another network namespace, and the probe names its address as the replier';

if (reason) test.skip(`${title} (skipped: ${reason})`, () => undefined);
else
  test.serial(title, async (t) => {
    t.timeout(RUN_DEADLINE_MS + EMULATOR_READY_MS + 60_000);
    const stale = removeStale();
    if (stale.length) t.log(`removed what an earlier, killed run left: ${stale.join(', ')}`);
    const { net, hostAddr, nsAddr } = chooseRange();
    t.log(`namespace ${NS}: ${nsAddr} (veth ${NS_IF}), this side ${hostAddr} (veth ${HOST_IF}), range ${net}/24`);
    createNamespace(t, hostAddr, nsAddr);

    const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-netns-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const passwordFile = path.join(dir, 'bmc.pw');
    writeFileSync(passwordFile, `pw-${Math.random().toString(36).slice(2, 10)}-Qz\n`, { mode: 0o600 });
    const a = await startEmulatorInNamespace(t, nsAddr, passwordFile);
    t.is(new URL(a.redfish).hostname, nsAddr, `the emulator serves on the namespace's address: ${JSON.stringify(a)}`);
    const udp = a.workload?.udp;
    if (udp === undefined) throw new Error(`the emulator announced no workload: ${JSON.stringify(a)}`);

    const labFile = path.join(dir, 'lab.yaml');
    const console = a.console ? `    console: { tcp: "${a.console.host}:${a.console.tcp}" }\n` : '';
    writeFileSync(labFile, `devices:\n  ft0:\n    kind: ft\n    redfish: { url: "${a.redfish}", user: admin, passwordFile: bmc.pw }\n${console}`);
    const r = await runFtlab(t, ['--lab', labFile, ...SCENARIOS], { cwd: dir, deadlineMs: RUN_DEADLINE_MS });
    t.is(r.code, 0, describe(r));

    const probes = (await readHistory(path.join(r.out, 'history.jsonl'))).filter((x): x is ProbeRecord => x.type === 'probe');
    t.true(probes.length >= SCENARIOS.length, `one probe record per scenario at least, got ${probes.length}`);
    for (const p of probes) {
      t.is(p.target, `${nsAddr}:${udp}`, p.probe);
      t.deepEqual(p.repliedFrom, [`${nsAddr}:${udp}`], p.probe);
      t.true(p.received > 0, `${p.probe}: no answers`);
      t.is(p.foreign, 0, `${p.probe}: foreign traffic from ${p.foreignFrom?.join(', ') ?? '?'}`);
    }
  });
