/**
 * What a line-echo session saw, pure: numbered lines go out (`<tag> <n>`), each echo must be the
 * next line sent. Counts the lines sent, the lines echoed in order and the echoes that were
 * anything else (reordered, repeated, altered, foreign), and when each echoed line had been sent.
 */

/** Bytes of an unterminated echo kept before it is counted wrong and dropped (memory stays bounded). */
const MAX_PARTIAL = 4096;

export interface EchoCounts {
  sent: number;
  /** Lines echoed back in order. */
  echoed: number;
  /** Echoes that were not the next line expected. */
  wrong: number;
  /** Longest wait from a line's send to its echo (ms). */
  maxWaitMs: number;
  /** When the last line echoed had been sent (clock ms); null before the first echo. */
  lastEchoedSentAt: number | null;
}

export class EchoTally {
  private readonly sentAt: number[] = [];
  private next = 0;
  private partial = '';
  private wrong = 0;
  private maxWaitMs = 0;

  constructor(private readonly tag: string) {}

  /** The next line to send, recorded as sent at `at`. */
  send(at: number): string {
    const line = `${this.tag} ${this.sentAt.length}\n`;
    this.sentAt.push(at);
    return line;
  }

  /** Bytes echoed, received at `at`. */
  received(chunk: string, at: number): void {
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    if (this.partial.length > MAX_PARTIAL) {
      this.wrong++;
      this.partial = '';
    }
    for (const line of lines) this.echo(line, at);
  }

  private echo(line: string, at: number): void {
    const sentAt = this.sentAt[this.next];
    if (sentAt === undefined || line !== `${this.tag} ${this.next}`) {
      this.wrong++;
      return;
    }
    this.next++;
    this.maxWaitMs = Math.max(this.maxWaitMs, at - sentAt);
  }

  counts(): EchoCounts {
    return { sent: this.sentAt.length, echoed: this.next, wrong: this.wrong, maxWaitMs: this.maxWaitMs, lastEchoedSentAt: this.sentAt[this.next - 1] ?? null };
  }
}
