/**
 * The BMC side of RMCP+ session setup (§13.17–13.23): Open Session Request → Response,
 * RAKP1 → RAKP2, RAKP3 → RAKP4. Each function takes the decoded payload and returns the payload
 * to send back (or undefined to stay silent), updating the session table.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { CIPHER_SUITES, suiteFor, type CipherSuite } from '../../drivers/ipmi/codec/cipher-suites.ts';
import { deriveSessionCrypto, deriveSik, rakp2AuthCode, rakp3AuthCode, rakp4Icv } from '../../drivers/ipmi/codec/keys.ts';
import type { OpenSessionRequest, OpenSessionResponse } from '../../drivers/ipmi/codec/open-session.ts';
import { RAKP_ROLE_RESERVED, rolePrivilege, type Rakp1, type Rakp2, type Rakp3, type Rakp4 } from '../../drivers/ipmi/codec/rakp.ts';
import { RAKP_STATUS } from '../../drivers/ipmi/codec/rakp-status.ts';
import { PRIVILEGE } from '../../drivers/ipmi/codec/commands/spec.ts';
import type { UserTable } from './accounts.ts';
import type { LoginLockout } from './lockout.ts';
import type { ServerSession, SessionTable } from './session-table.ts';

export interface HandshakeContext {
  table: SessionTable;
  users: UserTable;
  /** Cipher suites this BMC accepts (3 and 17; 0 only when explicitly allowed). */
  suites: readonly number[];
  guid: Buffer;
  /** The BMC key K_g (SIK = HMAC_Kg), when set; else Kuid keys the SIK. */
  kg?: Buffer;
  /** The LAN channel's privilege limit (Set Channel Access): no session may ask for more. */
  channelLimit: number;
  lockout: LoginLockout;
  now: number;
  peer: { address: string; port: number };
  /** Told about every refusal, for the server's log. */
  onRefused?: (stage: string, status: number, detail: string) => void;
}

function refuseAlgorithms(req: OpenSessionRequest, allowed: readonly CipherSuite[]): number {
  if (!allowed.some((s) => s.auth === req.auth)) return RAKP_STATUS.INVALID_AUTH_ALGORITHM;
  if (!allowed.some((s) => s.integrity === req.integrity)) return RAKP_STATUS.INVALID_INTEGRITY_ALGORITHM;
  if (!allowed.some((s) => s.confidentiality === req.confidentiality)) return RAKP_STATUS.INVALID_CONFIDENTIALITY_ALGORITHM;
  return RAKP_STATUS.NO_CIPHER_SUITE_MATCH;
}

export function openSession(ctx: HandshakeContext, req: OpenSessionRequest): OpenSessionResponse {
  const fail = (status: number, detail: string): OpenSessionResponse => {
    ctx.onRefused?.('open-session', status, detail);
    return { tag: req.tag, status, maxPrivilege: 0, consoleSessionId: req.consoleSessionId, managedSessionId: 0, auth: 0, integrity: 0, confidentiality: 0 };
  };
  const allowed = ctx.suites.map((id) => CIPHER_SUITES[id]).filter((s): s is CipherSuite => s !== undefined);
  const suite = suiteFor(req.auth, req.integrity, req.confidentiality);
  if (!suite || !ctx.suites.includes(suite.id)) {
    const status = suite ? RAKP_STATUS.NO_CIPHER_SUITE_MATCH : refuseAlgorithms(req, allowed);
    return fail(status, `algorithms auth ${req.auth} / integrity ${req.integrity} / confidentiality ${req.confidentiality} are not an accepted cipher suite (${ctx.suites.join(', ')})`);
  }
  if (req.maxPrivilege > PRIVILEGE.ADMINISTRATOR) return fail(RAKP_STATUS.INVALID_ROLE, `requested privilege ${req.maxPrivilege} is above Administrator`);
  if (req.consoleSessionId === 0) return fail(RAKP_STATUS.ILLEGAL_PARAMETER, 'console session ID 0 is reserved');
  const s = ctx.table.open({ consoleId: req.consoleSessionId, suite, now: ctx.now, peer: ctx.peer });
  if (!s) return fail(RAKP_STATUS.INSUFFICIENT_RESOURCES, `session limit ${ctx.table.limit} reached`);
  s.maxPrivilege = req.maxPrivilege === 0 ? PRIVILEGE.ADMINISTRATOR : req.maxPrivilege;
  return {
    tag: req.tag,
    status: RAKP_STATUS.NO_ERRORS,
    maxPrivilege: s.maxPrivilege,
    consoleSessionId: s.consoleId,
    managedSessionId: s.managedId,
    auth: suite.auth,
    integrity: suite.integrity,
    confidentiality: suite.confidentiality,
  };
}

