/** Get Device ID (App netFn 06h, cmd 01h, §20.1). Request data: none. */
import { checkByte, decoding, u16le, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const GET_DEVICE_ID: CommandSpec = { name: 'Get Device ID', netFn: 0x06, cmd: 0x01 };

export interface DeviceId {
  deviceId: number;
  /** Bits 3:0 of byte 2. */
  deviceRevision: number;
  providesSdrs: boolean;
  /** Firmware major revision (7 bits, binary). */
  firmwareMajor: number;
  /** Firmware minor revision as sent (BCD, e.g. 0x08 → "08"). */
  firmwareMinorBcd: number;
  /** Device firmware/self-initialization in progress (byte 3 bit 7). */
  updateInProgress: boolean;
  /** IPMI version byte (BCD: 0x02 = 2.0, 0x51 = 1.5). */
  ipmiVersionBcd: number;
  additionalSupport: number;
  /** 20-bit IANA manufacturer ID. */
  manufacturerId: number;
  productId: number;
  /** Auxiliary firmware revision (4 bytes) when present. */
  auxFirmware?: Buffer;
}

export function encodeGetDeviceIdResponse(d: DeviceId): Buffer {
  const m = Buffer.alloc(3);
  m.writeUIntLE(checkByte('manufacturerId', d.manufacturerId, 0xfffff), 0, 3);
  const parts = [
    Buffer.from([
      checkByte('deviceId', d.deviceId),
      (d.providesSdrs ? 0x80 : 0) | checkByte('deviceRevision', d.deviceRevision, 0x0f),
      (d.updateInProgress ? 0x80 : 0) | checkByte('firmwareMajor', d.firmwareMajor, 0x7f),
      checkByte('firmwareMinorBcd', d.firmwareMinorBcd),
      checkByte('ipmiVersionBcd', d.ipmiVersionBcd),
      checkByte('additionalSupport', d.additionalSupport),
    ]),
    m,
    u16le(d.productId),
  ];
  if (d.auxFirmware) {
    if (d.auxFirmware.length !== 4) throw new RangeError('auxFirmware must be 4 bytes');
    parts.push(d.auxFirmware);
  }
  return Buffer.concat(parts);
}

export function decodeGetDeviceIdResponse(input: Uint8Array): Decoded<DeviceId> {
  return decoding('Get Device ID response', input, (r) => {
    const deviceId = r.u8('device ID');
    const rev = r.u8('device revision');
    const fw1 = r.u8('firmware revision 1');
    const firmwareMinorBcd = r.u8('firmware revision 2');
    const ipmiVersionBcd = r.u8('IPMI version');
    const additionalSupport = r.u8('additional device support');
    const manufacturerId = r.u24le('manufacturer ID') & 0xfffff;
    const productId = r.u16le('product ID');
    const d: DeviceId = {
      deviceId,
      deviceRevision: rev & 0x0f,
      providesSdrs: (rev & 0x80) !== 0,
      firmwareMajor: fw1 & 0x7f,
      firmwareMinorBcd,
      updateInProgress: (fw1 & 0x80) !== 0,
      ipmiVersionBcd,
      additionalSupport,
      manufacturerId,
      productId,
    };
    if (r.remaining >= 4) d.auxFirmware = r.bytes(4, 'aux firmware revision');
    return d;
  });
}

/** "9.08" style firmware revision. */
export function firmwareVersion(d: Pick<DeviceId, 'firmwareMajor' | 'firmwareMinorBcd'>): string {
  return `${d.firmwareMajor}.${d.firmwareMinorBcd.toString(16).padStart(2, '0')}`;
}

/** "2.0" style IPMI version (low nibble major, high nibble minor). */
export function ipmiVersion(bcd: number): string {
  return `${bcd & 0x0f}.${bcd >> 4}`;
}
