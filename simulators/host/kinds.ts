/**
 * The device kinds a lab host can run: kind name → device model. Adding a kind (server,
 * ethernet-switch, fc-switch, array, ...) is one entry here and its model under simulators/.
 */
import type { DeviceKind } from './device-kind.ts';
import { FT_DEVICE_KIND } from '../ft/host-device.ts';
import { CLUSTER_DEVICE_KIND } from '../cluster/host-device.ts';

export const DEVICE_KINDS: Readonly<Record<string, DeviceKind>> = {
  ft: FT_DEVICE_KIND,
  cluster: CLUSTER_DEVICE_KIND,
};

export function deviceKind(kind: string): DeviceKind | undefined {
  return Object.hasOwn(DEVICE_KINDS, kind) ? DEVICE_KINDS[kind] : undefined;
}

export function deviceKindNames(): string[] {
  return Object.keys(DEVICE_KINDS);
}
