/**
 * IPMI 2.0 / RMCP+ login (§13.17–13.23): Open Session → RAKP 1/2 → RAKP 3/4, over the cipher
 * suites in the options' order. A suite the BMC refuses with an algorithm status (ipmi_sim: 0x04
 * for suite 17) moves on to the next one; the algorithms the BMC answers are checked, never
 * assumed. RAKP messages are never retransmitted (BMCs refuse a repeated RAKP1): a lost one
 * restarts the login while the deadline allows. Returns the session framing (keys, IDs, sequence).
 */
import { randomBytes } from 'node:crypto';
import { CIPHER_SUITES, type CipherSuite } from './codec/cipher-suites.ts';
import { deriveSessionCrypto, deriveSik, rakp2AuthCode, rakp3AuthCode, rakp4Icv } from './codec/keys.ts';
import { decodeOpenSessionResponse, encodeOpenSessionRequest } from './codec/open-session.ts';
import { decodeRakp2, decodeRakp4, encodeRakp1, encodeRakp3, RAKP_ROLE_NAME_ONLY } from './codec/rakp.ts';
import { RAKP_STATUS } from './codec/rakp-status.ts';
import { decodeRmcpPlus, encodeRmcpPlus, PAYLOAD_TYPE, type SessionCrypto } from './codec/rmcpplus.ts';
import { IpmiAuthError, IpmiPolicyError, IpmiTimeoutError } from './errors.ts';
import { SequenceWindow, type LoginContext, type SessionFraming } from './session-framing.ts';

/** RMCP+ statuses that mean "this suite is not acceptable here": try the next one. */
const SUITE_REFUSED = new Set<number>([
  RAKP_STATUS.INVALID_AUTH_ALGORITHM,
  RAKP_STATUS.INVALID_INTEGRITY_ALGORITHM,
  RAKP_STATUS.NO_MATCHING_AUTH_PAYLOAD,
  RAKP_STATUS.NO_MATCHING_INTEGRITY_PAYLOAD,
  RAKP_STATUS.INVALID_CONFIDENTIALITY_ALGORITHM,
  RAKP_STATUS.NO_CIPHER_SUITE_MATCH,
]);

/** A lost RAKP message: start the login for this suite again. */
class LoginRestart extends Error {}

let lastTag = 0;

export async function loginRmcpPlus(ctx: LoginContext): Promise<SessionFraming> {
  let lastRefusal: IpmiAuthError | undefined;
  for (const suiteId of ctx.options.cipherSuites) {
    const suite = CIPHER_SUITES[suiteId];
    if (!suite) throw new IpmiPolicyError(`IPMI login to ${ctx.target}: cipher suite ${suiteId} is not implemented`);
    for (;;) {
      try {
        return await loginWithSuite(ctx, suite);
      } catch (e) {
        if (e instanceof LoginRestart) continue;
        if (e instanceof IpmiAuthError && e.stage === 'open-session' && e.rakpStatus !== null && SUITE_REFUSED.has(e.rakpStatus)) {
          ctx.log.debug(`cipher suite ${suite.id} refused`, { status: e.rakpStatus });
          lastRefusal = e;
          break;
        }
        throw e;
      }
    }
  }
  throw lastRefusal ?? new IpmiAuthError(ctx.target, 'open-session', null, 'no cipher suite to try');
}

/** Decoder of one setup payload type: the RMCP+ packet must be unauthenticated and of `payloadType`. */
function setupPayload<T extends { tag: number }>(payloadType: number, decode: (b: Buffer) => { ok: true; value: T } | { ok: false }, tag: number) {
  return (buf: Buffer): T | undefined => {
    const p = decodeRmcpPlus(buf);
    if (!p.ok || p.value.payloadType !== payloadType) return undefined;
    const r = decode(p.value.payload);
    return r.ok && r.value.tag === tag ? r.value : undefined;
  };
}

/**
 * Open Session (§13.17, §13.18): a timeout resends the same request (same console session ID), so
 * the answer to an earlier transmission that was merely slow still counts.
 */
