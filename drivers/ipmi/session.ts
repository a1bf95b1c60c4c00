/**
 * An IPMI session to one BMC: login, in-session requests, retries with exponential backoff inside
 * one deadline per call, an idle keep-alive, and Close Session.
 *
 * Login: Get Channel Authentication Capabilities (no session) → an IPMI 2.0 / RMCP+ session
 * (login-rmcpplus.ts) or, only with `allowInsecure`, an IPMI 1.5 session (login-ipmi15.ts), chosen
 * by `protocol` and what the BMC offers (session-options.ts) → Set Session Privilege Level.
 *
 * - One request is outstanding at a time; calls queue.
 * - A request that timed out, or a keep-alive that failed, marks the session broken; the next
 *   call logs in again (a fresh session). `stats` and `lastKeepAliveError` show what happened.
 * - The password is registered with registerSecret and never logged.
 * - Payloads of other types (Serial-over-LAN) travel in the same RMCP+ session: `sendPayload`
 *   sends one, `onPayload` receives those the BMC sends on its own; `onBroken` tells when the
 *   session broke (a payload's activation does not survive a new login).
 */
import { type Clock, systemClock, type Timer } from '../../lib/clock.ts';
import { errorMessage } from '../../lib/errors.ts';
import { silentLogger, type Logger } from '../../lib/log.ts';
import { registerSecret } from '../../lib/redact.ts';
import { decodeSession15, encodeSession15, AUTH_TYPE } from './codec/session15.ts';
import { decodeIpmiResponse, type IpmiResponse } from './codec/message.ts';
import { decodeChannelAuthResponse, encodeChannelAuthRequest, GET_CHANNEL_AUTH_CAPABILITIES, CURRENT_CHANNEL, type ChannelAuthCapabilities } from './codec/commands/channel-auth.ts';
import { CLOSE_SESSION, SET_SESSION_PRIVILEGE, encodeCloseSessionRequest, encodeSetSessionPrivilegeRequest } from './codec/commands/session-commands.ts';
import { GET_DEVICE_ID } from './codec/commands/device-id.ts';
import { PRIVILEGE_BY_NAME, type CommandSpec } from './codec/commands/spec.ts';
import { CC } from './codec/completion-codes.ts';
import { UdpTransport } from './transport.ts';
import { Exchanger } from './exchange.ts';
import { answers, requestMessage, type LoginContext, type SessionFraming } from './session-framing.ts';
import { loginRmcpPlus } from './login-rmcpplus.ts';
import { loginIpmi15 } from './login-ipmi15.ts';
import { resolveSessionOptions, type IpmiSessionOptions, type ResolvedSessionOptions } from './session-options.ts';
import { IpmiAuthError, IpmiCompletionCodeError, IpmiPolicyError, IpmiSessionClosedError, IpmiTimeoutError } from './errors.ts';

export { resolveSessionOptions, type IpmiSessionOptions, type ResolvedSessionOptions, type IpmiPrivilege, type IpmiProtocolChoice } from './session-options.ts';

export interface IpmiSessionStats {
  /** Successful logins (the first one included). */
  logins: number;
  /** In-session requests answered (keep-alives excluded). */
  requests: number;
  /** Datagrams sent again because no answer came in time. */
  retransmissions: number;
  keepAlivesSent: number;
  keepAlivesAnswered: number;
  keepAliveFailures: number;
}

/** Round trips of a login (channel auth, a refused suite, open session, RAKP 1/2 and 3/4, privilege), for its deadline. */
const LOGIN_ROUND_TRIPS = 6;
/** The login deadline grows with the round trip up to this multiple of timeoutMs. */
const MAX_LOGIN_SCALE = 8;

export class IpmiSession {
  readonly options: ResolvedSessionOptions;
  /** The clock the session times its waits with (the client's polls use it too). */
  readonly clock: Clock;
  private readonly log: Logger;
  private readonly kuid: Buffer;
  private readonly kg: Buffer | undefined;
  private readonly username: Buffer;
  private transport: UdpTransport | undefined;
  private exchanger: Exchanger | undefined;
  private framing: SessionFraming | undefined;
  private state: 'new' | 'active' | 'broken' | 'closed' = 'new';
  private queue: Promise<unknown> = Promise.resolve();
  private rqSeq = 0;
  private keepAlive: Timer | undefined;
  private readonly counters = { logins: 0, requests: 0, keepAlivesSent: 0, keepAlivesAnswered: 0, keepAliveFailures: 0 };
  /** Channel authentication capabilities seen at the last login. */
  channelAuth: ChannelAuthCapabilities | undefined;
  /** Why the last keep-alive failed (the session then logs in again on the next call). */
  lastKeepAliveError: Error | undefined;
  private readonly payloadListeners = new Map<number, (payload: Buffer) => void>();
  private readonly brokenListeners = new Set<(why: Error) => void>();

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

