/**
 * The session-setup entries of the RMCP+ dispatch (payload types 10h, 12h, 14h): decode the
 * message, run the handshake step (handshake.ts) against the session table, encode the answer.
 */
import { decodeOpenSessionRequest, encodeOpenSessionResponse } from '../../drivers/ipmi/codec/open-session.ts';
import { decodeRakp1, decodeRakp3, encodeRakp2, encodeRakp4 } from '../../drivers/ipmi/codec/rakp.ts';
import { PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { openSession, rakp1, rakp3, type HandshakeContext } from './handshake.ts';
import type { PayloadHandler, Peer, ServerEnv } from './server-env.ts';

function handshakeContext(env: ServerEnv, peer: Peer): HandshakeContext {
  return {
    table: env.sessions,
    users: env.users,
    suites: env.suites,
    guid: env.guid,
    ...(env.kg ? { kg: env.kg } : {}),
    channelLimit: env.state.channelAccess.privilegeLimit,
    lockout: env.lockout,
    now: env.clock.now(),
    peer,
    onRefused: (stage, status, detail) => env.log.info(`session setup refused at ${stage} for ${peer.address}:${peer.port}: status 0x${status.toString(16)}: ${detail}`),
  };
}

export const OPEN_SESSION_PAYLOAD: PayloadHandler = {
  setup: true,
  handle(env, payload, _session, peer) {
    const m = decodeOpenSessionRequest(payload);
    if (!m.ok) return env.drop(peer, m.error.message);
    return { payloadType: PAYLOAD_TYPE.OPEN_SESSION_RESPONSE, payload: encodeOpenSessionResponse(openSession(handshakeContext(env, peer), m.value)) };
  },
};

export const RAKP1_PAYLOAD: PayloadHandler = {
  setup: true,
  handle(env, payload, _session, peer) {
    const m = decodeRakp1(payload);
    if (!m.ok) return env.drop(peer, m.error.message);
    return { payloadType: PAYLOAD_TYPE.RAKP2, payload: encodeRakp2(rakp1(handshakeContext(env, peer), m.value)) };
  },
};

export const RAKP3_PAYLOAD: PayloadHandler = {
  setup: true,
  handle(env, payload, _session, peer) {
    const m = decodeRakp3(payload);
    if (!m.ok) return env.drop(peer, m.error.message);
    const r4 = rakp3(handshakeContext(env, peer), m.value);
    if (!r4) return undefined; // the console aborted: stay silent
    if (r4.status === 0) env.log.debug(`session 0x${m.value.managedSessionId.toString(16)} active for ${peer.address}:${peer.port}`);
    return { payloadType: PAYLOAD_TYPE.RAKP4, payload: encodeRakp4(r4) };
  },
};
