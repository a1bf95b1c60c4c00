import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Clock } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { AccountServiceResources } from './accounts.ts';
import { AuthStore, type LockoutPolicy, type Principal } from './auth.ts';
import { baseError, baseId, errorBody, RedfishError } from './errors.ts';
import { EventBus, resourceTypeName } from './events/bus.ts';
import { EventService } from './events/event-service.ts';
import { parseJsonObject, readBody, sendEmpty, sendJson } from './http-io.ts';
import { applyQuery, parseQuery } from './query.ts';
import { LogServices } from './logs.ts';
import { builtinRegistries, RegistrySet, type MessageRegistry } from './registries.ts';
import { registerRegistries } from './registry-resources.ts';
import { registerRoot } from './root.ts';
import { normalizePath, Router, type ActionEntry, type Entry, type RawRoute } from './router.ts';
import { registerSessionService } from './sessions.ts';
import { TaskService } from './tasks.ts';
import { httpDate, SutTime } from './time.ts';
import {
  roleRank,
  type Account,
  type ActionResult,
  type ActionSpec,
  type CollectionSpec,
  type JsonObject,
  type ParameterSpec,
  type RequestContext,
  type ResourceHandle,
  type ResourceSpec,
  type Role,
} from './types.ts';
import { validateParameters, validatePatch } from './validate.ts';

export interface RedfishServiceOptions {
  clock: Clock;
  accounts: Account[];
  product: string;
  vendor: string;
  uuid?: string;
  redfishVersion?: string;
  sessionTimeoutSec?: number;
  /** AccountService lockout (PATCHable); defaults: threshold 5, duration 30 s, counter reset after 30 s. */
  accountLockout?: Partial<LockoutPolicy>;
  logger?: Logger;
  /** Merged into GET /redfish/v1 (e.g. `{ Oem: { FtEmu: {...} } }`). */
  serviceRootExtras?: () => JsonObject;
  oemRegistries?: MessageRegistry[];
  maxBodyBytes?: number;
  eventBufferSize?: number;
  maxSseStreams?: number;
  deliveryRetryAttempts?: number;
  deliveryRetryIntervalSeconds?: number;
}

/** Serve HTTPS only, with this certificate chain and key (PEM). */
export interface ListenTls {
  cert: string;
  key: string;
}