async function openSessionStep(ctx: LoginContext, suite: CipherSuite, tag: number): Promise<{ consoleSessionId: number; managedSessionId: number }> {
  const consoleSessionId = randomBytes(4).readUInt32LE(0) || 1;
  const openMatch = setupPayload(PAYLOAD_TYPE.OPEN_SESSION_RESPONSE, decodeOpenSessionResponse, tag);
  const request = encodeRmcpPlus({
    payloadType: PAYLOAD_TYPE.OPEN_SESSION_REQUEST,
    sessionId: 0,
    seq: 0,
    payload: encodeOpenSessionRequest({ tag, maxPrivilege: 0, consoleSessionId, auth: suite.auth, integrity: suite.integrity, confidentiality: suite.confidentiality }),
  });
  const osr = await ctx.exchanger.exchange({
    phase: 'Open Session',
    build: () => request,
    match: (buf) => {
      const r = openMatch(buf);
      return r && (r.status !== 0 || r.consoleSessionId === consoleSessionId) ? r : undefined;
    },
    deadlineAt: ctx.deadlineAt,
    budgetMs: ctx.budgetMs,
    maxAttempts: ctx.options.retries + 1,
    signal: ctx.signal,
  });
  if (osr.status !== 0) throw new IpmiAuthError(ctx.target, 'open-session', osr.status, `cipher suite ${suite.id} refused`);
  if (osr.auth !== suite.auth || osr.integrity !== suite.integrity || osr.confidentiality !== suite.confidentiality) {
    const got = `${osr.auth}/${osr.integrity}/${osr.confidentiality}`;
    throw new IpmiAuthError(ctx.target, 'open-session', RAKP_STATUS.NO_CIPHER_SUITE_MATCH, `asked for cipher suite ${suite.id}, the BMC answered algorithms ${got}`);
  }
  return { consoleSessionId, managedSessionId: osr.managedSessionId };
}

/** What RAKP1/RAKP2 settled, hashed into every later code and key (m = console, c = BMC). */
type RakpInput = Parameters<typeof rakp2AuthCode>[0] & Parameters<typeof deriveSik>[0];

/** RAKP 1/2 (§13.20, §13.21): the BMC proves it knows the password; a mismatch is a wrong password. */
async function rakp12Step(ctx: LoginContext, suite: CipherSuite, tag: number, ids: { consoleSessionId: number; managedSessionId: number }): Promise<RakpInput> {
  const role = ctx.privilege | RAKP_ROLE_NAME_ONLY;
  const consoleRandom = randomBytes(16);
  const rakp1 = encodeRakp1({ tag, managedSessionId: ids.managedSessionId, consoleRandom, role, username: ctx.username });
  const rakp2 = await loginStep(ctx, 'RAKP Message 2', PAYLOAD_TYPE.RAKP1, rakp1, setupPayload(PAYLOAD_TYPE.RAKP2, decodeRakp2, tag));
  if (rakp2.status !== 0) throw new IpmiAuthError(ctx.target, 'rakp2', rakp2.status, `user "${ctx.options.user}" refused`);
  if (rakp2.consoleSessionId !== ids.consoleSessionId) throw new LoginRestart('RAKP2 for another session');
  const input: RakpInput = {
    auth: suite.auth,
    kuid: ctx.kuid,
    ...(ctx.kg ? { kg: ctx.kg } : {}),
    ...ids,
    consoleRandom,
    managedRandom: rakp2.managedRandom,
    managedGuid: rakp2.managedGuid,
    role,
    username: ctx.username,
  };
  if (!rakp2AuthCode(input).equals(rakp2.authCode)) {
    throw new IpmiAuthError(ctx.target, 'rakp2', null, `key-exchange code mismatch: wrong password for user "${ctx.options.user}"`);
  }
  return input;
}

