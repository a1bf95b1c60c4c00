/**
 * IPMI 2.0 / RMCP+ session wrapper (§13.6, Table 13-8) with integrity (§13.28) and AES-CBC-128
 * confidentiality (§13.29). Layout after the RMCP header:
 *   authType 0x06 | payloadType (bit7 encrypted, bit6 authenticated) | [OEM IANA(4) + OEM payload ID(2) if type 2]
 *   | sessionId(4, the receiver's) | seq(4) | payloadLen(2) | payload
 *   | [integrity pad 0xFF… | padLen | nextHeader 0x07 | AuthCode]   (only when authenticated)
 * The pad makes authType..nextHeader a multiple of 4; AuthCode = HMAC(K1, authType..nextHeader) truncated.
 * Encrypted payload = IV(16) ‖ AES-CBC-128(K2[0..16], IV, plain ‖ 01 02 … n ‖ n), (len+n+1) % 16 = 0.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { byteAt, checkByte, decoding, u16le, u32le, type Decoded, type ByteReader } from './bytes.ts';
import { CONF_ALG, INTEGRITY_ALG, integrityCodeLength } from './cipher-suites.ts';
import { decodeRmcp, encodeRmcp, RMCP_CLASS } from './rmcp.ts';
import { AUTH_TYPE } from './session15.ts';

export const PAYLOAD_TYPE = {
  IPMI: 0x00,
  SOL: 0x01,
  OEM: 0x02,
  OPEN_SESSION_REQUEST: 0x10,
  OPEN_SESSION_RESPONSE: 0x11,
  RAKP1: 0x12,
  RAKP2: 0x13,
  RAKP3: 0x14,
  RAKP4: 0x15,
} as const;

const ENCRYPTED_BIT = 0x80;
const AUTHENTICATED_BIT = 0x40;
const NEXT_HEADER = 0x07;
const AES_BLOCK = 16;

/** Per-session keys. `k1` keys the integrity HMAC; the first 16 bytes of `k2` are the AES key. */
export interface SessionCrypto {
  integrity: number;
  k1: Buffer;
  confidentiality: number;
  k2: Buffer;
}

export interface RmcpPlusHeader {
  payloadType: number;
  authenticated: boolean;
  encrypted: boolean;
  oem?: { iana: number; payloadId: number };
  sessionId: number;
  seq: number;
  payloadLength: number;
}

export interface RmcpPlusPacket extends Omit<RmcpPlusHeader, 'payloadLength'> {
  /** Plaintext payload (decrypted when the packet was encrypted). */
  payload: Buffer;
}

export interface RmcpPlusFields {
  payloadType: number;
  sessionId: number;
  seq: number;
  payload: Buffer;
  oem?: { iana: number; payloadId: number };
}

function hmacName(integrity: number): 'sha1' | 'sha256' | 'md5' {
  if (integrity === INTEGRITY_ALG.HMAC_SHA1_96) return 'sha1';
  if (integrity === INTEGRITY_ALG.HMAC_SHA256_128) return 'sha256';
  if (integrity === INTEGRITY_ALG.HMAC_MD5_128) return 'md5';
  throw new RangeError(`integrity algorithm ${integrity} is not implemented`);
}

function authCode(crypto: SessionCrypto, signed: Buffer): Buffer {
  return createHmac(hmacName(crypto.integrity), crypto.k1).update(signed).digest().subarray(0, integrityCodeLength(crypto.integrity));
}

export function isSupportedCrypto(c: SessionCrypto): boolean {
  const integ = c.integrity === INTEGRITY_ALG.NONE || c.integrity === INTEGRITY_ALG.HMAC_SHA1_96 || c.integrity === INTEGRITY_ALG.HMAC_SHA256_128 || c.integrity === INTEGRITY_ALG.HMAC_MD5_128;
  const conf = c.confidentiality === CONF_ALG.NONE || c.confidentiality === CONF_ALG.AES_CBC_128;
  return integ && conf;
}

