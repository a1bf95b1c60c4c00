import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Clock, Timer } from '../../../lib/clock.ts';
import { withDeadline } from '../../../lib/deadline.ts';
import { errorMessage } from '../../../lib/errors.ts';
import type { Logger } from '../../../lib/log.ts';
import type { JsonObject } from '../types.ts';

export type RetryPolicy = 'TerminateAfterRetries' | 'SuspendRetries' | 'RetryForever' | 'RetryForeverWithBackoff';
export const RETRY_POLICIES: readonly RetryPolicy[] = ['TerminateAfterRetries', 'SuspendRetries', 'RetryForever', 'RetryForeverWithBackoff'];

export interface DeliverySettings {
  retryAttempts: () => number;
  retryIntervalMs: () => number;
  /** Deadline of one POST. */
  requestTimeoutMs: number;
}

/** POST one JSON document; resolves with the status code. Only http(s) URLs. */
export async function postJson(url: URL, body: string, headers: Record<string, string>, clock: Clock, timeoutMs: number): Promise<number> {
  return withDeadline(
    `event delivery to ${url.origin}`,
    timeoutMs,
    (signal) =>
      new Promise<number>((resolve, reject) => {
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const req = send(
          url,
          {
            method: 'POST',
            signal,
            agent: false,
            headers: { ...headers, 'Content-Type': 'application/json;charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    { clock },
  );
}

/**
 * Ordered delivery for one push subscription: events are POSTed one at a time; a failed POST is
 * retried `retryAttempts` times, `retryIntervalMs` apart (clock time); then the policy decides.
 */
export class PushQueue {
  private readonly queue: JsonObject[] = [];
  private busy = false;
  private timer: Timer | undefined;
  private wake: (() => void) | undefined;
  private closed = false;
  suspended = false;

  constructor(
    private readonly destination: URL,
    private readonly headers: () => Record<string, string>,
    private readonly policy: () => RetryPolicy,
    private readonly settings: DeliverySettings,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Called when retries are exhausted: 'terminate' or 'suspend'. */
    private readonly onGiveUp: (how: 'terminate' | 'suspend') => void,
  ) {}

  enqueue(payload: JsonObject): void {
    if (this.closed || this.suspended) return;
    this.queue.push(payload);
    if (this.queue.length > 1000) this.queue.shift();
    if (!this.busy) void this.pump();
  }

  resume(): void {
    this.suspended = false;
    if (!this.busy && this.queue.length) void this.pump();
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.wake?.();
    this.queue.length = 0;
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      while (!this.closed && !this.suspended) {
        const payload = this.queue[0];
        if (payload === undefined) break;
        const ok = await this.deliverWithRetries(JSON.stringify(payload));
        if (this.closed) return;
        if (ok) {
          this.queue.shift();
          continue;
        }
        const how = this.policy() === 'SuspendRetries' ? 'suspend' : 'terminate';
        if (how === 'suspend') this.suspended = true;
        else this.close();
        this.onGiveUp(how);
        return;
      }
    } finally {
      this.busy = false;
    }
  }

  private async deliverWithRetries(body: string): Promise<boolean> {
    const forever = this.policy() === 'RetryForever' || this.policy() === 'RetryForeverWithBackoff';
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        const status = await postJson(this.destination, body, this.headers(), this.clock, this.settings.requestTimeoutMs);
        if (status >= 200 && status < 300) return true;
        this.logger.debug('event delivery refused', { destination: this.destination.origin, status, attempt });
      } catch (e) {
        this.logger.debug('event delivery failed', { destination: this.destination.origin, error: errorMessage(e), attempt });
      }
      if (!forever && attempt >= this.settings.retryAttempts()) return false;
      const backoff = this.policy() === 'RetryForeverWithBackoff' ? Math.min(2 ** attempt, 60) : 1;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = this.clock.setTimer(this.settings.retryIntervalMs() * backoff, resolve);
      });
      this.wake = undefined;
    }
    return false;
  }
}
