/**
 * Channel commands (netFn 06h, §22.22–22.24, §24.8): Get Channel Info, Get/Set Channel Access,
 * Get Channel Payload Support. This BMC has one channel, the LAN channel; "this channel" (0Eh) is
 * it too. Other channel numbers get CC CCh.
 */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import type { ChannelAccess } from '../bmc-state.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

export const THIS_CHANNEL = 0x0e;
/** Medium 04h (802.3 LAN), protocol 01h (IPMB-1.0, as LAN channels report), multi-session. */
const MEDIUM_LAN = 0x04;
const PROTOCOL_IPMB = 0x01;
const MULTI_SESSION = 0x80;
/** IPMI's own IANA enterprise number (7154 = 001BF2h), least significant byte first. */
const IPMI_IANA = [0xf2, 0x1b, 0x00];
/** Set Channel Access: access mode not supported (§22.22). */
const CC_ACCESS_MODE_NOT_SUPPORTED = 0x83;
const ALWAYS_AVAILABLE = 2;

/** The channel a request names (bits 3:0), or undefined when it is not ours. */
export function ourChannel(ctx: CommandContext, data: Buffer): number | undefined {
  const ch = byteAt(data, 0, 'channel') & 0x0f;
  return ch === THIS_CHANNEL || ch === ctx.channel ? ctx.channel : undefined;
}

function channelInfo(ctx: CommandContext, data: Buffer): CommandResult {
  const ch = ourChannel(ctx, data);
  if (ch === undefined) return fail(CC.INVALID_DATA_FIELD);
  const active = ctx.sessions.activeCount & 0x3f;
  return ok([ch, MEDIUM_LAN, PROTOCOL_IPMB, MULTI_SESSION | active, ...IPMI_IANA, 0, 0]);
}

function encodeAccess(a: ChannelAccess): number[] {
  const flags = (a.alertingEnabled ? 0 : 0x20) | (a.perMessageAuth ? 0 : 0x10) | (a.userLevelAuth ? 0 : 0x08);
  return [flags | (a.accessMode & 0x07), a.privilegeLimit & 0x0f];
}

function getChannelAccess(ctx: CommandContext, data: Buffer): CommandResult {
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  const which = byteAt(data, 1, 'volatile / non-volatile') >> 6;
  if (which !== 1 && which !== 2) return fail(CC.INVALID_DATA_FIELD);
  return ok(encodeAccess(ctx.server.state.channelAccess));
}

/** The settings a Set Channel Access request asks for, or a completion code. */
function requestedAccess(current: ChannelAccess, data: Buffer): ChannelAccess | number {
  const b2 = byteAt(data, 1, 'access settings');
  const b3 = byteAt(data, 2, 'privilege limit');
  const next = { ...current };
  if (b2 >> 6 === 3 || b3 >> 6 === 3) return CC.INVALID_DATA_FIELD;
  if (b2 >> 6 !== 0) {
    // Only "always available" is served: the BMC's LAN channel is its only way in.
    if ((b2 & 0x07) !== ALWAYS_AVAILABLE) return CC_ACCESS_MODE_NOT_SUPPORTED;
    Object.assign(next, { alertingEnabled: (b2 & 0x20) === 0, perMessageAuth: (b2 & 0x10) === 0, userLevelAuth: (b2 & 0x08) === 0 });
  }
  if (b3 >> 6 !== 0) {
    const limit = b3 & 0x0f;
    // Below User no session could do anything on the only channel.
    if (limit < PRIVILEGE.USER || limit > PRIVILEGE.ADMINISTRATOR) return CC.INVALID_DATA_FIELD;
    next.privilegeLimit = limit;
  }
  return next;
}

function setChannelAccess(ctx: CommandContext, data: Buffer): CommandResult {
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  const next = requestedAccess(ctx.server.state.channelAccess, data);
  if (typeof next === 'number') return fail(next);
  ctx.server.state.channelAccess = next;
  // The new limit caps the sessions already open, as a lowered role does.
  for (const s of ctx.sessions.list()) {
    s.maxPrivilege = Math.min(s.maxPrivilege, next.privilegeLimit);
    s.privilege = Math.min(s.privilege, s.maxPrivilege);
  }
  return ok();
}

function payloadSupport(ctx: CommandContext, data: Buffer): CommandResult {
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  // Standard payloads: IPMI (bit 0), SOL (bit 1) when the host has a console; session setup: 10h..15h (bits 0..5); no OEM payloads.
  return ok([ctx.server.sol.available ? 0x03 : 0x01, 0x00, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00]);
}

export const CHANNEL_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.APP, 0x40), { name: 'Set Channel Access', privilege: PRIVILEGE.ADMINISTRATOR, length: 3, run: setChannelAccess }],
  [key(NETFN.APP, 0x41), { name: 'Get Channel Access', privilege: PRIVILEGE.USER, length: 2, run: getChannelAccess }],
  [key(NETFN.APP, 0x42), { name: 'Get Channel Info', privilege: PRIVILEGE.USER, length: 1, run: channelInfo }],
  [key(NETFN.APP, 0x4e), { name: 'Get Channel Payload Support', privilege: PRIVILEGE.USER, length: 1, run: payloadSupport }],
]);
