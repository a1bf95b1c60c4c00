/**
 * IPMI command dispatch: find the handler for (netFn, cmd), check the session's privilege and the
 * request length, run it against the backend, and frame the response (§13.8).
 */
import { IpmiDecodeError } from '../../../drivers/ipmi/codec/errors.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { encodeIpmiResponse, type IpmiRequest } from '../../../drivers/ipmi/codec/message.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { IpmiCommandRefused } from '../backend.ts';
import type { ServerEnv } from '../server-env.ts';
import type { ServerSession } from '../session-table.ts';
import { APP_COMMANDS } from './app.ts';
import { CHANNEL_COMMANDS } from './channel.ts';
import { CHASSIS_COMMANDS } from './chassis.ts';
import { FRU_COMMANDS } from './fru.ts';
import { LAN_CONFIG_COMMANDS } from './lan-config.ts';
import { PAYLOAD_COMMANDS } from './payload.ts';
import { SENSOR_COMMANDS } from './sensor.ts';
import { SOL_CONFIG_COMMANDS } from './sol-config.ts';
import { STORAGE_COMMANDS } from './storage.ts';
import { USER_COMMANDS } from './user.ts';
import { WATCHDOG_COMMANDS } from './watchdog.ts';
import { key, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

const HANDLERS = new Map<number, CommandHandler>([
  ...APP_COMMANDS,
  ...CHANNEL_COMMANDS,
  ...USER_COMMANDS,
  ...WATCHDOG_COMMANDS,
  ...CHASSIS_COMMANDS,
  ...STORAGE_COMMANDS,
  ...FRU_COMMANDS,
  ...SENSOR_COMMANDS,
  ...LAN_CONFIG_COMMANDS,
  ...PAYLOAD_COMMANDS,
  ...SOL_CONFIG_COMMANDS,
]);

export function commandHandler(req: Pick<IpmiRequest, 'netFn' | 'cmd'>): CommandHandler | undefined {
  return HANDLERS.get(key(req.netFn, req.cmd));
}

function refusal(h: CommandHandler, req: IpmiRequest, session: ServerSession | null): number | undefined {
  if (!session && !h.sessionless) return CC.INSUFFICIENT_PRIVILEGE;
  if (session && session.privilege < h.privilege) return CC.INSUFFICIENT_PRIVILEGE;
  const lengths = h.length === undefined ? undefined : typeof h.length === 'number' ? [h.length] : h.length;
  if (lengths && !lengths.includes(req.data.length)) return CC.DATA_LENGTH_INVALID;
  return undefined;
}

/** Run one request; the backend's refusals and failures become completion codes. */
export async function runCommand(env: ServerEnv, req: IpmiRequest, session: ServerSession | null): Promise<CommandResult> {
  const h = commandHandler(req);
  if (!h) return { cc: CC.INVALID_COMMAND };
  const refused = refusal(h, req, session);
  if (refused !== undefined) return { cc: refused };
  const ctx: CommandContext = { backend: env.backend, session, sdr: env.sdr, sessions: env.sessions, guid: env.guid, suites: env.suites, channel: env.channel, server: env };
  try {
    return await h.run(ctx, req.data);
  } catch (e) {
    if (e instanceof IpmiCommandRefused) {
      env.log.debug(`${h.name} refused by the backend: ${e.message}`);
      return { cc: e.completionCode };
    }
    if (e instanceof IpmiDecodeError) {
      env.log.debug(`${h.name}: malformed request data: ${e.message}`);
      return { cc: CC.DATA_LENGTH_INVALID };
    }
    env.log.warn(`${h.name} failed in the backend: ${errorMessage(e)}`);
    return { cc: CC.UNSPECIFIED };
  }
}

/** The response message to `req` (data only with completion code 0). */
export function responseTo(req: IpmiRequest, r: CommandResult): Buffer {
  return encodeIpmiResponse({
    rqAddr: req.rqAddr,
    netFn: req.netFn | 1,
    rqLun: req.rqLun,
    rsAddr: req.rsAddr,
    rqSeq: req.rqSeq,
    rsLun: req.rsLun,
    cmd: req.cmd,
    completionCode: r.cc,
    data: r.cc === 0 ? (r.data ?? Buffer.alloc(0)) : Buffer.alloc(0),
  });
}
