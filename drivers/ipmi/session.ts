/**
 * An RMCP+ session to one BMC: login (Get Channel Auth Capabilities → Open Session → RAKP 1–4 →
 * Set Session Privilege Level), in-session requests with sequence numbers, retries with
 * exponential backoff inside one deadline per call, an idle keep-alive, and Close Session.
 *
 * - Cipher suites are tried in `cipherSuites` order (default 17 then 3); a BMC that refuses one
 *   with an algorithm status (e.g. ipmi_sim: 0x04 for suite 17) moves us to the next. The
 *   algorithms the BMC answers are checked, never assumed.
 * - Cipher suite 0 and IPMI-1.5-only BMCs are refused unless `allowInsecure` is true.
 * - One request is outstanding at a time; calls queue. A session whose keep-alive or request
 *   timed out is marked broken and logs in again on the next call.
 * - The password is registered with registerSecret and never logged.
 */
import { randomBytes } from 'node:crypto';
import { type Clock, systemClock, type Timer } from '../../lib/clock.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import { ConfigError } from '../../lib/errors.ts';
import { decodeSession15, encodeSession15, AUTH_TYPE } from './codec/session15.ts';
import { decodeRmcpPlus, encodeRmcpPlus, PAYLOAD_TYPE, type SessionCrypto } from './codec/rmcpplus.ts';
import { decodeIpmiResponse, encodeIpmiRequest, BMC_ADDR, CONSOLE_SWID, type IpmiResponse } from './codec/message.ts';
import { CIPHER_SUITES, isImplemented, type CipherSuite } from './codec/cipher-suites.ts';
import { decodeOpenSessionResponse, encodeOpenSessionRequest } from './codec/open-session.ts';
import { decodeRakp2, decodeRakp4, encodeRakp1, encodeRakp3, RAKP_ROLE_NAME_ONLY } from './codec/rakp.ts';
import { RAKP_STATUS } from './codec/rakp-status.ts';
import { deriveSessionCrypto, deriveSik, rakp2AuthCode, rakp3AuthCode, rakp4Icv } from './codec/keys.ts';
import { decodeChannelAuthResponse, encodeChannelAuthRequest, GET_CHANNEL_AUTH_CAPABILITIES, CURRENT_CHANNEL, type ChannelAuthCapabilities } from './codec/commands/channel-auth.ts';
import { CLOSE_SESSION, SET_SESSION_PRIVILEGE, encodeCloseSessionRequest, encodeSetSessionPrivilegeRequest } from './codec/commands/session-commands.ts';
import { GET_DEVICE_ID } from './codec/commands/device-id.ts';
import { PRIVILEGE_BY_NAME, type CommandSpec } from './codec/commands/spec.ts';
import { CC } from './codec/completion-codes.ts';
import { UdpTransport } from './transport.ts';
import { IpmiAuthError, IpmiCompletionCodeError, IpmiPolicyError, IpmiSessionClosedError, IpmiTimeoutError } from './errors.ts';

export type IpmiPrivilege = 'user' | 'operator' | 'administrator';

export interface IpmiSessionOptions {
  host: string;
  /** UDP port, default 623. */
  port?: number;
  user: string;
  password: string;
  /** BMC key Kg (two-key login); default none (Kg = password). */
  kg?: string;
  privilege?: IpmiPrivilege;
  /** Suites to propose, in order. Default [17, 3]. Suite 0 needs allowInsecure. */
  cipherSuites?: number[];
  /** Permit cipher suite 0 (no authentication, no integrity) and IPMI 1.5 BMCs. Default false. */
  allowInsecure?: boolean;
  /** Deadline for one call (login, or one request with all its retries). Default 5000 ms. */
  timeoutMs?: number;
  /** Retransmissions after the first send, inside the deadline. Default 3. */
  retries?: number;
  /** Idle time after which a Get Device ID keeps the session alive; 0 disables. Default 20000 ms. */
  keepAliveMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface ResolvedSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly privilege: IpmiPrivilege;
  readonly cipherSuites: readonly number[];
  readonly allowInsecure: boolean;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly keepAliveMs: number;
}