export interface ListenHandle {
  /** http://HOST:PORT, or https://HOST:PORT when listening with TLS. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const WRITE_DEFAULT_ROLE: Role = 'Operator';
/** Bodies longer than this are hashed on every render instead of being kept for the ETag memo. */
const ETAG_MEMO_MAX_CHARS = 256 * 1024;

function allowHeader(entry: Entry): string {
  const m = ['GET', 'HEAD'];
  if (entry.patch) m.push('PATCH');
  if (entry.post) m.push('POST');
  if (entry.delete) m.push('DELETE');
  return m.join(', ');
}

function requireRole(ctx: RequestContext, min: Role): void {
  if (roleRank(ctx.role) < roleRank(min)) throw baseError(403, 'InsufficientPrivilege');
}

/** `#ComputerSystem.Reset` → `ComputerSystem.Reset`; `ComputerSystem.Reset` → `Reset`. */
function actionShortName(name: string): string {
  const full = name.replace(/^#/, '');
  return full.slice(full.lastIndexOf('.') + 1);
}

function etagOf(json: string): string {
  return `"${createHash('sha1').update(json).digest('base64url').slice(0, 20)}"`;
}

function ifMatchOk(header: string | undefined, etag: string): boolean {
  if (header === undefined) return true;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

/**
 * A Redfish service: one service root on one port. Devices register projections (resources
 * rendering JSON from their state), collections and actions; the core does HTTP, auth, roles,
 * ETags, validation, errors and the standard services. See README.md.
 */
export class RedfishService {
  readonly clock: Clock;
  readonly time: SutTime;
  readonly logger: Logger;
  readonly registries: RegistrySet;
  readonly auth: AuthStore;
  readonly router = new Router();
  readonly events: EventBus;
  readonly logs: LogServices;
  readonly tasks: TaskService;
  readonly eventService: EventService;
  readonly product: string;
  readonly vendor: string;
  readonly uuid: string;
  readonly redfishVersion: string;
  readonly maxBodyBytes: number;
  readonly serviceRootExtras: (() => JsonObject) | undefined;
  private server: Server | HttpsServer | undefined;
  private closing = false;

  constructor(opts: RedfishServiceOptions) {
    this.clock = opts.clock;
    this.time = new SutTime(opts.clock);
    this.logger = opts.logger ?? silentLogger;
    this.product = opts.product;
    this.vendor = opts.vendor;
    this.uuid = opts.uuid ?? randomUUID();
    this.redfishVersion = opts.redfishVersion ?? '1.21.0';
    this.maxBodyBytes = opts.maxBodyBytes ?? 1 << 20;
    this.serviceRootExtras = opts.serviceRootExtras;
    this.registries = new RegistrySet([...builtinRegistries(), ...(opts.oemRegistries ?? [])]);
    this.auth = new AuthStore(opts.clock, opts.accounts, opts.sessionTimeoutSec ?? 1800, 64, opts.accountLockout);
    this.auth.onListenerError = (err) => this.logger.warn('an account-change listener failed', { error: errorMessage(err) });
    this.events = new EventBus(this.registries, this.time, opts.eventBufferSize ?? 1000, (p) => {
      const e = this.router.entries.get(p);
      return e ? resourceTypeName(e.type || String(e.get(undefined)['@odata.type'] ?? '')) : undefined;
    });
    registerRoot(this);
    registerSessionService(this);
    new AccountServiceResources(this).register();
    this.eventService = new EventService(this, {
      maxSseStreams: opts.maxSseStreams ?? 16,
      retryAttempts: opts.deliveryRetryAttempts ?? 3,
      retryIntervalSeconds: opts.deliveryRetryIntervalSeconds ?? 1,
    });
    this.logs = new LogServices(this);
    this.tasks = new TaskService(this);
    registerRegistries(this);
  }

  /** Current SUT time as an ISO 8601 timestamp with microseconds. */
  timestamp(): string {
    return this.time.iso();
  }

  resource(path: string, spec: ResourceSpec): ResourceHandle {
    const entry: Entry = {
      path: normalizePath(path),
      type: spec.type,
      get: spec.get,
      actions: new Map(),
      ...(spec.patch ? { patch: spec.patch } : {}),
      ...(spec.delete ? { delete: spec.delete } : {}),
      ...(spec.deleteMinRole ? { deleteMinRole: spec.deleteMinRole } : {}),
      ...(spec.public ? { public: true } : {}),
      ...(spec.readMinRole ? { readMinRole: spec.readMinRole } : {}),
    };
    this.router.add(entry);
    return { path: entry.path, remove: () => this.router.remove(entry.path) };
  }

  collection(path: string, spec: CollectionSpec & { anonymousPost?: boolean }): ResourceHandle {
    const p = normalizePath(path);
    const members = spec.members ?? (() => this.router.children(p));
    const entry: Entry = {
      path: p,
      type: spec.type,
      get: () => {
        const list = members();
        return {
          Name: spec.name,
          ...(spec.description ? { Description: spec.description } : {}),
          Members: list.map((m) => ({ '@odata.id': m })),
          'Members@odata.count': list.length,
          ...(spec.extra ? spec.extra() : {}),
        };
      },
      actions: new Map(),
      ...(spec.post ? { post: { ...spec.post, ...(spec.anonymousPost ? { anonymous: true } : {}) } } : {}),
      ...(spec.readMinRole ? { readMinRole: spec.readMinRole } : {}),
    };
    this.router.add(entry);
    return { path: p, remove: () => this.router.remove(p) };
  }

  action(resourcePath: string, name: string, spec: ActionSpec): void {
    const owner = this.router.entries.get(normalizePath(resourcePath));
    if (!owner) throw new TypeError(`action ${name}: resource ${resourcePath} is not registered`);
    const actionName = name.startsWith('#') ? name : `#${name}`;
    if (owner.actions.has(actionName)) throw new TypeError(`action ${actionName} on ${owner.path} is registered already`);
    const bare = actionName.slice(1);
    const target = spec.target ?? `${owner.path}/Actions/${spec.oem ? 'Oem/' : ''}${bare}`;
    const withInfo = spec.actionInfo ?? Object.keys(spec.parameters ?? {}).length > 0;
    const a: ActionEntry = { owner: owner.path, name: actionName, target, spec };
    if (withInfo) {
      a.infoPath = `${owner.path}/${actionShortName(actionName)}ActionInfo`;
      const infoPath = a.infoPath;
      if (!this.router.entries.has(infoPath)) {
        this.router.add({
          path: infoPath,
          type: '#ActionInfo.v1_4_0.ActionInfo',
          get: () => ({ Id: `${actionShortName(actionName)}ActionInfo`, Name: `${bare} Action Info`, Parameters: actionInfoParameters(spec.parameters ?? {}) }),
          actions: new Map(),
        });
      }
    }
    owner.actions.set(actionName, a);
    this.router.actions.set(target, a);
  }

  /** A non-resource route (SSE stream, task monitor, version document). */
  route(path: string, route: RawRoute): void {
    this.router.raw.set(normalizePath(path), route);
  }

  unroute(path: string): void {
    this.router.raw.delete(normalizePath(path));
  }

  /** Render a resource: JSON text with @odata.etag, and its ETag. */
  render(entry: Entry, ctx: RequestContext | undefined): { json: string; etag: string; body: JsonObject } {
    const body = entry.get(ctx);
    const obj: JsonObject = Object.assign({ '@odata.id': entry.path, '@odata.type': entry.type }, body);
    obj['@odata.id'] = entry.path;
    if (entry.type) obj['@odata.type'] = entry.type;
    else if (!obj['@odata.type']) delete obj['@odata.type'];
    delete obj['@odata.etag'];
    if (entry.actions.size) obj.Actions = renderActions(entry, obj.Actions);
    const text = JSON.stringify(obj);
    // ETag = hash of the rendered body. Rendering is done on every request (projection); only the
    // hash is memoized, keyed by the full text, so any change of the body changes the ETag.
    let etag: string;
    const memo = entry.etagMemo;
    if (memo !== undefined && memo.text === text) {
      etag = memo.etag;
    } else {
      etag = etagOf(text);
      entry.etagMemo = text.length <= ETAG_MEMO_MAX_CHARS ? { text, etag } : undefined;
    }
    return { json: `{"@odata.etag":${JSON.stringify(etag)},${text.slice(1)}`, etag, body: obj };
  }

  /** The request listener, usable with any node:http server. */
  readonly handler = (req: IncomingMessage, res: ServerResponse): void => {
    this.handle(req, res).catch((e: unknown) => {
      this.logger.error('request failed', { method: req.method, url: req.url, error: errorMessage(e) });
      if (!res.headersSent) this.sendError(res, baseError(500, 'InternalError'), {});
      else res.destroy();
    });
  };

  /** `onConnection` sees every accepted TCP connection first (before TLS and HTTP), and may end it (a BMC that stops answering). */
  async listen(opts: { host?: string; port?: number; tls?: ListenTls; onConnection?: (socket: Socket) => void } = {}): Promise<ListenHandle> {
    if (this.server) throw new Error('this Redfish service is listening already');
    const http = { keepAliveTimeout: 30_000, requestTimeout: 60_000 };
    const server = opts.tls ? createHttpsServer({ ...http, cert: opts.tls.cert, key: opts.tls.key, minVersion: 'TLSv1.2' }, this.handler) : createServer(http, this.handler);
    if (opts.onConnection) server.prependListener('connection', opts.onConnection);
    this.server = server;
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => this.clientError(err, socket));
    const host = opts.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    const url = `${opts.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.logger.info('Redfish service listening', { url, product: this.product });
    return { url, port, close: () => this.close() };
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.eventService.close();
    this.tasks.close();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /**
   * A request node's parser refused. A method HTTP does not know is 501 Not Implemented (what
   * DSP0266 expects of an unsupported method) with a Redfish error body; the rest stays 400.
   */
  private clientError(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (!socket.writable) return void socket.destroy();
    const status = err.code === 'HPE_INVALID_METHOD' ? 501 : 400;
    const e = status === 501 ? baseError(501, 'OperationNotAllowed') : baseError(400, 'GeneralError');
    const json = JSON.stringify(errorBody(e, this.registries));
    const reason = status === 501 ? 'Not Implemented' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json;charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nOData-Version: 4.0\r\nConnection: close\r\n\r\n${json}`,
    );
  }

  private dateSecond = Number.NaN;
  private dateText = '';

  /** HTTP Date header of the SUT time (second resolution, so formatted once a second). */
  private httpDate(): string {
    const ms = this.time.nowMs();
    const second = Math.floor(ms / 1000);
    if (second !== this.dateSecond) {
      this.dateSecond = second;
      this.dateText = httpDate(ms);
    }
    return this.dateText;
  }

  private baseHeaders(): Record<string, string> {
    return { 'OData-Version': '4.0', Date: this.httpDate(), 'Cache-Control': 'no-cache' };
  }

  sendError(res: ServerResponse, err: RedfishError, extra: Record<string, string>): void {
    const headers = { ...this.baseHeaders(), ...extra, ...err.headers };
    if (err.status === 401) headers['WWW-Authenticate'] = 'Basic realm="ftlab"';
    if (err.status === 413) headers.Connection = 'close';
    sendJson(res, err.status, JSON.stringify(errorBody(err, this.registries)), headers);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = normalizePath(q < 0 ? url : url.slice(0, q));
    const method = req.method ?? 'GET';
    let allow: Record<string, string> = {};
    try {
      // Only OData 4.0 is spoken: a client asking for another version gets 412.
      const odataVersion = headerString(req.headers['odata-version']);
      if (odataVersion !== undefined && odataVersion.trim() !== '4.0') throw baseError(412, 'PreconditionFailed');
      const entry = this.router.entries.get(path);
      const action = entry ? undefined : this.router.actions.get(path);
      const raw = entry || action ? undefined : this.router.raw.get(path);
      const isRead = method === 'GET' || method === 'HEAD';
      const anonymous = (entry?.public && isRead) || raw?.public || (entry?.post?.anonymous && method === 'POST');
      const principal: Principal | undefined = this.auth.authenticate(req.headers);
      if (!principal && !anonymous) throw baseError(401, 'NoValidSession');
      const ctx: RequestContext = {
        user: principal?.user ?? '',
        role: principal?.role ?? 'ReadOnly',
        method,
        path,
        headers: req.headers,
        ...(principal?.sessionId ? { sessionId: principal.sessionId } : {}),
      };
      if (entry) {
        allow = { Allow: allowHeader(entry) };
        return await this.handleEntry(entry, req, res, ctx, allow, q < 0 ? '' : url.slice(q + 1));
      }
      if (action) {
        allow = { Allow: 'POST' };
        if (method !== 'POST') throw baseError(405, 'OperationNotAllowed');
        return await this.handleAction(action, req, res, ctx);
      }
      if (raw) {
        allow = { Allow: raw.methods.join(', ') };
        if (!raw.methods.includes(method)) throw baseError(405, 'OperationNotAllowed');
        return await raw.handler(req, res, ctx, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
      }
      const [, resource, actionName] = /^(.*)\/Actions\/(?:Oem\/)?([^/]+)$/.exec(path) ?? [];
      if (resource !== undefined && method === 'POST' && this.router.entries.has(resource)) throw baseError(400, 'ActionNotSupported', [`#${actionName}`]);
      throw baseError(404, 'ResourceMissingAtURI', [path]);
    } catch (e) {
      if (e instanceof RedfishError) return this.sendError(res, e, e.status === 405 ? allow : {});
      throw e;
    }
  }

  private async body(req: IncomingMessage, allowEmpty: boolean): Promise<JsonObject> {
    const buf = await readBody(req, this.maxBodyBytes);
    const type = headerString(req.headers['content-type']);
    if (buf.length > 0 && type !== undefined && !/^application\/json\s*(;|$)/i.test(type.trim())) {
      throw new RedfishError(415, [{ MessageId: baseId('GeneralError'), Resolution: 'Send the request body as application/json.' }]);
    }
    return parseJsonObject(buf, allowEmpty);
  }

  /** The body of another resource as the caller may read it (for $filter and $expand), or undefined. */
  private resolveFor(ctx: RequestContext): (path: string) => JsonObject | undefined {
    return (p) => {
      const e = this.router.entries.get(normalizePath(p));
      if (!e || roleRank(ctx.role) < roleRank(e.readMinRole ?? 'ReadOnly')) return undefined;
      const r = this.render(e, ctx);
      return { '@odata.etag': r.etag, ...r.body };
    };
  }

  private async handleEntry(entry: Entry, req: IncomingMessage, res: ServerResponse, ctx: RequestContext, allow: Record<string, string>, search: string): Promise<void> {
    const method = ctx.method;
    if (method === 'GET' || method === 'HEAD') {
      requireRole(ctx, entry.readMinRole ?? 'ReadOnly');
      const query = parseQuery(search);
      const r = this.render(entry, ctx);
      const headers: Record<string, string> = { 'OData-Version': '4.0', Date: this.httpDate(), 'Cache-Control': 'no-cache', Allow: allow.Allow ?? allowHeader(entry), ETag: r.etag };
      const schema = describedBy(entry.type || r.body['@odata.type']);
      if (schema) headers.Link = schema;
      if (req.headers['if-none-match'] !== undefined && ifMatchOk(req.headers['if-none-match'], r.etag)) return sendEmpty(res, 304, headers);
      if (query) {
        const out = applyQuery({ '@odata.etag': r.etag, ...r.body }, query, search, this.resolveFor(ctx));
        return sendJson(res, 200, JSON.stringify(out), headers, method === 'HEAD');
      }
      return sendJson(res, 200, r.json, headers, method === 'HEAD');
    }
    if (method === 'PATCH') {
      if (!entry.patch) throw baseError(405, 'OperationNotAllowed');
      requireRole(ctx, entry.patch.minRole ?? WRITE_DEFAULT_ROLE);
      const body = await this.body(req, false);
      const before = this.render(entry, ctx);
      if (!ifMatchOk(headerString(req.headers['if-match']), before.etag)) throw baseError(412, 'PreconditionFailed');
      const changes = validatePatch(body, entry.patch.writable, before.body);
      await entry.patch.apply(changes, ctx);
      const after = this.render(entry, ctx);
      return sendJson(res, 200, after.json, { ...this.baseHeaders(), ...allow, ETag: after.etag });
    }
    if (method === 'POST') {
      if (!entry.post) throw baseError(405, 'OperationNotAllowed');
      if (!entry.post.anonymous) requireRole(ctx, entry.post.minRole ?? WRITE_DEFAULT_ROLE);
      const body = await this.body(req, false);
      const created = await entry.post.handler(body, ctx);
      const target = this.router.entries.get(created.path);
      const headers = { ...this.baseHeaders(), Location: created.path, ...(created.headers ?? {}) };
      if (!target) return sendEmpty(res, 201, headers);
      const r = this.render(target, ctx);
      return sendJson(res, 201, r.json, { ...headers, ETag: r.etag });
    }
    if (method === 'DELETE') {
      if (!entry.delete) throw baseError(405, 'OperationNotAllowed');
      requireRole(ctx, entry.deleteMinRole ?? WRITE_DEFAULT_ROLE);
      const ifMatch = headerString(req.headers['if-match']);
      if (ifMatch !== undefined && !ifMatchOk(ifMatch, this.render(entry, ctx).etag)) throw baseError(412, 'PreconditionFailed');
      await entry.delete(ctx);
      return sendEmpty(res, 204, this.baseHeaders());
    }
    throw baseError(405, 'OperationNotAllowed');
  }

  private async handleAction(action: ActionEntry, req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    requireRole(ctx, action.spec.minRole ?? WRITE_DEFAULT_ROLE);
    const body = await this.body(req, true);
    const params = validateParameters(action.name, body, action.spec.parameters ?? {});
    const result: ActionResult = await action.spec.handler(params, ctx);
    const headers = this.baseHeaders();
    if (!result || result.status === 204) return sendEmpty(res, 204, headers);
    if (result.status === 200) {
      const out = result.body ?? { '@Message.ExtendedInfo': [{ MessageId: baseId('Success'), Message: 'The request completed successfully.', MessageSeverity: 'OK', Resolution: 'None.' }] };
      return sendJson(res, 200, JSON.stringify(out), headers);
    }
    return sendJson(res, 202, JSON.stringify(result.task.render()), { ...headers, Location: result.task.monitorUri, 'Retry-After': '1' });
  }
}

/** `#ComputerSystem.v1_20_0.ComputerSystem` → the `Link` header naming its JSON schema (rel=describedby). */
function describedBy(odataType: unknown): string | undefined {
  if (typeof odataType !== 'string') return undefined;
  const m = /^#([A-Za-z0-9]+(?:\.v\d+_\d+_\d+)?)\.[A-Za-z0-9]+$/.exec(odataType);
  return m ? `<http://redfish.dmtf.org/schemas/v1/${m[1]}.json>; rel=describedby` : undefined;
}

function headerString(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(',') : v;
}

function renderActions(entry: Entry, existing: unknown): JsonObject {
  const actions: JsonObject = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? { ...(existing as JsonObject) } : {};
  for (const a of entry.actions.values()) {
    const desc: JsonObject = { target: a.target };
    for (const [p, spec] of Object.entries(a.spec.parameters ?? {})) {
      const allowable = 'allowable' in spec && spec.allowable ? spec.allowable : spec.type === 'string' ? spec.enum : undefined;
      if (allowable) desc[`${p}@Redfish.AllowableValues`] = [...allowable];
    }
    if (a.infoPath) desc['@Redfish.ActionInfo'] = a.infoPath;
    if (a.spec.oem) {
      const oem = actions.Oem;
      actions.Oem = { ...(typeof oem === 'object' && oem !== null ? (oem as JsonObject) : {}), [a.name]: desc };
    } else {
      actions[a.name] = desc;
    }
  }
  return actions;
}

function dataType(spec: ParameterSpec): string {
  switch (spec.type) {
    case 'string':
      return 'String';
    case 'integer':
    case 'number':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    case 'array':
      return spec.items.type === 'string' ? 'StringArray' : spec.items.type === 'object' ? 'ObjectArray' : 'NumberArray';
    default:
      return 'Object';
  }
}

function actionInfoParameters(params: Record<string, ParameterSpec>): JsonObject[] {
  return Object.entries(params).map(([name, spec]) => {
    const allowable = 'allowable' in spec && spec.allowable ? spec.allowable : spec.type === 'string' ? spec.enum : undefined;
    return {
      Name: name,
      Required: spec.required === true,
      DataType: dataType(spec),
      ...(allowable ? { AllowableValues: [...allowable] } : {}),
      ...((spec.type === 'integer' || spec.type === 'number') && spec.min !== undefined ? { MinimumValue: spec.min } : {}),
      ...((spec.type === 'integer' || spec.type === 'number') && spec.max !== undefined ? { MaximumValue: spec.max } : {}),
    };
  });
}
