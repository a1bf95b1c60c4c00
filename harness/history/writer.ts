/**
 * Appends history records to history.jsonl, one JSON object per line, as they happen. Every
 * record is redacted (lib/redact.ts) and written with a synchronous write on an append-mode file
 * descriptor, so a crash loses nothing already observed; records that mark a boundary (run and
 * scenario begin/end, faults, verdicts) are also fsync'ed.
 */
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { InfraError } from '../../lib/errors.ts';
import type { HistoryRecord } from '../../lib/history/records.ts';
import { redact } from '../../lib/redact.ts';

/** A record as handed to the writer: the writer stamps `t` and `wall`. */
export type Unstamped<R extends HistoryRecord = HistoryRecord> = R extends HistoryRecord ? Omit<R, 't' | 'wall'> : never;

const DURABLE: ReadonlySet<HistoryRecord['type']> = new Set([
  'run-begin',
  'run-end',
  'scenario-begin',
  'scenario-end',
  'fault',
  'measurement',
  'check',
  'probe',
]);

export interface HistorySink {
  /** Stamp, redact and append a record; returns what was written. */
  append<R extends HistoryRecord>(record: Unstamped<R>): R;
  /** Harness time (ms since the run began) for `clock.now()` values. */
  sinceStart(monotonicMs: number): number;
}

export class HistoryWriter implements HistorySink {
  private fd: number | null;
  private readonly startedAt: number;
  /** Every record written, in order (for invariants evaluated over the history). */
  readonly records: HistoryRecord[] = [];
  private readonly listeners = new Set<(r: HistoryRecord) => void>();

  constructor(
    readonly file: string,
    private readonly clock: Clock = systemClock,
    opts: { truncate?: boolean } = {},
  ) {
    try {
      this.fd = openSync(file, opts.truncate === false ? 'a' : 'w', 0o644);
    } catch (e) {
      throw new InfraError(`cannot open the history file ${file}: ${(e as Error).message}`, { cause: e });
    }
    this.startedAt = clock.now();
  }

  sinceStart(monotonicMs: number): number {
    return round3(monotonicMs - this.startedAt);
  }

  append<R extends HistoryRecord>(record: Unstamped<R>): R {
    const stamped = redact({ t: this.sinceStart(this.clock.now()), wall: this.clock.wallNow(), ...record }) as unknown as R;
    this.records.push(stamped);
    if (this.fd !== null) {
      writeSync(this.fd, `${JSON.stringify(stamped)}\n`);
      if (DURABLE.has(stamped.type)) fsyncSync(this.fd);
    }
    for (const l of this.listeners) {
      try {
        l(stamped);
      } catch {
        // a listener (progress view) must never break the history
      }
    }
    return stamped;
  }

  /** Subscribe to records as they are written (progress view). Returns the unsubscribe function. */
  onRecord(fn: (r: HistoryRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  close(): void {
    if (this.fd === null) return;
    try {
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