/** RMCP+ statuses that mean "this suite is not acceptable here": try the next one. */
const SUITE_REFUSED = new Set<number>([
  RAKP_STATUS.INVALID_AUTH_ALGORITHM,
  RAKP_STATUS.INVALID_INTEGRITY_ALGORITHM,
  RAKP_STATUS.NO_MATCHING_AUTH_PAYLOAD,
  RAKP_STATUS.NO_MATCHING_INTEGRITY_PAYLOAD,
  RAKP_STATUS.INVALID_CONFIDENTIALITY_ALGORITHM,
  RAKP_STATUS.NO_CIPHER_SUITE_MATCH,
]);

interface Active {
  suite: CipherSuite;
  crypto: SessionCrypto;
  consoleSessionId: number;
  managedSessionId: number;
  outSeq: number;
  lastInSeq: number;
}

class LoginRestart extends Error {}

export function resolveSessionOptions(o: IpmiSessionOptions, where = 'IPMI session options'): ResolvedSessionOptions {
  if (typeof o.host !== 'string' || o.host.length === 0) throw new ConfigError(`${where}.host`, 'a host name or address', { found: o.host });
  const port = o.port ?? 623;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(`${where}.port`, 'a UDP port 1–65535', { found: port });
  if (typeof o.user !== 'string' || Buffer.byteLength(o.user) > 16) throw new ConfigError(`${where}.user`, 'a user name of at most 16 bytes', { found: o.user });
  if (typeof o.password !== 'string' || Buffer.byteLength(o.password) > 20) throw new ConfigError(`${where}.password`, 'a password of at most 20 bytes');
  const privilege = o.privilege ?? 'administrator';
  if (!(privilege in PRIVILEGE_BY_NAME) || privilege === ('callback' as string)) throw new ConfigError(`${where}.privilege`, "one of 'user', 'operator', 'administrator'", { found: privilege });
  const cipherSuites = o.cipherSuites ?? [17, 3];
  const allowInsecure = o.allowInsecure ?? false;
  if (!Array.isArray(cipherSuites) || cipherSuites.length === 0) throw new ConfigError(`${where}.cipherSuites`, 'a non-empty list of cipher suite numbers', { found: cipherSuites });
  for (const s of cipherSuites) {
    if (!isImplemented(s)) throw new ConfigError(`${where}.cipherSuites`, 'suites from 0, 1, 2, 3, 15, 16, 17', { found: s });
    if (CIPHER_SUITES[s]?.auth === 0 && !allowInsecure) {
      throw new ConfigError(`${where}.cipherSuites`, `suite ${s} has no authentication; set allowInsecure: true for this device to use it`, { found: s });
    }
  }
  const timeoutMs = o.timeoutMs ?? 5000;
  if (!(timeoutMs > 0)) throw new ConfigError(`${where}.timeoutMs`, 'a positive number of milliseconds', { found: timeoutMs });
  const retries = o.retries ?? 3;
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) throw new ConfigError(`${where}.retries`, 'an integer 0–20', { found: retries });
  const keepAliveMs = o.keepAliveMs ?? 20_000;
  if (!(keepAliveMs >= 0)) throw new ConfigError(`${where}.keepAliveMs`, 'a non-negative number of milliseconds (0 disables)', { found: keepAliveMs });
  return { host: o.host, port, user: o.user, privilege, cipherSuites, allowInsecure, timeoutMs, retries, keepAliveMs };
}

export class IpmiSession {
  readonly options: ResolvedSessionOptions;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly kuid: Buffer;
  private readonly kg: Buffer | undefined;
  private readonly username: Buffer;
  private transport: UdpTransport | undefined;
  private active: Active | undefined;
  private state: 'new' | 'active' | 'broken' | 'closed' = 'new';
  private waiter: ((buf: Buffer) => void) | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private rqSeq = 0;
  private keepAlive: Timer | undefined;
  private tag = 0;
  /** Channel authentication capabilities seen at the last login. */
  channelAuth: ChannelAuthCapabilities | undefined;

  constructor(opts: IpmiSessionOptions) {
    registerSecret(opts.password);
    if (opts.kg) registerSecret(opts.kg);
    this.options = resolveSessionOptions(opts);
    this.clock = opts.clock ?? systemClock;
    this.log = (opts.logger ?? silentLogger).child({ component: `ipmi ${this.target}` });
    this.kuid = Buffer.from(opts.password, 'utf8');
    this.kg = opts.kg ? Buffer.from(opts.kg, 'utf8') : undefined;
    this.username = Buffer.from(opts.user, 'utf8');
  }

  get target(): string {
    return `${this.options.host}:${this.options.port}`;
  }

