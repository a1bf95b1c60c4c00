/**
 * Payload type 0 (IPMI messages) for the RMCP+ dispatch: inside an active session, or outside
 * any session for the few commands the spec allows there (Get Channel Authentication
 * Capabilities, Get Channel Cipher Suites).
 */
import { decodeIpmiRequest } from '../../drivers/ipmi/codec/message.ts';
import { PAYLOAD_TYPE } from '../../drivers/ipmi/codec/rmcpplus.ts';
import { commandHandler, responseTo, runCommand } from './commands/dispatch.ts';
import type { PayloadHandler } from './server-env.ts';

export const IPMI_PAYLOAD: PayloadHandler = {
  setup: false,
  async handle(env, payload, session, peer) {
    const req = decodeIpmiRequest(payload);
    if (!req.ok) return env.drop(peer, req.error.message);
    if (!session && !commandHandler(req.value)?.sessionless) return env.drop(peer, 'session-less request for a command that needs a session');
    const r = await runCommand(env, req.value, session);
    return { payloadType: PAYLOAD_TYPE.IPMI, payload: responseTo(req.value, r), ...(r.after ? { after: r.after } : {}) };
  },
};
