/**
 * An SSE client over node:http/https (axios does not stream well): one long GET with
 * `Accept: text/event-stream`, fed through SseParser; on a drop it reconnects with backoff (or
 * the server's `retry:`) and sends `Last-Event-ID` so the service can replay what was missed.
 */
import http from 'node:http';
import https from 'node:https';
import { type Clock, type Timer, systemClock } from '../../lib/clock.ts';
import { errorMessage, InfraError } from '../../lib/errors.ts';
import { httpErrorFor, RedfishConnectionError, RedfishProtocolError } from './errors.ts';
import { SseParser } from './sse-parser.ts';
import { retryAfterMs } from './client.ts';

export interface SseMessage {
  event: string;
  data: string;
  id: string;
}

export interface SseReconnectOptions {
  /** First delay after a drop (default 250 ms), doubled per failed attempt up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up after this many consecutive failed connects (default: never; close() ends it). */
  maxAttempts?: number;
}

export interface SseOptions {
  url: string;
  /** Headers for each (re)connect, e.g. the client's auth headers. */
  headers?: () => Promise<Record<string, string>>;
  /** On 401: new headers (a re-login), or null to give up. Tried once per connect. */
  onAuthFailure?: (stale: Record<string, string>) => Promise<Record<string, string> | null>;
  agent?: http.Agent | https.Agent;
  clock?: Clock;
  lastEventId?: string;
  reconnect?: SseReconnectOptions;
  /** How long to wait for the response headers of a connect (default 10000 ms). */
  connectTimeoutMs?: number;
  onEvent: (message: SseMessage) => void;
  onOpen?: (connectCount: number) => void;
  /** Every failure; `willRetry` false means the stream has given up. */
  onError?: (err: Error, willRetry: boolean) => void;
}

export interface SseStream {
  /** Resolves at the first successful open; rejects if the stream gives up or is closed before. */
  readonly ready: Promise<void>;
  readonly lastEventId: string | null;
  /** Number of successful opens so far (1 + reconnects). */
  readonly opens: number;
  close(): Promise<void>;
}

class SseConnection implements SseStream {
  readonly ready: Promise<void>;
  opens = 0;
  private resolveReady!: () => void;
  private rejectReady!: (e: Error) => void;
  private settled = false;
  private closed = false;
  private req: http.ClientRequest | null = null;
  private timer: Timer | null = null;
  private failures = 0;
  private serverRetryMs: number | null = null;
  private lastId: string;
  private readonly clock: Clock;
  private closeWaiters: Array<() => void> = [];
  private active = false;

  constructor(private readonly opts: SseOptions) {
    this.clock = opts.clock ?? systemClock;
    this.lastId = opts.lastEventId ?? '';
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolveReady = resolve;
      this.rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    void this.connect(false);
  }

  get lastEventId(): string | null {
    return this.lastId === '' ? null : this.lastId;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.timer?.cancel();
    this.timer = null;
    this.settleReady(new InfraError(`SSE stream ${this.opts.url} closed before it opened`));
    if (this.active && this.req) {
      const done = new Promise<void>((r) => this.closeWaiters.push(r));
      this.req.destroy();
      await done;
    }
  }

  private settleReady(err?: Error): void {
    if (this.settled) return;
    this.settled = true;
    if (err) this.rejectReady(err);
    else this.resolveReady();
  }

