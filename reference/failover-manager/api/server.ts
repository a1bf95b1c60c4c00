/**
 * The manager's HTTP API on one address: GET of the resources (resources.ts; the service root
 * without credentials, the rest with Basic auth), the event log as SSE, and one action, the FO-12
 * scale-out selection; every other method is 405. Errors are Redfish-style `{"error":{...}}`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfigError, errorMessage } from '../../../lib/errors.ts';
import { type ApiAccount, authorized } from './auth.ts';
import { type ApiState, EVENTS_SSE, ROOT, resourceAt, SCALE_OUT } from './resources.ts';

const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'OData-Version': '4.0', ...headers });
  res.end(text);
}

function error(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { error: { code: `Base.1.18.${code}`, message } }, headers);
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => {
      text += d;
      if (text.length > MAX_BODY) reject(new ConfigError('request body', `expected at most ${MAX_BODY} bytes`));
    });
    req.on('end', () => {
      try {
        resolve(text ? JSON.parse(text) : {});
      } catch (e) {
        reject(new ConfigError('request body', 'expected JSON', { cause: e }));
      }
    });
    req.on('error', reject);
  });
}

function streamEvents(req: IncomingMessage, res: ServerResponse, s: ApiState): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  const after = Number(req.headers['last-event-id'] ?? 0);
  for (const e of s.journal.events) if (e.id > after) res.write(`id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`);
  const off = s.journal.listen((e) => res.write(`id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`));
  req.on('close', off);
}

async function scaleOut(req: IncomingMessage, res: ServerResponse, s: ApiState): Promise<void> {
  try {
    send(res, 200, { Selection: await s.scaleOut(await readBody(req)) });
  } catch (e) {
    if (e instanceof ConfigError) error(res, 400, 'PropertyValueError', e.message);
    else error(res, 500, 'InternalError', errorMessage(e));
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, s: ApiState, account: ApiAccount): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const isRoot = path.replace(/\/$/, '') === ROOT;
  if (!isRoot && !authorized(req, account)) return error(res, 401, 'InsufficientPrivilege', 'Basic authentication required', { 'WWW-Authenticate': 'Basic realm="failover-manager"' });
  if (path === SCALE_OUT) {
    if (req.method === 'POST') return scaleOut(req, res, s);
    return error(res, 405, 'OperationNotAllowed', `${req.method ?? ''} is not allowed on an action; use POST`, { Allow: 'POST' });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const known = path === EVENTS_SSE || resourceAt(path, s) !== undefined;
    return known ? error(res, 405, 'OperationNotAllowed', `the failover manager's API is read-only: ${req.method ?? ''} ${path}`, { Allow: 'GET, HEAD' }) : error(res, 404, 'ResourceMissingAtURI', `no resource at ${path}`);
  }
  if (path === EVENTS_SSE) return streamEvents(req, res, s);
  const body = resourceAt(path, s);
  if (body === undefined) return error(res, 404, 'ResourceMissingAtURI', `no resource at ${path}`);
  send(res, 200, body);
}

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** The API's listener: plain HTTP, or HTTPS with `tls` (a PEM certificate and key). */
export interface ApiListen {
  bind: string;
  port: number;
  tls?: { cert: string; key: string };
}

export async function startApi(s: ApiState, account: ApiAccount, l: ApiListen): Promise<ApiServer> {
  const serve = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res, s, account).catch((e: unknown) => {
      if (!res.headersSent) error(res, 500, 'InternalError', errorMessage(e));
      else res.end();
    });
  };
  const server = l.tls ? https.createServer({ cert: l.tls.cert, key: l.tls.key }, serve) : http.createServer(serve);
  const { bind, port } = l;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => resolve());
  });
  const a = server.address() as AddressInfo;
  return {
    url: `${l.tls ? 'https' : 'http'}://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