/** AES-CBC-128 confidentiality trailer as on the wire: IV ‖ ciphertext. `iv` is random unless given (tests). */
export function encryptPayload(k2: Buffer, plain: Buffer, iv: Buffer = randomBytes(AES_BLOCK)): Buffer {
  if (iv.length !== AES_BLOCK) throw new RangeError('AES IV must be 16 bytes');
  const n = (AES_BLOCK - ((plain.length + 1) % AES_BLOCK)) % AES_BLOCK;
  const pad = Buffer.alloc(n + 1);
  for (let i = 0; i < n; i++) pad[i] = i + 1;
  pad[n] = n;
  const cipher = createCipheriv('aes-128-cbc', k2.subarray(0, 16), iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(Buffer.concat([plain, pad])), cipher.final()]);
}

/** Inverse of encryptPayload; a decode error when the length or the confidentiality pad is wrong. */
export function decryptPayload(k2: Buffer, wire: Uint8Array): Decoded<Buffer> {
  return decoding('AES-CBC-128 payload', wire, (r) => decryptWith(r, k2));
}

function decryptWith(r: ByteReader, k2: Buffer): Buffer {
  const total = r.remaining;
  if (total < 2 * AES_BLOCK || total % AES_BLOCK !== 0) r.fail(`encrypted payload must be IV + a non-empty multiple of 16 bytes, got ${total}`);
  const iv = r.bytes(AES_BLOCK, 'IV');
  const body = r.rest();
  const decipher = createDecipheriv('aes-128-cbc', k2.subarray(0, 16), iv);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  const n = byteAt(plain, plain.length - 1, 'confidentiality pad length');
  if (n + 1 > plain.length || n >= AES_BLOCK) r.fail(`confidentiality pad length ${n} is invalid`);
  for (let i = 0; i < n; i++) if (plain[plain.length - 1 - n + i] !== i + 1) r.fail('confidentiality pad bytes must be 01 02 … n');
  return plain.subarray(0, plain.length - n - 1);
}

/**
 * A whole RMCP+ datagram. Without `crypto` (or with algorithms "none") the packet is sent
 * unauthenticated and in clear, as session-setup payloads must be.
 */
export function encodeRmcpPlus(p: RmcpPlusFields, crypto?: SessionCrypto, iv?: Buffer): Buffer {
  checkByte('payloadType', p.payloadType, 0x3f);
  const integrity = crypto?.integrity ?? INTEGRITY_ALG.NONE;
  const encrypt = crypto !== undefined && crypto.confidentiality !== CONF_ALG.NONE;
  if (crypto && !isSupportedCrypto(crypto)) throw new RangeError('unsupported integrity or confidentiality algorithm');
  const wirePayload = encrypt && crypto ? encryptPayload(crypto.k2, p.payload, iv) : p.payload;
  const typeByte = p.payloadType | (encrypt ? ENCRYPTED_BIT : 0) | (integrity !== INTEGRITY_ALG.NONE ? AUTHENTICATED_BIT : 0);
  const parts: Buffer[] = [Buffer.from([AUTH_TYPE.RMCP_PLUS, typeByte])];
  if (p.payloadType === PAYLOAD_TYPE.OEM) {
    const oem = Buffer.alloc(6);
    oem.writeUInt32LE(p.oem?.iana ?? 0, 0);
    oem.writeUInt16LE(p.oem?.payloadId ?? 0, 4);
    parts.push(oem);
  }
  parts.push(u32le(p.sessionId), u32le(p.seq), u16le(wirePayload.length), wirePayload);
  let session = Buffer.concat(parts);
  if (integrity !== INTEGRITY_ALG.NONE && crypto) {
    const padLen = (4 - ((session.length + 2) % 4)) % 4;
    session = Buffer.concat([session, Buffer.alloc(padLen, 0xff), Buffer.from([padLen, NEXT_HEADER])]);
    session = Buffer.concat([session, authCode(crypto, session)]);
  }
  return encodeRmcp(RMCP_CLASS.IPMI, session);
}

function readHeader(r: ByteReader): RmcpPlusHeader {
  const authType = r.u8('authType');
  if (authType !== AUTH_TYPE.RMCP_PLUS) r.fail(`authType must be 0x06 (RMCP+), got 0x${authType.toString(16)}`, r.offset - 1);
  const typeByte = r.u8('payloadType');
  const payloadType = typeByte & 0x3f;
  const oem = payloadType === PAYLOAD_TYPE.OEM ? { iana: r.u32le('OEM IANA'), payloadId: r.u16le('OEM payload ID') } : undefined;
  const sessionId = r.u32le('session ID');
  const seq = r.u32le('session sequence');
  const payloadLength = r.u16le('payload length');
  const h: RmcpPlusHeader = { payloadType, authenticated: (typeByte & AUTHENTICATED_BIT) !== 0, encrypted: (typeByte & ENCRYPTED_BIT) !== 0, sessionId, seq, payloadLength };
  if (oem) h.oem = oem;
  return h;
}

