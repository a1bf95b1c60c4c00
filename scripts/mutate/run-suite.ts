/**
 * Runs the nightly suite (`ftlab run --out DIR`), or named scenarios, in a scratch tree, in its
 * own process group, with a wall deadline. Fail-fast: `ftlab run` has no bail option, so the first SUT-failure line
 * on its stdout ends the run (SIGTERM to the group, SIGKILL after a grace period).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { isSutFailure, parseTestcaseLine, type RunObservation, type TestcaseLine } from './verdict.ts';

export interface SuiteRun extends RunObservation {
  /** The testcases that ended, in order, up to the first SUT failure included. */
  ended: TestcaseLine[];
  wallMs: number;
  /** The last lines of stdout and stderr (for an infra verdict). */
  tail: string[];
}

export interface SuiteOptions {
  /** The scratch tree (the suite's repository root). */
  dir: string;
  deadlineMs: number;
  /** Scenario ids to run instead of the nightly suite. */
  scenarios?: string[];
  /** Stop at the first SUT failure (default true). */
  failFast?: boolean;
  /** Grace between SIGTERM and SIGKILL of the process group, ms (default 5000). */
  graceMs?: number;
}

const TAIL = 30;

/** Numbers each run's --out folder inside its scratch tree (a tree may run the suite more than once). */
let runSeq = 0;

/** Process groups of the runs in progress (for stopAllSuites on Ctrl-C). */
const running = new Set<number>();

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

/** SIGKILL every run in progress (their lab hosts included): the pass is interrupted. */
export function stopAllSuites(): void {
  for (const pid of running) killGroup(pid, 'SIGKILL');
}

/**
 * The suite a mutant is judged by when no scenarios are named: the nightly's ft half, the
 * scenarios that run on the emulator mutated (the failover half runs on the cluster's emulators,
 * and would only add its own timing noise to each verdict).
 */
export const MUTATED_SUITE = 'ft';

export function runSuite(opts: SuiteOptions): Promise<SuiteRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(opts.dir, 'bin', 'ftlab.js'), 'run', ...(opts.scenarios ?? ['--suite', MUTATED_SUITE]), '--out', path.join(opts.dir, `out-${++runSeq}`), '--reporter', 'json'], {
    cwd: opts.dir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) running.add(child.pid);
  const tail: string[] = [];
  const infraErrors: TestcaseLine[] = [];
  const ended: TestcaseLine[] = [];
  let firstFailure: TestcaseLine | null = null;
  let timedOut = false;
  let killTimer: NodeJS.Timeout | null = null;
  const stop = (): void => {
    if (killTimer) return;
    killGroup(child.pid, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), opts.graceMs ?? 5000);
  };
  const onLine = (line: string): void => {
    tail.push(line);
    if (tail.length > TAIL) tail.shift();
    const l = parseTestcaseLine(line);
    if (!l || firstFailure) return;
    ended.push(l);
    if (isSutFailure(l)) {
      firstFailure = l;
      if (opts.failFast !== false) stop();
    } else if (l.outcome === 'infra-error') infraErrors.push(l);
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', (line) => onLine(`stderr: ${line}`));
  const deadline = setTimeout(() => {
    timedOut = true;
    stop();
  }, opts.deadlineMs);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (code: number | null, signal: string | null): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (killTimer) clearTimeout(killTimer);
      // Whatever the lab host left behind in the group (it exits on stdin EOF; this makes sure).
      killGroup(child.pid, 'SIGKILL');
      if (child.pid !== undefined) running.delete(child.pid);
      resolve({ firstFailure, infraErrors, ended, exitCode: code, signal, timedOut: timedOut && !firstFailure, wallMs: Date.now() - started, tail });
    };
    child.on('error', (e) => {
      onLine(`spawn: ${e.message}`);
      settle(null, null);
    });
    child.on('close', (code, signal) => settle(code, signal));
  });
}
