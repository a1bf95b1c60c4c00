/**
 * RAKP messages 1–4 (§13.20–13.23), payload types 0x12–0x15. m = remote console, c = managed system.
 * RAKP1: tag | 000000 | managedSID(4) | Rm(16) | role | 0000 | ulen | uname(≤16)
 * RAKP2: tag | status | 0000 | consoleSID(4) | Rc(16) | GUIDc(16) | key-exchange AuthCode (0/20/32 bytes)
 * RAKP3: tag | status | 0000 | managedSID(4) | key-exchange AuthCode
 * RAKP4: tag | status | 0000 | consoleSID(4) | integrity check value (0/12/16 bytes)
 */
import { checkByte, decoding, u32le, type Decoded } from './bytes.ts';

export const RAKP_ROLE_NAME_ONLY = 0x10;
/** Bits of the RAKP1 role byte that must be zero (7:5). */
export const RAKP_ROLE_RESERVED = 0xe0;

/** The privilege level (bits 3:0) a RAKP1 role byte asks for. */
export function rolePrivilege(role: number): number {
  return role & 0x0f;
}
export const MAX_USERNAME = 16;

export interface Rakp1 {
  tag: number;
  managedSessionId: number;
  consoleRandom: Buffer;
  /** The whole role byte as sent: privilege (bits 0–3) | 0x10 name-only lookup. */
  role: number;
  username: Buffer;
}

export interface Rakp2 {
  tag: number;
  status: number;
  consoleSessionId: number;
  /** Absent (empty) when status ≠ 0 and the BMC sent the short form. */
  managedRandom: Buffer;
  managedGuid: Buffer;
  authCode: Buffer;
}

export interface Rakp3 {
  tag: number;
  status: number;
  managedSessionId: number;
  authCode: Buffer;
}

export interface Rakp4 {
  tag: number;
  status: number;
  consoleSessionId: number;
  icv: Buffer;
}

function fixed(name: string, b: Buffer, len: number): Buffer {
  if (b.length !== len) throw new RangeError(`${name} must be ${len} bytes, got ${b.length}`);
  return b;
}

export function encodeRakp1(p: Rakp1): Buffer {
  if (p.username.length > MAX_USERNAME) throw new RangeError(`username must be at most ${MAX_USERNAME} bytes`);
  return Buffer.concat([
    Buffer.from([checkByte('tag', p.tag), 0, 0, 0]),
    u32le(p.managedSessionId),
    fixed('consoleRandom', p.consoleRandom, 16),
    Buffer.from([checkByte('role', p.role), 0, 0, p.username.length]),
    p.username,
  ]);
}

export function decodeRakp1(input: Uint8Array): Decoded<Rakp1> {
  return decoding('RAKP Message 1', input, (r) => {
    const tag = r.u8('tag');
    r.skip(3, 'reserved');
    const managedSessionId = r.u32le('managed system session ID');
    const consoleRandom = r.bytes(16, 'console random number');
    const role = r.u8('role');
    r.skip(2, 'reserved');
    const ulen = r.u8('user name length');
    if (ulen > MAX_USERNAME) r.fail(`user name length must be ≤ 16, got ${ulen}`, r.offset - 1);
    const username = r.bytes(ulen, 'user name');
    r.expectEnd('RAKP Message 1');
    return { tag, managedSessionId, consoleRandom, role, username };
  });
}

function head(tag: number, status: number, sid: number): Buffer {
  return Buffer.concat([Buffer.from([checkByte('tag', tag), checkByte('status', status), 0, 0]), u32le(sid)]);
}

export function encodeRakp2(p: Rakp2): Buffer {
  if (p.status !== 0 && p.managedRandom.length === 0) return head(p.tag, p.status, p.consoleSessionId);
  return Buffer.concat([head(p.tag, p.status, p.consoleSessionId), fixed('managedRandom', p.managedRandom, 16), fixed('managedGuid', p.managedGuid, 16), p.authCode]);
}

export function decodeRakp2(input: Uint8Array): Decoded<Rakp2> {
  return decoding('RAKP Message 2', input, (r) => {
    const tag = r.u8('tag');
    const status = r.u8('status');
    if (status !== 0 && r.remaining < 2 + 4 + 32) {
      r.skip(Math.min(2, r.remaining), 'reserved');
      const consoleSessionId = r.remaining >= 4 ? r.u32le('console session ID') : 0;
      return { tag, status, consoleSessionId, managedRandom: Buffer.alloc(0), managedGuid: Buffer.alloc(0), authCode: Buffer.alloc(0) };
    }
    r.skip(2, 'reserved');
    const consoleSessionId = r.u32le('console session ID');
    const managedRandom = r.bytes(16, 'managed system random number');
    const managedGuid = r.bytes(16, 'managed system GUID');
    const authCode = r.rest();
    return { tag, status, consoleSessionId, managedRandom, managedGuid, authCode };
  });
}

export function encodeRakp3(p: Rakp3): Buffer {
  return Buffer.concat([head(p.tag, p.status, p.managedSessionId), p.authCode]);
}

export function decodeRakp3(input: Uint8Array): Decoded<Rakp3> {
  return decoding('RAKP Message 3', input, (r) => {
    const tag = r.u8('tag');
    const status = r.u8('status');
    r.skip(2, 'reserved');
    const managedSessionId = r.u32le('managed system session ID');
    return { tag, status, managedSessionId, authCode: r.rest() };
  });
}

export function encodeRakp4(p: Rakp4): Buffer {
  return Buffer.concat([head(p.tag, p.status, p.consoleSessionId), p.icv]);
}

export function decodeRakp4(input: Uint8Array): Decoded<Rakp4> {
  return decoding('RAKP Message 4', input, (r) => {
    const tag = r.u8('tag');
    const status = r.u8('status');
    if (status !== 0 && r.remaining < 6) {
      r.skip(Math.min(2, r.remaining), 'reserved');
      const consoleSessionId = r.remaining >= 4 ? r.u32le('console session ID') : 0;
      return { tag, status, consoleSessionId, icv: Buffer.alloc(0) };
    }
    r.skip(2, 'reserved');
    const consoleSessionId = r.u32le('console session ID');
    return { tag, status, consoleSessionId, icv: r.rest() };
  });
}
