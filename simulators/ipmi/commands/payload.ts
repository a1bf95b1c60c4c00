/**
 * Payload commands (netFn 06h, §24.1–24.4, §24.9): Activate / Deactivate Payload, Get Payload
 * Activation Status, Get Payload Instance Info, for the SOL payload (type 01h, one instance).
 * Other payload types cannot be activated (CC CCh).
 */
import { byteAt } from '../../../drivers/ipmi/codec/bytes.ts';
import { ACTIVATE_CC, DEACTIVATE_CC_NOT_ACTIVE, decodePayloadRequest, encodeActivatePayloadResponse, encodePayloadInstanceInfo } from '../../../drivers/ipmi/codec/commands/payload.ts';
import { PRIVILEGE } from '../../../drivers/ipmi/codec/commands/spec.ts';
import { CC } from '../../../drivers/ipmi/codec/completion-codes.ts';
import { NETFN } from '../../../drivers/ipmi/codec/message.ts';
import { PAYLOAD_TYPE } from '../../../drivers/ipmi/codec/rmcpplus.ts';
import { SOL_HEADER_LENGTH } from '../../../drivers/ipmi/codec/sol.ts';
import { SOL_MAX_DATA } from '../sol-service.ts';
import { fail, key, ok, type CommandContext, type CommandHandler, type CommandResult } from './types.ts';

const SOL_INSTANCE = 1;
const NO_VLAN = 0xffff;

/** The SOL instance a request names, or the completion code refusing it. */
function solInstance(data: Buffer): number | undefined {
  const type = byteAt(data, 0, 'payload type') & 0x3f;
  const instance = byteAt(data, 1, 'payload instance') & 0x0f;
  return type === PAYLOAD_TYPE.SOL && instance === SOL_INSTANCE ? undefined : CC.INVALID_DATA_FIELD;
}

function activatePayload({ session, server }: CommandContext, data: Buffer): CommandResult {
  const req = decodePayloadRequest(data);
  if (!req.ok || !session) return fail(CC.DATA_LENGTH_INVALID);
  const refused = solInstance(data);
  if (refused !== undefined) return fail(refused);
  // The SOL authentication parameter's privilege applies on top of the command's own (§26.3).
  if (session.privilege < (server.sol.settings.authentication & 0x0f)) return fail(CC.INSUFFICIENT_PRIVILEGE);
  const r = server.sol.activate(session);
  if (r === 'already-active') return fail(ACTIVATE_CC.ALREADY_ACTIVE);
  if (r !== 'activated') return fail(ACTIVATE_CC.TYPE_DISABLED);
  const size = SOL_MAX_DATA + SOL_HEADER_LENGTH;
  return ok(encodeActivatePayloadResponse({ aux: Buffer.alloc(4), inboundSize: size, outboundSize: size, port: server.localPort(), vlan: NO_VLAN }));
}

function deactivatePayload({ session, server }: CommandContext, data: Buffer): CommandResult {
  if (!session) return fail(CC.INSUFFICIENT_PRIVILEGE);
  const refused = solInstance(data);
  if (refused !== undefined) return fail(refused);
  return server.sol.deactivate(session) ? ok() : fail(DEACTIVATE_CC_NOT_ACTIVE);
}

function activationStatus({ server }: CommandContext, data: Buffer): CommandResult {
  if ((byteAt(data, 0, 'payload type') & 0x3f) !== PAYLOAD_TYPE.SOL) return fail(CC.INVALID_DATA_FIELD);
  // Instance capacity, then one bit per instance (bit 0 = instance 1).
  return ok([server.sol.available ? 1 : 0, server.sol.ownerSession ? 1 : 0, 0]);
}

function instanceInfo({ server }: CommandContext, data: Buffer): CommandResult {
  const refused = solInstance(data);
  if (refused !== undefined) return fail(refused);
  // The owner's session ID (0 when inactive); for SOL the first specific byte is the serial port number.
  return ok(encodePayloadInstanceInfo(server.sol.ownerSession?.managedId ?? 0, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0])));
}

export const PAYLOAD_COMMANDS = new Map<number, CommandHandler>([
  [key(NETFN.APP, 0x48), { name: 'Activate Payload', privilege: PRIVILEGE.USER, length: 6, run: activatePayload }],
  [key(NETFN.APP, 0x49), { name: 'Deactivate Payload', privilege: PRIVILEGE.USER, length: 6, run: deactivatePayload }],
  [key(NETFN.APP, 0x4a), { name: 'Get Payload Activation Status', privilege: PRIVILEGE.USER, length: 1, run: activationStatus }],
  [key(NETFN.APP, 0x4b), { name: 'Get Payload Instance Info', privilege: PRIVILEGE.USER, length: 2, run: instanceInfo }],
]);
