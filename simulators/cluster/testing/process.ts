/** `ftlab emulate cluster` as a child process: its first stdout line, its output, its exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { withDeadline } from '../../../lib/deadline.ts';
import type { ClusterAnnouncement } from '../process/announcement.ts';

const BIN = new URL('../../../bin/ftlab.js', import.meta.url).pathname;

export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function runCluster(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): Run {
  const child = spawn(process.execPath, [BIN, 'emulate', 'cluster', ...args], { stdio: [stdin, 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function announcementOf(r: Run): Promise<ClusterAnnouncement> {
  return withDeadline('the cluster prints its first line', 60_000, async (signal) => {
    while (!r.stdout().includes('\n')) {
      if (r.child.exitCode !== null) throw new Error(`emulate cluster exited ${r.child.exitCode}: ${r.stderr()}`);
      await new Promise((res) => setTimeout(res, 20));
      if (signal.aborted) throw signal.reason;
    }
    return JSON.parse(r.stdout().split('\n')[0] ?? '') as ClusterAnnouncement;
  });
}
