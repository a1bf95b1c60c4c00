/**
 * A device's console (a serial port, a console server's TCP port, IPMI Serial-over-LAN) as
 * evidence: every line timestamped as it arrives, kept for tails and failure data, and waited
 * for expect-style. Read-only unless opened for writing.
 */

export interface ConsoleLine {
  /** Harness monotonic ms when the line's first byte arrived. */
  at: number;
  /** Harness wall ms at the same instant (for logs and reports). */
  wall: number;
  /** The line without its terminator, control sequences removed. */
  text: string;
}

export interface ConsoleMatch {
  /** The line that matched and what the pattern matched in it. */
  line: ConsoleLine;
  match: string;
  /** Up to a few lines before and the lines after it already received, for context. */
  before: ConsoleLine[];
}

export interface ConsoleCapture {
  readonly kind: 'ConsoleCapture';
  /** Where the console is (a port path, host:port, `sol://host`); never a secret. */
  readonly endpoint: string;
  /**
   * The first line matching `pattern` received after `since` (harness monotonic ms; default: now),
   * within `deadlineMs` harness ms. Rejects with a DeadlineError naming the console and the pattern,
   * or an InfraError when the console goes away meanwhile.
   */
  waitFor(pattern: RegExp | string, deadlineMs: number, opts?: { since?: number; signal?: AbortSignal }): Promise<ConsoleMatch>;
  /** The last `n` lines, the one still being received (if any) last. */
  tail(n: number): ConsoleLine[];
  /** Every line from `since` (harness monotonic ms) on. */
  linesSince(since: number): ConsoleLine[];
  /** Type on the console; refused unless the console was opened for writing. */
  write(text: string): Promise<void>;
  close(): Promise<void>;
}
