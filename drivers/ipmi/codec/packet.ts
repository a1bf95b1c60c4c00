/** Route an inbound datagram by its RMCP class and session wrapper, without verifying anything. */
import { decoding, type Decoded } from './bytes.ts';
import { decodeRmcp, RMCP_CLASS } from './rmcp.ts';
import { peekRmcpPlus } from './rmcpplus.ts';
import { AUTH_TYPE } from './session15.ts';

export type DatagramKind =
  | { kind: 'asf' }
  | { kind: 'ipmi15'; authType: number; sessionId: number }
  | { kind: 'rmcpplus'; payloadType: number; sessionId: number; authenticated: boolean; encrypted: boolean }
  | { kind: 'rmcp-ack'; seq: number };

export function classifyDatagram(input: Uint8Array): Decoded<DatagramKind> {
  const rmcp = decodeRmcp(input);
  if (!rmcp.ok) return rmcp;
  const { header, body } = rmcp.value;
  if (header.ack) return { ok: true, value: { kind: 'rmcp-ack', seq: header.seq } };
  if (header.msgClass === RMCP_CLASS.ASF) return { ok: true, value: { kind: 'asf' } };
  return decoding('RMCP datagram', body, (r) => {
    if (header.msgClass !== RMCP_CLASS.IPMI) r.fail(`RMCP class must be 0x06 (ASF) or 0x07 (IPMI), got 0x${header.msgClass.toString(16)}`, 0);
    const authType = r.u8('authType');
    if (authType === AUTH_TYPE.RMCP_PLUS) {
      const h = peekRmcpPlus(input);
      if (!h.ok) throw h.error;
      return { kind: 'rmcpplus' as const, payloadType: h.value.payloadType, sessionId: h.value.sessionId, authenticated: h.value.authenticated, encrypted: h.value.encrypted };
    }
    r.skip(4, 'session sequence');
    return { kind: 'ipmi15' as const, authType, sessionId: r.u32le('session ID') };
  });
}
