/**
 * Test peers: small real HTTP(S) servers on 127.0.0.1 that misbehave on cue, and a Clock that
 * records the sleeps it was asked for (and sleeps a little), so retry delays can be asserted
 * without waiting them out.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { type Clock, type Timer, systemClock } from '../../../lib/clock.ts';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Peer {
  url: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export type PeerHandler = (req: SeenRequest, res: http.ServerResponse, raw: http.IncomingMessage) => unknown;

export async function startPeer(handler: PeerHandler, tls?: { key: string; cert: string }): Promise<Peer> {
  const seen: SeenRequest[] = [];
  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(r);
      Promise.resolve(handler(r, res, req)).catch((e: unknown) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, listener) : http.createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function redfishError(messageId: string, message: string): unknown {
  return { error: { code: 'Base.1.22.GeneralError', message: 'See @Message.ExtendedInfo', '@Message.ExtendedInfo': [{ MessageId: messageId, Message: message, MessageSeverity: 'Warning' }] } };
}

/** A clock that records every sleep request and really sleeps only `realMs` (default 1). */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(private readonly realMs = 1) {}
  now(): number {
    return systemClock.now();
  }
  wallNow(): number {
    return systemClock.wallNow();
  }
  setTimer(ms: number, fn: () => void): Timer {
    return systemClock.setTimer(ms, fn);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return systemClock.sleep(Math.min(ms, this.realMs), signal);
  }
}
