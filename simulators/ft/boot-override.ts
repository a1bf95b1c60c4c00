/**
 * The ft server's one boot override, seen by IPMI (boot flags, Get/Set System Boot Options) and
 * Redfish (ComputerSystem `Boot`). The state is the IPMI boot flags; the one-boot rule is the IPMI
 * core's `flagsAfterBoot`, applied whenever the model starts a boot (PoweringOn), whichever
 * protocol or fault caused it. The Redfish view maps IPMI boot devices to BootSource values.
 */
import { NO_BOOT_FLAGS, flagsAfterBoot, type BootDevice, type BootFlags } from '../ipmi/backend.ts';
import type { FtModel } from './model.ts';

/** Redfish BootSourceOverrideTarget for each IPMI boot device (§28.13 byte 2 → BootSource). */
const TARGET_OF: Readonly<Record<BootDevice, string>> = {
  none: 'None',
  pxe: 'Pxe',
  disk: 'Hdd',
  safe: 'Hdd',
  diag: 'Diags',
  cdrom: 'Cd',
  bios: 'BiosSetup',
  'remote-floppy': 'RemoteDrive',
  'remote-cdrom': 'RemoteDrive',
  'remote-disk': 'RemoteDrive',
  floppy: 'Floppy',
};

/** The targets a Redfish client may set, and the IPMI device each one becomes. */
export const BOOT_TARGETS = ['None', 'Pxe', 'Hdd', 'Cd', 'Floppy', 'BiosSetup', 'Diags', 'RemoteDrive'] as const;
export type BootTarget = (typeof BOOT_TARGETS)[number];
const DEVICE_OF: Readonly<Record<BootTarget, BootDevice>> = {
  None: 'none',
  Pxe: 'pxe',
  Hdd: 'disk',
  Cd: 'cdrom',
  Floppy: 'floppy',
  BiosSetup: 'bios',
  Diags: 'diag',
  RemoteDrive: 'remote-disk',
};

export const BOOT_ENABLED = ['Disabled', 'Once', 'Continuous'] as const;
export type BootEnabled = (typeof BOOT_ENABLED)[number];
export const BOOT_MODES = ['Legacy', 'UEFI'] as const;
export type BootMode = (typeof BOOT_MODES)[number];

export interface RedfishBoot {
  BootSourceOverrideEnabled: BootEnabled;
  BootSourceOverrideTarget: string;
  BootSourceOverrideMode: BootMode;
}

export class BootOverride {
  private flags: BootFlags = NO_BOOT_FLAGS;
  private readonly unsubscribe: () => void;

  constructor(model: FtModel) {
    this.unsubscribe = model.on((e) => {
      if (e.type === 'SystemPowerChanged' && e.state === 'PoweringOn') this.flags = flagsAfterBoot(this.flags);
    });
  }

  /** The IPMI view. */
  get(): BootFlags {
    return this.flags;
  }

  set(flags: BootFlags): void {
    this.flags = { ...flags };
  }

  redfish(): RedfishBoot {
    const f = this.flags;
    return {
      BootSourceOverrideEnabled: !f.valid ? 'Disabled' : f.persistent ? 'Continuous' : 'Once',
      BootSourceOverrideTarget: TARGET_OF[f.device],
      BootSourceOverrideMode: f.efi ? 'UEFI' : 'Legacy',
    };
  }

  /** A validated Redfish PATCH of `Boot` (any subset of the three properties). */
  patchRedfish(changes: Partial<{ BootSourceOverrideEnabled: BootEnabled; BootSourceOverrideTarget: BootTarget; BootSourceOverrideMode: BootMode }>): void {
    const f = this.flags;
    const enabled = changes.BootSourceOverrideEnabled;
    this.flags = {
      device: changes.BootSourceOverrideTarget ? DEVICE_OF[changes.BootSourceOverrideTarget] : f.device,
      efi: changes.BootSourceOverrideMode ? changes.BootSourceOverrideMode === 'UEFI' : f.efi,
      valid: enabled ? enabled !== 'Disabled' : f.valid,
      persistent: enabled && enabled !== 'Disabled' ? enabled === 'Continuous' : f.persistent,
    };
  }

  dispose(): void {
    this.unsubscribe();
  }
}