export function rakp1(ctx: HandshakeContext, m: Rakp1): Rakp2 {
  const s = ctx.table.get(m.managedSessionId);
  const fail = (status: number, detail: string, session?: ServerSession): Rakp2 => {
    ctx.onRefused?.('rakp1', status, detail);
    if (session) ctx.table.remove(session.managedId);
    return { tag: m.tag, status, consoleSessionId: session?.consoleId ?? 0, managedRandom: Buffer.alloc(0), managedGuid: Buffer.alloc(0), authCode: Buffer.alloc(0) };
  };
  // A console that did not see our RAKP2 in time sends the same RAKP1 again: answer it again, unchanged.
  if (s?.state === 'rakp2-sent' && isRetransmittedRakp1(s, m)) return rakp2Of(ctx, s, m.tag);
  if (!s || s.state !== 'opened') return fail(RAKP_STATUS.INVALID_SESSION_ID, `no session 0x${m.managedSessionId.toString(16)} waiting for RAKP1`);
  const priv = rolePrivilege(m.role);
  if (priv < PRIVILEGE.CALLBACK || priv > PRIVILEGE.ADMINISTRATOR || (m.role & RAKP_ROLE_RESERVED) !== 0) return fail(RAKP_STATUS.INVALID_ROLE, `role byte 0x${m.role.toString(16)} is not a privilege level`, s);
  const user = m.username.length > 0 ? ctx.users.find(m.username) : undefined;
  if (!user) {
    const why = m.username.length > 0 ? ctx.users.refusal(m.username) : undefined;
    return fail(RAKP_STATUS.UNAUTHORIZED_NAME, why ? `user "${m.username.toString('utf8')}" cannot log in over IPMI: ${why}` : 'unknown user name', s);
  }
  const name = m.username.toString('utf8');
  const locked = ctx.lockout.remainingMs(name);
  if (locked > 0) return fail(RAKP_STATUS.UNAUTHORIZED_NAME, `user "${name}" is locked out for ${Math.ceil(locked / 1000)} s more after repeated failed logins`, s);
  if (priv > user.maxPrivilege || priv > s.maxPrivilege) return fail(RAKP_STATUS.UNAUTHORIZED_ROLE, `privilege ${priv} is above what the user's role allows (${user.maxPrivilege})`, s);
  if (priv > ctx.channelLimit) return fail(RAKP_STATUS.UNAUTHORIZED_ROLE, `privilege ${priv} is above the LAN channel's privilege limit (${ctx.channelLimit})`, s);
  s.state = 'rakp2-sent';
  s.consoleRandom = m.consoleRandom;
  s.managedRandom = randomBytes(16);
  s.role = m.role;
  s.username = m.username;
  s.user = user;
  s.maxPrivilege = priv;
  s.lastActivity = ctx.now;
  return rakp2Of(ctx, s, m.tag);
}

/** Same console random, role and name as the RAKP1 this session already answered. */
function isRetransmittedRakp1(s: ServerSession, m: Rakp1): boolean {
  return s.consoleRandom !== undefined && s.consoleRandom.equals(m.consoleRandom) && s.role === m.role && s.username !== undefined && s.username.equals(m.username);
}

/** The RAKP2 of a session in state rakp2-sent (its randoms, role and user are set). */
function rakp2Of(ctx: HandshakeContext, s: ServerSession, tag: number): Rakp2 {
  const { user, consoleRandom, managedRandom, role, username } = s;
  if (!user || !consoleRandom || !managedRandom || role === undefined || !username) throw new Error(`session 0x${s.managedId.toString(16)} has no RAKP1 to answer`);
  const authCode = rakp2AuthCode({ auth: s.suite.auth, kuid: user.password, consoleSessionId: s.consoleId, managedSessionId: s.managedId, consoleRandom, managedRandom, managedGuid: ctx.guid, role, username });
  return { tag, status: RAKP_STATUS.NO_ERRORS, consoleSessionId: s.consoleId, managedRandom, managedGuid: ctx.guid, authCode };
}

/** Returns undefined when the console itself reported an error in RAKP3 (the session is dropped silently). */
export function rakp3(ctx: HandshakeContext, m: Rakp3): Rakp4 | undefined {
  const s = ctx.table.get(m.managedSessionId);
  const fail = (status: number, detail: string, session?: ServerSession): Rakp4 => {
    ctx.onRefused?.('rakp3', status, detail);
    if (session) ctx.table.remove(session.managedId);
    return { tag: m.tag, status, consoleSessionId: session?.consoleId ?? 0, icv: Buffer.alloc(0) };
  };
  if (!s || s.state !== 'rakp2-sent' || !s.user || !s.consoleRandom || !s.managedRandom || s.role === undefined || !s.username) {
    return fail(RAKP_STATUS.INVALID_SESSION_ID, `no session 0x${m.managedSessionId.toString(16)} waiting for RAKP3`);
  }
  const name = s.username.toString('utf8');
  if (m.status !== RAKP_STATUS.NO_ERRORS) {
    ctx.onRefused?.('rakp3', m.status, 'console aborted the handshake');
    ctx.table.remove(s.managedId);
    ctx.lockout.failed(name);
    return undefined;
  }
  const expected = rakp3AuthCode({ auth: s.suite.auth, kuid: s.user.password, managedRandom: s.managedRandom, consoleSessionId: s.consoleId, role: s.role, username: s.username });
  if (m.authCode.length !== expected.length || !timingSafeEqual(m.authCode, expected)) {
    ctx.lockout.failed(name);
    return fail(RAKP_STATUS.INVALID_INTEGRITY_CHECK_VALUE, 'RAKP3 key-exchange code does not verify (wrong password)', s);
  }
  ctx.lockout.succeeded(name);
  const kg = ctx.kg;
  const sik = deriveSik({ auth: s.suite.auth, kuid: s.user.password, ...(kg ? { kg } : {}), consoleRandom: s.consoleRandom, managedRandom: s.managedRandom, role: s.role, username: s.username });
  s.crypto = deriveSessionCrypto(s.suite, sik);
  s.state = 'active';
  // A new session runs at User level (or lower, if that is all it asked for) until Set Session Privilege Level.
  s.privilege = Math.min(PRIVILEGE.USER, s.maxPrivilege);
  s.lastActivity = ctx.now;
  const icv = rakp4Icv({ auth: s.suite.auth, sik, consoleRandom: s.consoleRandom, managedSessionId: s.managedId, managedGuid: ctx.guid });
  return { tag: m.tag, status: RAKP_STATUS.NO_ERRORS, consoleSessionId: s.consoleId, icv };
}