  private async connect(authRetried: boolean, headerOverride?: Record<string, string>): Promise<void> {
    if (this.closed) return;
    let headers: Record<string, string>;
    try {
      headers = headerOverride ?? (this.opts.headers ? await this.opts.headers() : {});
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(errorMessage(e)), true);
      return;
    }
    if (this.closed) return;
    const url = new URL(this.opts.url);
    const mod = url.protocol === 'https:' ? https : http;
    const reqHeaders: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache', ...headers };
    if (this.lastId !== '') reqHeaders['Last-Event-ID'] = this.lastId;
    const path = `${url.pathname}${url.search}`;
    this.active = true;
    const req = mod.request(url, { method: 'GET', headers: reqHeaders, ...(this.opts.agent ? { agent: this.opts.agent } : {}) });
    this.req = req;
    let answered = false;
    const connectTimer = this.clock.setTimer(this.opts.connectTimeoutMs ?? 10_000, () => {
      if (!answered) req.destroy(Object.assign(new Error('no response headers in time'), { code: 'ETIMEDOUT' }));
    });
    let ended = false;
    const finish = (err: Error | null, retryable: boolean, delayMs?: number): void => {
      if (ended) return;
      ended = true;
      connectTimer.cancel();
      this.active = false;
      this.req = null;
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const w of waiters) w();
      if (this.closed) return;
      if (err) this.fail(err, retryable, delayMs);
      else this.scheduleReconnect(this.serverRetryMs ?? this.delayFor(0));
    };
    req.on('error', (e: Error & { code?: string }) => {
      finish(new RedfishConnectionError('GET', path, e.code ?? 'EUNKNOWN', `SSE: ${e.message}`, { cause: e }), true);
    });
    req.on('response', (res) => {
      answered = true;
      connectTimer.cancel();
      const status = res.statusCode ?? 0;
      const type = String(res.headers['content-type'] ?? '');
      if (status !== 200 || !type.startsWith('text/event-stream')) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', () => undefined);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON: keep the text */
          }
          if (status === 401 && !authRetried && this.opts.onAuthFailure) {
            ended = true;
            this.active = false;
            this.req = null;
            this.opts
              .onAuthFailure(headers)
              .then((fresh) => {
                if (fresh) void this.connect(true, fresh);
                else this.fail(httpErrorFor(status, 'GET', path, body), false);
              })
              .catch((e: unknown) => this.fail(e instanceof Error ? e : new Error(errorMessage(e)), false));
            return;
          }
          const err =
            status === 200
              ? new RedfishProtocolError(path, 'Content-Type', `expected text/event-stream, found "${type}"`)
              : httpErrorFor(status, 'GET', path, body);
          const retryable = status === 503 || status === 502 || status === 504 || status === 429 || status === 408 || status === 500;
          finish(err, retryable, retryAfterMs(res.headers['retry-after'] as string | undefined, this.clock) ?? undefined);
        });
        return;
      }
      this.opens += 1;
      this.failures = 0;
      this.settleReady();
      this.opts.onOpen?.(this.opens);
      const parser = new SseParser(this.lastId);
      const feed = (items: ReturnType<SseParser['push']>): void => {
        for (const item of items) {
          if (item.type === 'retry') this.serverRetryMs = item.ms;
          else if (item.type === 'event') {
            this.lastId = item.id;
            try {
              this.opts.onEvent({ event: item.event, data: item.data, id: item.id });
            } catch (e) {
              this.opts.onError?.(e instanceof Error ? e : new Error(errorMessage(e)), true);
            }
          }
        }
      };
      res.on('data', (chunk: Buffer) => feed(parser.push(chunk)));
      res.on('end', () => {
        feed(parser.end());
        finish(null, true);
      });
      res.on('error', () => undefined);
      res.on('close', () => {
        if (!ended) {
          feed(parser.end());
          finish(this.closed ? null : new RedfishConnectionError('GET', path, 'ECONNRESET', 'SSE stream dropped'), true);
        }
      });
    });
    req.end();
  }

  private delayFor(failures: number): number {
    const initial = this.opts.reconnect?.initialDelayMs ?? 250;
    const max = this.opts.reconnect?.maxDelayMs ?? 10_000;
    return Math.min(max, initial * 2 ** Math.max(0, failures - 1));
  }

  private fail(err: Error, retryable: boolean, delayMs?: number): void {
    if (this.closed) return;
    this.failures += 1;
    const max = this.opts.reconnect?.maxAttempts;
    const willRetry = retryable && (max === undefined || this.failures < max);
    this.opts.onError?.(err, willRetry);
    if (!willRetry) {
      this.closed = true;
      this.settleReady(err);
      return;
    }
    this.scheduleReconnect(delayMs ?? this.serverRetryMs ?? this.delayFor(this.failures));
  }

  private scheduleReconnect(ms: number): void {
    if (this.closed) return;
    this.timer = this.clock.setTimer(ms, () => {
      this.timer = null;
      void this.connect(false);
    });
  }
}

/** Open an SSE stream; it keeps reconnecting until close() (or maxAttempts failures in a row). */
export function openSse(opts: SseOptions): SseStream {
  return new SseConnection(opts);
}

/** OData string literal. */
function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The Redfish SSE `$filter` for a capability EventFilter: alternatives inside a property are
 * or-ed, properties are and-ed. Empty filter → null (no $filter).
 */
export function sseFilterExpression(filter: { registryPrefixes?: string[]; messageIds?: string[]; originResources?: string[] }): string | null {
  const groups: string[] = [];
  const add = (prop: string, values: string[] | undefined): void => {
    if (!values || values.length === 0) return;
    const alternatives = values.map((v) => `${prop} eq ${literal(v)}`).join(' or ');
    groups.push(values.length === 1 ? alternatives : `(${alternatives})`);
  };
  add('RegistryPrefix', filter.registryPrefixes);
  add('MessageId', filter.messageIds);
  add('OriginResource', filter.originResources);
  if (groups.length === 0) return null;
  if (groups.length === 1) return groups.join('');
  return groups.map((g) => (g.startsWith('(') ? g : `(${g})`)).join(' and ');
}