  /** 'Active' once logged in; 'broken' after a timeout or failed keep-alive (next call logs in again). */
  get status(): 'new' | 'active' | 'broken' | 'closed' {
    return this.state;
  }

  get isActive(): boolean {
    return this.state === 'active';
  }

  /** IPMI version of the current (or last) session: '2.0' (RMCP+) or '1.5'. */
  get protocol(): '2.0' | '1.5' | undefined {
    return this.framing?.protocol;
  }

  /** The RMCP+ cipher suite in use; undefined before login and for IPMI 1.5. */
  get cipherSuite(): number | undefined {
    return this.framing?.cipherSuite;
  }

  /** The BMC's ID of the current (or last) session. */
  get managedSessionId(): number | undefined {
    return this.framing?.managedSessionId;
  }

  get stats(): IpmiSessionStats {
    return { ...this.counters, retransmissions: this.exchanger?.retransmissions ?? 0 };
  }

  /** Receive the payloads of `payloadType` the BMC sends in the session outside any request (one listener per type). */
  onPayload(payloadType: number, fn: (payload: Buffer) => void): () => void {
    this.payloadListeners.set(payloadType, fn);
    return () => this.payloadListeners.delete(payloadType);
  }

  /** Be told when the session breaks (a request timed out, a keep-alive failed) or is closed. */
  onBroken(fn: (why: Error) => void): () => void {
    this.brokenListeners.add(fn);
    return () => this.brokenListeners.delete(fn);
  }

  /** Send one payload of another type (e.g. SOL) in the active RMCP+ session; no answer is awaited. */
  sendPayload(payloadType: number, payload: Buffer): void {
    const framing = this.framing;
    if (this.state !== 'active' || !framing || !this.exchanger) throw new IpmiSessionClosedError(`IPMI session to ${this.target} is not active`);
    if (!framing.wrapPayload) throw new IpmiPolicyError(`IPMI session to ${this.target}: payload type ${payloadType} needs an IPMI 2.0 (RMCP+) session`);
    this.exchanger.sendOnly(framing.wrapPayload(payloadType, payload));
  }

  /** Log in now (otherwise the first request does). */
  async open(signal?: AbortSignal): Promise<void> {
    await this.serialize(() => this.ensureActive(signal));
  }

  /**
   * Send one IPMI request in the session and return the response (data after the completion code).
   * A non-zero completion code throws IpmiCompletionCodeError unless listed in `acceptCodes`.
   */
  async request(spec: CommandSpec, data: Buffer, opts: { signal?: AbortSignal; acceptCodes?: number[] } = {}): Promise<IpmiResponse> {
    return this.serialize(async () => {
      await this.ensureActive(opts.signal);
      const rsp = await this.inSession(spec, data, opts.signal);
      this.counters.requests++;
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
      this.cancelKeepAlive();
      if (this.state === 'active' && this.framing) {
        try {
          await this.inSession(CLOSE_SESSION, encodeCloseSessionRequest({ sessionId: this.framing.managedSessionId }), undefined, Math.min(this.options.timeoutMs, 1000));
        } catch (e) {
          this.log.debug('Close Session got no answer', { error: errorMessage(e) });
        }
      }
      this.state = 'closed';
      this.tellBroken(new IpmiSessionClosedError(`IPMI session to ${this.target} was closed`));
      await this.transport?.close();
      this.transport = undefined;
      this.exchanger = undefined;
    });
  }

  // ---- plumbing -------------------------------------------------------------------------

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private markBroken(why: Error): void {
    const was = this.state;
    this.state = 'broken';
    if (was === 'active') this.tellBroken(why);
  }

  private tellBroken(why: Error): void {
    for (const fn of [...this.brokenListeners]) fn(why);
  }

  private cancelKeepAlive(): void {
    this.keepAlive?.cancel();
    this.keepAlive = undefined;
  }

  /** (Re)start the idle timer: after keepAliveMs without a call, send a Get Device ID in the session. */
  private armKeepAlive(): void {
    this.cancelKeepAlive();
    if (this.options.keepAliveMs <= 0 || this.state !== 'active') return;
    this.keepAlive = this.clock.setTimer(this.options.keepAliveMs, () => {
      this.keepAlive = undefined;
      void this.serialize(() => this.sendKeepAlive()).catch(() => undefined);
    });
  }

