/**
 * The run plan: a testcase per scenario, device and iteration. A scenario runs on every device
 * of its `device` kind whose `scenarios` globs allow it; with no such device it is still planned
 * (device null) and ends as skipped with the reason.
 */
import type { CapabilityName } from '../../drivers/capabilities/index.ts';
import type { BoundDevice } from '../devices/device.ts';
import { allowedBy } from '../glob.ts';
import type { ScenarioDef } from '../scenario.ts';

export interface Testcase {
  def: ScenarioDef<CapabilityName>;
  device: BoundDevice | null;
  iteration: number;
  /** Why there is no device, when device is null. */
  noDeviceReason?: string;
}

export function planTestcases(defs: readonly ScenarioDef<CapabilityName>[], devices: readonly BoundDevice[], repeat: number): Testcase[] {
  const out: Testcase[] = [];
  for (const def of defs) {
    const ofKind = devices.filter((d) => d.kind === def.device);
    const allowed = ofKind.filter((d) => allowedBy(def.id, d.scenarios));
    for (let iteration = 0; iteration < repeat; iteration++) {
      if (allowed.length === 0) {
        out.push({
          def,
          device: null,
          iteration,
          noDeviceReason: ofKind.length
            ? `no device of kind "${def.device}" runs it (scenarios filters of ${ofKind.map((d) => d.name).join(', ')})`
            : `the lab has no device of kind "${def.device}"`,
        });
      }
      for (const device of allowed) out.push({ def, device, iteration });
    }
  }
  return out;
}

/** Capabilities a scenario needs that the device cannot provide. */
export function missingNeeds(def: ScenarioDef<CapabilityName>, device: BoundDevice): CapabilityName[] {
  return def.needs.filter((n) => !device.caps[n]);
}
