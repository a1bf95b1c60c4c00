/**
 * IPMI 1.5 session wrapper (§13.6, Table 13-7), used before an RMCP+ session exists (authType 0,
 * seq 0, session ID 0) and for IPMI 1.5 sessions: authType, seq(4), sessionId(4),
 * [authCode(16) when authType ≠ 0], msgLen(1), msg. Multi-byte fields little-endian.
 */
import { createHash } from 'node:crypto';
import { checkByte, decoding, u32le, type Decoded } from './bytes.ts';
import { decodeRmcp, encodeRmcp, RMCP_CLASS } from './rmcp.ts';

export const AUTH_TYPE = { NONE: 0x00, MD2: 0x01, MD5: 0x02, PASSWORD: 0x04, OEM: 0x05, RMCP_PLUS: 0x06 } as const;

export interface Session15Packet {
  authType: number;
  seq: number;
  sessionId: number;
  /** 16 bytes when authType ≠ 0, else absent. */
  authCode?: Buffer;
  /** The IPMI message (request or response). */
  payload: Buffer;
}

/** A whole datagram (RMCP header included). */
export function encodeSession15(p: Session15Packet): Buffer {
  checkByte('authType', p.authType);
  if (p.authType === AUTH_TYPE.RMCP_PLUS) throw new RangeError('authType 0x06 is the RMCP+ wrapper; use encodeRmcpPlus');
  const parts: Buffer[] = [Buffer.from([p.authType]), u32le(p.seq), u32le(p.sessionId)];
  if (p.authType !== AUTH_TYPE.NONE) {
    if (!p.authCode || p.authCode.length !== 16) throw new RangeError('authCode must be 16 bytes when authType is not 0');
    parts.push(p.authCode);
  }
  parts.push(Buffer.from([checkByte('IPMI message length', p.payload.length)]), p.payload);
  return encodeRmcp(RMCP_CLASS.IPMI, Buffer.concat(parts));
}

export function decodeSession15(input: Uint8Array): Decoded<Session15Packet> {
  const rmcp = decodeRmcp(input);
  if (!rmcp.ok) return rmcp;
  return decoding('IPMI 1.5 session', rmcp.value.body, (r) => {
    if (rmcp.value.header.msgClass !== RMCP_CLASS.IPMI) r.fail('RMCP class must be 0x07 (IPMI)', 0);
    const authType = r.u8('authType');
    if (authType === AUTH_TYPE.RMCP_PLUS) r.fail('authType 0x06 is an RMCP+ packet, not IPMI 1.5', 0);
    const seq = r.u32le('session sequence');
    const sessionId = r.u32le('session ID');
    const authCode = authType === AUTH_TYPE.NONE ? undefined : r.bytes(16, 'authCode');
    const len = r.u8('message length');
    const payload = r.bytes(len, 'message');
    // NOTE(legacy pad): some consoles append one 0x00 byte after the message; tolerate exactly that.
    if (r.remaining > 1) r.fail(`${r.remaining} trailing bytes after the message`);
    return authCode ? { authType, seq, sessionId, authCode, payload } : { authType, seq, sessionId, payload };
  });
}

/** IPMI 1.5 MD5 AuthCode (§22.17.1): MD5(password ‖ sessionId ‖ msg ‖ seq ‖ password), password zero-padded to 16. */
export function md5AuthCode(password: Buffer, sessionId: number, msg: Buffer, seq: number): Buffer {
  const pw = Buffer.alloc(16);
  password.copy(pw, 0, 0, 16);
  return createHash('md5').update(pw).update(u32le(sessionId)).update(msg).update(u32le(seq)).update(pw).digest();
}
