/**
 * RMCP+ dispatch by payload type (§13.27.3). One entry per payload type the BMC serves. Setup
 * payloads and session-less requests are handled outside any session; everything else (IPMI
 * messages, Serial-over-LAN) only inside an active session, whose session layer (session-wire.ts) verifies, decrypts and sequences the packets both ways.
 */
import { decodeRmcpPlus, PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { OPEN_SESSION_PAYLOAD, RAKP1_PAYLOAD, RAKP3_PAYLOAD } from './handshake-payloads.ts';
import { IPMI_PAYLOAD } from './ipmi-payload.ts';
import { SOL_PAYLOAD } from './sol-payload.ts';
import type { PayloadHandler, Peer, ServerEnv } from './server-env.ts';
import { openSessionPacket, sealSessionPacket, sessionlessPacket } from './session-wire.ts';

export const PAYLOAD_HANDLERS: ReadonlyMap<number, PayloadHandler> = new Map([
  [PAYLOAD_TYPE.IPMI, IPMI_PAYLOAD],
  [PAYLOAD_TYPE.SOL, SOL_PAYLOAD],
  [PAYLOAD_TYPE.OPEN_SESSION_REQUEST, OPEN_SESSION_PAYLOAD],
  [PAYLOAD_TYPE.RAKP1, RAKP1_PAYLOAD],
  [PAYLOAD_TYPE.RAKP3, RAKP3_PAYLOAD],
]);

async function outsideSession(env: ServerEnv, h: PayloadHandler, msg: Buffer, peer: Peer): Promise<void> {
  const p = decodeRmcpPlus(msg);
  if (!p.ok) return env.drop(peer, p.error.message);
  const reply = await h.handle(env, p.value.payload, null, peer);
  if (reply) env.send(sessionlessPacket(reply.payloadType, reply.payload), peer);
}

async function insideSession(env: ServerEnv, h: PayloadHandler, msg: Buffer, peer: Peer, sessionId: number): Promise<void> {
  const opened = openSessionPacket(env.sessions, msg, sessionId, env.clock.now());
  if (!opened.ok) return env.drop(peer, opened.why);
  const { session } = opened;
  const reply = await h.handle(env, opened.payload, session, peer);
  if (!reply || env.sessions.get(session.managedId) !== session) return; // nothing to say, or closed meanwhile
  env.send(sealSessionPacket(session, reply.payloadType, reply.payload), peer);
  reply.after?.();
}

/** Handle one RMCP+ datagram (payload type and session ID from its unverified header). */
export function onRmcpPlus(env: ServerEnv, msg: Buffer, peer: Peer, payloadType: number, sessionId: number): Promise<void> {
  const h = PAYLOAD_HANDLERS.get(payloadType);
  if (!h) return Promise.resolve(env.drop(peer, `payload type 0x${payloadType.toString(16)} is not supported`));
  return h.setup || sessionId === 0 ? outsideSession(env, h, msg, peer) : insideSession(env, h, msg, peer, sessionId);
}
