/**
 * What an emulated BMC must provide to the IPMI server (server.ts). The server owns the protocol
 * (sessions, privileges, framing, reservations); the backend owns the device state. Methods may
 * be async. A backend refuses an operation by throwing IpmiCommandRefused with a completion code.
 */
import { FtlabError } from '../../lib/errors.ts';
import type { BootDevice } from '../../drivers/ipmi/codec/commands/boot-options.ts';
import type { ChassisAction } from '../../drivers/ipmi/codec/commands/chassis.ts';
import type { SdrSensor } from '../../drivers/ipmi/codec/sdr.ts';
import type { FruInfo } from './fru-image.ts';
import type { SelStore } from './sel-store.ts';
import type { SolConsole } from './sol-console.ts';

/** Chassis Control (§28.3) actions and boot devices: the codec's names, shared with the client. */
export type { ChassisAction } from '../../drivers/ipmi/codec/commands/chassis.ts';
export type { BootDevice } from '../../drivers/ipmi/codec/commands/boot-options.ts';

/**
 * The boot override a backend keeps (boot flags parameter 5, §28.13): the named device and the
 * flags of data byte 1. The other bits of the parameter are not kept (answered as zero).
 */
export interface BootFlags {
  device: BootDevice;
  /** Applies to every boot (true) or only the next one. */
  persistent: boolean;
  efi: boolean;
  /** Boot flags valid bit. */
  valid: boolean;
}

export const NO_BOOT_FLAGS: BootFlags = { device: 'none', persistent: false, efi: false, valid: false };

/** One-time boot flags apply to one boot only (§28.13): the flags left after a boot. */
export function flagsAfterBoot(flags: BootFlags): BootFlags {
  return flags.valid && !flags.persistent ? { ...flags, valid: false } : flags;
}

export interface DeviceIdentity {
  deviceId: number;
  deviceRevision: number;
  firmwareMajor: number;
  /** 0..99, sent as BCD. */
  firmwareMinor: number;
  manufacturerId: number;
  productId: number;
}

export interface PowerStatus {
  on: boolean;
  /** Chassis Status power restore policy. */
  restorePolicy?: 'always-off' | 'previous' | 'always-on';
  powerFault?: boolean;
}

/** A threshold sensor's reading is a raw byte; a discrete one's is its asserted-state mask (bits 0..14). */
export type SensorValue = { raw: number; unavailable?: boolean } | { states: number; unavailable?: boolean };

export interface IpmiSensor {
  sdr: SdrSensor;
  read(): SensorValue | Promise<SensorValue>;
}

export interface IpmiBmcBackend {
  identity(): DeviceIdentity;
  power(): PowerStatus | Promise<PowerStatus>;
  chassisControl(action: ChassisAction): void | Promise<void>;
  bootFlags(): BootFlags | Promise<BootFlags>;
  setBootFlags(flags: BootFlags): void | Promise<void>;
  /** Chassis Identify (§28.5): interval in seconds, 0 = off; force = on until told otherwise. */
  identify?(intervalS: number, force: boolean): void | Promise<void>;
  readonly sel: SelStore;
  /** The builtin FRU device's inventory (FRU ID 0); without it Get FRU Inventory Area Info answers CC CBh. */
  fru?(): FruInfo | Promise<FruInfo>;
  /** The sensors, each with its SDR; the server builds the SDR repository from them (plus an MC locator). */
  sensors(): readonly IpmiSensor[];
  /** The host's serial console for Serial-over-LAN; without it the SOL payload reads as disabled (Activate Payload CC 81h). */
  readonly sol?: SolConsole;
}

/** Thrown by a backend to answer a command with a completion code (e.g. 0xD5 "not supported in present state"). */
export class IpmiCommandRefused extends FtlabError {
  constructor(
    readonly completionCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
