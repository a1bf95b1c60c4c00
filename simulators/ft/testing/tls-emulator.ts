/** Test fixture: `ftlab emulate ft --tls` as a user runs it (its first line read; killed in teardown). */
import type { ExecutionContext } from 'ava';
import { type ChildProcess, spawn } from 'node:child_process';
import { withDeadline } from '../../../lib/deadline.ts';

const BIN = new URL('../../../bin/ftlab.js', import.meta.url).pathname;

export interface TlsEmulator {
  child: ChildProcess;
  line: { redfish: string; ca: string; ipmi: string };
  exited: Promise<number | null>;
}

export async function startTlsEmulator(t: ExecutionContext, extra: string[] = []): Promise<TlsEmulator> {
  const child = spawn(process.execPath, [BIN, 'emulate', 'ft', '--tls', '--ipmi-port', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  t.teardown(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const line = await withDeadline('emulator prints its first line', 30_000, async () => {
    while (!out.includes('\n')) {
      if (child.exitCode !== null) throw new Error(`emulator exited ${child.exitCode}: ${err}`);
      await new Promise((res) => setTimeout(res, 20));
    }
    return JSON.parse(out.split('\n')[0] ?? '') as TlsEmulator['line'];
  });
  return { child, line, exited };
}