  private async sendKeepAlive(): Promise<void> {
    if (this.state !== 'active') return;
    this.counters.keepAlivesSent++;
    try {
      // Any answer (whatever its completion code) proves the session is alive.
      await this.inSession(GET_DEVICE_ID, Buffer.alloc(0));
      this.counters.keepAlivesAnswered++;
      this.armKeepAlive();
    } catch (e) {
      this.counters.keepAliveFailures++;
      this.lastKeepAliveError = e instanceof Error ? e : new Error(String(e));
      this.markBroken(this.lastKeepAliveError);
      this.log.warn('keep-alive failed; the next call logs in again', { error: errorMessage(e) });
    }
  }

  private async ensureActive(signal?: AbortSignal): Promise<void> {
    if (this.state === 'closed') throw new IpmiSessionClosedError(`IPMI session to ${this.target} is closed`);
    if (this.state === 'active') return;
    if (!this.transport || !this.exchanger) {
      this.transport = await UdpTransport.open({ host: this.options.host, port: this.options.port, timeoutMs: this.options.timeoutMs, clock: this.clock });
      this.exchanger = new Exchanger(this.transport, this.clock, this.log, this.target);
      this.exchanger.onUnmatched = (buf) => this.unsolicited(buf);
    }
    if (this.state === 'broken') this.log.info('logging in again (the previous session is broken)');
    await this.login(this.exchanger, signal);
  }

  private unsolicited(buf: Buffer): void {
    const p = this.state === 'active' ? this.framing?.unwrapPayload?.(buf) : undefined;
    if (p) this.payloadListeners.get(p.payloadType)?.(p.payload);
  }

  private nextRqSeq(): number {
    this.rqSeq = (this.rqSeq + 1) & 0x3f;
    return this.rqSeq;
  }

