/**
 * Session commands (App 06h): Get Session Challenge 39h (§22.16), Activate Session 3Ah (§22.17),
 * Set Session Privilege Level 3Bh (§22.18), Close Session 3Ch (§22.19).
 */
import { checkByte, decoding, u32le, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const GET_SESSION_CHALLENGE: CommandSpec = { name: 'Get Session Challenge', netFn: 0x06, cmd: 0x39 };
export const ACTIVATE_SESSION: CommandSpec = { name: 'Activate Session', netFn: 0x06, cmd: 0x3a };
export const SET_SESSION_PRIVILEGE: CommandSpec = { name: 'Set Session Privilege Level', netFn: 0x06, cmd: 0x3b };
export const CLOSE_SESSION: CommandSpec = { name: 'Close Session', netFn: 0x06, cmd: 0x3c };

/** Privilege byte; 0 asks for the current level without changing it. */
export function encodeSetSessionPrivilegeRequest(privilege: number): Buffer {
  return Buffer.from([checkByte('privilege', privilege, 0x0f)]);
}
export function decodeSetSessionPrivilegeRequest(input: Uint8Array): Decoded<number> {
  return decoding('Set Session Privilege Level request', input, (r) => r.u8('privilege') & 0x0f);
}
export function encodeSetSessionPrivilegeResponse(privilege: number): Buffer {
  return Buffer.from([checkByte('privilege', privilege, 0x0f)]);
}
export function decodeSetSessionPrivilegeResponse(input: Uint8Array): Decoded<number> {
  return decoding('Set Session Privilege Level response', input, (r) => r.u8('privilege') & 0x0f);
}

export interface CloseSessionRequest {
  sessionId: number;
  /** Only when sessionId is 0. */
  sessionHandle?: number;
}
export function encodeCloseSessionRequest(p: CloseSessionRequest): Buffer {
  const sid = u32le(p.sessionId);
  return p.sessionId === 0 && p.sessionHandle !== undefined ? Buffer.concat([sid, Buffer.from([checkByte('sessionHandle', p.sessionHandle)])]) : sid;
}
export function decodeCloseSessionRequest(input: Uint8Array): Decoded<CloseSessionRequest> {
  return decoding('Close Session request', input, (r) => {
    const sessionId = r.u32le('session ID');
    return sessionId === 0 && r.remaining >= 1 ? { sessionId, sessionHandle: r.u8('session handle') } : { sessionId };
  });
}

export interface SessionChallengeRequest {
  authType: number;
  username: Buffer;
}
export interface SessionChallenge {
  temporarySessionId: number;
  challenge: Buffer;
}
function name16(username: Buffer): Buffer {
  if (username.length > 16) throw new RangeError('username must be at most 16 bytes');
  const b = Buffer.alloc(16);
  username.copy(b);
  return b;
}
export function encodeSessionChallengeRequest(p: SessionChallengeRequest): Buffer {
  return Buffer.concat([Buffer.from([checkByte('authType', p.authType, 0x0f)]), name16(p.username)]);
}
export function decodeSessionChallengeRequest(input: Uint8Array): Decoded<SessionChallengeRequest> {
  return decoding('Get Session Challenge request', input, (r) => {
    const authType = r.u8('auth type') & 0x0f;
    const raw = r.bytes(16, 'user name');
    const end = raw.indexOf(0);
    return { authType, username: end < 0 ? raw : raw.subarray(0, end) };
  });
}
export function encodeSessionChallengeResponse(p: SessionChallenge): Buffer {
  if (p.challenge.length !== 16) throw new RangeError('challenge must be 16 bytes');
  return Buffer.concat([u32le(p.temporarySessionId), p.challenge]);
}
export function decodeSessionChallengeResponse(input: Uint8Array): Decoded<SessionChallenge> {
  return decoding('Get Session Challenge response', input, (r) => ({ temporarySessionId: r.u32le('temporary session ID'), challenge: r.bytes(16, 'challenge') }));
}

export interface ActivateSessionRequest {
  authType: number;
  maxPrivilege: number;
  challenge: Buffer;
  initialOutboundSeq: number;
}
export interface ActivateSessionResponse {
  authType: number;
  sessionId: number;
  initialInboundSeq: number;
  maxPrivilege: number;
}
export function encodeActivateSessionRequest(p: ActivateSessionRequest): Buffer {
  if (p.challenge.length !== 16) throw new RangeError('challenge must be 16 bytes');
  return Buffer.concat([Buffer.from([checkByte('authType', p.authType, 0x0f), checkByte('maxPrivilege', p.maxPrivilege, 0x0f)]), p.challenge, u32le(p.initialOutboundSeq)]);
}
export function decodeActivateSessionRequest(input: Uint8Array): Decoded<ActivateSessionRequest> {
  return decoding('Activate Session request', input, (r) => ({
    authType: r.u8('auth type') & 0x0f,
    maxPrivilege: r.u8('max privilege') & 0x0f,
    challenge: r.bytes(16, 'challenge string'),
    initialOutboundSeq: r.u32le('initial outbound sequence'),
  }));
}
export function encodeActivateSessionResponse(p: ActivateSessionResponse): Buffer {
  return Buffer.concat([Buffer.from([checkByte('authType', p.authType, 0x0f)]), u32le(p.sessionId), u32le(p.initialInboundSeq), Buffer.from([checkByte('maxPrivilege', p.maxPrivilege, 0x0f)])]);
}
export function decodeActivateSessionResponse(input: Uint8Array): Decoded<ActivateSessionResponse> {
  return decoding('Activate Session response', input, (r) => ({
    authType: r.u8('auth type') & 0x0f,
    sessionId: r.u32le('session ID'),
    initialInboundSeq: r.u32le('initial inbound sequence'),
    maxPrivilege: r.u8('max privilege') & 0x0f,
  }));
}
