/**
 * IPMI 1.5 framing on the BMC side. Only session-less requests are served (Get Channel
 * Authentication Capabilities, Get Channel Cipher Suites); IPMI 1.5 sessions are not: a Get
 * Session Challenge is refused at once (CC D6h, "command sub-function disabled or unavailable",
 * Table 5-2) so a console never waits for its timeout.
 */
import { GET_SESSION_CHALLENGE } from '../../drivers/ipmi/codec/commands/session-commands.ts';
import { CC } from '../../drivers/ipmi/codec/completion-codes.ts';
import { decodeIpmiRequest } from '../../drivers/ipmi/codec/message.ts';
import { AUTH_TYPE, decodeSession15, encodeSession15 } from '../../drivers/ipmi/codec/session15.ts';
import { commandHandler, responseTo, runCommand } from './commands/dispatch.ts';
import type { Peer, ServerEnv } from './server-env.ts';

const sessionless15 = (payload: Buffer): Buffer => encodeSession15({ authType: AUTH_TYPE.NONE, seq: 0, sessionId: 0, payload });

export async function onIpmi15(env: ServerEnv, msg: Buffer, peer: Peer): Promise<void> {
  const p = decodeSession15(msg);
  if (!p.ok) return env.drop(peer, p.error.message);
  if (p.value.authType !== AUTH_TYPE.NONE || p.value.sessionId !== 0) return env.drop(peer, 'IPMI 1.5 sessions are not supported');
  const req = decodeIpmiRequest(p.value.payload);
  if (!req.ok) return env.drop(peer, req.error.message);
  const { netFn, cmd } = req.value;
  if (netFn === GET_SESSION_CHALLENGE.netFn && cmd === GET_SESSION_CHALLENGE.cmd) {
    env.log.info(`IPMI 1.5 session refused for ${peer.address}:${peer.port}: Get Session Challenge answered 0x${CC.SUBFUNCTION_DISABLED.toString(16)} (only RMCP+ / IPMI 2.0 sessions are served)`);
    env.send(sessionless15(responseTo(req.value, { cc: CC.SUBFUNCTION_DISABLED })), peer);
    return;
  }
  if (!commandHandler(req.value)?.sessionless) return env.drop(peer, `session-less IPMI 1.5 request netFn 0x${netFn.toString(16)} cmd 0x${cmd.toString(16)}`);
  const r = await runCommand(env, req.value, null);
  env.send(sessionless15(responseTo(req.value, r)), peer);
}
