/**
 * Timing-critical threads (the workload probe's sender, an emulator's echo, the main thread of a
 * lab host, of the failover manager and of the harness's run) ask the scheduler to run them first: on a machine with fewer cores than busy threads, a thread at normal priority
 * waits out other threads' time slices (several ms on Linux), which the probe would count as an
 * outage. On Linux setpriority(PRIO_PROCESS, 0) applies to the calling thread only, so a worker
 * can raise itself without raising the rest of its process. Not permitted (no CAP_SYS_NICE, other
 * systems) → false, and the thread runs at normal priority: the probe still reports the
 * resolution it achieved.
 */
import os from 'node:os';

/** Nice value asked for; -10 stays clear of the real-time and kernel threads. */
export const TIMING_THREAD_NICE = -10;

export function raiseThreadPriority(nice = TIMING_THREAD_NICE): boolean {
  try {
    os.setPriority(nice);
    return true;
  } catch {
    return false;
  }
}

/**
 * The calling thread raised (raiseThreadPriority), and what came of it logged: a process whose
 * timers and sockets carry the verdicts (a lab host's model transitions and events, the harness's
 * event receipt and samples) loses no time slices to a busy machine's other work where permitted.
 */
export function raiseTimingPriority(log: { info(msg: string, meta?: Record<string, unknown>): void }, component: string): boolean {
  const raised = raiseThreadPriority();
  log.info(raised ? `timing-critical: runs at nice ${TIMING_THREAD_NICE}` : 'timing-critical: runs at normal priority (raising it is not permitted here); a busy machine may delay its timers', { component });
  return raised;
}