  /** The cipher suite in use, once logged in. */
  get cipherSuite(): number | undefined {
    return this.active?.suite.id;
  }

  get isActive(): boolean {
    return this.state === 'active';
  }

  /** Log in now (otherwise the first request does). */
  async open(signal?: AbortSignal): Promise<void> {
    await this.serialize(() => this.ensureActive(signal));
  }

  /**
   * Send one IPMI request in the session and return the response data (after the completion code).
   * A non-zero completion code throws IpmiCompletionCodeError unless listed in `acceptCodes`.
   */
  async request(spec: CommandSpec, data: Buffer, opts: { signal?: AbortSignal; acceptCodes?: number[] } = {}): Promise<IpmiResponse> {
    return this.serialize(async () => {
      await this.ensureActive(opts.signal);
      const rsp = await this.inSession(spec, data, opts.signal);
      this.armKeepAlive();
      if (rsp.completionCode !== CC.OK && !opts.acceptCodes?.includes(rsp.completionCode)) {
        throw new IpmiCompletionCodeError(spec.netFn, spec.cmd, rsp.completionCode, spec.name);
      }
      return rsp;
    });
  }

  /** Close Session (best effort, bounded by the deadline) and release the socket. */
  async close(): Promise<void> {
    await this.serialize(async () => {
      this.keepAlive?.cancel();
      this.keepAlive = undefined;
      if (this.state === 'active' && this.active) {
        try {
          await this.inSession(CLOSE_SESSION, encodeCloseSessionRequest({ sessionId: this.active.managedSessionId }), undefined, Math.min(this.options.timeoutMs, 1000));
        } catch (e) {
          this.log.debug('Close Session got no answer', { error: e instanceof Error ? e.message : String(e) });
        }
      }
      this.state = 'closed';
      this.active = undefined;
      await this.transport?.close();
      this.transport = undefined;
    });
  }

  // ---- plumbing -------------------------------------------------------------------------

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private armKeepAlive(): void {
    this.keepAlive?.cancel();
    this.keepAlive = undefined;
    if (this.options.keepAliveMs <= 0 || this.state !== 'active') return;
    this.keepAlive = this.clock.setTimer(this.options.keepAliveMs, () => {
      this.keepAlive = undefined;
      this.serialize(async () => {
        if (this.state !== 'active') return;
        try {
          await this.inSession(GET_DEVICE_ID, Buffer.alloc(0));
          this.armKeepAlive();
        } catch (e) {
          this.log.warn('keep-alive failed; will log in again on the next call', { error: e instanceof Error ? e.message : String(e) });
        }
      }).catch(() => undefined);
    });
  }

  private async ensureActive(signal?: AbortSignal): Promise<void> {
    if (this.state === 'closed') throw new IpmiSessionClosedError(`IPMI session to ${this.target} is closed`);
    if (this.state === 'active') return;
    if (!this.transport) {
      this.transport = await UdpTransport.open({ host: this.options.host, port: this.options.port });
      this.transport.listen((buf) => this.waiter?.(buf));
    }
    await this.login(signal);
  }

  private nextRqSeq(): number {
    this.rqSeq = (this.rqSeq + 1) & 0x3f;
    return this.rqSeq;
  }

  /**
   * Send `build()` and wait for a datagram `match` accepts; resend (rebuilding) with doubling waits
   * until `deadlineAt`. `maxAttempts` 1 = no retransmission (RAKP messages must not be repeated).
   */
  private async exchange<T>(
    phase: string,
    build: () => Buffer,
    match: (buf: Buffer) => T | undefined,
    deadlineAt: number,
    budgetMs: number,
    signal?: AbortSignal,
    maxAttempts = this.options.retries + 1,
  ): Promise<T> {
    const transport = this.transport;
    if (!transport) throw new IpmiSessionClosedError(`IPMI session to ${this.target} has no transport`);
    let wait = Math.max(20, budgetMs / (2 ** maxAttempts - 1));
    let attempts = 0;
    while (attempts < maxAttempts) {
      const remaining = deadlineAt - this.clock.now();
      if (remaining <= 0) break;
      attempts++;
      const thisWait = attempts === maxAttempts ? remaining : Math.min(wait, remaining);
      wait *= 2;
      const got = await new Promise<{ value: T } | undefined>((resolve, reject) => {
        const finish = (v: { value: T } | undefined): void => {
          timer.cancel();
          this.waiter = undefined;
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        };
        const onAbort = (): void => {
          timer.cancel();
          this.waiter = undefined;
          reject(signal?.reason instanceof Error ? signal.reason : new Error(`${phase}: aborted`));
        };
        const timer = this.clock.setTimer(thisWait, () => finish(undefined));
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiter = (buf) => {
          const v = match(buf);
          if (v !== undefined) finish({ value: v });
        };
        transport.send(build());
      });
      if (got) return got.value;
      this.log.debug(`${phase}: no answer after attempt ${attempts}`);
    }
    throw new IpmiTimeoutError(phase, this.target, Math.round(budgetMs), attempts);
  }

