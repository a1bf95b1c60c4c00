/**
 * Test helpers that talk to an emulated ft server over the network only: Redfish over HTTP
 * (basic auth), an SSE reader, and a UDP/TCP workload prober. Every wait has a deadline.
 */
import dgram from 'node:dgram';
import http from 'node:http';
import { waitFor, withDeadline } from '../../../lib/deadline.ts';

export interface EventRec {
  EventId: string;
  EventTimestamp: string;
  MessageId: string;
  MessageArgs: string[];
  OriginOfCondition?: { '@odata.id': string };
}

export class RedfishClient {
  constructor(
    readonly base: string,
    private readonly user = 'admin',
    private readonly password = 'ftlab',
  ) {}

  get auth(): string {
    return `Basic ${Buffer.from(`${this.user}:${this.password}`).toString('base64')}`;
  }

  async request(method: string, path: string, body?: unknown, opts: { auth?: boolean } = {}): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(opts.auth === false ? {} : { authorization: this.auth }), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
  }

  async get<T = Record<string, unknown>>(path: string): Promise<T> {
    const r = await this.request('GET', path);
    if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as T;
  }

  async post(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
    return this.request('POST', path, body);
  }

  async inject(action: string, params: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.post(`/redfish/v1/Oem/FtLab/FaultInjection/Actions/FtLabFaultInjection.${action}`, params);
  }

  /** Poll GET `path` until `pred` holds (deadline in wall ms). */
  async until<T = Record<string, unknown>>(phase: string, path: string, pred: (b: T) => boolean, budgetMs = 20_000): Promise<T> {
    let last: T | undefined;
    return waitFor(
      phase,
      budgetMs,
      async () => {
        last = await this.get<T>(path);
        return pred(last) ? last : undefined;
      },
      { intervalMs: 20, describeLast: () => JSON.stringify(last).slice(0, 400) },
    );
  }

  /** Open the SSE stream; events accumulate in `events`. */
  async sse(filter?: string): Promise<SseStream> {
    const s = new SseStream(this.base, this.auth, filter);
    await s.ready;
    return s;
  }
}

/** Resolve on the next wake-up pushed to `waiters`, or reject when `signal` aborts (listener removed either way). */
function nextWake(waiters: Array<() => void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    waiters.push(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class SseStream {
  readonly events: EventRec[] = [];
  readonly ready: Promise<void>;
  private req: http.ClientRequest | null = null;
  private waiters: Array<() => void> = [];

  constructor(base: string, auth: string, filter?: string) {
    const url = new URL(`${base}/redfish/v1/EventService/SSE${filter ? `?$filter=${encodeURIComponent(filter)}` : ''}`);
    this.ready = new Promise((resolve, reject) => {
      const req = http.get(url, { headers: { authorization: auth, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`SSE → ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buf = '';
        res.on('data', (chunk: string) => {
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const data = block
              .split('\n')
              .filter((l) => l.startsWith('data:'))
              .map((l) => l.slice(5).trim())
              .join('\n');
            if (!data) continue;
            const payload = JSON.parse(data) as { Events?: EventRec[] };
            for (const e of payload.Events ?? []) this.events.push(e);
            for (const w of this.waiters.splice(0)) w();
          }
        });
        res.on('error', () => undefined);
        resolve();
      });
      req.on('error', reject);
      this.req = req;
    });
  }

  ids(): string[] {
    return this.events.map((e) => e.MessageId);
  }

  /** Wait for an event matching `pred` (wall-clock deadline). */
  async waitFor(phase: string, pred: (e: EventRec) => boolean, budgetMs = 20_000): Promise<EventRec> {
    return withDeadline(phase, budgetMs, async (signal) => {
      for (;;) {
        const hit = this.events.find(pred);
        if (hit) return hit;
        await nextWake(this.waiters, signal);
      }
    });
  }

  close(): void {
    this.req?.destroy();
  }
}

/** UDP echo client: sends numbered datagrams and records which came back, in arrival order. */
export class UdpProbe {
  readonly sock = dgram.createSocket('udp4');
  readonly replies: number[] = [];
  private sent = 0;
  private waiters: Array<() => void> = [];
  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.sock.on('message', (msg) => {
      this.replies.push(Number(msg.toString('utf8').replace(/^seq:/, '')));
      for (const w of this.waiters.splice(0)) w();
    });
  }
  async open(): Promise<void> {
    await new Promise<void>((r) => this.sock.bind(0, '127.0.0.1', () => r()));
  }
  send(): number {
    const seq = this.sent++;
    this.sock.send(`seq:${seq}`, this.port, this.host);
    return seq;
  }
  get sentCount(): number {
    return this.sent;
  }
  /** Wait until `n` replies in total have arrived. */
  async waitReplies(phase: string, n: number, budgetMs = 20_000): Promise<void> {
    await withDeadline(phase, budgetMs, async (signal) => {
      while (this.replies.length < n) {
        await nextWake(this.waiters, signal);
      }
    });
  }
  close(): void {
    this.sock.close();
  }
}

/** A JSON document read from the service. */
export type Doc = Record<string, unknown>;

/** The value at `path` inside a JSON document (undefined when any step is missing). */
export function at(doc: unknown, path: ReadonlyArray<string | number>): unknown {
  let cur: unknown = doc;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
