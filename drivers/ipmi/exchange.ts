/**
 * Request/response over one UDP transport: send a datagram, wait for one that `match` accepts,
 * resend (rebuilding, so a retransmit can take a new session sequence number) with doubling waits
 * until the deadline. One exchange at a time (the session serializes its calls).
 *
 * Round trips are measured (from the first transmission to the answer, so a slow link is never
 * underestimated): the first wait of each exchange is at least the retransmission timeout derived
 * from them (smoothed RTT + 4 × variation, RFC 6298 style), and callers scale their deadlines with
 * `rtoMs`. An answer to any earlier transmission of the same exchange is accepted. Datagrams that
 * answer nothing (e.g. Serial-over-LAN data the BMC sends on its own) go to `onUnmatched`.
 */
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/log.ts';
import type { UdpTransport } from './transport.ts';
import { IpmiTimeoutError } from './errors.ts';

export interface ExchangeSpec<T> {
  /** Names the step in errors and logs, e.g. "Get Device ID" or "RAKP Message 2". */
  phase: string;
  /** Builds the datagram for each transmission. */
  build: () => Buffer;
  /** The answer, or undefined for a datagram that is not it (ignored). */
  match: (buf: Buffer) => T | undefined;
  /** Clock time (ms) after which no more waiting happens. */
  deadlineAt: number;
  /** The budget the deadline stands for; spreads the waits and is reported on timeout. */
  budgetMs: number;
  /** Transmissions at most; 1 = no retransmission. */
  maxAttempts: number;
  signal?: AbortSignal | undefined;
}

export class Exchanger {
  private waiter: ((buf: Buffer) => boolean) | undefined;
  /** Gets every datagram no exchange is waiting for. */
  onUnmatched: (buf: Buffer) => void = () => undefined;
  /** Transmissions beyond the first of each exchange, since creation. */
  retransmissions = 0;
  private srtt: number | undefined;
  private rttvar = 0;

  constructor(
    private readonly transport: UdpTransport,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly target: string,
  ) {
    transport.listen((buf) => {
      if (!this.waiter?.(buf)) this.onUnmatched(buf);
    });
  }

  /** Smoothed round-trip time in ms; undefined until an exchange was answered. */
  get rttMs(): number | undefined {
    return this.srtt;
  }

  /** Retransmission timeout from the measured round trips; 0 until one was measured. */
  get rtoMs(): number {
    return this.srtt === undefined ? 0 : this.srtt + 4 * this.rttvar;
  }

  private sample(ms: number): void {
    if (this.srtt === undefined) {
      this.srtt = ms;
      this.rttvar = ms / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
      this.srtt = 0.875 * this.srtt + 0.125 * ms;
    }
  }

  async exchange<T>(x: ExchangeSpec<T>): Promise<T> {
    let wait = Math.max(20, x.budgetMs / (2 ** x.maxAttempts - 1), this.rtoMs);
    const firstSentAt = this.clock.now();
    let attempts = 0;
    while (attempts < x.maxAttempts) {
      const remaining = x.deadlineAt - this.clock.now();
      if (remaining <= 0) break;
      attempts++;
      if (attempts > 1) this.retransmissions++;
      const thisWait = attempts === x.maxAttempts ? remaining : Math.min(wait, remaining);
      wait *= 2;
      const got = await this.once(x, thisWait);
      if (got) {
        this.sample(this.clock.now() - firstSentAt);
        return got.value;
      }
      this.log.debug(`${x.phase}: no answer after attempt ${attempts}`);
    }
    throw new IpmiTimeoutError(x.phase, this.target, Math.round(x.budgetMs), attempts);
  }

  /** One datagram, no answer expected (e.g. an error RAKP3 that ends a failed handshake). */
  sendOnly(datagram: Buffer): void {
    this.transport.send(datagram);
  }

  private once<T>(x: ExchangeSpec<T>, waitMs: number): Promise<{ value: T } | undefined> {
    const signal = x.signal;
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        timer.cancel();
        this.waiter = undefined;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        settle();
        reject(signal?.reason instanceof Error ? signal.reason : new Error(`${x.phase}: aborted`));
      };
      const timer = this.clock.setTimer(waitMs, () => {
        settle();
        resolve(undefined);
      });
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = (buf) => {
        const v = x.match(buf);
        if (v === undefined) return false;
        settle();
        resolve({ value: v });
        return true;
      };
      this.transport.send(x.build());
    });
  }
}
