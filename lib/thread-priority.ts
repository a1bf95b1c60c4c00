/**
 * Timing-critical threads (the workload probe's sender, an emulator's echo) ask the scheduler to
 * run them first: on a machine with fewer cores than busy threads, a thread at normal priority
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
