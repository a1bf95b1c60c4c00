/** Application commands (netFn 06h): device ID, GUIDs, channel capabilities, session control. Wire formats are the codec's where it has them. */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { CIPHER_SUITES } from '../../../drivers/ipmi/codec/cipher-suites.ts';
import { CURRENT_CHANNEL, decodeChannelAuthRequest, encodeChannelAuthResponse } from '../../../drivers/ipmi/codec/commands/channel-auth.ts';
import { encodeGetDeviceIdResponse } from '../../../drivers/ipmi/codec/commands/device-id.ts';
import { decodeCloseSessionRequest, decodeSetSessionPrivilegeRequest, encodeSetSessionPrivilegeResponse } from '../../../drivers/ipmi/codec/commands/session-commands.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import type { DeviceIdentity } from '../backend.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

/** Set Session Privilege Level: requested level exceeds the channel/user privilege limit (§22.18). */
const CC_PRIVILEGE_ABOVE_LIMIT = 0x81;
/** Close Session: invalid session ID in request (§22.19). */
const CC_INVALID_SESSION_ID = 0x87;

function bcd(n: number): number {
  const v = Math.max(0, Math.min(99, Math.trunc(n)));
  return ((Math.trunc(v / 10) << 4) | v % 10) & 0xff;
}

function deviceIdData(id: DeviceIdentity, fru: boolean): Buffer {
  return encodeGetDeviceIdResponse({
    deviceId: id.deviceId & 0xff,
    deviceRevision: id.deviceRevision & 0x0f,
    providesSdrs: false,
    firmwareMajor: id.firmwareMajor & 0x7f,
    updateInProgress: false, // normal operation
    firmwareMinorBcd: bcd(id.firmwareMinor),
    ipmiVersionBcd: 0x02, // IPMI 2.0
    additionalSupport: fru ? 0x8f : 0x87, // chassis device, (FRU inventory,) SEL, SDR repository, sensor device
    manufacturerId: id.manufacturerId & 0xfffff,
    productId: id.productId & 0xffff,
    auxFirmware: Buffer.alloc(4),
  });
}

function channelAuthCapabilities({ channel, server: { kg } }: CommandContext, data: Buffer): CommandResult {
  const req = decodeChannelAuthRequest(data);
  if (!req.ok) return fail(CC.DATA_LENGTH_INVALID);
  const { channel: ch, extended: v2, privilege } = req.value;
  if ((ch !== CURRENT_CHANNEL && ch !== channel) || privilege < PRIVILEGE.CALLBACK || privilege > PRIVILEGE.OEM) return fail(CC.INVALID_DATA_FIELD);
  // No IPMI 1.5 auth types are offered; K_g set or not, per-message and user-level authentication on,
  // non-null user names only; IPMI 2.0 connections supported (with the extended data).
  return ok(
    encodeChannelAuthResponse({
      channel,
      authTypes: 0,
      extendedCapabilities: v2,
      kgNonZero: kg !== undefined,
      perMessageAuthDisabled: false,
      userLevelAuthDisabled: false,
      nonNullUsers: true,
      nullUsers: false,
      anonymousLogin: false,
      supportsIpmi20: v2,
      supportsIpmi15: false,
      oemId: 0,
      oemAux: 0,
    }),
  );
}

function channelCipherSuites({ channel, suites }: CommandContext, data: Buffer): CommandResult {
  const ch = byteAt(data, 0, 'channel') & 0x0f;
  const payloadType = byteAt(data, 1, 'payload type') & 0x3f;
  const listIndex = byteAt(data, 2, 'list index');
  const listBySuite = (listIndex & 0x80) !== 0;
  const index = listIndex & 0x3f;
  if ((ch !== CURRENT_CHANNEL && ch !== channel) || payloadType !== 0) return fail(CC.INVALID_DATA_FIELD);
  const records: number[] = [];
  for (const id of suites) {
    const s = CIPHER_SUITES[id];
    if (!s) continue;
    const algs = [s.auth, 0x40 | s.integrity, 0x80 | s.confidentiality];
    // Listing by suite: C0h, suite ID, algorithms; listing supported algorithms: the algorithm bytes.
    records.push(...(listBySuite ? [0xc0, id, ...algs] : algs));
  }
  return ok([channel, ...records.slice(index * 16, index * 16 + 16)]);
}