  /** A request outside any session (IPMI 1.5 framing, authType none). */
  private sessionless(exchanger: Exchanger, spec: CommandSpec, data: Buffer, deadlineAt: number, signal?: AbortSignal): Promise<IpmiResponse> {
    const rqSeq = this.nextRqSeq();
    const datagram = encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload: requestMessage(spec, data, rqSeq) });
    return exchanger.exchange({
      phase: spec.name,
      build: () => datagram,
      match: (buf) => {
        const p = decodeSession15(buf);
        if (!p.ok || p.value.sessionId !== 0) return undefined;
        const r = decodeIpmiResponse(p.value.payload);
        return r.ok && answers(r.value, spec, rqSeq) ? r.value : undefined;
      },
      deadlineAt,
      budgetMs: this.options.timeoutMs,
      maxAttempts: this.options.retries + 1,
      signal,
    });
  }

  private async inSession(spec: CommandSpec, data: Buffer, signal?: AbortSignal, budget?: number): Promise<IpmiResponse> {
    const framing = this.framing;
    const exchanger = this.exchanger;
    if (!framing || !exchanger || this.state === 'closed') throw new IpmiSessionClosedError(`IPMI session to ${this.target} is not active`);
    // The deadline of a call grows with the measured round trip: a slow link still gets its retries.
    const budgetMs = budget ?? Math.max(this.options.timeoutMs, (this.options.retries + 1) * exchanger.rtoMs);
    const rqSeq = this.nextRqSeq();
    const msg = requestMessage(spec, data, rqSeq);
    try {
      return await exchanger.exchange({
        phase: spec.name,
        // Every transmission, retransmits included, takes a new session sequence number.
        build: () => framing.wrap(msg),
        match: (buf) => {
          const payload = framing.unwrap(buf);
          const r = payload && decodeIpmiResponse(payload);
          return r && r.ok && answers(r.value, spec, rqSeq) ? r.value : undefined;
        },
        deadlineAt: this.clock.now() + budgetMs,
        budgetMs,
        maxAttempts: this.options.retries + 1,
        signal,
      });
    } catch (e) {
      if (e instanceof IpmiTimeoutError) this.markBroken(e);
      throw e;
    }
  }

  // ---- login ----------------------------------------------------------------------------

  private async login(exchanger: Exchanger, signal?: AbortSignal): Promise<void> {
    const privilege = PRIVILEGE_BY_NAME[this.options.privilege];
    this.framing = undefined;
    this.cancelKeepAlive();
    // One deadline for the whole login, at least timeoutMs, growing with the measured round trip
    // (each of the login's round trips has its own timeout inside it), at most MAX_LOGIN_SCALE × timeoutMs.
    const startedAt = this.clock.now();
    const baseMs = this.options.timeoutMs;
    const budget = (): number => Math.min(MAX_LOGIN_SCALE * baseMs, Math.max(baseMs, LOGIN_ROUND_TRIPS * exchanger.rtoMs));
    const deadline = (): number => startedAt + budget();

    const caps = await this.channelAuthCapabilities(exchanger, privilege, deadline, signal);
    const ctx: LoginContext = {
      exchanger,
      target: this.target,
      options: this.options,
      clock: this.clock,
      log: this.log,
      username: this.username,
      kuid: this.kuid,
      kg: this.kg,
      privilege,
      get deadlineAt() {
        return deadline();
      },
      get budgetMs() {
        return budget();
      },
      signal,
      sessionless: (spec, data) => this.sessionless(exchanger, spec, data, deadline(), signal),
      nextRqSeq: () => this.nextRqSeq(),
    };
    const framing = this.chooseProtocol(caps) === '1.5' ? await loginIpmi15(ctx, caps) : await loginRmcpPlus(ctx);

    this.framing = framing;
    this.state = 'active';
    try {
      const rsp = await this.inSession(SET_SESSION_PRIVILEGE, encodeSetSessionPrivilegeRequest(privilege), signal, Math.max(1, deadline() - this.clock.now()));
      if (rsp.completionCode !== CC.OK) {
        throw new IpmiAuthError(this.target, 'privilege', null, `Set Session Privilege Level to ${this.options.privilege} refused with completion code 0x${rsp.completionCode.toString(16)}`);
      }
    } catch (e) {
      // The BMC activated the session: release its slot rather than leave it to the idle timeout.
      await this.closeActivated(framing);
      this.state = 'broken';
      throw e;
    }
    this.counters.logins++;
    this.armKeepAlive();
    this.log.debug('session active', { protocol: framing.protocol, cipherSuite: framing.cipherSuite, privilege: this.options.privilege });
  }

  /** Close Session for a session the BMC activated but we give up on (best effort, short deadline). */
  private async closeActivated(framing: SessionFraming): Promise<void> {
    this.state = 'active';
    try {
      await this.inSession(CLOSE_SESSION, encodeCloseSessionRequest({ sessionId: framing.managedSessionId }), undefined, Math.min(this.options.timeoutMs, 1000));
    } catch (e) {
      this.log.debug('Close Session for an abandoned login got no answer', { error: errorMessage(e) });
    }
  }

  private async channelAuthCapabilities(exchanger: Exchanger, privilege: number, deadline: () => number, signal?: AbortSignal): Promise<ChannelAuthCapabilities> {
    const spec = GET_CHANNEL_AUTH_CAPABILITIES;
    let caps = await this.sessionless(exchanger, spec, encodeChannelAuthRequest({ channel: CURRENT_CHANNEL, extended: true, privilege }), deadline(), signal);
    if (caps.completionCode === CC.INVALID_DATA_FIELD) {
      // NOTE(IPMI 1.5 BMCs): they refuse the "extended data" bit with 0xCC; ask again without it.
      caps = await this.sessionless(exchanger, spec, encodeChannelAuthRequest({ channel: CURRENT_CHANNEL, extended: false, privilege }), deadline(), signal);
    }
    if (caps.completionCode !== CC.OK) throw new IpmiCompletionCodeError(spec.netFn, spec.cmd, caps.completionCode, spec.name);
    const decoded = decodeChannelAuthResponse(caps.data);
    if (!decoded.ok) throw new IpmiAuthError(this.target, 'channel-auth', null, `malformed ${spec.name} response`, { cause: decoded.error });
    this.channelAuth = decoded.value;
    return decoded.value;
  }

  /** IPMI 2.0 unless the user asked for 1.5, or the BMC offers only 1.5 and the device allows insecure sessions. */
  private chooseProtocol(caps: ChannelAuthCapabilities): '2.0' | '1.5' {
    const { protocol, allowInsecure } = this.options;
    if (protocol === '1.5') {
      // resolveSessionOptions already refused '1.5' without allowInsecure.
      if (!caps.supportsIpmi15) throw new IpmiAuthError(this.target, 'channel-auth', null, "protocol '1.5' was asked for, but the BMC does not offer IPMI 1.5 sessions");
      return '1.5';
    }
    if (caps.supportsIpmi20) return '2.0';
    if (protocol === '2.0') throw new IpmiAuthError(this.target, 'channel-auth', null, "protocol '2.0' was asked for, but the BMC offers only IPMI 1.5 sessions");
    if (!allowInsecure) {
      throw new IpmiPolicyError(
        `IPMI login to ${this.target}: the BMC offers only IPMI 1.5 sessions (MD5, no confidentiality); set allowInsecure: true for this device to accept them`,
      );
    }
    return '1.5';
  }
}
