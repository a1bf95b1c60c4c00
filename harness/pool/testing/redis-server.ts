/**
 * Test fixture: a redis-server of the test's own, on 127.0.0.1 and a free port, no persistence,
 * in a temp dir; stopped (and restartable on the same port) by the test, killed in teardown.
 */
import type { ExecutionContext } from 'ava';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestRedis {
  port: number;
  url: string;
  /** Stop the server (SIGTERM, then SIGKILL after 5 s); with `save`, it writes its data first (SHUTDOWN SAVE). */
  stop(opts?: { save?: boolean }): Promise<void>;
  /** Start it again on the same port: with the data a `stop({ save: true })` wrote, else empty. */
  start(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export function launch(port: number, dir: string, extra: readonly string[]): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s: ${out}`)), 10_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      if (/Ready to accept connections/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}): ${out}`));
    });
  });
}

/** `extraArgs`: more redis-server options, e.g. ['--requirepass', PW]. */
export async function startTestRedis(t: ExecutionContext, extraArgs: readonly string[] = []): Promise<TestRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ftlab-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = await launch(port, dir, extraArgs);
  const stop = async (opts: { save?: boolean } = {}): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    if (opts.save) spawn('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'shutdown', 'save'], { stdio: 'ignore' });
    else c.kill('SIGTERM');
    const k = setTimeout(() => c.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(k);
  };
  t.teardown(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    stop,
    start: async () => {
      child = await launch(port, dir, extraArgs);
      t.teardown(stop);
    },
  };
}
