/**
 * IPMI 1.5 session login (§22.16–22.17, §6.12), used only when the device opts in with
 * `allowInsecure`: Get Session Challenge (no session) → Activate Session (MD5 auth code over the
 * temporary session ID and the challenge) → a session whose every message carries
 * MD5(password ‖ session ID ‖ message ‖ sequence ‖ password). There is no confidentiality.
 *
 * Only the MD5 auth type is implemented (MD2 and "straight password" are weaker still). An IPMI
 * 1.5 BMC does not answer an Activate Session whose auth code is wrong (it cannot sign an error
 * without the password), so silence after a good challenge is reported as an authentication error.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AUTH_TYPE, decodeSession15, encodeSession15, md5AuthCode } from './codec/session15.ts';
import {
  ACTIVATE_SESSION,
  GET_SESSION_CHALLENGE,
  decodeActivateSessionResponse,
  decodeSessionChallengeResponse,
  encodeActivateSessionRequest,
  encodeSessionChallengeRequest,
  type SessionChallenge,
} from './codec/commands/session-commands.ts';
import type { ChannelAuthCapabilities } from './codec/commands/channel-auth.ts';
import { decodeIpmiResponse } from './codec/message.ts';
import { CC, completionCodeName } from './codec/completion-codes.ts';
import { IpmiAuthError, IpmiTimeoutError } from './errors.ts';
import { answers, requestMessage, SequenceWindow, type LoginContext, type SessionFraming } from './session-framing.ts';

/** Channel auth-type support bit for MD5 (§22.13, byte 2). */
const AUTH_TYPE_MD5_BIT = 1 << AUTH_TYPE.MD5;

/** Get Session Challenge completion codes (§22.16). */
const CHALLENGE_CODES: Readonly<Record<number, string>> = {
  0x81: 'invalid user name',
  0x82: 'null user name not enabled',
};

/** Activate Session completion codes (§22.17). */
const ACTIVATE_CODES: Readonly<Record<number, string>> = {
  0x81: 'no session slot available',
  0x82: 'no slot available for this user',
  0x83: 'no slot available at the requested privilege',
  0x84: 'session sequence number out of range',
  0x85: 'invalid session ID',
  0x86: 'requested privilege exceeds the user or channel limit',
};

function ccText(table: Readonly<Record<number, string>>, code: number): string {
  return `completion code 0x${code.toString(16).padStart(2, '0')} ${table[code] ?? completionCodeName(code)}`;
}

/** Get Session Challenge (§22.16), session-less: the temporary session ID and the challenge string. */
async function sessionChallenge(ctx: LoginContext): Promise<SessionChallenge> {
  const challengeRsp = await ctx.sessionless(GET_SESSION_CHALLENGE, encodeSessionChallengeRequest({ authType: AUTH_TYPE.MD5, username: ctx.username }));
  if (challengeRsp.completionCode !== CC.OK) {
    throw new IpmiAuthError(ctx.target, 'session-challenge', null, `user "${ctx.options.user}" refused: ${ccText(CHALLENGE_CODES, challengeRsp.completionCode)}`);
  }
  const challenge = decodeSessionChallengeResponse(challengeRsp.data);
  if (!challenge.ok) throw new IpmiAuthError(ctx.target, 'session-challenge', null, 'malformed Get Session Challenge response', { cause: challenge.error });
  return challenge.value;
}

