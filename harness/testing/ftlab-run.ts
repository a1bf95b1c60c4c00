/**
 * Test helper: `ftlab run --out OUT ARGS` as a user runs it (bin/ftlab.js in a child process),
 * awaited to its end. A run that outlives `deadlineMs` gets SIGINT (it undoes its faults and stops
 * its lab), then SIGKILL 20 s later; teardown kills a run still going and removes OUT.
 */
import type { ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FTLAB_BIN } from '../lab/emulator-process.ts';

export interface FtlabRunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The run's --out directory (reports, history.jsonl). */
  out: string;
}

const KILL_GRACE_MS = 20_000;

export function runFtlab(t: ExecutionContext, args: string[], opts: { cwd: string; deadlineMs: number }): Promise<FtlabRunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ftlab-run-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'out');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FTLAB_BIN, 'run', '--out', out, ...args], { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let killTimer: NodeJS.Timeout | undefined;
    const deadline = setTimeout(() => {
      child.kill('SIGINT');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
    }, opts.deadlineMs);
    const clearTimers = (): void => {
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
    };
    t.teardown(() => {
      clearTimers();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimers();
      resolve({ code, signal, stdout, stderr, out });
    });
  });
}