  /** A request outside any session (IPMI 1.5 framing, authType none). */
  private async sessionless(spec: CommandSpec, data: Buffer, deadlineAt: number, signal?: AbortSignal): Promise<IpmiResponse> {
    const rqSeq = this.nextRqSeq();
    const msg = encodeIpmiRequest({ rsAddr: BMC_ADDR, netFn: spec.netFn, rsLun: 0, rqAddr: CONSOLE_SWID, rqSeq, rqLun: 0, cmd: spec.cmd, data });
    const datagram = encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload: msg });
    return this.exchange(
      spec.name,
      () => datagram,
      (buf) => {
        const p = decodeSession15(buf);
        if (!p.ok) return undefined;
        const r = decodeIpmiResponse(p.value.payload);
        return r.ok && matches(r.value, spec, rqSeq) ? r.value : undefined;
      },
      deadlineAt,
      this.options.timeoutMs,
      signal,
    );
  }

  private async inSession(spec: CommandSpec, data: Buffer, signal?: AbortSignal, budgetMs = this.options.timeoutMs): Promise<IpmiResponse> {
    const a = this.active;
    if (!a) throw new IpmiSessionClosedError(`IPMI session to ${this.target} is not active`);
    const rqSeq = this.nextRqSeq();
    const msg = encodeIpmiRequest({ rsAddr: BMC_ADDR, netFn: spec.netFn, rsLun: 0, rqAddr: CONSOLE_SWID, rqSeq, rqLun: 0, cmd: spec.cmd, data });
    try {
      return await this.exchange(
        spec.name,
        () => {
          // Every transmission, retransmits included, takes a new session sequence number (never 0).
          a.outSeq = a.outSeq >= 0xffffffff ? 1 : a.outSeq + 1;
          return encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.IPMI, sessionId: a.managedSessionId, seq: a.outSeq, payload: msg }, a.crypto);
        },
        (buf) => {
          const p = decodeRmcpPlus(buf, a.crypto);
          if (!p.ok || p.value.sessionId !== a.consoleSessionId || p.value.payloadType !== PAYLOAD_TYPE.IPMI) return undefined;
          if (p.value.seq !== 0 && p.value.seq <= a.lastInSeq && a.lastInSeq !== 0xffffffff) return undefined;
          const r = decodeIpmiResponse(p.value.payload);
          if (!r.ok || !matches(r.value, spec, rqSeq)) return undefined;
          a.lastInSeq = p.value.seq;
          return r.value;
        },
        this.clock.now() + budgetMs,
        budgetMs,
        signal,
      );
    } catch (e) {
      if (e instanceof IpmiTimeoutError) this.state = 'broken';
      throw e;
    }
  }

  // ---- login ----------------------------------------------------------------------------

  private async login(signal?: AbortSignal): Promise<void> {
    const budget = this.options.timeoutMs;
    const deadlineAt = this.clock.now() + budget;
    const priv = PRIVILEGE_BY_NAME[this.options.privilege];
    this.active = undefined;

    let caps = await this.sessionless(GET_CHANNEL_AUTH_CAPABILITIES, encodeChannelAuthRequest({ channel: CURRENT_CHANNEL, extended: true, privilege: priv }), deadlineAt, signal);
    if (caps.completionCode === CC.INVALID_DATA_FIELD) {
      // NOTE(IPMI 1.5 BMCs): they refuse the "extended data" bit with 0xCC; ask again without it.
      caps = await this.sessionless(GET_CHANNEL_AUTH_CAPABILITIES, encodeChannelAuthRequest({ channel: CURRENT_CHANNEL, extended: false, privilege: priv }), deadlineAt, signal);
    }
    if (caps.completionCode !== CC.OK) throw new IpmiCompletionCodeError(GET_CHANNEL_AUTH_CAPABILITIES.netFn, GET_CHANNEL_AUTH_CAPABILITIES.cmd, caps.completionCode, GET_CHANNEL_AUTH_CAPABILITIES.name);
    const decoded = decodeChannelAuthResponse(caps.data);
    if (!decoded.ok) throw new IpmiAuthError(this.target, 'channel-auth', null, 'malformed Get Channel Authentication Capabilities response', { cause: decoded.error });
    this.channelAuth = decoded.value;
    if (!decoded.value.supportsIpmi20) {
      if (!this.options.allowInsecure) {
        throw new IpmiPolicyError(`IPMI login to ${this.target}: the BMC offers only IPMI 1.5 authentication; set allowInsecure: true for this device to accept it`);
      }
      throw new IpmiAuthError(this.target, 'ipmi15', null, 'the BMC offers only IPMI 1.5, and IPMI 1.5 sessions are not implemented by this client');
    }

    let lastRefusal: IpmiAuthError | undefined;
    for (const suiteId of this.options.cipherSuites) {
      const suite = CIPHER_SUITES[suiteId] as CipherSuite;
      for (;;) {
        try {
          await this.loginWithSuite(suite, priv, deadlineAt, budget, signal);
          this.state = 'active';
          this.log.debug('session active', { cipherSuite: suite.id, privilege: this.options.privilege });
          return;
        } catch (e) {
          if (e instanceof LoginRestart) continue;
          if (e instanceof IpmiAuthError && e.stage === 'open-session' && e.rakpStatus !== null && SUITE_REFUSED.has(e.rakpStatus)) {
            this.log.debug(`cipher suite ${suite.id} refused`, { status: e.rakpStatus });
            lastRefusal = e;
            break;
          }
          throw e;
        }
      }
    }
    throw lastRefusal ?? new IpmiAuthError(this.target, 'open-session', null, 'no cipher suite to try');
  }

  private async loginWithSuite(suite: CipherSuite, priv: number, deadlineAt: number, budget: number, signal?: AbortSignal): Promise<void> {
    // Open Session: a timeout resends a fresh request with a new console session ID.
    let consoleSessionId = 0;
    const tag = (this.tag = (this.tag + 1) & 0xff);
    const osr = await this.exchange(
      'Open Session',
      () => {
        consoleSessionId = randomBytes(4).readUInt32LE(0) || 1;
        return encodeRmcpPlus({
          payloadType: PAYLOAD_TYPE.OPEN_SESSION_REQUEST,
          sessionId: 0,
          seq: 0,
          payload: encodeOpenSessionRequest({ tag, maxPrivilege: 0, consoleSessionId, auth: suite.auth, integrity: suite.integrity, confidentiality: suite.confidentiality }),
        });
      },
      (buf) => {
        const p = decodeRmcpPlus(buf);
        if (!p.ok || p.value.payloadType !== PAYLOAD_TYPE.OPEN_SESSION_RESPONSE) return undefined;
        const r = decodeOpenSessionResponse(p.value.payload);
        return r.ok && r.value.tag === tag && (r.value.status !== 0 || r.value.consoleSessionId === consoleSessionId) ? r.value : undefined;
      },
      deadlineAt,
      budget,
      signal,
    );
    if (osr.status !== 0) throw new IpmiAuthError(this.target, 'open-session', osr.status, `cipher suite ${suite.id} refused`);
    if (osr.auth !== suite.auth || osr.integrity !== suite.integrity || osr.confidentiality !== suite.confidentiality) {
      throw new IpmiAuthError(
        this.target,
        'open-session',
        RAKP_STATUS.NO_CIPHER_SUITE_MATCH,
        `asked for cipher suite ${suite.id}, the BMC answered algorithms ${osr.auth}/${osr.integrity}/${osr.confidentiality}`,
      );
    }
    const managedSessionId = osr.managedSessionId;

    // RAKP 1/2: not repeated on timeout (BMCs reject a repeated RAKP1); the whole login restarts.
    const role = priv | RAKP_ROLE_NAME_ONLY;
    const consoleRandom = randomBytes(16);
    const rakp1 = encodeRmcpPlus({
      payloadType: PAYLOAD_TYPE.RAKP1,
      sessionId: 0,
      seq: 0,
      payload: encodeRakp1({ tag, managedSessionId, consoleRandom, role, username: this.username }),
    });
    const rakp2 = await this.loginStep('RAKP Message 2', rakp1, (buf) => {
      const p = decodeRmcpPlus(buf);
      if (!p.ok || p.value.payloadType !== PAYLOAD_TYPE.RAKP2) return undefined;
      const r = decodeRakp2(p.value.payload);
      return r.ok && r.value.tag === tag ? r.value : undefined;
    }, deadlineAt, budget, signal);
    if (rakp2.status !== 0) throw new IpmiAuthError(this.target, 'rakp2', rakp2.status, `user "${this.options.user}" refused`);
    if (rakp2.consoleSessionId !== consoleSessionId) throw new LoginRestart('RAKP2 for another session');
    const hashInput = {
      auth: suite.auth,
      kuid: this.kuid,
      ...(this.kg ? { kg: this.kg } : {}),
      consoleSessionId,
      managedSessionId,
      consoleRandom,
      managedRandom: rakp2.managedRandom,
      managedGuid: rakp2.managedGuid,
      role,
      username: this.username,
    };
    const expected = rakp2AuthCode(hashInput);
    if (!expected.equals(rakp2.authCode)) {
      throw new IpmiAuthError(this.target, 'rakp2', null, `key-exchange code mismatch: wrong password for user "${this.options.user}"`);
    }
    const sik = deriveSik(hashInput);
    const crypto = deriveSessionCrypto(suite, sik);

    // RAKP 3/4.
    const rakp3 = encodeRmcpPlus({
      payloadType: PAYLOAD_TYPE.RAKP3,
      sessionId: 0,
      seq: 0,
      payload: encodeRakp3({ tag, status: 0, managedSessionId, authCode: rakp3AuthCode(hashInput) }),
    });
    const rakp4 = await this.loginStep('RAKP Message 4', rakp3, (buf) => {
      const p = decodeRmcpPlus(buf);
      if (!p.ok || p.value.payloadType !== PAYLOAD_TYPE.RAKP4) return undefined;
      const r = decodeRakp4(p.value.payload);
      return r.ok && r.value.tag === tag ? r.value : undefined;
    }, deadlineAt, budget, signal);
    if (rakp4.status !== 0) throw new IpmiAuthError(this.target, 'rakp4', rakp4.status, 'integrity check refused by the BMC');
    const icv = rakp4Icv({ auth: suite.auth, sik, consoleRandom, managedSessionId, managedGuid: rakp2.managedGuid });
    if (!icv.equals(rakp4.icv)) throw new IpmiAuthError(this.target, 'rakp4', null, 'integrity check value mismatch (wrong BMC key Kg?)');

    this.active = { suite, crypto, consoleSessionId, managedSessionId, outSeq: 0, lastInSeq: 0 };
    const rsp = await this.inSession(SET_SESSION_PRIVILEGE, encodeSetSessionPrivilegeRequest(priv), signal, Math.max(1, deadlineAt - this.clock.now()));
    if (rsp.completionCode !== CC.OK) {
      this.active = undefined;
      throw new IpmiAuthError(this.target, 'privilege', null, `Set Session Privilege Level to ${this.options.privilege} refused with completion code 0x${rsp.completionCode.toString(16)}`);
    }
  }

  /** One unrepeatable login message: a timeout restarts the login (while the deadline allows). */
  private async loginStep<T>(phase: string, datagram: Buffer, match: (buf: Buffer) => T | undefined, deadlineAt: number, budget: number, signal?: AbortSignal): Promise<T> {
    const slice = Math.max(20, budget / (2 ** (this.options.retries + 1) - 1));
    try {
      return await this.exchange(phase, () => datagram, match, Math.min(deadlineAt, this.clock.now() + slice * 2), budget, signal, 1);
    } catch (e) {
      if (e instanceof IpmiTimeoutError && this.clock.now() < deadlineAt) throw new LoginRestart(phase);
      if (e instanceof IpmiTimeoutError) throw new IpmiTimeoutError(`login (${phase})`, this.target, budget, e.attempts, { cause: e });
      throw e;
    }
  }
}

function matches(r: IpmiResponse, spec: CommandSpec, rqSeq: number): boolean {
  return r.netFn === spec.netFn + 1 && r.cmd === spec.cmd && r.rqSeq === rqSeq;
}