function setSessionPrivilege({ session }: CommandContext, data: Buffer): CommandResult {
  if (!session) return fail(CC.INSUFFICIENT_PRIVILEGE);
  const req = decodeSetSessionPrivilegeRequest(data);
  if (!req.ok) return fail(CC.DATA_LENGTH_INVALID);
  const want = req.value;
  if (want === 0) return ok(encodeSetSessionPrivilegeResponse(session.privilege));
  if (want < PRIVILEGE.USER || want > PRIVILEGE.OEM) return fail(CC.INVALID_DATA_FIELD);
  if (want > session.maxPrivilege) return fail(CC_PRIVILEGE_ABOVE_LIMIT);
  session.privilege = want;
  return ok(encodeSetSessionPrivilegeResponse(want));
}

function closeSession({ session, sessions }: CommandContext, data: Buffer): CommandResult {
  if (!session) return fail(CC.INSUFFICIENT_PRIVILEGE);
  const req = decodeCloseSessionRequest(data);
  if (!req.ok) return fail(CC.DATA_LENGTH_INVALID);
  const id = req.value.sessionId;
  const target = id === 0 ? undefined : sessions.get(id);
  if (!target) return fail(CC_INVALID_SESSION_ID);
  if (target.managedId !== session.managedId && session.privilege < PRIVILEGE.ADMINISTRATOR) return fail(CC.INSUFFICIENT_PRIVILEGE);
  // Our own session ends only once the response (under its keys) went out.
  if (target.managedId === session.managedId) return { cc: 0, data: Buffer.alloc(0), after: () => sessions.remove(id) };
  sessions.remove(id);
  return ok();
}

function sessionInfo({ session, sessions, channel }: CommandContext, data: Buffer): CommandResult {
  if (!session || data.length < 1) return fail(CC.DATA_LENGTH_INVALID);
  const active = sessions.list().filter((s) => s.state === 'active');
  const idx = byteAt(data, 0, 'session index');
  let s = idx === 0 ? session : undefined;
  if (idx >= 1 && idx <= 0x3f) s = active[idx - 1];
  if (idx === 0xfe && data.length >= 2) s = active[byteAt(data, 1, 'session handle') - 1];
  if (idx === 0xff && data.length >= 5) s = sessions.get(data.readUInt32LE(1));
  if (!s) return ok([0, sessions.limit & 0x3f, active.length & 0x3f]);
  const handle = active.indexOf(s) + 1;
  // handle, slot count, active count, user ID, privilege, protocol (1h = IPMI 2.0) | channel
  return ok([handle, sessions.limit & 0x3f, active.length & 0x3f, (s.user?.id ?? 0) & 0x3f, s.privilege & 0x0f, 0x10 | (channel & 0x0f)]);
}

export const APP_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.APP, 0x01), { name: 'Get Device ID', privilege: PRIVILEGE.USER, length: 0, run: ({ backend }) => ok(deviceIdData(backend.identity(), backend.fru !== undefined)) }],
  [key(NETFN.APP, 0x04), { name: 'Get Self Test Results', privilege: PRIVILEGE.USER, length: 0, run: () => ok([0x55, 0x00]) }],
  [key(NETFN.APP, 0x08), { name: 'Get Device GUID', privilege: PRIVILEGE.USER, length: 0, run: ({ guid }) => ok(guid) }],
  [key(NETFN.APP, 0x37), { name: 'Get System GUID', privilege: PRIVILEGE.USER, length: 0, run: ({ guid }) => ok(guid) }],
  [key(NETFN.APP, 0x38), { name: 'Get Channel Authentication Capabilities', privilege: PRIVILEGE.CALLBACK, sessionless: true, length: 2, run: channelAuthCapabilities }],
  [key(NETFN.APP, 0x54), { name: 'Get Channel Cipher Suites', privilege: PRIVILEGE.CALLBACK, sessionless: true, length: 3, run: channelCipherSuites }],
  [key(NETFN.APP, 0x3b), { name: 'Set Session Privilege Level', privilege: PRIVILEGE.USER, length: 1, run: setSessionPrivilege }],
  [key(NETFN.APP, 0x3c), { name: 'Close Session', privilege: PRIVILEGE.CALLBACK, length: [4, 5], run: closeSession }],
  [key(NETFN.APP, 0x3d), { name: 'Get Session Info', privilege: PRIVILEGE.USER, run: sessionInfo }],
]);
