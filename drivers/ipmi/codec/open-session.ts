/**
 * RMCP+ Open Session Request (§13.17) and Response (§13.18), payload types 0x10 / 0x11.
 * Request:  tag | maxPriv | 00 00 | consoleSID(4) | auth payload | integrity payload | conf payload
 * Response: tag | status | maxPriv | 00 | consoleSID(4) | managedSID(4) | auth | integrity | conf
 * Each algorithm payload is 8 bytes: type (0 auth, 1 integrity, 2 conf) | 00 00 | length 08 | alg | 00 00 00.
 */
import { checkByte, decoding, u32le, type ByteReader, type Decoded } from './bytes.ts';

export interface OpenSessionRequest {
  tag: number;
  /** Requested maximum privilege (0 = highest the channel allows, 1 callback … 4 admin, 5 OEM). */
  maxPrivilege: number;
  consoleSessionId: number;
  auth: number;
  integrity: number;
  confidentiality: number;
}

export interface OpenSessionResponse {
  tag: number;
  /** RMCP+ status (rakp-status.ts); on non-zero the remaining fields may be absent (0). */
  status: number;
  maxPrivilege: number;
  consoleSessionId: number;
  managedSessionId: number;
  auth: number;
  integrity: number;
  confidentiality: number;
}

const ALG_NAMES = ['authentication', 'integrity', 'confidentiality'] as const;

function algPayload(type: number, alg: number): Buffer {
  return Buffer.from([type, 0, 0, 0x08, checkByte(`${ALG_NAMES[type]} algorithm`, alg, 0x3f), 0, 0, 0]);
}

function readAlg(r: ByteReader, type: 0 | 1 | 2): number {
  const name = ALG_NAMES[type];
  const start = r.offset;
  const t = r.u8(`${name} payload type`);
  if (t !== type) r.fail(`${name} payload type must be ${type}, got ${t}`, start);
  r.skip(2, 'reserved');
  const len = r.u8(`${name} payload length`);
  if (len !== 8 && len !== 0) r.fail(`${name} payload length must be 8, got ${len}`, start + 3);
  const alg = r.u8(`${name} algorithm`) & 0x3f;
  r.skip(3, 'reserved');
  return alg;
}

export function encodeOpenSessionRequest(p: OpenSessionRequest): Buffer {
  return Buffer.concat([
    Buffer.from([checkByte('tag', p.tag), checkByte('maxPrivilege', p.maxPrivilege, 0x0f), 0, 0]),
    u32le(p.consoleSessionId),
    algPayload(0, p.auth),
    algPayload(1, p.integrity),
    algPayload(2, p.confidentiality),
  ]);
}

export function decodeOpenSessionRequest(input: Uint8Array): Decoded<OpenSessionRequest> {
  return decoding('Open Session Request', input, (r) => {
    const tag = r.u8('tag');
    const maxPrivilege = r.u8('max privilege') & 0x0f;
    r.skip(2, 'reserved');
    const consoleSessionId = r.u32le('console session ID');
    const auth = readAlg(r, 0);
    const integrity = readAlg(r, 1);
    const confidentiality = readAlg(r, 2);
    return { tag, maxPrivilege, consoleSessionId, auth, integrity, confidentiality };
  });
}

/** Full form when status is 0; the short form (tag, status, maxPriv, 00, consoleSID) otherwise. */
export function encodeOpenSessionResponse(p: OpenSessionResponse): Buffer {
  const head = Buffer.concat([Buffer.from([checkByte('tag', p.tag), checkByte('status', p.status), checkByte('maxPrivilege', p.maxPrivilege, 0x0f), 0]), u32le(p.consoleSessionId)]);
  if (p.status !== 0) return head;
  return Buffer.concat([head, u32le(p.managedSessionId), algPayload(0, p.auth), algPayload(1, p.integrity), algPayload(2, p.confidentiality)]);
}

export function decodeOpenSessionResponse(input: Uint8Array): Decoded<OpenSessionResponse> {
  return decoding('Open Session Response', input, (r) => {
    const tag = r.u8('tag');
    const status = r.u8('status');
    if (status !== 0) {
      // NOTE(short error form): on failure BMCs send only tag/status (+ maxPriv and console SID); read what is there.
      const maxPrivilege = r.remaining >= 1 ? r.u8('max privilege') & 0x0f : 0;
      if (r.remaining >= 1) r.skip(1, 'reserved');
      const consoleSessionId = r.remaining >= 4 ? r.u32le('console session ID') : 0;
      return { tag, status, maxPrivilege, consoleSessionId, managedSessionId: 0, auth: 0, integrity: 0, confidentiality: 0 };
    }
    const maxPrivilege = r.u8('max privilege') & 0x0f;
    r.skip(1, 'reserved');
    const consoleSessionId = r.u32le('console session ID');
    const managedSessionId = r.u32le('managed system session ID');
    const auth = readAlg(r, 0);
    const integrity = readAlg(r, 1);
    const confidentiality = readAlg(r, 2);
    return { tag, status, maxPrivilege, consoleSessionId, managedSessionId, auth, integrity, confidentiality };
  });
}
