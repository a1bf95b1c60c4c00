/**
 * RedfishClient: every HTTP exchange with one Redfish service goes through here (auth, sessions,
 * timeouts, bounded retries, TLS, ETags, call records). Resource knowledge lives elsewhere
 * (discovery.ts, views.ts, capabilities/).
 */
import axios, { type AxiosInstance } from 'axios';
import http from 'node:http';
import https from 'node:https';
import { type Clock, systemClock } from '../../lib/clock.ts';
import { ConfigError, errorMessage } from '../../lib/errors.ts';
import { type Logger, silentLogger } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import { httpErrorFor, RedfishAuthError, RedfishConnectionError, RedfishProtocolError, RedfishTlsError } from './errors.ts';
import { RETRYABLE_CODES, connectionError, nonNegativeInt, parseBody, positive, readCa, retryAfterMs } from './client-support.ts';
import { type JsonObject, isObject, linkOf, normalisePath } from './json.ts';
import { findAction, validateActionParams, type ActionParams } from './actions.ts';
import { followTaskMonitor } from './task-monitor.ts';

export type RedfishAuth = { mode: 'none' } | { mode: 'basic' | 'session'; username: string; password: string };

export interface RedfishTlsOptions {
  /** Accept any certificate (self-signed lab BMCs). Off by default. */
  insecure?: boolean;
  /** A CA bundle to trust: a PEM file path, or the PEM text itself. */
  ca?: string;
}

/** One HTTP attempt, for the history (no bodies, no headers: nothing secret). */
export interface RedfishCallRecord {
  method: string;
  path: string;
  /** HTTP status, or null when no answer came. */
  status: number | null;
  durationMs: number;
  /** 1 for the first attempt, 2.. for retries and the repeat after a re-login. */
  attempt: number;
  error?: string;
}

export interface RedfishClientOptions {
  /** scheme://host[:port] of the service; request paths are absolute (/redfish/v1/...). */
  baseUrl: string;
  auth?: RedfishAuth;
  /** Per HTTP attempt, ms (default 10000). */
  timeoutMs?: number;
  /** Extra attempts for idempotent requests on connection errors and 503 (default 3). */
  retries?: number;
  /** First retry delay, doubled each attempt (default 250 ms). */
  retryDelayMs?: number;
  /** Cap on a server's Retry-After (default 30000 ms). */
  maxRetryAfterMs?: number;
  tls?: RedfishTlsOptions;
  clock?: Clock;
  logger?: Logger;
  onCall?: (record: RedfishCallRecord) => void;
  /** Ask for `$expand` where the service root advertises it (default true; drivers/redfish/expand.ts). */
  expand?: boolean;
  /** Where the options came from, for error messages (e.g. `lab.yaml: devices.ft0.redfish`). */
  where?: string;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Send without credentials (service root, login). */
  noAuth?: boolean;
}

export interface RedfishResponse {
  status: number;
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, the raw text when not JSON, or null when empty. */
  body: unknown;
}

export interface ActionResult {
  status: number;
  /** Task monitor (202 Accepted) or created resource, as a path. */
  location: string | null;
  body: unknown;
  /** The final answer of the task monitor, when waited for. */
  task?: RedfishResponse;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const SERVICE_ROOT = '/redfish/v1';

export { retryAfterMs };

export class RedfishClient {
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly log: Logger;
  private readonly auth: RedfishAuth;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly onCall: ((r: RedfishCallRecord) => void) | undefined;
  /** Whether collections may be read with `$expand` (false once the service refused it). */
  expand: boolean;
  private readonly http: AxiosInstance;
  private readonly agent: http.Agent | https.Agent;
  private readonly etags = new Map<string, string>();
  private token: string | null = null;
  private sessionLocation: string | null = null;
  private loginInFlight: Promise<string> | null = null;
  private root: JsonObject | null = null;

