/**
 * The cluster process the fleet-scale bench measures: `ftlab emulate cluster --servers N` as a
 * child, its start-up time (spawn → first stdout line), its resident memory (VmRSS), its BMCs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { withDeadline } from '../../lib/deadline.ts';
import { InfraError } from '../../lib/errors.ts';
import type { ClusterAnnouncement } from '../../simulators/cluster/process/announcement.ts';

const BIN = new URL('../../bin/ftlab.js', import.meta.url).pathname;

export interface FleetBmc {
  name: string;
  redfish: string;
  ipmiHost: string;
  ipmiPort: number;
}

export interface FleetProcess {
  startupMs: number;
  account: { user: string; password: string };
  bmcs: FleetBmc[];
  rssBytes(): number;
  stop(): Promise<void>;
}

function bmcsOf(a: ClusterAnnouncement): FleetBmc[] {
  return a.devices.flatMap((d) => {
    if (d.kind !== 'server') return [];
    const m = /^(.*):(\d+)$/.exec(d.ipmi ?? '');
    if (!m?.[1] || !m[2]) throw new InfraError(`fleet-scale: server ${d.name} announces no IPMI endpoint (got ${JSON.stringify(d.ipmi)})`);
    return [{ name: d.name, redfish: d.redfish, ipmiHost: m[1], ipmiPort: Number(m[2]) }];
  });
}

function firstLine(child: ChildProcess, out: () => string, err: () => string, timeoutMs: number): Promise<string> {
  return withDeadline('the cluster prints its announcement', timeoutMs, async (signal) => {
    while (!out().includes('\n')) {
      if (child.exitCode !== null) throw new InfraError(`emulate cluster exited ${child.exitCode}: ${err().slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 10));
      if (signal.aborted) throw signal.reason;
    }
    return out().split('\n')[0] ?? '';
  });
}

/** VmRSS of `pid` in bytes (Linux /proc). */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new InfraError(`fleet-scale: no VmRSS for process ${pid}`);
  return Number(m[1]) * 1024;
}

/** Start `emulate cluster --servers N` (IPMI on) and wait for its announcement. */
export async function startFleet(servers: number, timeScale: number): Promise<FleetProcess> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-fleet-'));
  const account = { user: 'admin', password: randomBytes(9).toString('base64url') };
  writeFileSync(path.join(dir, 'pw'), account.password, { mode: 0o600 });
  const t0 = performance.now();
  const args = [BIN, 'emulate', 'cluster', '--servers', String(servers), '--time-scale', String(timeScale), '--password-file', path.join(dir, 'pw'), '--log-level', 'warn', '--exit-on-stdin-eof'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-8000)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const line = await firstLine(child, () => out, () => err, 300_000);
    const startupMs = performance.now() - t0;
    const bmcs = bmcsOf(JSON.parse(line) as ClusterAnnouncement);
    return { startupMs, account, bmcs, rssBytes: () => rssOf(child.pid ?? 0), stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
