/**
 * Get Channel Authentication Capabilities (App 06h, cmd 38h, §22.13).
 * Request: channel (bit 7 = "get IPMI v2.0 extended data", 0x0E = this channel), max privilege.
 */
import { checkByte, decoding, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const GET_CHANNEL_AUTH_CAPABILITIES: CommandSpec = { name: 'Get Channel Authentication Capabilities', netFn: 0x06, cmd: 0x38 };
export const CURRENT_CHANNEL = 0x0e;

export interface ChannelAuthRequest {
  channel: number;
  extended: boolean;
  privilege: number;
}

export interface ChannelAuthCapabilities {
  channel: number;
  /** Byte 2 bits 5:0: IPMI 1.5 auth types (bit0 none, bit1 MD2, bit2 MD5, bit4 password, bit5 OEM). */
  authTypes: number;
  /** Byte 2 bit 7: the extended (IPMI 2.0) capabilities byte is meaningful. */
  extendedCapabilities: boolean;
  kgNonZero: boolean;
  perMessageAuthDisabled: boolean;
  userLevelAuthDisabled: boolean;
  nonNullUsers: boolean;
  nullUsers: boolean;
  anonymousLogin: boolean;
  supportsIpmi20: boolean;
  supportsIpmi15: boolean;
  oemId: number;
  oemAux: number;
}

export function encodeChannelAuthRequest(p: ChannelAuthRequest): Buffer {
  return Buffer.from([(p.extended ? 0x80 : 0) | checkByte('channel', p.channel, 0x0f), checkByte('privilege', p.privilege, 0x0f)]);
}

export function decodeChannelAuthRequest(input: Uint8Array): Decoded<ChannelAuthRequest> {
  return decoding('Get Channel Authentication Capabilities request', input, (r) => {
    const ch = r.u8('channel');
    const privilege = r.u8('privilege') & 0x0f;
    return { channel: ch & 0x0f, extended: (ch & 0x80) !== 0, privilege };
  });
}

const bit = (v: boolean, n: number): number => (v ? 1 << n : 0);

export function encodeChannelAuthResponse(c: ChannelAuthCapabilities): Buffer {
  const oem = Buffer.alloc(3);
  oem.writeUIntLE(checkByte('oemId', c.oemId, 0xffffff), 0, 3);
  return Buffer.concat([
    Buffer.from([
      checkByte('channel', c.channel, 0x0f),
      bit(c.extendedCapabilities, 7) | checkByte('authTypes', c.authTypes, 0x3f),
      bit(c.kgNonZero, 5) | bit(c.perMessageAuthDisabled, 4) | bit(c.userLevelAuthDisabled, 3) | bit(c.nonNullUsers, 2) | bit(c.nullUsers, 1) | bit(c.anonymousLogin, 0),
      bit(c.supportsIpmi20, 1) | bit(c.supportsIpmi15, 0),
    ]),
    oem,
    Buffer.from([checkByte('oemAux', c.oemAux)]),
  ]);
}

export function decodeChannelAuthResponse(input: Uint8Array): Decoded<ChannelAuthCapabilities> {
  return decoding('Get Channel Authentication Capabilities response', input, (r) => {
    const channel = r.u8('channel') & 0x0f;
    const b2 = r.u8('authentication type support');
    const b3 = r.u8('authentication flags');
    const b4 = r.u8('extended capabilities');
    const oemId = r.u24le('OEM ID');
    const oemAux = r.u8('OEM auxiliary data');
    const ext = (b2 & 0x80) !== 0;
    return {
      channel,
      authTypes: b2 & 0x3f,
      extendedCapabilities: ext,
      kgNonZero: (b3 & 0x20) !== 0,
      perMessageAuthDisabled: (b3 & 0x10) !== 0,
      userLevelAuthDisabled: (b3 & 0x08) !== 0,
      nonNullUsers: (b3 & 0x04) !== 0,
      nullUsers: (b3 & 0x02) !== 0,
      anonymousLogin: (b3 & 0x01) !== 0,
      supportsIpmi20: ext && (b4 & 0x02) !== 0,
      supportsIpmi15: !ext || (b4 & 0x01) !== 0,
      oemId,
      oemAux,
    };
  });
}
