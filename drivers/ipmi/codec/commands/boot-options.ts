/**
 * Get System Boot Options (Chassis 00h, cmd 09h, §28.13) and Set System Boot Options (cmd 08h, §28.12),
 * with the boot flags parameter (#5, Table 28-14).
 */
import { checkByte, decoding, type Decoded } from '../bytes.ts';
import type { CommandSpec } from './spec.ts';

export const SET_SYSTEM_BOOT_OPTIONS: CommandSpec = { name: 'Set System Boot Options', netFn: 0x00, cmd: 0x08 };
export const GET_SYSTEM_BOOT_OPTIONS: CommandSpec = { name: 'Get System Boot Options', netFn: 0x00, cmd: 0x09 };
/** Boot option parameters (Table 28-14). */
export const BOOT_PARAM = { SET_IN_PROGRESS: 0, SERVICE_PARTITION_SELECTOR: 1, SERVICE_PARTITION_SCAN: 2, BMC_BOOT_FLAG_VALID_CLEARING: 3, BOOT_INFO_ACK: 4, BOOT_FLAGS: 5 } as const;
/** Parameter version in Get System Boot Options responses (byte 1 bits 3:0). */
export const BOOT_PARAM_VERSION = 0x01;

export type BootDevice = 'none' | 'pxe' | 'disk' | 'safe' | 'diag' | 'cdrom' | 'bios' | 'remote-floppy' | 'remote-cdrom' | 'remote-disk' | 'floppy';
/** Boot device selector (byte 2 bits 5:2). */
export const BOOT_DEVICE_CODE: Readonly<Record<BootDevice, number>> = {
  none: 0x0,
  pxe: 0x1,
  disk: 0x2,
  safe: 0x3,
  diag: 0x4,
  cdrom: 0x5,
  bios: 0x6,
  'remote-floppy': 0x7,
  'remote-cdrom': 0x8,
  'remote-disk': 0xb,
  floppy: 0xf,
};

export interface BootFlags {
  valid: boolean;
  persistent: boolean;
  efi: boolean;
  /** Named device, or the raw selector when it has no name here. */
  device: BootDevice | number;
  /** Bytes 2 (other bits), 3, 4, 5 as sent, with the device bits of byte 2 cleared. */
  otherByte2: number;
  byte3: number;
  byte4: number;
  byte5: number;
}

export interface GetBootOptionsRequest {
  parameter: number;
  setSelector: number;
  blockSelector: number;
}

export interface BootOptionsResponse {
  parameterVersion: number;
  parameter: number;
  /** Bit 7 of byte 2: the parameter is marked invalid / locked. */
  invalid: boolean;
  data: Buffer;
}

export interface SetBootOptionsRequest {
  parameter: number;
  /** Bit 7: mark the parameter invalid. */
  invalid: boolean;
  data: Buffer;
}

export function encodeGetBootOptionsRequest(p: GetBootOptionsRequest): Buffer {
  return Buffer.from([checkByte('parameter', p.parameter, 0x7f), checkByte('setSelector', p.setSelector), checkByte('blockSelector', p.blockSelector)]);
}
export function decodeGetBootOptionsRequest(input: Uint8Array): Decoded<GetBootOptionsRequest> {
  return decoding('Get System Boot Options request', input, (r) => ({ parameter: r.u8('parameter') & 0x7f, setSelector: r.u8('set selector'), blockSelector: r.u8('block selector') }));
}
export function encodeGetBootOptionsResponse(p: BootOptionsResponse): Buffer {
  return Buffer.concat([Buffer.from([checkByte('parameterVersion', p.parameterVersion, 0x0f), (p.invalid ? 0x80 : 0) | checkByte('parameter', p.parameter, 0x7f)]), p.data]);
}
export function decodeGetBootOptionsResponse(input: Uint8Array): Decoded<BootOptionsResponse> {
  return decoding('Get System Boot Options response', input, (r) => {
    const parameterVersion = r.u8('parameter version') & 0x0f;
    const p = r.u8('parameter');
    return { parameterVersion, parameter: p & 0x7f, invalid: (p & 0x80) !== 0, data: r.rest() };
  });
}
export function encodeSetBootOptionsRequest(p: SetBootOptionsRequest): Buffer {
  return Buffer.concat([Buffer.from([(p.invalid ? 0x80 : 0) | checkByte('parameter', p.parameter, 0x7f)]), p.data]);
}
export function decodeSetBootOptionsRequest(input: Uint8Array): Decoded<SetBootOptionsRequest> {
  return decoding('Set System Boot Options request', input, (r) => {
    const p = r.u8('parameter');
    return { parameter: p & 0x7f, invalid: (p & 0x80) !== 0, data: r.rest() };
  });
}

/** The flags a console sets to pick a device: byte 1's three flags and the device, every other bit zero. */
export function bootFlagsFor(o: { valid: boolean; persistent: boolean; efi: boolean; device: BootDevice | number }): BootFlags {
  return { valid: o.valid, persistent: o.persistent, efi: o.efi, device: o.device, otherByte2: 0, byte3: 0, byte4: 0, byte5: 0 };
}

function deviceName(code: number): BootDevice | number {
  const hit = (Object.entries(BOOT_DEVICE_CODE) as Array<[BootDevice, number]>).find(([, c]) => c === code);
  return hit ? hit[0] : code;
}

/** The 5 data bytes of parameter #5. */
export function encodeBootFlags(f: BootFlags): Buffer {
  const code = typeof f.device === 'number' ? checkByte('boot device selector', f.device, 0x0f) : BOOT_DEVICE_CODE[f.device];
  return Buffer.from([
    (f.valid ? 0x80 : 0) | (f.persistent ? 0x40 : 0) | (f.efi ? 0x20 : 0),
    (checkByte('otherByte2', f.otherByte2) & 0xc3) | (code << 2),
    checkByte('byte3', f.byte3),
    checkByte('byte4', f.byte4),
    checkByte('byte5', f.byte5),
  ]);
}

export function decodeBootFlags(input: Uint8Array): Decoded<BootFlags> {
  return decoding('boot flags (parameter 5)', input, (r) => {
    const b1 = r.u8('byte 1');
    const b2 = r.u8('byte 2');
    return {
      valid: (b1 & 0x80) !== 0,
      persistent: (b1 & 0x40) !== 0,
      efi: (b1 & 0x20) !== 0,
      device: deviceName((b2 >> 2) & 0x0f),
      otherByte2: b2 & 0xc3,
      byte3: r.u8('byte 3'),
      byte4: r.u8('byte 4'),
      byte5: r.u8('byte 5'),
    };
  });
}
