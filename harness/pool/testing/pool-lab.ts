/**
 * Test fixtures of the bench pool: a lab host of four cheap ft devices (`ftlab lab up --config`),
 * short test-only scenarios, and `ftlab worker` processes; each stopped in teardown.
 */
import type { ExecutionContext } from 'ava';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from '../../lab/emulator-process.ts';
import type { HistoryRecord } from '../../../lib/history/records.ts';
import type { DrivenInterval } from '../worker.ts';

export { overlaps } from '../intervals.ts';

/** `rounds` times: a no-op fault (through the ledger and the fencing check), then `pauseMs` of wall time. */
const SCENARIOS = `
const marks = (id, rounds, pauseMs) => ({
  id, title: id, requirements: [], tags: [], suites: ['pool-test'], timeoutMs: 600000,
  roles: { ft: { kind: 'ft', needs: [] } },
  async run(ctx) {
    for (let i = 0; i < rounds; i++) {
      await ctx.role('ft').fault('pool-mark', { round: i }, async () => {}, async () => {});
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  },
});
export const quick = marks('test-pool-quick', 2, 150);
export const slow = marks('test-pool-slow', 8, 500);
`;

export interface PoolLab {
  dir: string;
  labFile: string;
  scenarios: string;
}

export async function startPoolLab(t: ExecutionContext): Promise<PoolLab> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-pool-'));
  const scenarios = path.join(dir, 'scenarios');
  mkdirSync(scenarios);
  writeFileSync(path.join(scenarios, 'pool.ts'), SCENARIOS);
  writeFileSync(path.join(scenarios, 'package.json'), '{"type":"module"}\n');
  const config = path.join(dir, 'lab-host.yaml');
  writeFileSync(config, `devices:\n${[0, 1, 2, 3].map((i) => `  ft${i}: { kind: ft }\n`).join('')}`);
  const labFile = path.join(dir, 'lab.json');
  const child = spawn(process.execPath, [FTLAB_BIN, 'lab', 'up', '--config', config, '--lab-file', labFile, '--log-level', 'warn'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  t.teardown(async () => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  });
  const until = Date.now() + 120_000;
  while (!existsSync(labFile)) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`the lab did not come up within 120 s: ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { dir, labFile, scenarios };
}

export interface WorkerProc {
  id: string;
  child: ChildProcess;
  out: string;
  log: () => string;
}

export function startWorker(t: ExecutionContext, lab: PoolLab, url: string, id: string, ttlMs: number, extra: readonly string[] = []): WorkerProc {
  const out = path.join(lab.dir, `worker-${id}`);
  const args = [FTLAB_BIN, 'worker', '--pool', url, '--lab', lab.labFile, '--scenarios', lab.scenarios, '--id', id, '--lease-ttl', String(ttlMs), '--out', out, '--log-level', 'warn', ...extra];
  const child = spawn(process.execPath, args, { cwd: lab.dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (text += b.toString()));
  t.teardown(() => stopChild(child));
  return { id, child, out, log: () => text };
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const k = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await gone;
  clearTimeout(k);
}

export function readJsonl<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}

export const workerHistory = (w: WorkerProc): HistoryRecord[] => readJsonl<HistoryRecord>(path.join(w.out, 'history.jsonl'));
export const drivenIntervals = (w: WorkerProc): DrivenInterval[] => readJsonl<DrivenInterval>(path.join(w.out, 'leases.jsonl'));

/** Wait (polling, with a deadline) until `cond` holds. */
export async function waitFor(what: string, withinMs: number, cond: () => boolean): Promise<void> {
  const until = Date.now() + withinMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`${what}: not within ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