function rmcpBody(input: Uint8Array): Decoded<Buffer> {
  const rmcp = decodeRmcp(input);
  if (!rmcp.ok) return rmcp;
  if (rmcp.value.header.msgClass !== RMCP_CLASS.IPMI) {
    return decoding('RMCP+ packet', input, (r) => r.fail('RMCP class must be 0x07 (IPMI)', 3));
  }
  return { ok: true, value: rmcp.value.body };
}

/** Header fields only, nothing verified: lets a BMC find the session (and its keys) a packet belongs to. */
export function peekRmcpPlus(input: Uint8Array): Decoded<RmcpPlusHeader> {
  const body = rmcpBody(input);
  if (!body.ok) return body;
  return decoding('RMCP+ header', body.value, readHeader);
}

/**
 * Decode a whole datagram. With `crypto` whose integrity is not "none", the packet must be
 * authenticated and its AuthCode must verify; with AES, it must be encrypted. Without `crypto`
 * the packet must be neither (session-setup and session-less payloads).
 */
export function decodeRmcpPlus(input: Uint8Array, crypto?: SessionCrypto): Decoded<RmcpPlusPacket> {
  const body = rmcpBody(input);
  if (!body.ok) return body;
  return decoding('RMCP+ packet', body.value, (r) => {
    const h = readHeader(r);
    const integrity = crypto?.integrity ?? INTEGRITY_ALG.NONE;
    const conf = crypto?.confidentiality ?? CONF_ALG.NONE;
    if (crypto && !isSupportedCrypto(crypto)) r.fail('session uses an integrity or confidentiality algorithm this codec does not implement', 1);
    if (h.authenticated !== (integrity !== INTEGRITY_ALG.NONE)) {
      r.fail(h.authenticated ? 'packet is authenticated but the session has no integrity algorithm' : 'packet must be authenticated in this session', 1);
    }
    if (h.encrypted !== (conf !== CONF_ALG.NONE)) {
      r.fail(h.encrypted ? 'packet is encrypted but the session has no confidentiality algorithm' : 'packet must be encrypted in this session', 1);
    }
    const payloadStart = r.offset;
    const wirePayload = r.bytes(h.payloadLength, 'payload');
    if (h.authenticated && crypto) {
      const padStart = r.offset;
      const codeLen = integrityCodeLength(integrity);
      const trailer = r.remaining - codeLen - 2;
      if (trailer < 0 || trailer > 3) r.fail(`integrity trailer must be 0–3 pad bytes + padLen + nextHeader + ${codeLen}-byte AuthCode, got ${r.remaining} bytes`);
      const pad = r.bytes(trailer, 'integrity pad');
      if (pad.some((b) => b !== 0xff)) r.fail('integrity pad bytes must be 0xFF', padStart);
      const padLen = r.u8('pad length');
      if (padLen !== trailer) r.fail(`pad length byte says ${padLen}, found ${trailer} pad bytes`, r.offset - 1);
      const next = r.u8('next header');
      if (next !== NEXT_HEADER) r.fail(`next header must be 0x07, got 0x${next.toString(16)}`, r.offset - 1);
      const signedEnd = r.offset;
      const code = r.bytes(codeLen, 'AuthCode');
      const expected = authCode(crypto, body.value.subarray(0, signedEnd));
      if (!timingSafeEqual(code, expected)) r.fail('AuthCode does not verify (wrong K1 or tampered packet)', signedEnd);
    } else if (r.remaining !== 0) {
      r.fail(`${r.remaining} trailing bytes after an unauthenticated payload`);
    }
    let payload = wirePayload;
    if (h.encrypted && crypto) {
      const plain = decryptPayload(crypto.k2, wirePayload);
      if (!plain.ok) return r.fail(plain.error.expectation, payloadStart + plain.error.offset);
      payload = plain.value;
    }
    const out: RmcpPlusPacket = { payloadType: h.payloadType, authenticated: h.authenticated, encrypted: h.encrypted, sessionId: h.sessionId, seq: h.seq, payload };
    if (h.oem) out.oem = h.oem;
    return out;
  });
}
