/**
 * Payload commands (App 06h, §24): Activate Payload 48h, Deactivate Payload 49h, Get Payload
 * Activation Status 4Ah, Get Payload Instance Info 4Bh; and the SOL configuration parameters
 * (Transport 0Ch, §26.2–26.3: Set 21h, Get 22h) with the parameter numbers of Table 26-5.
 */
import { checkByte, decoding, u16le, u32le, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const ACTIVATE_PAYLOAD: CommandSpec = { name: 'Activate Payload', netFn: 0x06, cmd: 0x48 };
export const DEACTIVATE_PAYLOAD: CommandSpec = { name: 'Deactivate Payload', netFn: 0x06, cmd: 0x49 };
export const GET_PAYLOAD_ACTIVATION_STATUS: CommandSpec = { name: 'Get Payload Activation Status', netFn: 0x06, cmd: 0x4a };
export const GET_PAYLOAD_INSTANCE_INFO: CommandSpec = { name: 'Get Payload Instance Info', netFn: 0x06, cmd: 0x4b };
export const SET_SOL_CONFIG: CommandSpec = { name: 'Set SOL Configuration Parameters', netFn: 0x0c, cmd: 0x21 };
export const GET_SOL_CONFIG: CommandSpec = { name: 'Get SOL Configuration Parameters', netFn: 0x0c, cmd: 0x22 };

/** Activate Payload completion codes (§24.1). */
export const ACTIVATE_CC = { ALREADY_ACTIVE: 0x80, TYPE_DISABLED: 0x81, LIMIT_REACHED: 0x82, NEEDS_NO_ENCRYPTION: 0x83, NEEDS_ENCRYPTION: 0x84 } as const;
/** Deactivate Payload: the payload is not active (§24.2). */
export const DEACTIVATE_CC_NOT_ACTIVE = 0x80;

/** SOL configuration parameter numbers (§26.3, Table 26-5). */
export const SOL_PARAM = {
  SET_IN_PROGRESS: 0,
  ENABLE: 1,
  AUTHENTICATION: 2,
  ACCUMULATE: 3,
  RETRY: 4,
  NON_VOLATILE_BIT_RATE: 5,
  VOLATILE_BIT_RATE: 6,
  PAYLOAD_CHANNEL: 7,
  PAYLOAD_PORT: 8,
} as const;

/** Activate Payload auxiliary byte 1 for SOL: encrypt (bit 7) and authenticate (bit 6) the payload. */
export const SOL_AUX_ENCRYPT = 0x80;
export const SOL_AUX_AUTHENTICATE = 0x40;

export interface PayloadRequest {
  payloadType: number;
  instance: number;
  /** The four auxiliary data bytes. */
  aux: Buffer;
}

export function encodePayloadRequest(p: PayloadRequest): Buffer {
  if (p.aux.length !== 4) throw new RangeError('payload auxiliary data must be 4 bytes');
  return Buffer.concat([Buffer.from([checkByte('payload type', p.payloadType, 0x3f), checkByte('payload instance', p.instance, 0x0f)]), p.aux]);
}

export function decodePayloadRequest(input: Uint8Array, where = 'Activate/Deactivate Payload request'): Decoded<PayloadRequest> {
  return decoding(where, input, (r) => ({ payloadType: r.u8('payload type') & 0x3f, instance: r.u8('payload instance') & 0x0f, aux: r.bytes(4, 'auxiliary data') }));
}

export interface ActivatePayloadResponse {
  aux: Buffer;
  /** Largest payload (bytes) the BMC accepts from the console, and sends to it. */
  inboundSize: number;
  outboundSize: number;
  /** The UDP port the payload travels on (the session's port for SOL on the same session). */
  port: number;
  /** FFFFh = no VLAN. */
  vlan: number;
}

export function encodeActivatePayloadResponse(p: ActivatePayloadResponse): Buffer {
  return Buffer.concat([p.aux, u16le(p.inboundSize), u16le(p.outboundSize), u16le(p.port), u16le(p.vlan)]);
}

export function decodeActivatePayloadResponse(input: Uint8Array): Decoded<ActivatePayloadResponse> {
  return decoding('Activate Payload response', input, (r) => ({
    aux: r.bytes(4, 'auxiliary data'),
    inboundSize: r.u16le('inbound payload size'),
    outboundSize: r.u16le('outbound payload size'),
    port: r.u16le('payload UDP port'),
    vlan: r.u16le('payload VLAN'),
  }));
}

/** Get Payload Instance Info response: the owning session's ID and 8 payload-specific bytes. */
export function encodePayloadInstanceInfo(sessionId: number, specific: Buffer): Buffer {
  return Buffer.concat([u32le(sessionId), specific]);
}
