/**
 * Get/Set LAN Configuration Parameters (netFn 0Ch, §23.1–23.2) for the LAN channel, with the
 * values of the emulator's own socket (lan-info.ts). Parameters not listed get CC 80h (not
 * supported). Set accepts "set in progress" and the community string; the parameters the socket
 * fixes (addresses, MAC, cipher suites, VLAN, the lockout policy) are read-only (CC 82h).
 */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { lanInfo } from '../lan-info.ts';
import type { ServerEnv } from '../server-env.ts';
import { ourChannel } from './channel.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

const PARAMETER_REVISION = 0x11;
const CC_NOT_SUPPORTED = 0x80;
const CC_SET_IN_PROGRESS = 0x81;
const CC_READ_ONLY = 0x82;
const IP_SOURCE_STATIC = 0x01;
const COMMUNITY_LENGTH = 18;

export const LAN_PARAM = {
  SET_IN_PROGRESS: 0,
  AUTH_TYPE_SUPPORT: 1,
  AUTH_TYPE_ENABLES: 2,
  IP_ADDRESS: 3,
  IP_SOURCE: 4,
  MAC_ADDRESS: 5,
  SUBNET_MASK: 6,
  IPV4_HEADER: 7,
  DEFAULT_GATEWAY: 12,
  DEFAULT_GATEWAY_MAC: 13,
  BACKUP_GATEWAY: 14,
  BACKUP_GATEWAY_MAC: 15,
  COMMUNITY: 16,
  DESTINATIONS: 17,
  VLAN_ID: 20,
  VLAN_PRIORITY: 21,
  CIPHER_SUITE_COUNT: 22,
  CIPHER_SUITES: 23,
  CIPHER_SUITE_PRIVILEGES: 24,
  BAD_PASSWORD_THRESHOLD: 26,
} as const;

/** Ten-second units, as parameter 26 carries its intervals. */
function tens(ms: number): number[] {
  const n = Math.min(0xffff, Math.round(ms / 10_000));
  return [n & 0xff, n >> 8];
}

/** Parameter 24: one nibble per cipher suite entry of parameter 23 (the channel's limit for each), 0 for unused. */
function suitePrivileges(env: ServerEnv): number[] {
  const nibbles = Array.from({ length: 16 }, (_, i) => (i < env.suites.length ? env.state.channelAccess.privilegeLimit : 0));
  return [0, ...Array.from({ length: 8 }, (_, i) => (nibbles[2 * i] ?? 0) | ((nibbles[2 * i + 1] ?? 0) << 4))];
}

function paramValue(env: ServerEnv, param: number): Buffer | number[] | undefined {
  const lan = lanInfo(env.host);
  const p = env.lockout.policy;
  const values: Record<number, () => Buffer | number[]> = {
    [LAN_PARAM.SET_IN_PROGRESS]: () => [env.state.lanSetInProgress],
    // IPMI 1.5 authentication types: none offered (RMCP+ only), so none enabled at any privilege.
    [LAN_PARAM.AUTH_TYPE_SUPPORT]: () => [0],
    [LAN_PARAM.AUTH_TYPE_ENABLES]: () => [0, 0, 0, 0, 0],
    [LAN_PARAM.IP_ADDRESS]: () => lan.ip,
    [LAN_PARAM.IP_SOURCE]: () => [IP_SOURCE_STATIC],
    [LAN_PARAM.MAC_ADDRESS]: () => lan.mac,
    [LAN_PARAM.SUBNET_MASK]: () => lan.netmask,
    [LAN_PARAM.IPV4_HEADER]: () => [0x40, 0x40, 0x10], // TTL 64, don't fragment, precedence 0 / TOS 8h
    [LAN_PARAM.DEFAULT_GATEWAY]: () => lan.gateway,
    [LAN_PARAM.DEFAULT_GATEWAY_MAC]: () => Buffer.alloc(6),
    [LAN_PARAM.BACKUP_GATEWAY]: () => Buffer.alloc(4),
    [LAN_PARAM.BACKUP_GATEWAY_MAC]: () => Buffer.alloc(6),
    [LAN_PARAM.COMMUNITY]: () => env.state.community,
    [LAN_PARAM.DESTINATIONS]: () => [0],
    [LAN_PARAM.VLAN_ID]: () => [0, 0], // no VLAN: the socket is on an untagged interface
    [LAN_PARAM.VLAN_PRIORITY]: () => [0],
    [LAN_PARAM.CIPHER_SUITE_COUNT]: () => [env.suites.length],
    [LAN_PARAM.CIPHER_SUITES]: () => [0, ...env.suites],
    [LAN_PARAM.CIPHER_SUITE_PRIVILEGES]: () => suitePrivileges(env),
    // Bit 0: a Session Audit event is logged on lockout (bmc-events.ts).
    [LAN_PARAM.BAD_PASSWORD_THRESHOLD]: () => [1, p.threshold, ...tens(p.resetAfterMs), ...tens(p.lockoutMs)],
  };
  return values[param]?.();
}

function getLanConfig(ctx: CommandContext, data: Buffer): CommandResult {
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  const revisionOnly = (byteAt(data, 0, 'channel') & 0x80) !== 0;
  const value = paramValue(ctx.server, byteAt(data, 1, 'parameter'));
  if (value === undefined) return fail(CC_NOT_SUPPORTED);
  return ok(revisionOnly ? [PARAMETER_REVISION] : [PARAMETER_REVISION, ...value]);
}

function setInProgress(ctx: CommandContext, value: Buffer): CommandResult {
  const v = byteAt(value, 0, 'set in progress') & 0x03;
  if (v === 3) return fail(CC.INVALID_DATA_FIELD);
  const state = ctx.server.state;
  if (v === 1 && state.lanSetInProgress === 1) return fail(CC_SET_IN_PROGRESS);
  state.lanSetInProgress = v === 2 ? state.lanSetInProgress : v; // commit write: nothing pending to commit
  return ok();
}

function setLanConfig(ctx: CommandContext, data: Buffer): CommandResult {
  if (ourChannel(ctx, data) === undefined) return fail(CC.INVALID_DATA_FIELD);
  const param = byteAt(data, 1, 'parameter');
  const value = data.subarray(2);
  if (param === LAN_PARAM.SET_IN_PROGRESS) return value.length === 1 ? setInProgress(ctx, value) : fail(CC.DATA_LENGTH_INVALID);
  if (param === LAN_PARAM.COMMUNITY) {
    if (value.length !== COMMUNITY_LENGTH) return fail(CC.DATA_LENGTH_INVALID);
    ctx.server.state.community = Buffer.from(value);
    return ok();
  }
  return paramValue(ctx.server, param) === undefined ? fail(CC_NOT_SUPPORTED) : fail(CC_READ_ONLY);
}

export const LAN_CONFIG_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.TRANSPORT, 0x01), { name: 'Set LAN Configuration Parameters', privilege: PRIVILEGE.ADMINISTRATOR, run: (ctx, data) => (data.length < 3 ? fail(CC.DATA_LENGTH_INVALID) : setLanConfig(ctx, data)) }],
  [key(NETFN.TRANSPORT, 0x02), { name: 'Get LAN Configuration Parameters', privilege: PRIVILEGE.OPERATOR, length: 4, run: getLanConfig }],
]);
