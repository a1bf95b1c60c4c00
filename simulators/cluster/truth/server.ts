/**
 * The ground-truth endpoint of a cluster process (tests and benchmarks only; the harness judges
 * from the devices' own interfaces): HTTP on `bind`, Basic auth with the lab account.
 *
 *   GET  /truth                                  the TruthDocument (document.ts)
 *   POST /control/servers/{id}/bmc {"Answering": true|false}
 *                                                a BMC that stopped answering answers again (the
 *                                                repair a lab technician makes), or stops
 *
 * Errors are JSON {"error": "..."} with 400 (bad body), 401, 404 (unknown path or server), 405.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InfraError, errorMessage } from '../../../lib/errors.ts';
import type { ClusterModel } from '../model/cluster.ts';
import { truthDocument } from './document.ts';

const MAX_BODY = 4096;

export interface TruthServer {
  /** http://HOST:PORT */
  url: string;
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache' });
  res.end(text);
}

function authorized(req: IncomingMessage, expected: Buffer): boolean {
  const m = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  const given = Buffer.from(m?.[1] ?? '', 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > MAX_BODY) throw new HttpProblem(400, `body larger than ${MAX_BODY} bytes`);
    chunks.push(c);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpProblem(400, 'expected a JSON body like {"Answering": true}');
  }
}

async function route(model: ClusterModel, timeScale: number, req: IncomingMessage): Promise<{ status: number; body: unknown }> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  if (path === '/truth') {
    if (req.method !== 'GET') throw new HttpProblem(405, 'GET /truth');
    return { status: 200, body: truthDocument(model, timeScale) };
  }
  const m = /^\/control\/servers\/([^/]+)\/bmc$/.exec(path);
  if (!m?.[1]) throw new HttpProblem(404, `no resource ${path}; expected /truth or /control/servers/{id}/bmc`);
  if (req.method !== 'POST') throw new HttpProblem(405, `POST ${path}`);
  const id = decodeURIComponent(m[1]);
  if (!model.servers.has(id)) throw new HttpProblem(404, `no server ${id}; expected one of: ${[...model.servers.keys()].join(', ')}`);
  const body = await jsonBody(req);
  const answering = (body as { Answering?: unknown } | null)?.Answering;
  if (typeof answering !== 'boolean') throw new HttpProblem(400, `Answering: expected true or false (found ${JSON.stringify(answering) ?? 'nothing'})`);
  model.setBmcAnswering(id, answering);
  return { status: 200, body: { Id: id, BmcAnswering: model.server(id).bmcAnswering } };
}

export async function startTruthServer(model: ClusterModel, opts: { bind: string; timeScale: number; account: { user: string; password: string } }): Promise<TruthServer> {
  const expected = Buffer.from(`${opts.account.user}:${opts.account.password}`);
  const server = createServer({ requestTimeout: 30_000 }, (req, res) => {
    if (!authorized(req, expected)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="ftlab cluster truth"');
      return send(res, 401, { error: 'expected the lab account (Basic auth)' });
    }
    route(model, opts.timeScale, req).then(
      (r) => send(res, r.status, r.body),
      (e: unknown) => (e instanceof HttpProblem ? send(res, e.status, { error: e.message }) : send(res, 500, { error: errorMessage(e) })),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new InfraError(`cluster truth: cannot listen on ${opts.bind}: ${e.message}`, { cause: e })));
    server.listen(0, opts.bind, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.bind.includes(':') ? `[${opts.bind}]` : opts.bind}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
