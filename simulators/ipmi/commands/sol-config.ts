/**
 * Get / Set SOL Configuration Parameters (netFn 0Ch, §26.2–26.3) for the LAN channel's SOL
 * payload: the settings of sol-config.ts. Unknown parameters get CC 80h, the channel and port
 * (fixed by the socket) are read-only (CC 82h).
 */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { setSolParam, solParamValue } from '../sol-config.ts';
import { ourChannel } from './channel.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

const PARAMETER_REVISION = 0x11;
const CC_NOT_SUPPORTED = 0x80;
const CC_READ_ONLY = 0x82;

function getSolConfig(ctx: CommandContext, data: Buffer): CommandResult {
  const channel = ourChannel(ctx, data);
  if (channel === undefined) return fail(CC.INVALID_DATA_FIELD);
  const value = solParamValue(ctx.server.sol.settings, byteAt(data, 1, 'parameter'), channel, ctx.server.localPort());
  if (value === undefined) return fail(CC_NOT_SUPPORTED);
  return ok((byteAt(data, 0, 'channel') & 0x80) !== 0 ? [PARAMETER_REVISION] : [PARAMETER_REVISION, ...value]);
}

function setSolConfig(ctx: CommandContext, data: Buffer): CommandResult {
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  const r = setSolParam(ctx.server.sol.settings, byteAt(data, 1, 'parameter'), data.subarray(2));
  if (r === 'unsupported') return fail(CC_NOT_SUPPORTED);
  if (r === 'read-only') return fail(CC_READ_ONLY);
  if (r === 'invalid') return fail(CC.INVALID_DATA_FIELD);
  if (r === 'length') return fail(CC.DATA_LENGTH_INVALID);
  ctx.server.sol.settings = r;
  return ok();
}

export const SOL_CONFIG_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.TRANSPORT, 0x21), { name: 'Set SOL Configuration Parameters', privilege: PRIVILEGE.ADMINISTRATOR, run: setSolConfig }],
  [key(NETFN.TRANSPORT, 0x22), { name: 'Get SOL Configuration Parameters', privilege: PRIVILEGE.USER, length: 4, run: getSolConfig }],
]);
