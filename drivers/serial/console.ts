/**
 * ConsoleCapture over any byte link: lines timestamped as they arrive (LineSplitter), the last
 * `keepLines` kept for tails and failure data, each one handed to `onLine` (the history) and
 * appended to a console log file, and expect-style waits that also match the line still being
 * received (a `login: ` prompt has no line end). A wait ends at its deadline with a DeadlineError
 * naming the console and the pattern, or with the link's InfraError when the console goes away.
 * A registered secret echoed on the console (a password typed at a prompt) is redacted before a
 * line is kept, logged or recorded.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { ConsoleCapture, ConsoleLine, ConsoleMatch } from '../capabilities/console-capture.ts';
import { type Clock, abortReason, systemClock } from '../../lib/clock.ts';
import { DeadlineError, InfraError } from '../../lib/errors.ts';
import { redactString } from '../../lib/redact.ts';
import type { ByteLink, LinkHandlers } from './link.ts';
import { LineSplitter } from './line-splitter.ts';

export interface ConsoleOptions {
  clock?: Clock;
  /** Allow write(); a console is read-only by default. */
  writable?: boolean;
  /** Lines kept in memory (default 10,000). */
  keepLines?: number;
  /** Append every line to this file, stamped with its wall time. */
  logFile?: string;
  /** Called with every complete line (e.g. to record it in the history). */
  onLine?: (line: ConsoleLine) => void;
}

const DEFAULT_KEEP = 10_000;
const CONTEXT_LINES = 5;

interface Waiter {
  pattern: RegExp;
  since: number;
  settle(m: ConsoleMatch | Error): void;
}

export class SerialConsole implements ConsoleCapture {
  readonly kind = 'ConsoleCapture' as const;
  private readonly clock: Clock;
  private readonly splitter = new LineSplitter();
  private readonly lines: ConsoleLine[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly log: WriteStream | null;
  private link: ByteLink | null = null;
  private ended: Error | null = null;
  private closing = false;
  /** Settles once the console log file has everything written to it. */
  private logClosed: Promise<void> = Promise.resolve();

  private constructor(private readonly opts: ConsoleOptions) {
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a', mode: 0o600 }) : null;
  }

  /** Open a console over the link `open` makes. */
  static async open(open: (h: LinkHandlers) => Promise<ByteLink>, opts: ConsoleOptions = {}): Promise<SerialConsole> {
    const c = new SerialConsole(opts);
    try {
      c.link = await open({ onData: (d) => c.onData(d), onEnd: (e) => c.onEnd(e) });
    } catch (e) {
      c.log?.end();
      throw e;
    }
    return c;
  }

  get endpoint(): string {
    return this.link?.endpoint ?? '(not open)';
  }

  waitFor(pattern: RegExp | string, deadlineMs: number, opts: { since?: number; signal?: AbortSignal } = {}): Promise<ConsoleMatch> {
    const re = typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern)) : pattern;
    const since = opts.since ?? this.clock.now();
    const found = this.search(re, since);
    if (found) return Promise.resolve(found);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimer(deadlineMs, () => w.settle(this.deadline(re, deadlineMs)));
      const onAbort = (): void => w.settle(abortReason(opts.signal as AbortSignal));
      const w: Waiter = {
        pattern: re,
        since,
        settle: (m) => {
          this.waiters.delete(w);
          timer.cancel();
          opts.signal?.removeEventListener('abort', onAbort);
          if (m instanceof Error) reject(m);
          else resolve(m);
        },
      };
      this.waiters.add(w);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  tail(n: number): ConsoleLine[] {
    const partial = this.partialLine();
    const all = partial ? [...this.lines.slice(Math.max(0, this.lines.length - n)), partial] : this.lines;
    return all.slice(Math.max(0, all.length - n));
  }

  linesSince(since: number): ConsoleLine[] {
    return this.lines.filter((l) => l.at >= since);
  }

  async write(text: string): Promise<void> {
    if (!this.opts.writable) throw new InfraError(`console ${this.endpoint}: opened read-only; open it for writing to type on it`);
    if (this.ended || !this.link) throw new InfraError(`console ${this.endpoint}: closed`, { cause: this.ended ?? undefined });
    await this.link.write(new TextEncoder().encode(text));
  }

  /** Send a serial BREAK (where the link can: SOL); refused like write() on a read-only console. */
  async sendBreak(): Promise<void> {
    if (!this.opts.writable) throw new InfraError(`console ${this.endpoint}: opened read-only; open it for writing to send a break`);
    if (this.ended || !this.link) throw new InfraError(`console ${this.endpoint}: closed`, { cause: this.ended ?? undefined });
    if (!this.link.sendBreak) throw new InfraError(`console ${this.endpoint}: this kind of console cannot send a break`);
    await this.link.sendBreak();
  }

  async close(): Promise<void> {
    const closed = new InfraError(`console ${this.endpoint}: closed`);
    this.closing = true;
    await this.link?.close();
    this.onEnd(closed);
    await this.logClosed;
  }

  private onData(chunk: Uint8Array): void {
    const now = { at: this.clock.now(), wall: this.clock.wallNow() };
    for (const line of this.splitter.feed(chunk, now)) this.add({ ...line, text: redactString(line.text) });
    const partial = this.partialLine();
    if (partial) this.offer(partial);
  }

  private add(line: ConsoleLine): void {
    this.lines.push(line);
    if (this.lines.length > (this.opts.keepLines ?? DEFAULT_KEEP)) this.lines.shift();
    this.log?.write(`${new Date(line.wall).toISOString()} ${line.text}\n`);
    this.opts.onLine?.(line);
    this.offer(line);
  }

  private offer(line: ConsoleLine): void {
    for (const w of [...this.waiters]) {
      const m = line.at >= w.since ? w.pattern.exec(line.text) : null;
      if (m) w.settle({ line, match: m[0], before: this.before(line) });
    }
  }

  private search(re: RegExp, since: number): ConsoleMatch | null {
    const partial = this.partialLine();
    for (const line of [...this.lines, ...(partial ? [partial] : [])]) {
      const m = line.at >= since ? re.exec(line.text) : null;
      if (m) return { line, match: m[0], before: this.before(line) };
    }
    return null;
  }

  private partialLine(): ConsoleLine | null {
    const p = this.splitter.partial();
    return p && { ...p, text: redactString(p.text) };
  }

  private before(line: ConsoleLine): ConsoleLine[] {
    const i = this.lines.indexOf(line);
    const end = i < 0 ? this.lines.length : i;
    return this.lines.slice(Math.max(0, end - CONTEXT_LINES), end);
  }

  private deadline(re: RegExp, ms: number): DeadlineError {
    const last = this.tail(1)[0];
    return new DeadlineError(`console ${this.endpoint}: waiting for ${re}`, ms, { detail: last ? `last line: ${JSON.stringify(last.text)}` : 'nothing was received' });
  }

  private onEnd(err: Error | null): void {
    if (this.ended || (this.closing && err === null)) return;
    for (const line of this.splitter.flush()) this.add({ ...line, text: redactString(line.text) });
    this.ended = err ?? new InfraError(`console ${this.endpoint}: closed by the far end`);
    for (const w of [...this.waiters]) w.settle(this.ended);
    const log = this.log;
    if (log) this.logClosed = new Promise((resolve) => log.end(resolve));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
