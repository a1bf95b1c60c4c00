/** Test helpers: a small Redfish HTTP client and an SSE reader over real sockets (node:http). */
import { request, type IncomingHttpHeaders } from 'node:http';
import { withDeadline } from '../../../lib/deadline.ts';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => Record<string, unknown>;
}

export function basic(user: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

/** One request; `body` is sent as JSON unless it is a string or Buffer (sent raw). */
export function call(base: string, method: string, path: string, opts: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Reply> {
  const payload =
    opts.body === undefined ? undefined : typeof opts.body === 'string' || Buffer.isBuffer(opts.body) ? Buffer.from(opts.body as string) : Buffer.from(JSON.stringify(opts.body));
  return withDeadline(`${method} ${path}`, 10_000, (signal) =>
    new Promise<Reply>((resolve, reject) => {
      const req = request(new URL(path, base), {
        method,
        signal,
        headers: { ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) } : {}), ...(opts.headers ?? {}) },
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    }),
  );
}

export interface SseEvent {
  id?: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** Next event (waits up to `ms`). */
  next(ms?: number): Promise<SseEvent>;
  /** Body text when the server answered with an error instead of a stream. */
  errorText(): Promise<string>;
  close(): void;
}

export function openSse(base: string, path: string, headers: Record<string, string>): Promise<SseStream> {
  return withDeadline(`open SSE ${path}`, 10_000, () =>
    new Promise<SseStream>((resolve, reject) => {
      const req = request(new URL(path, base), { method: 'GET', headers: { Accept: 'text/event-stream', ...headers } });
      req.on('error', reject);
      req.on('response', (res) => {
        const queue: SseEvent[] = [];
        const waiters: Array<(e: SseEvent) => void> = [];
        let buf = '';
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev: SseEvent = { data: '' };
            let hasData = false;
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) ev.id = line.slice(4);
              else if (line.startsWith('data: ')) {
                ev.data += line.slice(6);
                hasData = true;
              }
            }
            if (!hasData) continue;
            const w = waiters.shift();
            if (w) w(ev);
            else queue.push(ev);
          }
        });
        res.on('error', () => undefined);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          next: (ms = 10_000) =>
            withDeadline('next SSE event', ms, () => {
              const ready = queue.shift();
              if (ready) return Promise.resolve(ready);
              return new Promise<SseEvent>((r) => waiters.push(r));
            }),
          errorText: () => withDeadline('SSE error body', 10_000, () => new Promise<string>((r) => (res.complete ? r(raw) : res.on('end', () => r(raw))))),
          close: () => req.destroy(),
        });
      });
      req.end();
    }),
  );
}