  constructor(opts: RedfishClientOptions) {
    const where = opts.where ?? 'redfish client options';
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch (e) {
      throw new ConfigError(`${where}: baseUrl`, 'an http:// or https:// URL', { found: opts.baseUrl, cause: e });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`${where}: baseUrl`, 'an http:// or https:// URL', { found: opts.baseUrl });
    }
    if (url.username || url.password) {
      throw new ConfigError(`${where}: baseUrl`, 'a URL without credentials (give them in auth)', { found: `${url.protocol}//${url.host}` });
    }
    this.baseUrl = `${url.protocol}//${url.host}`;
    this.auth = opts.auth ?? { mode: 'none' };
    if (this.auth.mode !== 'none') registerSecret(this.auth.password);
    this.timeoutMs = positive(opts.timeoutMs, 10_000, `${where}: timeoutMs`);
    this.retries = nonNegativeInt(opts.retries, 3, `${where}: retries`);
    this.retryDelayMs = positive(opts.retryDelayMs, 250, `${where}: retryDelayMs`);
    this.maxRetryAfterMs = positive(opts.maxRetryAfterMs, 30_000, `${where}: maxRetryAfterMs`);
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? silentLogger;
    this.onCall = opts.onCall;
    this.expand = opts.expand ?? true;
    this.agent =
      url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, rejectUnauthorized: opts.tls?.insecure !== true, ...(opts.tls?.ca ? { ca: readCa(opts.tls.ca, where) } : {}) })
        : new http.Agent({ keepAlive: true });
    this.http = axios.create({
      baseURL: this.baseUrl,
      httpAgent: this.agent,
      httpsAgent: this.agent,
      proxy: false,
      maxRedirects: 0,
      responseType: 'text',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
    });
  }

  /** The node agent carrying this client's TLS settings (the SSE client uses it too). */
  get httpAgent(): http.Agent | https.Agent {
    return this.agent;
  }

  /** Full URL of a path on this service. */
  urlFor(path: string): string {
    return new URL(path, this.baseUrl).toString();
  }

  /** A Location header or link (absolute or relative) as a path on this service. */
  toPath(location: string): string {
    const u = new URL(location, this.baseUrl);
    return `${u.pathname}${u.search}`;
  }

  /** Headers that authenticate a request (logs in first for sessions). */
  async authHeaders(signal?: AbortSignal): Promise<Record<string, string>> {
    if (this.auth.mode === 'basic') {
      return { Authorization: `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`).toString('base64')}` };
    }
    if (this.auth.mode === 'session') return { 'X-Auth-Token': this.token ?? (await this.login(signal)) };
    return {};
  }

  /** After a 401 with `token`: log in again unless another request already did. Returns the new headers. */
  async reauthenticate(staleHeaders: Record<string, string>, signal?: AbortSignal): Promise<Record<string, string> | null> {
    if (this.auth.mode !== 'session') return null;
    if (this.token && this.token !== staleHeaders['X-Auth-Token']) return { 'X-Auth-Token': this.token };
    this.token = null;
    return { 'X-Auth-Token': await this.login(signal) };
  }

  /** Create a session (POST to ServiceRoot Links.Sessions); shared by concurrent callers. */
  login(signal?: AbortSignal): Promise<string> {
    if (this.auth.mode !== 'session') return Promise.reject(new ConfigError('RedfishClient login()', `expected auth mode "session" (the client uses "${this.auth.mode}")`));
    const auth = this.auth;
    this.loginInFlight ??= (async () => {
      const root = await this.serviceRoot(signal);
      const sessions = linkOf(isObject(root.Links) ? root.Links.Sessions : undefined) ?? `${SERVICE_ROOT}/SessionService/Sessions`;
      const res = await this.request('POST', sessions, { body: { UserName: auth.username, Password: auth.password }, noAuth: true, ...(signal ? { signal } : {}) });
      const token = res.headers['x-auth-token'];
      if (!token) throw new RedfishAuthError(res.status, 'POST', sessions, null, [], { detail: 'session created without an X-Auth-Token header' });
      registerSecret(token);
      this.token = token;
      this.sessionLocation = res.headers.location ? this.toPath(res.headers.location) : null;
      return token;
    })().finally(() => {
      this.loginInFlight = null;
    });
    return this.loginInFlight;
  }

  /** The service root (unauthenticated GET, cached). */
  async serviceRoot(signal?: AbortSignal, fresh = false): Promise<JsonObject> {
    if (!this.root || fresh) {
      const res = await this.request('GET', SERVICE_ROOT, { noAuth: true, ...(signal ? { signal } : {}) });
      this.root = this.objectBody(res);
    }
    return this.root;
  }

  async getJson(path: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<JsonObject> {
    return this.objectBody(await this.request('GET', path, opts));
  }

  /** GET returning the whole response (headers included, e.g. Date). */
  async get(path: string, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<RedfishResponse> {
    return this.request('GET', path, opts);
  }

  /** Members of a collection as paths, following Members@odata.nextLink pages. */
  async members(collectionPath: string, opts: { signal?: AbortSignal } = {}): Promise<string[]> {
    const out: string[] = [];
    await this.forEachPage(collectionPath, opts, (page, at) => {
      const members = page.Members;
      if (!Array.isArray(members)) throw new RedfishProtocolError(at, 'Members', 'expected an array of links (is this a collection?)');
      for (const m of members) {
        const link = linkOf(m);
        if (!link) throw new RedfishProtocolError(at, 'Members', 'expected every member to be a link {"@odata.id": ...}');
        out.push(normalisePath(link));
      }
    });
    return out;
  }

  /** GET `first` and every page after it (Members@odata.nextLink, each once), handing each page to `visit`. */
  async forEachPage(first: string, opts: { signal?: AbortSignal }, visit: (page: JsonObject, at: string) => void): Promise<void> {
    let next: string | null = first;
    const seen = new Set<string>();
    while (next && !seen.has(next)) {
      seen.add(next);
      const page = await this.getJson(next, opts);
      visit(page, next);
      const nextLink = page['Members@odata.nextLink'];
      next = typeof nextLink === 'string' ? this.toPath(nextLink) : null;
    }
  }

  /** Last ETag seen for a path (ETag header or @odata.etag of the last GET). */
  etagOf(path: string): string | null {
    return this.etags.get(normalisePath(path)) ?? null;
  }

  /** PATCH with If-Match: the given ETag, else the last GET's, unless `etag: false`. */
  async patch(path: string, body: JsonObject, opts: { etag?: string | false; signal?: AbortSignal } = {}): Promise<RedfishResponse> {
    const etag = opts.etag === false ? null : (opts.etag ?? this.etagOf(path));
    return this.request('PATCH', path, { body, ...(etag ? { headers: { 'If-Match': etag } } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  }

  async post(path: string, body: unknown, opts: { signal?: AbortSignal } = {}): Promise<RedfishResponse> {
    return this.request('POST', path, { body, ...opts });
  }

  async delete(path: string, opts: { signal?: AbortSignal } = {}): Promise<RedfishResponse> {
    return this.request('DELETE', path, opts);
  }

  /**
   * Post an action found in the resource's `Actions` (or `Actions.Oem`), after checking the
   * parameters against its AllowableValues / ActionInfo. Nothing is posted when they do not fit.
   * A 202 with Location is a task monitor; `waitForTaskMs` follows it to the end.
   */
  async postAction(
    resourcePath: string,
    action: string,
    params: ActionParams,
    opts: { signal?: AbortSignal; waitForTaskMs?: number } = {},
  ): Promise<ActionResult> {
    const sig = opts.signal ? { signal: opts.signal } : {};
    const resource = await this.getJson(resourcePath, sig);
    const found = findAction(resource, resourcePath, action);
    await validateActionParams(found, params, (p) => this.getJson(p, sig));
    const res = await this.post(this.toPath(found.target), params, sig);
    const location = res.headers.location ? this.toPath(res.headers.location) : null;
    const result: ActionResult = { status: res.status, location, body: res.body };
    if (res.status === 202 && location && opts.waitForTaskMs !== undefined) {
      result.task = await this.waitForTask(location, { budgetMs: opts.waitForTaskMs, ...sig });
    }
    return result;
  }

  /** Poll a task monitor until the task is done (DeadlineError past `budgetMs`, TaskFailedError on Exception). */
  waitForTask(monitor: string, opts: { budgetMs: number; signal?: AbortSignal; intervalMs?: number }): Promise<RedfishResponse> {
    return followTaskMonitor(this, this.toPath(monitor), opts);
  }

  /**
   * One request with the retry and re-login policy. Non-2xx answers become errors
   * (httpErrorFor); 202 and 3xx are returned to the caller.
   */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<RedfishResponse> {
    const idempotent = IDEMPOTENT.has(method);
    let headers = opts.noAuth ? {} : await this.authHeaders(opts.signal);
    let reauthed = false;
    let attempt = 0;
    let retriesLeft = this.retries;
    for (;;) {
      attempt += 1;
      let res: RedfishResponse;
      try {
        res = await this.attempt(method, path, opts, headers, attempt);
      } catch (e) {
        if (e instanceof RedfishConnectionError && !(e instanceof RedfishTlsError) && idempotent && RETRYABLE_CODES.has(e.code) && retriesLeft > 0) {
          retriesLeft -= 1;
          this.log.debug('redfish request failed, retrying', { method, path, attempt, code: e.code });
          await this.pause(this.backoff(attempt), opts.signal);
          continue;
        }
        throw e;
      }
      if (res.status === 401 && !opts.noAuth && !reauthed && this.auth.mode === 'session') {
        reauthed = true;
        this.log.info('redfish session expired, logging in again', { path });
        headers = (await this.reauthenticate(headers, opts.signal)) ?? headers;
        continue;
      }
      if (res.status === 503 && idempotent && retriesLeft > 0) {
        retriesLeft -= 1;
        this.log.debug('redfish service unavailable, retrying', { method, path, attempt, retryAfter: res.headers['retry-after'] ?? null });
        await this.pause(retryAfterMs(res.headers['retry-after'], this.clock) ?? this.backoff(attempt), opts.signal);
        continue;
      }
      if (res.status >= 400) throw httpErrorFor(res.status, method, path, res.body);
      if (method === 'GET' && res.status === 200) this.rememberEtag(path, res);
      return res;
    }
  }

  /** Log out (DELETE the session) and free sockets. Safe to call twice. */
  async close(signal?: AbortSignal): Promise<void> {
    const location = this.sessionLocation;
    const token = this.token;
    this.sessionLocation = null;
    this.token = null;
    try {
      if (location && token) {
        await this.attempt('DELETE', location, signal ? { signal } : {}, { 'X-Auth-Token': token }, 1).catch((e: unknown) => {
          this.log.warn('redfish logout failed', { error: errorMessage(e) });
        });
      }
    } finally {
      this.agent.destroy();
    }
  }

  private async attempt(method: string, path: string, opts: RequestOptions, auth: Record<string, string>, attempt: number): Promise<RedfishResponse> {
    const start = this.clock.now();
    const headers: Record<string, string> = { Accept: 'application/json', 'OData-Version': '4.0', ...auth, ...opts.headers };
    const hasBody = opts.body !== undefined;
    if (hasBody) headers['Content-Type'] = 'application/json';
    opts.signal?.throwIfAborted();
    try {
      const r = await this.http.request<string>({
        method,
        url: path,
        headers,
        timeout: opts.timeoutMs ?? this.timeoutMs,
        ...(hasBody ? { data: JSON.stringify(opts.body) } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      const flat: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.headers)) {
        if (v !== undefined && v !== null) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
      }
      const body = parseBody(typeof r.data === 'string' ? r.data : '', flat['content-type'], r.status, method, path);
      this.record({ method, path, status: r.status, durationMs: this.clock.now() - start, attempt });
      return { status: r.status, path, headers: flat, body };
    } catch (e) {
      if (opts.signal?.aborted) {
        this.record({ method, path, status: null, durationMs: this.clock.now() - start, attempt, error: 'aborted' });
        throw opts.signal.reason instanceof Error ? opts.signal.reason : new RedfishConnectionError(method, path, 'ABORTED', 'aborted', { cause: e });
      }
      if (e instanceof RedfishProtocolError) throw e;
      const err = connectionError(method, path, e, opts.timeoutMs ?? this.timeoutMs);
      this.record({ method, path, status: null, durationMs: this.clock.now() - start, attempt, error: err.message });
      throw err;
    }
  }

  private record(r: RedfishCallRecord): void {
    try {
      this.onCall?.(r);
    } catch (e) {
      this.log.warn('onCall hook failed', { error: errorMessage(e) });
    }
  }

  private rememberEtag(path: string, res: RedfishResponse): void {
    const etag = res.headers.etag ?? (isObject(res.body) && typeof res.body['@odata.etag'] === 'string' ? res.body['@odata.etag'] : undefined);
    if (etag) this.etags.set(normalisePath(path), etag);
  }

  private objectBody(res: RedfishResponse): JsonObject {
    if (!isObject(res.body)) throw new RedfishProtocolError(res.path, null, `expected a JSON object in the ${res.status} answer`);
    return res.body;
  }

  private backoff(attempt: number): number {
    return this.retryDelayMs * 2 ** (attempt - 1);
  }

  private async pause(ms: number, signal?: AbortSignal): Promise<void> {
    await this.clock.sleep(Math.min(ms, this.maxRetryAfterMs), signal);
  }
}
