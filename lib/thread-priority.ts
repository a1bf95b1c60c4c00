/**
 * Timing-critical threads (the workload probe's sender, an emulator's echo, the main thread of a
 * lab host, of the failover manager and of the harness's run) ask the scheduler to run them
 * first: on a machine with fewer cores than busy threads, a thread at normal priority waits out
 * other threads' time slices (several ms on Linux), which the probe would count as an outage. On
 * Linux setpriority(PRIO_PROCESS, 0) applies to the calling thread only, so a worker can raise
 * itself without raising the rest of its process. Not permitted (no CAP_SYS_NICE, other systems)
 * → false, and the thread runs at normal priority: the probe still reports the resolution it
 * achieved.
 */
import { writeFileSync } from 'node:fs';
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

/**
 * Where the kernel groups processes by session for scheduling (Linux autogroup, on by default on
 * desktops and these machines), a thread's nice value only counts inside its session: every
 * session gets an equal share first. The harness starts each lab process in a session of its own
 * (its own process group, see harness/lab/emulator-process.ts), so a busy loop in any other
 * session weighed as much as the whole lab process, nice -10 threads included, and stalled the
 * emulated workload's echo for 30–150 ms at a time. The spawner raises that new session's group
 * (which holds only the lab process), never the user's own. Why not → the reason, for the log.
 */
export function raiseSessionGroup(pid: number, nice = TIMING_THREAD_NICE): string | null {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the kernel does not group by session here' : (e as Error).message;
  }
}