async function loginWithSuite(ctx: LoginContext, suite: CipherSuite): Promise<SessionFraming> {
  const tag = (lastTag = (lastTag + 1) & 0xff);
  const ids = await openSessionStep(ctx, suite, tag);
  // From here on the BMC holds a session slot for us: a login that fails before RAKP4 tells it so
  // with a RAKP3 carrying an error status (§13.22), on which the BMC drops the session.
  let rakp3Sent = false;
  try {
    const input = await rakp12Step(ctx, suite, tag, ids);
    const sik = deriveSik(input);
    // RAKP 3/4 (§13.22, §13.23): we prove the password; the BMC's ICV proves the session key (Kg).
    const rakp3 = encodeRakp3({ tag, status: 0, managedSessionId: ids.managedSessionId, authCode: rakp3AuthCode(input) });
    rakp3Sent = true;
    const rakp4 = await loginStep(ctx, 'RAKP Message 4', PAYLOAD_TYPE.RAKP3, rakp3, setupPayload(PAYLOAD_TYPE.RAKP4, decodeRakp4, tag));
    if (rakp4.status !== 0) throw new IpmiAuthError(ctx.target, 'rakp4', rakp4.status, 'integrity check refused by the BMC');
    const icv = rakp4Icv({ auth: suite.auth, sik, consoleRandom: input.consoleRandom, managedSessionId: ids.managedSessionId, managedGuid: input.managedGuid });
    // NOTE(wrong Kg): the BMC now counts the session as active under keys we cannot reproduce, so no
    // Close Session can reach it; it ends with the BMC's idle timeout.
    if (!icv.equals(rakp4.icv)) throw new IpmiAuthError(ctx.target, 'rakp4', null, 'integrity check value mismatch (wrong BMC key Kg?)');
    return rmcpPlusFraming(suite, deriveSessionCrypto(suite, sik), ids.consoleSessionId, ids.managedSessionId);
  } catch (e) {
    // A RAKP4 with a status, or one we could not verify, already ended the exchange on the BMC side;
    // a lost RAKP4 (timeout) leaves the BMC waiting or active: an error RAKP3 is then harmless or ignored.
    const rakp4Answered = e instanceof IpmiAuthError && e.stage === 'rakp4';
    if (!rakp4Answered) abandonHandshake(ctx, tag, ids.managedSessionId, rakp3Sent ? RAKP_STATUS.INVALID_SESSION_ID : RAKP_STATUS.INVALID_INTEGRITY_CHECK_VALUE);
    throw e;
  }
}

/** Tell the BMC to drop a half-open session: RAKP3 with a non-zero status, sent once, no answer awaited. */
function abandonHandshake(ctx: LoginContext, tag: number, managedSessionId: number, status: number): void {
  const payload = encodeRakp3({ tag, status, managedSessionId, authCode: Buffer.alloc(0) });
  ctx.exchanger.sendOnly(encodeRmcpPlus({ payloadType: PAYLOAD_TYPE.RAKP3, sessionId: 0, seq: 0, payload }));
  ctx.log.debug('abandoned the half-open session', { managedSessionId, status });
}

/** One unrepeatable login message: a timeout restarts the login (while the deadline allows). */
async function loginStep<T>(ctx: LoginContext, phase: string, payloadType: number, payload: Buffer, match: (buf: Buffer) => T | undefined): Promise<T> {
  // Wait for this round trip alone: at least twice the retransmission timeout measured so far.
  const slice = Math.max(20, ctx.budgetMs / (2 ** (ctx.options.retries + 1) - 1), ctx.exchanger.rtoMs);
  const datagram = encodeRmcpPlus({ payloadType, sessionId: 0, seq: 0, payload });
  try {
    return await ctx.exchanger.exchange({
      phase,
      build: () => datagram,
      match,
      deadlineAt: Math.min(ctx.deadlineAt, ctx.clock.now() + slice * 2),
      budgetMs: ctx.budgetMs,
      maxAttempts: 1,
      signal: ctx.signal,
    });
  } catch (e) {
    if (!(e instanceof IpmiTimeoutError)) throw e;
    if (ctx.clock.now() < ctx.deadlineAt) throw new LoginRestart(phase);
    throw new IpmiTimeoutError(`login (${phase})`, ctx.target, ctx.budgetMs, e.attempts, { cause: e });
  }
}

function rmcpPlusFraming(suite: CipherSuite, crypto: SessionCrypto, consoleSessionId: number, managedSessionId: number): SessionFraming {
  const seq = new SequenceWindow(1);
  const wrapPayload = (payloadType: number, payload: Buffer): Buffer => encodeRmcpPlus({ payloadType, sessionId: managedSessionId, seq: seq.next(), payload }, crypto);
  return {
    protocol: '2.0',
    cipherSuite: suite.id,
    managedSessionId,
    wrap: (msg) => wrapPayload(PAYLOAD_TYPE.IPMI, msg),
    unwrap: (datagram) => {
      const p = decodeRmcpPlus(datagram, crypto);
      if (!p.ok || p.value.sessionId !== consoleSessionId || p.value.payloadType !== PAYLOAD_TYPE.IPMI) return undefined;
      return seq.accept(p.value.seq) ? p.value.payload : undefined;
    },
    wrapPayload,
    unwrapPayload: (datagram) => {
      const p = decodeRmcpPlus(datagram, crypto);
      if (!p.ok || p.value.sessionId !== consoleSessionId || !seq.accept(p.value.seq)) return undefined;
      return { payloadType: p.value.payloadType, payload: p.value.payload };
    },
  };
}