export async function loginIpmi15(ctx: LoginContext, caps: ChannelAuthCapabilities): Promise<SessionFraming> {
  if (!(caps.authTypes & AUTH_TYPE_MD5_BIT)) {
    throw new IpmiAuthError(ctx.target, 'session-challenge', null, `the BMC offers no MD5 authentication for IPMI 1.5 (auth type bits 0x${caps.authTypes.toString(16)}); only MD5 is implemented`);
  }
  const password = ctx.kuid;
  const { temporarySessionId, challenge } = await sessionChallenge(ctx);

  // Activate Session: authenticated with the temporary session ID and sequence 0.
  const rqSeq = ctx.nextRqSeq();
  const initialOutboundSeq = randomBytes(4).readUInt32LE(0) || 1;
  const msg = requestMessage(
    ACTIVATE_SESSION,
    encodeActivateSessionRequest({ authType: AUTH_TYPE.MD5, maxPrivilege: ctx.privilege, challenge, initialOutboundSeq }),
    rqSeq,
  );
  const datagram = encodeSession15({ authType: AUTH_TYPE.MD5, seq: 0, sessionId: temporarySessionId, authCode: md5AuthCode(password, temporarySessionId, msg, 0), payload: msg });
  let activated;
  try {
    activated = await ctx.exchanger.exchange({
      phase: 'Activate Session',
      build: () => datagram,
      match: (buf) => {
        const v = verified(buf, password, temporarySessionId, false);
        const r = v && decodeIpmiResponse(v.payload);
        return r && r.ok && answers(r.value, ACTIVATE_SESSION, rqSeq) ? r.value : undefined;
      },
      deadlineAt: ctx.deadlineAt,
      budgetMs: ctx.budgetMs,
      maxAttempts: ctx.options.retries + 1,
      signal: ctx.signal,
    });
  } catch (e) {
    if (e instanceof IpmiTimeoutError) {
      throw new IpmiAuthError(ctx.target, 'activate-session', null, `no answer to Activate Session after a good challenge: wrong password for user "${ctx.options.user}", or MD5 not allowed at this privilege`, { cause: e });
    }
    throw e;
  }
  if (activated.completionCode !== CC.OK) {
    throw new IpmiAuthError(ctx.target, 'activate-session', null, ccText(ACTIVATE_CODES, activated.completionCode));
  }
  const session = decodeActivateSessionResponse(activated.data);
  if (!session.ok) throw new IpmiAuthError(ctx.target, 'activate-session', null, 'malformed Activate Session response', { cause: session.error });
  if (session.value.authType !== AUTH_TYPE.MD5) {
    throw new IpmiAuthError(ctx.target, 'activate-session', null, `asked for MD5 authentication, the BMC activated auth type ${session.value.authType}`);
  }
  return ipmi15Framing(password, session.value.sessionId, session.value.initialInboundSeq, caps.perMessageAuthDisabled);
}

/**
 * The IPMI message of a 1.5 datagram for `sessionId` whose MD5 auth code verifies; a packet
 * without auth code only when the BMC disabled per-message authentication.
 */
function verified(datagram: Buffer, password: Buffer, sessionId: number, unauthenticatedAllowed: boolean): { payload: Buffer; seq: number } | undefined {
  const p = decodeSession15(datagram);
  if (!p.ok || p.value.sessionId !== sessionId) return undefined;
  const { authType, authCode, seq, payload } = p.value;
  if (authType === AUTH_TYPE.NONE) return unauthenticatedAllowed ? { payload, seq } : undefined;
  if (authType !== AUTH_TYPE.MD5 || !authCode) return undefined;
  return timingSafeEqual(md5AuthCode(password, sessionId, payload, seq), authCode) ? { payload, seq } : undefined;
}

function ipmi15Framing(password: Buffer, sessionId: number, initialInboundSeq: number, perMessageAuthDisabled: boolean): SessionFraming {
  // The BMC names the sequence number of our first message; every transmission takes the next one.
  const seq = new SequenceWindow(initialInboundSeq || 1);
  return {
    protocol: '1.5',
    cipherSuite: undefined,
    managedSessionId: sessionId,
    wrap: (msg) => {
      const n = seq.next();
      return encodeSession15({ authType: AUTH_TYPE.MD5, seq: n, sessionId, authCode: md5AuthCode(password, sessionId, msg, n), payload: msg });
    },
    unwrap: (datagram) => {
      const v = verified(datagram, password, sessionId, perMessageAuthDisabled);
      return v && seq.accept(v.seq) ? v.payload : undefined;
    },
  };
}
