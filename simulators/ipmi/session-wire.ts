/**
 * The session layer of RMCP+ on the BMC side: an inbound packet of an active session is verified
 * (integrity), decrypted (confidentiality) and checked against the sequence window; an outbound
 * one takes the session's next sequence number and its keys (§13.6, §6.12.13).
 */
import { decodeRmcpPlus, encodeRmcpPlus } from '../../drivers/ipmi/codec/rmcpplus.ts';
import type { ServerSession, SessionTable } from './session-table.ts';

export type Opened = { ok: true; session: ServerSession; payload: Buffer } | { ok: false; why: string };

/** Open an inbound packet addressed to session `sessionId` (the BMC's ID); `now` counts as its activity. */
export function openSessionPacket(sessions: SessionTable, msg: Buffer, sessionId: number, now: number): Opened {
  const name = `session 0x${sessionId.toString(16)}`;
  const s = sessions.get(sessionId);
  if (!s || s.state !== 'active' || !s.crypto) return { ok: false, why: `no active ${name}` };
  const p = decodeRmcpPlus(msg, s.crypto);
  if (!p.ok) return { ok: false, why: `${name}: ${p.error.message}` };
  if (!s.inbound.accept(p.value.seq)) return { ok: false, why: `${name}: sequence ${p.value.seq} replayed or outside the window` };
  s.lastActivity = now;
  return { ok: true, session: s, payload: p.value.payload };
}

/** Seal an outbound payload in `s`: the next outbound sequence number (never 0), its integrity and confidentiality keys. */
export function sealSessionPacket(s: ServerSession, payloadType: number, payload: Buffer): Buffer {
  s.outboundSeq = (s.outboundSeq % 0xffffffff) + 1;
  return encodeRmcpPlus({ payloadType, sessionId: s.consoleId, seq: s.outboundSeq, payload }, s.crypto);
}

/** Encode a payload outside any session (session ID 0, sequence 0, unauthenticated). */
export function sessionlessPacket(payloadType: number, payload: Buffer): Buffer {
  return encodeRmcpPlus({ payloadType, sessionId: 0, seq: 0, payload });
}
