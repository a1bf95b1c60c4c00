/**
 * The ways the fleet-scale bench reads the power state of every server and then power-cycles
 * every one: ftlab's Redfish and IPMI drivers (bounded concurrency), FreeIPMI ipmipower in its
 * parallel mode (one process, --fanout), and a plain sequential curl loop. Each phase is timed
 * from its first request to its last answer; every answer is checked (a failure is counted).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { IpmiClient } from '../../drivers/ipmi/client.ts';
import { RedfishClient } from '../../drivers/redfish/client.ts';
import { errorMessage } from '../../lib/errors.ts';
import type { FleetBmc } from './cluster.ts';

export interface PhaseResult {
  ms: number;
  ok: number;
  failed: number;
  /** The first failure, for the report. */
  firstError?: string;
}

export interface MethodResult {
  read: PhaseResult;
  cycle: PhaseResult;
  /** Servers the read phase found powered on. */
  on: number;
}

type Account = { user: string; password: string };

/** Run `fn` over `items`, at most `concurrency` at once; count successes and failures. */
export async function pool<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<PhaseResult> {
  const t0 = performance.now();
  let next = 0;
  const r: PhaseResult = { ms: 0, ok: 0, failed: 0 };
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        await fn(items[i] as T);
        r.ok++;
      } catch (e) {
        r.failed++;
        r.firstError ??= errorMessage(e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  r.ms = performance.now() - t0;
  return r;
}

const systemPath = (b: FleetBmc): string => `/redfish/v1/Systems/${b.name}`;

export async function ftlabRedfish(bmcs: readonly FleetBmc[], account: Account, concurrency: number): Promise<MethodResult> {
  const clients = new Map(bmcs.map((b) => [b.name, new RedfishClient({ baseUrl: b.redfish, auth: { mode: 'basic', username: account.user, password: account.password } })]));
  const client = (b: FleetBmc): RedfishClient => clients.get(b.name) as RedfishClient;
  let on = 0;
  const read = await pool(bmcs, concurrency, async (b) => {
    const r = await client(b).get(systemPath(b));
    const state = (r.body as { PowerState?: string } | null)?.PowerState;
    if (r.status !== 200 || state === undefined) throw new Error(`${b.name}: HTTP ${r.status}, PowerState ${String(state)}`);
    if (state === 'On') on++;
  });
  const cycle = await pool(bmcs, concurrency, async (b) => {
    const r = await client(b).post(`${systemPath(b)}/Actions/ComputerSystem.Reset`, { ResetType: 'PowerCycle' });
    if (r.status < 200 || r.status > 204) throw new Error(`${b.name}: Reset answered HTTP ${r.status}`);
  });
  return { read, cycle, on };
}

export async function ftlabIpmi(bmcs: readonly FleetBmc[], account: Account, concurrency: number): Promise<MethodResult> {
  const sessions = new Map<string, IpmiClient>();
  let on = 0;
  const read = await pool(bmcs, concurrency, async (b) => {
    const c = await IpmiClient.connect({ host: b.ipmiHost, port: b.ipmiPort, user: account.user, password: account.password, privilege: 'administrator', keepAliveMs: 0 });
    sessions.set(b.name, c);
    if ((await c.chassisStatus()).powerOn) on++;
  });
  const cycle = await pool(bmcs, concurrency, async (b) => {
    const c = sessions.get(b.name);
    if (!c) throw new Error(`${b.name}: no session`);
    await c.chassisControl('cycle');
  });
  await Promise.all([...sessions.values()].map((c) => c.close()));
  return { read, cycle, on };
}

function exec(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, [...args], { encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

/** One ipmipower run over every BMC: a line per host ("127.0.0.1: on|off|ok|<error>"). */
async function ipmipowerPhase(bin: string, base: readonly string[], flag: string, expect: RegExp): Promise<PhaseResult & { lines: string[] }> {
  const t0 = performance.now();
  const r = await exec(bin, [...base, flag]);
  const ms = performance.now() - t0;
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  const bad = lines.filter((l) => !expect.test(l));
  return { ms, ok: lines.length - bad.length, failed: bad.length, lines, ...(bad[0] || r.code !== 0 ? { firstError: bad[0] ?? `exit ${r.code}: ${r.stderr.slice(0, 200)}` } : {}) };
}

export async function ipmipower(bin: string, dir: string, bmcs: readonly FleetBmc[], account: Account, fanout: number): Promise<MethodResult> {
  const conf = path.join(dir, 'freeipmi.conf');
  writeFileSync(conf, `password ${account.password}\n`, { mode: 0o600 });
  const hosts = bmcs.map((b) => `${b.ipmiHost}:${b.ipmiPort}`).join(',');
  const base = ['-D', 'LAN_2_0', '-u', account.user, `--config-file=${conf}`, '-l', 'ADMIN', '-F', String(fanout), '-h', hosts];
  const { lines, ...read } = await ipmipowerPhase(bin, base, '--stat', /: (on|off)$/);
  const { lines: _, ...cycle } = await ipmipowerPhase(bin, base, '--cycle', /: ok$/);
  return { read, cycle, on: lines.filter((l) => /: on$/.test(l)).length };
}

/** curl, one process per request, one server after the other (credentials in a private config file). */
export async function curlLoop(dir: string, bmcs: readonly FleetBmc[], account: Account): Promise<MethodResult> {
  const conf = path.join(dir, 'curl.conf');
  writeFileSync(conf, `user = "${account.user}:${account.password}"\n`, { mode: 0o600 });
  let on = 0;
  const read = await pool(bmcs, 1, async (b) => {
    const r = await exec('curl', ['-sS', '-K', conf, `${b.redfish}${systemPath(b)}`]);
    const state = r.code === 0 ? (JSON.parse(r.stdout) as { PowerState?: string }).PowerState : undefined;
    if (state === undefined) throw new Error(`${b.name}: curl exit ${r.code} ${r.stderr.slice(0, 200)}`);
    if (state === 'On') on++;
  });
  const body = JSON.stringify({ ResetType: 'PowerCycle' });
  const cycle = await pool(bmcs, 1, async (b) => {
    const r = await exec('curl', ['-sS', '-K', conf, '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Content-Type: application/json', '--data-binary', body, `${b.redfish}${systemPath(b)}/Actions/ComputerSystem.Reset`]);
    if (!/^20[04]$/.test(r.stdout)) throw new Error(`${b.name}: Reset answered ${r.stdout || `curl exit ${r.code}`}`);
  });
  return { read, cycle, on };
}
