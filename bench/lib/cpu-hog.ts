/**
 * A CPU hog for benchmarks: `count` child processes that each spin a core (a busy loop), at the
 * bench's own priority. stop() kills exactly these children; they are also killed when the bench
 * exits, and a child whose parent is gone (the bench killed by a signal) stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** Spin; every few million turns, leave if the parent process is gone (re-parented). */
const SPIN = 'const parent = process.ppid; for (let i = 1; ; i++) if (i % 5e6 === 0 && process.ppid !== parent) process.exit(0);';

export interface CpuHog {
  readonly pids: number[];
  stop(): Promise<void>;
}

export function startCpuHog(count: number): CpuHog {
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) children.push(spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' }));
  const killAll = (): void => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  };
  process.once('exit', killAll);
  return {
    pids: children.flatMap((c) => (c.pid === undefined ? [] : [c.pid])),
    async stop() {
      process.off('exit', killAll);
      const exited = children.map((c) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r()))));
      killAll();
      await Promise.all(exited);
    },
  };
}
