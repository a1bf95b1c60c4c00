/**
 * Payload type 01h (Serial-over-LAN) for the RMCP+ dispatch: only inside an active session, and
 * only the session that activated the payload is heard (sol-service.ts). The answer, an ACK, goes
 * back in the same session.
 */
import { PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { decodeSolPacket, encodeSolPacket } from '../../drivers/ipmi/codec/sol.ts';
import type { PayloadHandler } from './server-env.ts';

export const SOL_PAYLOAD: PayloadHandler = {
  setup: false,
  handle(env, payload, session, peer) {
    if (!session) return env.drop(peer, 'SOL payload outside a session');
    const p = decodeSolPacket(payload);
    if (!p.ok) return env.drop(peer, p.error.message);
    if (env.sol.ownerSession !== session) return env.drop(peer, `SOL payload from session 0x${session.managedId.toString(16)}, which has not activated SOL`);
    const ack = env.sol.onPacket(session, p.value);
    return ack && { payloadType: PAYLOAD_TYPE.SOL, payload: encodeSolPacket(ack) };
  },
};
